// How many citizens reported a matter: an original report counts its own
// reporter and the reporters of every report joined into it ("Gabungkan":
// rejected as a duplicate with duplicate_of), at any depth, each citizen once.
// Written to the original's `reporters_count` inside the save that joins a
// report, so the count commits with the join. The original's row is locked
// first (Postgres): two joins into one original at once count one after the
// other, and the second sees the first's row.
import { isJoinedDuplicate } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { isSqlite } from '../../shared/knex-dialect.ts';

/** At most this many steps up a chain of joined reports (the join rule keeps chains short; bad data must not loop). */
const MAX_DEPTH = 20;

type Row = { id: number | string; status: string | null; status_reason: string | null; duplicate_of: number | string | null };


/** The report `complaint` follows at the end of its chain of joins; null when it is not a joined duplicate. */
export async function joinRoot(trx: Knex, complaint: number | string): Promise<number | string | null> {
  const read = (id: number | string) => trx('complaints').where({ id }).first<Row | undefined>('id', 'status', 'status_reason', 'duplicate_of');
  let row = await read(complaint);
  if (!row || !isJoinedDuplicate(row.status, row.status_reason) || row.duplicate_of === null) return null;
  const seen = new Set([String(row.id)]);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const up: Row | undefined = await read(row.duplicate_of!);
    if (!up) return row.duplicate_of;
    if (!isJoinedDuplicate(up.status, up.status_reason) || up.duplicate_of === null || seen.has(String(up.duplicate_of))) return up.id;
    seen.add(String(up.id));
    row = up;
  }
  return row.duplicate_of;
}

/** Distinct citizens behind `root` and every report joined into it (a report without a citizen counts as one). */
export async function countReporters(trx: Knex, root: number | string): Promise<number> {
  // UNION (not UNION ALL): a cycle in bad data repeats rows and so ends the recursion.
  const result = await trx.raw(
    `WITH RECURSIVE joined(id, reporter) AS (
       SELECT id, reporter FROM complaints WHERE id = ?
       UNION
       SELECT c.id, c.reporter FROM complaints c JOIN joined j ON c.duplicate_of = j.id
        WHERE c.status = 'rejected' AND c.status_reason = 'duplicate'
     )
     SELECT COUNT(DISTINCT COALESCE(CAST(reporter AS TEXT), 'report:' || CAST(id AS TEXT))) AS n FROM joined`,
    [root],
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ n: number | string }>;
  return Number(rows[0]?.n ?? 1);
}

/**
 * After a save of `complaint`: when it is a joined duplicate, recounts the
 * citizens of the original it follows. Returns that original and its count, or
 * null when the report follows none.
 */
export async function recountJoinedReporters(trx: Knex, complaint: number | string): Promise<{ root: number | string; reporters: number } | null> {
  const root = await joinRoot(trx, complaint);
  if (root === null) return null;
  const lock = trx('complaints').where({ id: root }).first('id');
  if (!(await (isSqlite(trx) ? lock : lock.forUpdate()))) return null;
  const reporters = await countReporters(trx, root);
  await trx('complaints').where({ id: root }).update({ reporters_count: reporters });
  return { root, reporters };
}

/**
 * The counts of an installation that joined reports before `reporters_count`
 * existed (or whose links an admin edited by hand): every original with a
 * joined report is counted again. Idempotent; the schema apply calls it.
 * Returns how many originals it counted.
 */
export async function backfillReporterCounts(knex: Knex): Promise<number> {
  if (!(await knex.schema.hasTable('complaints')) || !(await knex.schema.hasColumn('complaints', 'reporters_count'))) return 0;
  const children = (await knex('complaints')
    .where({ status: 'rejected', status_reason: 'duplicate' })
    .whereNotNull('duplicate_of')
    .groupBy('duplicate_of')
    .select(knex.raw('MIN(id) AS id'))) as Array<{ id: number | string }>;
  const roots = new Set<string>();
  for (const { id } of children) {
    const counted = await knex.transaction((trx) => recountJoinedReporters(trx, id));
    if (counted) roots.add(String(counted.root));
  }
  return roots.size;
}

