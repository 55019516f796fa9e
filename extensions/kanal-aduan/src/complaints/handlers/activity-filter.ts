import type { OutboxTx } from '../../shared/store.ts';
import { isPublicFollowUp, queueFollowUp, recordPendingMoves, type RecordDeps } from './record-move.ts';

/** The part of a `directus_activity` row this filter reads. */
export type ActivityEntry = { action?: unknown; collection?: unknown; item?: unknown };

/** Whether an activity row is a save whose rows this bundle writes with it (cheap: no database read). */
export function isRecordedWrite(entry: ActivityEntry): boolean {
  if (entry.collection === 'complaints') return entry.action === 'create' || entry.action === 'update';
  return entry.collection === 'complaint_updates' && entry.action === 'create';
}

/** Keys arrive as strings from REST and as numbers from the insert; rows and events carry the integer id. */
export function itemKey(item: unknown): string | number | null {
  if (typeof item === 'number') return item;
  if (typeof item !== 'string' || item === '') return null;
  return /^\d+$/.test(item) ? Number(item) : item;
}

/**
 * `activity.create` filter. Directus writes a save's activity row inside the
 * save's own transaction, after the INSERT/UPDATE (and nested writes), with
 * that transaction's knex in the filter's context
 * (api/dist/services/items.js: createOne, updateMany -> ActivityService), for
 * single, bulk and batch saves, REST, GraphQL and services called with a
 * transaction alike. So the rows that belong to a save are written here, in
 * `tx`, before its commit:
 *
 * - a report created or updated: its unrecorded move(s), with history row,
 *   assignment change and outbox event (recordPendingMoves), and, when it is
 *   joined into another report, that original's count of citizens;
 * - a public follow-up created: its `complaint.update_posted` event.
 *
 * A failure throws, and Directus rolls the whole save back. Directus logs no
 * activity for saves without a user (accountability null); for those the
 * action records after the commit, and the sweep repairs what a crash lost.
 */
export async function recordWithWrite(entry: ActivityEntry, tx: OutboxTx, deps: RecordDeps): Promise<void> {
  if (!isRecordedWrite(entry)) return;
  const key = itemKey(entry.item);
  if (key === null) return;
  if (entry.collection === 'complaints') {
    // Unreadable moves are left to the sweep, which warns the admin about them.
    await recordPendingMoves(key, tx, deps);
    // A report joined into another ("Gabungkan"): the original's count of citizens commits with the join.
    await tx.recountReporters(key);
    return;
  }
  const row = await tx.updateRow(key);
  if (!row || !isPublicFollowUp(row)) return;
  await queueFollowUp({ id: key, complaint: row.complaint, at: deps.now() }, tx, deps);
}
