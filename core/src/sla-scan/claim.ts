import { REMINDER_MARK_FIELD, reminderMarks, type MarkedItem, type ReminderMarks } from './marks.ts';
import { DEFAULT_RETRY, type Digest, type Reminder, type ReminderPlan, type ReminderRecord, type ReminderStage, type RetryRule } from './types.ts';

/**
 * After a run has tried to claim its keys (a unique insert per key: the
 * database refuses the second one, so two concurrent runs cannot both win),
 * keep only what this run won. A digest left empty is not sent.
 */
export function keepClaimed(digests: readonly Digest[], won: ReadonlySet<string>): Digest[] {
  return digests
    .map((d) => ({ ...d, entries: d.entries.filter((e) => won.has(e.key)) }))
    .filter((d) => d.entries.length > 0);
}

/** Claims every key through `tryInsert` (true = inserted, false = someone else holds it). */
export async function claimReminders(
  reminders: readonly Reminder[],
  tryInsert: (r: Reminder) => Promise<boolean>,
): Promise<Set<string>> {
  const won = new Set<string>();
  for (const r of reminders) if (await tryInsert(r)) won.add(r.key);
  return won;
}

/**
 * Rows of `reminders` that were claimed but never delivered and may be claimed
 * again: still `claimed` (the run died between claim and record) or `failed`
 * (WhatsApp refused), last claimed at least `stale_minutes` before `now`, and
 * tried fewer than `max_attempts` times. A claim younger than that may belong
 * to a run that is still sending, so it is left alone.
 */
export function reclaimable<R extends ReminderRecord>(rows: readonly R[], now: Date, rule: RetryRule = DEFAULT_RETRY): R[] {
  const cutoff = now.getTime() - rule.stale_minutes * 60_000;
  return rows.filter((r) => {
    if (r.status !== 'claimed' && r.status !== 'failed') return false;
    if ((r.attempts ?? 1) >= rule.max_attempts) return false;
    const last = r.claimed_at ?? r.date_created;
    return !last || new Date(last).getTime() <= cutoff;
  });
}

/**
 * What the planner must treat as already done: every recorded key except those
 * that may be retried. A retried key is planned again like a new one and then
 * re-claimed with a compare-and-set on its `attempts` (see `reclaimReminders`).
 */
export function settledKeys(rows: readonly ReminderRecord[], now: Date, rule: RetryRule = DEFAULT_RETRY): Set<string> {
  const retry = new Set(reclaimable(rows, now, rule).map((r) => r.key));
  return new Set(rows.filter((r) => !retry.has(r.key)).map((r) => r.key));
}

/**
 * Claims every planned key once: a key never recorded is inserted (the primary
 * key refuses a second run), a key being retried is re-claimed only if its
 * `attempts` is still what this run read (the database's compare-and-set
 * refuses a second run). Returns the keys this run won and so must send.
 */
export async function claimOrReclaim(
  reminders: readonly Reminder[],
  recorded: readonly ReminderRecord[],
  ports: {
    tryInsert: (r: Reminder) => Promise<boolean>;
    /** Re-claims in one call; resolves to the keys whose compare-and-set succeeded. */
    tryReclaim: (claims: { key: string; attempts: number }[]) => Promise<Iterable<string>>;
  },
): Promise<Set<string>> {
  const seen = new Map(recorded.map((r) => [r.key, r]));
  const fresh = reminders.filter((r) => !seen.has(r.key));
  const retries = reminders.filter((r) => seen.has(r.key)).map((r) => ({ key: r.key, attempts: seen.get(r.key)!.attempts ?? 1 }));
  const won = await claimReminders(fresh, ports.tryInsert);
  if (retries.length) for (const k of await ports.tryReclaim(retries)) won.add(k);
  return won;
}

/**
 * One report's share of a run's claims, written in one transaction (the
 * bundle's POST /kanal-aduan/reminders/claim): the new rows, then the marks
 * they allow. The rows' primary key still decides who sends; the marks only
 * let later scans leave the report out (marks.ts).
 */
export interface ClaimBatch {
  complaint: number;
  /** New levels to insert as claimed; the run whose insert succeeds sends them. */
  claims: Reminder[];
  /** New levels overtaken by a later one: inserted as superseded, never sent. */
  superseded: Reminder[];
  /** Raised only (a lower mark than the stored one changes nothing). */
  marks: ReminderMarks;
}

/**
 * Splits a plan into per-report batches of new rows and marks, re-claims of
 * recorded keys (compare-and-set on `attempts`), and recorded keys to close as
 * superseded. The marks count every key that is recorded once the batches are
 * written, whoever wins it: the read rows, the planned sends and the
 * superseded levels. A report gets a batch when it has new rows or its mark
 * rises above `item`'s stored one.
 */
export function claimBatches(
  plan: Pick<ReminderPlan, 'send' | 'superseded'>,
  recorded: readonly ReminderRecord[],
  items: readonly MarkedItem[],
  escalation: unknown,
): { batches: ClaimBatch[]; retries: { key: string; attempts: number }[]; closeAsSuperseded: string[] } {
  const seen = new Map(recorded.map((r) => [r.key, r]));
  const keys = new Set([...seen.keys(), ...plan.send.map((r) => r.key), ...plan.superseded.map((r) => r.key)]);
  const batches = new Map<number, ClaimBatch>();
  const batch = (complaint: number) => {
    if (!batches.has(complaint)) batches.set(complaint, { complaint, claims: [], superseded: [], marks: {} });
    return batches.get(complaint)!;
  };
  const retries: { key: string; attempts: number }[] = [];
  const closeAsSuperseded: string[] = [];
  for (const r of plan.send) {
    const old = seen.get(r.key);
    if (old) retries.push({ key: r.key, attempts: old.attempts ?? 1 });
    else batch(r.complaint).claims.push(r);
  }
  for (const r of plan.superseded) {
    if (seen.has(r.key)) closeAsSuperseded.push(r.key);
    else batch(r.complaint).superseded.push(r);
  }
  for (const item of items) {
    const marks = reminderMarks(item, escalation, keys);
    const raised: ReminderMarks = {};
    for (const [stage, mark] of Object.entries(marks) as [ReminderStage, number][]) {
      const stored = item[REMINDER_MARK_FIELD[stage]] ?? null;
      if (stored === null || mark > stored) raised[stage] = mark;
    }
    if (Object.keys(raised).length) batch(item.id).marks = raised;
  }
  return { batches: [...batches.values()].sort((a, b) => a.complaint - b.complaint), retries, closeAsSuperseded };
}
