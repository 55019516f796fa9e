import type { Status } from './statuses.ts';

// After "resolved" the citizen is asked how satisfied they are: a WhatsApp
// list (reply buttons allow only 3) with 5..1 and "belum selesai". Row ids
// carry the step like the intake's buttons (`sat:5`, `sat:reopen`), so the
// conversation can route them here; typed answers ("4", "belum selesai") work too.

export const SATISFACTION_PREFIX = 'sat:';

export type SatisfactionAnswer = { kind: 'rating'; rating: 1 | 2 | 3 | 4 | 5 } | { kind: 'reopen' };

const LABELS = {
  id: { 5: 'Sangat puas', 4: 'Puas', 3: 'Cukup', 2: 'Kurang puas', 1: 'Tidak puas', reopen: 'Belum selesai', button: 'Beri nilai', reopenDesc: 'Buka kembali laporan' },
  en: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Fair', 2: 'Not satisfied', 1: 'Very dissatisfied', reopen: 'Not fixed', button: 'Rate', reopenDesc: 'Reopen the report' },
} as const;

/** Rows of the satisfaction list (≤ 10 rows, titles ≤ 24 characters). */
export function satisfactionRows(locale: 'id' | 'en' = 'id'): Array<{ id: string; title: string; description?: string }> {
  const l = LABELS[locale];
  return [
    ...([5, 4, 3, 2, 1] as const).map((n) => ({ id: `${SATISFACTION_PREFIX}${n}`, title: `${n} – ${l[n]}` })),
    { id: `${SATISFACTION_PREFIX}reopen`, title: l.reopen, description: l.reopenDesc },
  ];
}

export function satisfactionButtonText(locale: 'id' | 'en' = 'id'): string {
  return LABELS[locale].button;
}

const REOPEN_WORDS = /^(belum\s*(selesai|beres)|blm\s*selesai|not\s*(fixed|done|resolved)|buka\s*(kembali|lagi))\b/i;

/**
 * The citizen's answer, from a list reply id (`sat:4`, `sat:reopen`) or typed
 * text ("4", "nilai 4", "belum selesai"); null when it is not an answer.
 */
export function parseSatisfaction(input: { replyId?: string | null; text?: string | null }): SatisfactionAnswer | null {
  const id = input.replyId?.trim();
  if (id?.startsWith(SATISFACTION_PREFIX)) {
    const v = id.slice(SATISFACTION_PREFIX.length);
    if (v === 'reopen') return { kind: 'reopen' };
    const n = Number(v);
    return Number.isInteger(n) && n >= 1 && n <= 5 ? { kind: 'rating', rating: n as 1 | 2 | 3 | 4 | 5 } : null;
  }
  const text = input.text?.trim().toLowerCase().replace(/[.!]+$/, '') ?? '';
  if (!text) return null;
  if (REOPEN_WORDS.test(text)) return { kind: 'reopen' };
  const m = /^(?:nilai\s*|rating\s*)?([1-5])(?:\s*\/\s*5)?$/.exec(text);
  return m ? { kind: 'rating', rating: Number(m[1]) as 1 | 2 | 3 | 4 | 5 } : null;
}

export type SatisfactionOutcome = {
  /** PATCH for the complaint (sent as the n8n service account; the hook checks the move). */
  patch: Record<string, unknown>;
  /**
   * Text to answer with (message_templates key); null for a reopen, which the
   * status_changed event already announces (notify.reopened), once.
   */
  reply: 'notify.rating_thanks' | null;
};

/**
 * What an answer does to a resolved report:
 * - 3–5: stored and the report is closed as confirmed by the citizen;
 * - 1–2: stored, the report stays resolved (the citizen may still say
 *   "belum selesai"; otherwise the 10-working-day silence closes it);
 * - "belum selesai": back to in_progress at the same agency (the hook counts
 *   the reopen and stops the auto-close clock).
 * Null when the report is not waiting for an answer (not resolved).
 */
export function satisfactionOutcome(answer: SatisfactionAnswer, status: Status): SatisfactionOutcome | null {
  if (status !== 'resolved') return null;
  if (answer.kind === 'reopen') return { patch: { status: 'in_progress', status_note: 'Pelapor menyatakan belum selesai.' }, reply: null };
  if (answer.rating >= 3) {
    return { patch: { satisfaction: answer.rating, status: 'closed', status_reason: 'citizen_confirmed' }, reply: 'notify.rating_thanks' };
  }
  return { patch: { satisfaction: answer.rating }, reply: 'notify.rating_thanks' };
}
