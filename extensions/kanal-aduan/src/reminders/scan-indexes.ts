// Indexes for the SLA scan's stage queries (n8n's sla.scan and sla.maintain read
// them through Directus REST): one query per stage and status, `status = <s> AND
// <due> <= <horizon>`. Nearly all of a large table is closed or rejected, and an
// index on status alone makes Postgres fetch every open report in that status and
// drop most of them on the due date (bench/sla-scan). A partial index per
// (status, due column) holds only the reports such a query can return, ordered by
// the date it bounds: `(<due>, id) WHERE status = '<s>'`. Per status, not per
// stage: SQLite proves a partial index usable only from the same term in the
// query (`status = ?` with the value bound qualifies, `status IN (?, ?)` does
// not), and Postgres cannot combine `status IN (...)` with per-status indexes.
//
// The list is derived from core's STAGE_RULES (which due date counts in which
// status), so a change of that rule changes the indexes at the next schema apply:
// the name says what the index covers, and `sla_scan_*` indexes the rule no longer
// names are dropped. Two columns on purpose: Directus's schema inspector reads a
// one-column index as the field's "indexed" flag and the next apply would then
// try to drop it.
//
// Not Directus fields (Directus does not model a partial index): the schema apply
// creates them through POST /kanal-aduan/reminders/prepare, on Postgres and SQLite
// alike, on a new database and an existing one. On Postgres CONCURRENTLY, so
// building them over a large table does not block writers.
import { STAGE_RULES, type ReminderStage } from '@kanal-aduan/core';
import type { Knex } from 'knex';

export const SCAN_INDEX_PREFIX = 'sla_scan_';

export interface ScanIndex {
  name: string;
  due: string;
  status: string;
  /** The stages that query it (a status can be open in two stages watching the same due date). */
  stages: ReminderStage[];
}

type StageRules = Readonly<Record<string, { due: string; statuses: readonly string[] }>>;

/** One index per (due column, status) pair of the rule. */
export function scanIndexes(rules: StageRules = STAGE_RULES): ScanIndex[] {
  const out = new Map<string, ScanIndex>();
  for (const [stage, rule] of Object.entries(rules)) {
    for (const status of rule.statuses) {
      const name = `${SCAN_INDEX_PREFIX}${rule.due}_${status}`;
      const i = out.get(name) ?? { name, due: rule.due, status, stages: [] };
      i.stages.push(stage as ReminderStage);
      out.set(name, i);
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
  return `CREATE INDEX ${postgres ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${ident(i.name)} ON "complaints" (${ident(i.due)}, "id") WHERE "status" = ${literal(i.status)}`;
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
