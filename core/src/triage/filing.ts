import { createHash } from 'node:crypto';
import { normalizeText } from './normalize.ts';
import type { SpamTextReading } from './spam-text.ts';
import { DEFAULT_SPAM_SETTINGS, learnSpamWeights, spamScore, type SpamFeedback, type SpamInput, type SpamResult, type SpamSettings, type SpamWeights } from './spam.ts';

// The triage of a report at the moment it is filed: what the intake adapter
// stores on the new complaint (`spam_score`, `spam_reasons`, `likely_spam`,
// `spam_signals`, `text_fingerprint`) and how it reads back the admins'
// thresholds and the verifikators' verdicts. Pure; the adapter counts.

/**
 * One fingerprint per normalised text (case, spelling, spacing, emoji and
 * punctuation do not matter; links and numbers do, they are the spam's
 * payload): the same copy-paste from many numbers shares it, so counting
 * them is one indexed lookup.
 */
export function textFingerprint(text: string): string {
  const n = normalizeText(text);
  return createHash('sha256').update([n.text, ...n.urls, ...n.phones].join('\u0000')).digest('hex').slice(0, 32);
}

/** The settings singleton's columns (admins edit them in "Pengaturan"); missing or invalid ones keep core's defaults. */
export function spamSettingsFrom(row: Record<string, unknown> | null | undefined): SpamSettings {
  const num = (key: string, fallback: number, min: number, max: number) => {
    const v = Number(row?.[key]);
    return row?.[key] !== null && row?.[key] !== undefined && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
  };
  const d = DEFAULT_SPAM_SETTINGS;
  return {
    ...d,
    spamThreshold: num('spam_threshold', d.spamThreshold, 0.05, 1),
    floodMin: Math.round(num('spam_flood_min', d.floodMin, 1, 1000)),
    rejectedMin: Math.round(num('spam_rejected_min', d.rejectedMin, 1, 1000)),
    rateMax: Math.round(num('spam_rate_max', d.rateMax, 1, 10_000)),
  };
}

/** The caller's counts a score was computed with, kept on the report so a verdict can be learnt from later. */
export type SpamSignals = Omit<SpamInput, 'text'>;

export interface FilingTriage extends SpamResult {
  likely_spam: boolean;
  signals: SpamSignals;
}

export function triageFiling(input: SpamInput, settings: SpamSettings, weights: SpamWeights): FilingTriage {
  const r = spamScore(input, settings, weights);
  const { text: _text, ...signals } = input;
  return { ...r, likely_spam: r.level === 'likely_spam', signals };
}

/** A judged report as the adapter reads it back: "bukan spam" ticked, or rejected as spam. */
export interface JudgedReport {
  text: string;
  not_spam: boolean | null;
  status: string;
  status_reason: string | null;
  signals: unknown;
}

/** Verdicts from reports: "bukan spam" wins over a later rejection for another reason; a rejection as spam counts as spam. */
export function spamFeedbackFrom(rows: readonly JudgedReport[]): SpamFeedback[] {
  const out: SpamFeedback[] = [];
  for (const r of rows) {
    const verdict = r.not_spam === true ? 'not_spam' : r.status === 'rejected' && r.status_reason === 'spam' ? 'spam' : null;
    if (!verdict) continue;
    const s = (r.signals && typeof r.signals === 'object' ? r.signals : {}) as Record<string, unknown>;
    const n = (k: string) => (typeof s[k] === 'number' && Number.isFinite(s[k]) ? (s[k] as number) : undefined);
    out.push({
      text: r.text,
      verdict,
      hasAttachment: s['hasAttachment'] === true,
      identicalFromOtherNumbers: n('identicalFromOtherNumbers'),
      rejectedReports: n('rejectedReports'),
      acceptedReports: n('acceptedReports'),
      messagesLastHour: n('messagesLastHour'),
      ...(learnedFrom(s['learned']) ?? {}),
    });
  }
  return out;
}

/** The learned text reading stored with a report's signals, when it is well formed. */
function learnedFrom(v: unknown): { learned: SpamTextReading } | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o['probability'] !== 'number' || !Number.isFinite(o['probability']) || !Array.isArray(o['words'])) return null;
  return { learned: { probability: o['probability'], words: o['words'].filter((w): w is string => typeof w === 'string') } };
}

/** Weights for scoring new reports from the verdicts so far (learnSpamWeights over spamFeedbackFrom). */
export function weightsFromJudged(rows: readonly JudgedReport[], settings: SpamSettings = DEFAULT_SPAM_SETTINGS): SpamWeights {
  return learnSpamWeights(spamFeedbackFrom(rows), settings);
}
