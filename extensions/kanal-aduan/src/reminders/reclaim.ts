// Re-claiming a reminder that was claimed but never delivered.
// Directus's REST API has no conditional update (updateByQuery reads the keys,
// then writes them: two scans could both "win"), so the compare-and-set is one
// SQL UPDATE per key whose WHERE holds the attempt count the scan read. Postgres
// re-checks the WHERE after taking the row lock and SQLite serialises writers,
// so exactly one concurrent caller sees one affected row. The winner's new
// claimed_at is written in the same transaction: a row re-claimed but still
// stamped with its old claimed_at looks abandoned to a scan reading it, which
// would then win the next attempt count and send the same digest again.
import type { Knex } from 'knex';
import { z } from 'zod';

export const ReclaimBody = z.object({
  /** The scan's clock (a moved clock in tests), stamped as claimed_at. */
  now: z.iso.datetime({ offset: true }),
  claims: z
    .array(z.object({ key: z.string().min(1).max(64), attempts: z.number().int().min(1).max(100) }))
    .max(1000),
});
export type ReclaimBody = z.infer<typeof ReclaimBody>;

/** Stamps the won keys' claimed_at (through Directus, so timestamps are stored its way), inside the caller's transaction. */
export type StampClaims = (trx: Knex, keys: string[]) => Promise<void>;

/**
 * Keys whose compare-and-set succeeded: this caller owns the next attempt and
 * must send. The compare-and-set and `stamp` commit together, or neither does.
 */
export async function reclaimReminders(knex: Knex, claims: ReclaimBody['claims'], stamp: StampClaims): Promise<string[]> {
  return knex.transaction(async (trx) => {
    const won = await compareAndSet(trx, claims);
    if (won.length) await stamp(trx, won);
    return won;
  });
}

async function compareAndSet(knex: Knex, claims: ReclaimBody['claims']): Promise<string[]> {
  const won: string[] = [];
  for (const c of claims) {
    const affected = await knex('reminders')
      .where('key', c.key)
      .whereIn('status', ['claimed', 'failed'])
      // Rows from before the attempts column count as the first attempt.
      .where((q) => (c.attempts === 1 ? q.where('attempts', 1).orWhereNull('attempts') : q.where('attempts', c.attempts)))
      .update({ attempts: c.attempts + 1, status: 'claimed' });
    if (Number(affected) === 1) won.push(c.key);
  }
  return won;
}
