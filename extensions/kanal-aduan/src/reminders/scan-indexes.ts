// Indexes for the SLA scan's queries (n8n's sla.scan and sla.maintain read them
// through Directus REST). Nearly all of a large table is closed or rejected, and
// an index on status alone makes Postgres fetch every open report in that status
// and drop most of them on the due date (bench/sla-scan). So every index here is
// partial, per status, and holds only the reports a query can return:
//
// - `sla_scan_<due>_<status>`: `(<due>, id) WHERE status = '<s>'`, for
//   sla.maintain's `status = s AND due <= now` (every report past its deadline).
// - `sla_scan_<stage>_<status>_unmarked`: `(<due>, id) WHERE status = '<s>' AND
//   <mark> IS NULL`, for the scan's reports with no reminder recorded in that
//   stage yet: `... AND mark IS NULL AND due <= <latest cutoff>`.
// - `sla_scan_<stage>_<status>_marked`: `(<mark>, <due>, id) WHERE status = '<s>'
//   AND <mark> IS NOT NULL`, for the reports with a level past their mark:
//   `... AND mark IS NOT NULL AND ((mark < a1 AND due <= c1) OR ...)`, each arm
//   a range of this index, so the mark is compared in the index, not on the row.
//
// Why two queries per status, asking for `id` only (the node then reads the few
// reports returned whole, by primary key): with the mark checked on the row,
// every 5-minute pass visited every open report past its due date (in_progress
// at 1M: ~7,000-10,000 rows, ~2,600 heap pages) to return the few whose level
// came due since. Postgres estimates `due <= cutoff` and `mark IS NULL` from the
// whole table (nearly every report is past its due dates and unmarked: the closed
// ones), so for whole rows it sees every index of the status as reading the
// whole status and may take any of them, the status index included. For `id`
// alone each query is answered from its own index without visiting the table
// (Index Only Scan: the predicate holds status, mark state and end, the key the
// due date, mark and id), whatever the estimate. On SQLite a partial index is
// usable only from the same terms in the query's top-level AND (`status = ?`,
// `mark IS NULL` / `IS NOT NULL`, `first_response_at IS NULL`; `status IN (?, ?)`
// does not qualify, nor does Postgres combine it with per-status indexes), which
// is how the node writes them. A stage that ends with a date (respond: the first
// response) carries `<endedBy> IS NULL` in its predicate, as its query does.
//
// The list is derived from core's STAGE_RULES and reminder mark columns, so a
// change of that rule changes the indexes at the next schema apply: the name
// says what the index covers, and `sla_scan_*` indexes the rule no longer names
// are dropped. Never one column on purpose: Directus's schema inspector reads a
// one-column index as the field's "indexed" flag and the next apply would then
// try to drop it.
//
// Not Directus fields (Directus does not model a partial index): the schema apply
// creates them through POST /kanal-aduan/reminders/prepare, on Postgres and SQLite
// alike, on a new database and an existing one. On Postgres CONCURRENTLY, so
// building them over a large table does not block writers.
import { REMINDER_MARK_FIELD, STAGE_RULES, type ReminderStage } from '@kanal-aduan/core';
import type { Knex } from 'knex';

export const SCAN_INDEX_PREFIX = 'sla_scan_';

export type ScanIndexKind = 'due' | 'unmarked' | 'marked';

export interface ScanIndex {
  name: string;
  kind: ScanIndexKind;
  due: string;
  status: string;
  /** The index key, in order. */
  columns: string[];
  /** Beside `status = '<status>'` in the predicate: columns that are NULL, and that are not. */
  isNull: string[];
  notNull: string[];
  /** The stages that query it (a status can be open in two stages watching the same due date). */
  stages: ReminderStage[];
}

type StageRules = Readonly<Record<string, { due: string; statuses: readonly string[]; endedBy?: string | null; mark?: string | null }>>;

/**
 * Per (due column, status) of the rule one `due` index; per stage and status
 * with a reminder mark (core REMINDER_MARK_FIELD, or the rule's `mark`) one
 * `unmarked` and one `marked` index.
 */
export function scanIndexes(rules: StageRules = STAGE_RULES): ScanIndex[] {
  const out = new Map<string, ScanIndex>();
  for (const [stage, rule] of Object.entries(rules)) {
    const mark = rule.mark === undefined ? (REMINDER_MARK_FIELD as Record<string, string | undefined>)[stage] ?? null : rule.mark;
    const ended = rule.endedBy ? [rule.endedBy] : [];
    for (const status of rule.statuses) {
      const name = `${SCAN_INDEX_PREFIX}${rule.due}_${status}`;
      const i = out.get(name) ?? { name, kind: 'due' as const, due: rule.due, status, columns: [rule.due, 'id'], isNull: [], notNull: [], stages: [] };
      i.stages.push(stage as ReminderStage);
      out.set(name, i);
      if (!mark) continue;
      const base = `${SCAN_INDEX_PREFIX}${stage}_${status}`;
      out.set(`${base}_unmarked`, {
        name: `${base}_unmarked`, kind: 'unmarked', due: rule.due, status, columns: [rule.due, 'id'], isNull: [mark, ...ended], notNull: [], stages: [stage as ReminderStage],
      });
      out.set(`${base}_marked`, {
        name: `${base}_marked`, kind: 'marked', due: rule.due, status, columns: [mark, rule.due, 'id'], isNull: ended, notNull: [mark], stages: [stage as ReminderStage],
      });
    }
  }
  return [...out.values()];
}

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s)) throw new Error(`not a plain identifier: ${s}`);
  return `"${s}"`;
};
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function createScanIndexSql(i: ScanIndex, postgres: boolean): string {
  const where = [`"status" = ${literal(i.status)}`, ...i.isNull.map((c) => `${ident(c)} IS NULL`), ...i.notNull.map((c) => `${ident(c)} IS NOT NULL`)];
  return `CREATE INDEX ${postgres ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${ident(i.name)} ON "complaints" (${i.columns.map(ident).join(', ')}) WHERE ${where.join(' AND ')}`;
}

const isSqlite = (knex: Knex) => /sqlite/i.test(String(knex.client.config.client));

/** `sla_scan_*` indexes on complaints, with Postgres's validity (a CONCURRENTLY build that failed leaves an invalid one). */
async function presentIndexes(knex: Knex, sqlite: boolean): Promise<Map<string, boolean>> {
  const rows: Array<{ name: string; valid: unknown }> = sqlite
    ? await knex.raw(`SELECT name, 1 AS valid FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaints'`)
    : (
        await knex.raw(
          `SELECT i.relname AS name, x.indisvalid AS valid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
           WHERE x.indrelid = to_regclass('complaints')`,
        )
      ).rows;
  return new Map(rows.filter((r) => r.name.startsWith(SCAN_INDEX_PREFIX)).map((r) => [r.name, r.valid === true || Number(r.valid) === 1]));
}

export interface ScanIndexResult {
  created: string[];
  dropped: string[];
}

/**
 * Creates the missing stage indexes and drops `sla_scan_*` indexes the rule no
 * longer asks for (or that a failed build left invalid). Idempotent: a second
 * call changes nothing.
 */
export async function installScanIndexes(knex: Knex, wanted: readonly ScanIndex[] = scanIndexes()): Promise<ScanIndexResult> {
  const sqlite = isSqlite(knex);
  if (!(await knex.schema.hasTable('complaints'))) return { created: [], dropped: [] };
  const present = await presentIndexes(knex, sqlite);
  const want = new Map(wanted.map((i) => [i.name, i]));
  const dropped: string[] = [];
  for (const [name, valid] of present) {
    if (want.has(name) && valid) continue;
    await knex.raw(`DROP INDEX ${sqlite ? '' : 'CONCURRENTLY '}IF EXISTS ${ident(name)}`);
    dropped.push(name);
  }
  const created: string[] = [];
  for (const i of wanted) {
    if (present.get(i.name) === true) continue;
    try {
      await knex.raw(createScanIndexSql(i, !sqlite));
    } catch (error) {
      // Another apply built it at the same moment: fine once it is there and valid.
      if ((await presentIndexes(knex, sqlite)).get(i.name) !== true) throw error;
      continue;
    }
    created.push(i.name);
  }
  return { created, dropped };
}
