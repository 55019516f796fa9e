import { createHash } from 'node:crypto';
import type { WorkCalendar } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { OPEN_LIST } from './query.ts';

// Setup of the ranking pre-aggregate (see pre-aggregate.ts): its tables, partial
// indexes and the triggers that mark changed days, for Postgres and SQLite.

/** Bump when the SQL that fills `ranking_daily` changes: the table is then rebuilt. */
const SQL_VERSION = 1;
const TRIGGERS = ['ranking_mark_assignment', 'ranking_mark_complaint'];
const INDEXES = ['ranking_unanswered', 'ranking_unanswered_due', 'ranking_open_resolve_due'];
/** Complaint columns whose change moves the tally of its assignments. */
const COMPLAINT_FIELDS = ['status', 'status_reason', 'satisfaction', 'reopen_count', 'resolved_at'];
/** The count columns of `ranking_daily` (one per figure of a tally). */
export const COUNT_COLUMNS = ['assigned', 'returned_in_grace', 'returned_late', 'responded', 'missed', 'sla_met', 'fixed', 'reached_resolution', 'reopened', 'rated', 'satisfaction_sum'];

/** What every stored figure depends on besides the rows: the work calendar and the grace for returns. */
export type PreAggregateContext = { calendar: WorkCalendar; graceDays: number };

const isSqlite = (knex: Knex) => /sqlite/i.test(String(knex.client.config.client));

/** Rows of a raw query on either database (knex answers SQLite with the rows, Postgres with a result). */
export async function rawRows(knex: Knex, sql: string, bindings: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const result = await knex.raw(sql, bindings as Knex.RawBinding[]);
  return isSqlite(knex) ? result : result.rows;
}

/** A SQL string literal. */
export const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The start of a local day (days counted from the epoch, `utcOffset` in seconds). */
export const dayStart = (day: number, utcOffset: number) => new Date((day * 86_400 - utcOffset) * 1000);

export function preAggregateVersion(context: PreAggregateContext): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([SQL_VERSION, context.calendar.timezone, [...context.calendar.holidays].sort(), context.graceDays]));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Creates the tables, the partial indexes and the triggers if any is missing;
 * true when it created something. The schema apply calls it (through
 * `POST /kanal-aduan/ranking/prepare`) right after the collections exist, so a
 * fresh install has them before any ranking request.
 */
export async function installPreAggregate(knex: Knex): Promise<boolean> {
  const created = await installIfMissing(knex);
  checked.set(knex.client as object, Date.now());
  return created;
}

/** `installPreAggregate` at most once a minute per process, before each read. */
const checked = new WeakMap<object, number>();
export async function ensurePreAggregate(knex: Knex): Promise<void> {
  // The check is for tables rebuilt under us (SQLite recreates a table to alter a column,
  // which drops its triggers; a schema change made in the Data Model can do that); once a minute is enough.
  const last = checked.get(knex.client as object);
  if (last && Date.now() - last < 60_000) return;
  await installPreAggregate(knex);
}

async function installIfMissing(knex: Knex): Promise<boolean> {
  const sqlite = isSqlite(knex);
  const indexes = INDEXES.map(sqlString).join(', ');
  const present = sqlite
    ? await rawRows(knex, `SELECT name FROM sqlite_master WHERE (type = 'trigger' AND name LIKE 'ranking_mark_%') OR (type = 'index' AND name IN (${indexes}))`)
    : await rawRows(knex, `SELECT tgname AS name FROM pg_trigger WHERE tgname IN (${TRIGGERS.map(sqlString).join(', ')}) UNION ALL SELECT indexname FROM pg_indexes WHERE indexname IN (${indexes})`);
  const need = (sqlite ? 4 : 2) + INDEXES.length;
  if (present.length >= need && (await knex.schema.hasTable('ranking_snapshot_days'))) return false;
  await knex.transaction(async (trx) => {
    if (!sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_pre_aggregate'))`);
    const tsType = sqlite ? 'TEXT' : 'timestamptz';
    const id = sqlite ? 'id INTEGER PRIMARY KEY AUTOINCREMENT' : 'id bigserial PRIMARY KEY';
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_dirty (${id}, agency varchar(255), assigned_at ${tsType})`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_daily (agency varchar(255) NOT NULL, day integer NOT NULL, g char(1) NOT NULL, lag integer NOT NULL,
      ${COUNT_COLUMNS.map((column) => `${column} integer NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (day, agency, g, lag))`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_meta (k varchar(64) PRIMARY KEY, v text)`);
    // Before 2026-11-22 a snapshot was one frozen row (max_id instead of day buckets): a cache, dropped.
    if (!(await trx.schema.hasColumn('ranking_snapshots', 'to_ms'))) await trx.raw(`DROP TABLE IF EXISTS ranking_snapshots`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_snapshots (k varchar(64) PRIMARY KEY, from_ms bigint NOT NULL, to_ms bigint NOT NULL,
      from_day integer NOT NULL, to_day integer NOT NULL, tallies text NOT NULL, created_at bigint NOT NULL)`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_snapshot_days (k varchar(64) NOT NULL, day integer NOT NULL, agency varchar(255) NOT NULL,
      tally text NOT NULL, PRIMARY KEY (k, day, agency))`);
    // Two columns each on purpose: Directus's schema inspector counts only one-column
    // indexes as a field's "indexed" flag; a one-column index of ours on respond_due made
    // the next schema apply try to drop `assignments_respond_due_index` and fail.
    // Missed deadlines in a window: unanswered assignments (few), by assignment time.
    await trx.raw(`CREATE INDEX IF NOT EXISTS ranking_unanswered ON assignments (assigned_at, agency) WHERE first_response_at IS NULL AND accepted_at IS NULL AND returned_at IS NULL`);
    // Overdue now, its two halves: unanswered past the respond deadline; open reports past the resolve target.
    await trx.raw(`CREATE INDEX IF NOT EXISTS ranking_unanswered_due ON assignments (respond_due, agency) WHERE first_response_at IS NULL AND accepted_at IS NULL AND returned_at IS NULL`);
    await trx.raw(`CREATE INDEX IF NOT EXISTS ranking_open_resolve_due ON complaints (resolve_due, id) WHERE status IN (${OPEN_LIST})`);
    const changed = COMPLAINT_FIELDS.map((field) => `OLD.${field} IS DISTINCT FROM NEW.${field}`).join(' OR ');
    if (sqlite) {
      for (const trigger of ['ranking_mark_assignment_ins', 'ranking_mark_assignment_upd', 'ranking_mark_assignment_del', 'ranking_mark_complaint']) await trx.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
      await trx.raw(`CREATE TRIGGER ranking_mark_assignment_ins AFTER INSERT ON assignments BEGIN INSERT INTO ranking_dirty (agency, assigned_at) VALUES (NEW.agency, NEW.assigned_at); END`);
      await trx.raw(`CREATE TRIGGER ranking_mark_assignment_upd AFTER UPDATE ON assignments BEGIN INSERT INTO ranking_dirty (agency, assigned_at) VALUES (OLD.agency, OLD.assigned_at), (NEW.agency, NEW.assigned_at); END`);
      await trx.raw(`CREATE TRIGGER ranking_mark_assignment_del AFTER DELETE ON assignments BEGIN INSERT INTO ranking_dirty (agency, assigned_at) VALUES (OLD.agency, OLD.assigned_at); END`);
      await trx.raw(`CREATE TRIGGER ranking_mark_complaint AFTER UPDATE ON complaints WHEN ${changed.replaceAll('IS DISTINCT FROM', 'IS NOT')}
        BEGIN INSERT INTO ranking_dirty (agency, assigned_at) SELECT agency, assigned_at FROM assignments WHERE complaint = NEW.id; END`);
    } else {
      await trx.raw(`CREATE OR REPLACE FUNCTION ranking_mark_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN INSERT INTO ranking_dirty (agency, assigned_at) VALUES (OLD.agency, OLD.assigned_at); END IF;
          IF TG_OP <> 'DELETE' THEN INSERT INTO ranking_dirty (agency, assigned_at) VALUES (NEW.agency, NEW.assigned_at); END IF;
          RETURN NULL;
        END $$`);
      await trx.raw(`CREATE OR REPLACE FUNCTION ranking_mark_complaint() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO ranking_dirty (agency, assigned_at) SELECT agency, assigned_at FROM assignments WHERE complaint = NEW.id;
          RETURN NULL;
        END $$`);
      await trx.raw(`DROP TRIGGER IF EXISTS ranking_mark_assignment ON assignments`);
      await trx.raw(`CREATE TRIGGER ranking_mark_assignment AFTER INSERT OR UPDATE OR DELETE ON assignments FOR EACH ROW EXECUTE FUNCTION ranking_mark_assignment()`);
      await trx.raw(`DROP TRIGGER IF EXISTS ranking_mark_complaint ON complaints`);
      await trx.raw(`CREATE TRIGGER ranking_mark_complaint AFTER UPDATE ON complaints FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION ranking_mark_complaint()`);
    }
    // Rows written while the triggers were missing are unknown: rebuild on the next read.
    await trx('ranking_meta').where('k', 'version').delete();
    await trx('ranking_snapshot_days').delete();
    await trx('ranking_snapshots').delete();
  });
  return true;
}
