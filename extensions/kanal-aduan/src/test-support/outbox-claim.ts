import type { OutboxPolicy, OutboxRow } from '../complaints/outbox/policy.ts';

// The outbox claim as the fake store plays it: the real store claims with one
// conditional UPDATE in SQL (shared/outbox-store.ts), so these live with the tests.

/** Whether a sender may claim the row now (the store's conditional UPDATE says the same in SQL). */
export function isClaimable(row: Pick<OutboxRow, 'delivered_at' | 'next_attempt_at'>, now: Date): boolean {
  return row.delivered_at === null && row.next_attempt_at !== null && row.next_attempt_at.getTime() <= now.getTime();
}

/** What a claim writes: one more attempt, and the lease. */
export function claimPatch(row: Pick<OutboxRow, 'attempts'>, now: Date, policy: OutboxPolicy): Pick<OutboxRow, 'attempts' | 'next_attempt_at'> {
  return { attempts: row.attempts + 1, next_attempt_at: new Date(now.getTime() + policy.leaseMs) };
}
