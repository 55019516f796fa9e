import type { Knex } from 'knex';
import { isSqlite } from './knex-dialect.ts';

const TABLE = 'wa_messages';

/** A wa_messages row as a writer of bot replies sees it once it holds the row's lock. */
export type LockedWaRow = { id: string; wamid: string; direction: string; status: string | null; payload: unknown };

/**
 * Locks, at the start of a transaction, every wa_messages row it may change
 * (named by id or by wamid), in one statement ordered by id, and returns them
 * as they are once locked.
 *
 * Two writers change bot reply rows at the same moments: /intake/sent (the
 * real wamid of a queued reply) and the delivery statuses (which may come
 * first and adopt the queued row by its callback data). Each used to lock
 * rows one by one in its own order (the reply order, the wamid order), and
 * under load two such transactions waited on each other in a cycle: Postgres
 * found the deadlock after a second and failed one of them. Taking all the
 * locks up front in one global order (id) leaves no cycle. SQLite has one
 * writer at a time and no row locks: it only reads.
 */
export async function lockWaRows(trx: Knex, keys: { ids?: readonly string[]; wamids?: readonly string[] }): Promise<LockedWaRow[]> {
  const ids = [...new Set(keys.ids ?? [])];
  const wamids = [...new Set(keys.wamids ?? [])];
  if (ids.length === 0 && wamids.length === 0) return [];
  const q = trx(TABLE)
    .select('id', 'wamid', 'direction', 'status', 'payload')
    .where((w) => {
      if (ids.length) w.whereIn('id', ids);
      if (wamids.length) w.orWhereIn('wamid', wamids);
    })
    .orderBy('id');
  return (await (isSqlite(trx) ? q : q.forUpdate())) as LockedWaRow[];
}
