import {
  findDuplicates,
  NEUTRAL_SPAM_WEIGHTS,
  readSpamText,
  spamSettingsFrom,
  STATUSES,
  statusKind,
  textFingerprint,
  triageFiling,
  weightsFromJudged,
  type JudgedReport,
  type NewReport,
  type SpamWeights,
  type TextModel,
} from '@kanal-aduan/core';

// Triage of a report as the intake files it (core decides: triageFiling,
// findDuplicates; this file counts and reads). Every query is one indexed
// lookup: complaints by text_fingerprint (+ date_created), by reporter, by
// category (+ date_created); wa_messages by wa_id. They run inside the
// intake's transaction (SQLite has one connection).

type Items = {
  readByQuery(query: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  readSingleton(query: Record<string, unknown>): Promise<Record<string, unknown>>;
};

export interface TriageDeps {
  /** Items with full rights inside the intake's transaction. */
  items(collection: string): Items;
  now: Date;
  /** The WhatsApp number the report came from; null for a door without one (Open311). */
  sender: string | null;
  /**
   * The newest active routing model's spam text part, from the reference data (reference-cache.ts
   * reads it with the category part, once per new model); null: no learned spam signal.
   */
  spamText: TextModel | null;
}

/** What triage reads of a new report, whichever door it came through. */
export type TriageReport = Pick<NewReport, 'description' | 'category' | 'region' | 'latitude' | 'longitude'> & { media?: readonly unknown[] };

const DAY_MS = 86_400_000;
const OPEN_STATUSES = STATUSES.filter((s) => statusKind(s) === 'open');
/** Open reports of the category a duplicate is looked for among (newest first). */
const DUPLICATE_POOL = 300;
/** Verdicts the weights are learnt from (newest first). */
const FEEDBACK_ROWS = 2000;
/** Weights are re-learnt at most this often per process: a verdict counts for new reports within a minute. */
export const WEIGHTS_TTL_MS = 60_000;

let cached: { at: number; weights: SpamWeights } | null = null;

/** Forget the learnt weights (a test, or a verdict that must count at once). */
export function resetSpamWeights(): void {
  cached = null;
}

/** A count from an aggregate row, whatever shape the driver gives (`3`, `'3'`, `{ '*': 3 }`, `{ reporter: 3 }`). */
export function aggregateCount(row: Record<string, unknown> | undefined, key: string): number {
  const v = row?.[key];
  const n = v !== null && typeof v === 'object' ? Object.values(v as Record<string, unknown>)[0] : v;
  const num = Number(n ?? 0);
  return Number.isFinite(num) ? num : 0;
}

async function weightsFor(deps: TriageDeps, settings: ReturnType<typeof spamSettingsFrom>): Promise<SpamWeights> {
  const t = deps.now.getTime();
  if (cached && Math.abs(t - cached.at) < WEIGHTS_TTL_MS) return cached.weights;
  const rows = await deps.items('complaints').readByQuery({
    filter: { _or: [{ not_spam: { _eq: true } }, { _and: [{ status: { _eq: 'rejected' } }, { status_reason: { _eq: 'spam' } }] }] },
    fields: ['description', 'description_private', 'not_spam', 'status', 'status_reason', 'spam_signals'],
    sort: ['-id'],
    limit: FEEDBACK_ROWS,
  });
  const judged: JudgedReport[] = rows.map((r) => ({
    text: String(r['description_private'] ?? r['description'] ?? ''),
    not_spam: r['not_spam'] === true,
    status: String(r['status'] ?? ''),
    status_reason: (r['status_reason'] as string | null) ?? null,
    signals: typeof r['spam_signals'] === 'string' ? safeJson(r['spam_signals']) : r['spam_signals'],
  }));
  const weights = judged.length ? weightsFromJudged(judged, settings) : NEUTRAL_SPAM_WEIGHTS;
  cached = { at: t, weights };
  return weights;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/**
 * The fields the new complaint is created with: score, reasons, verdict, counts, fingerprint, duplicate suggestion.
 * Without a citizen (Open311) there is no history nor message rate, and a flood is the same text
 * filed by anyone in the last 24 h.
 */
export async function filingTriage(deps: TriageDeps, report: TriageReport, citizenId: string | null): Promise<Record<string, unknown>> {
  const settingsRow = await deps.items('settings').readSingleton({ fields: ['spam_threshold', 'spam_flood_min', 'spam_rejected_min', 'spam_rate_max'] });
  const settings = spamSettingsFrom(settingsRow);
  const fingerprint = textFingerprint(report.description);
  const since = (ms: number) => new Date(deps.now.getTime() - ms).toISOString();
  const complaints = deps.items('complaints');

  const sameText = [{ text_fingerprint: { _eq: fingerprint } }, { date_created: { _gte: since(DAY_MS) } }];
  const [flood, history, rate, weights] = await Promise.all([
    // The same normalised text from other numbers in the last 24 h (from anyone, for a report without a citizen).
    citizenId === null
      ? complaints.readByQuery({ filter: { _and: sameText }, aggregate: { count: ['id'] } })
      : complaints.readByQuery({
          filter: { _and: [...sameText, { _or: [{ reporter: { _null: true } }, { reporter: { _neq: citizenId } }] }] },
          aggregate: { countDistinct: ['reporter'] },
        }),
    citizenId === null ? [] : complaints.readByQuery({ filter: { reporter: { _eq: citizenId } }, fields: ['status', 'status_reason'], limit: 500 }),
    deps.sender === null
      ? []
      : deps.items('wa_messages').readByQuery({
          filter: { _and: [{ wa_id: { _eq: deps.sender } }, { direction: { _eq: 'in' } }, { date_created: { _gte: since(3_600_000) } }] },
          aggregate: { count: ['*'] },
        }),
    weightsFor(deps, settings),
  ]);
  const rejected = history.filter((r) => r['status'] === 'rejected' && r['status_reason'] === 'spam').length;
  const accepted = history.filter((r) => r['status'] !== 'received' && r['status'] !== 'rejected').length;

  const triage = triageFiling(
    {
      text: report.description,
      hasAttachment: (report.media?.length ?? 0) > 0 || report.latitude !== null,
      identicalFromOtherNumbers: aggregateCount(flood[0], citizenId === null ? 'count' : 'countDistinct'),
      rejectedReports: rejected,
      acceptedReports: accepted,
      messagesLastHour: aggregateCount(rate[0], 'count'),
      // The desk's own spam verdicts, learnt nightly with the routing model (absent until it has enough).
      ...(deps.spamText ? { learned: readSpamText(deps.spamText, report.description) } : {}),
    },
    settings,
    weights,
  );
  const fields: Record<string, unknown> = {
    spam_score: triage.score,
    likely_spam: triage.likely_spam,
    spam_reasons: triage.reasons.filter((r) => r.weight > 0),
    spam_signals: triage.signals,
    text_fingerprint: fingerprint,
  };
  if (!triage.likely_spam && report.category) Object.assign(fields, await duplicateSuggestion(deps, report));
  return fields;
}

/** The best open report of the same category within 30 days that looks like the same problem at the same place. */
async function duplicateSuggestion(deps: TriageDeps, report: TriageReport): Promise<Record<string, unknown>> {
  const windowDays = 30;
  const pool = await deps.items('complaints').readByQuery({
    filter: {
      _and: [
        { category: { _eq: report.category } },
        { status: { _in: OPEN_STATUSES } },
        { date_created: { _gte: new Date(deps.now.getTime() - windowDays * DAY_MS).toISOString() } },
        { _or: [{ likely_spam: { _null: true } }, { likely_spam: { _eq: false } }] },
      ],
    },
    fields: ['id', 'ticket', 'description', 'category', 'region', 'latitude', 'longitude', 'date_created'],
    sort: ['-id'],
    limit: DUPLICATE_POOL,
  });
  if (!pool.length) return {};
  const asReport = (r: Record<string, unknown>) => ({
    id: String(r['id']),
    text: String(r['description'] ?? ''),
    category: (r['category'] as string | null) ?? null,
    region: (r['region'] as string | null) ?? null,
    latitude: typeof r['latitude'] === 'number' ? r['latitude'] : null,
    longitude: typeof r['longitude'] === 'number' ? r['longitude'] : null,
    created_at: new Date(String(r['date_created'])).toISOString(),
  });
  const [best] = findDuplicates(
    { id: 'new', text: report.description, category: report.category, region: report.region, latitude: report.latitude, longitude: report.longitude, created_at: deps.now.toISOString() },
    pool.map(asReport),
    { windowDays, limit: 1 },
  );
  if (!best) return {};
  const ticket = pool.find((r) => String(r['id']) === best.id)?.['ticket'] ?? null;
  return { duplicate_suggestion: Number(best.id), duplicate_evidence: { ticket, ...best, id: Number(best.id) } };
}
