import { DEFAULT_RETRY, type Digest, type Reminder, type ReminderRecord, type RetryRule } from './types.ts';

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
export function reclaimable(rows: readonly ReminderRecord[], now: Date, rule: RetryRule = DEFAULT_RETRY): ReminderRecord[] {
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
