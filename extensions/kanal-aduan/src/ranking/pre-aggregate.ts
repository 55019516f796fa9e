import { createHash } from 'node:crypto';
import { emptyTally, localDayNumber, type RankingWindow, type UnitTally, type WorkCalendar } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import {
  addGroupedRow, assignmentRowsSql, calendarSql, dialect, groupedTallySql, inWindowSql, num, OPEN_LIST, queryWindowTallies, tallyOf,
  type Dialect, type TallyQueryInput, type TallyQueryResult,
} from './query.ts';

/**
 * The ranking's fast path (issue 6: p95 < 200 ms at 1M reports). Same figures
 * as `queryTallies` (tests compare them), read from three small tables the
 * ranking owns instead of scanning half a million assignments:
 *
 * - `ranking_daily`: per unit and local day of assignment, the tally of its
 *   assignments as they stand now (totals and both working-day histograms,
 *   so medians stay exact). A window's current tally = the sum of its full
 *   days + today's rows read live + the unanswered assignments whose deadline
 *   has passed (a partial index; that part depends on the clock, so it is
 *   never stored).
 * - `ranking_dirty`: (agency, assigned_at) of every assignment whose tally may
 *   have changed, written by database triggers on `assignments`
 *   (insert/update/delete) and on `complaints` (status, reason, rating,
 *   reopens, resolution time). Triggers, not hook code: every writer (the
 *   Directus hooks, n8n through the API, the seeds' bulk writer, a DBA) keeps
 *   it exact, and the complaint hooks stay untouched. Each read first folds
 *   the dirty days back in (in one transaction), so figures are never stale.
 * - `ranking_snapshots`: the previous window judged as of its own end. What
 *   was known at an instant in the past does not change, so it is computed
 *   once per window (per day for "last N days", once for a month) and kept;
 *   it is recomputed when assignments dated before that instant are added
 *   later (bulk imports) or when the calendar or grace days change.
 *
 * A change of holidays, grace days or zone changes every working-day lag: the
 * `version` in `ranking_meta` then no longer matches and the daily table is
 * rebuilt from the rows (seconds at 1M reports, once).
 */

const SQL_VERSION = 1;
const FULL_REBUILD_ABOVE = 400; // dirty days: beyond this a rebuild is cheaper than one range per day
const TRIGGERS = ['ranking_mark_assignment', 'ranking_mark_complaint'];
const INDEXES = ['ranking_unanswered', 'ranking_unanswered_due', 'ranking_open_resolve_due'];
const COMPLAINT_FIELDS = ['status', 'status_reason', 'satisfaction', 'reopen_count', 'resolved_at'];
const COUNT_COLS = ['assigned', 'returned_in_grace', 'returned_late', 'responded', 'missed', 'sla_met', 'fixed', 'reached_resolution', 'reopened', 'rated', 'satisfaction_sum'];

type Ctx = { calendar: WorkCalendar; graceDays: number };

const isSqliteK = (knex: Knex) => /sqlite/i.test(String(knex.client.config.client));
async function rawRows(knex: Knex, sql: string, b: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const r = await knex.raw(sql, b as Knex.RawBinding[]);
  return isSqliteK(knex) ? r : r.rows;
}
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function preAggregateVersion(ctx: Ctx): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([SQL_VERSION, ctx.calendar.timezone, [...ctx.calendar.holidays].sort(), ctx.graceDays]));
  return h.digest('hex').slice(0, 16);
}

/** Creates the tables, the partial indexes and the triggers if any is missing (checked at most once a minute per process). */
const checked = new WeakMap<object, number>();
export async function ensurePreAggregate(knex: Knex): Promise<void> {
  // The check is for tables rebuilt under us (SQLite recreates a table to alter a column); once a minute is enough.
  const last = checked.get(knex.client as object);
  if (last && Date.now() - last < 60_000) return;
  await installIfMissing(knex);
  checked.set(knex.client as object, Date.now());
}

async function installIfMissing(knex: Knex): Promise<void> {
  const sqlite = isSqliteK(knex);
  const indexes = INDEXES.map(q).join(', ');
  const present = sqlite
    ? await rawRows(knex, `SELECT name FROM sqlite_master WHERE (type = 'trigger' AND name LIKE 'ranking_mark_%') OR (type = 'index' AND name IN (${indexes}))`)
    : await rawRows(knex, `SELECT tgname AS name FROM pg_trigger WHERE tgname IN (${TRIGGERS.map(q).join(', ')}) UNION ALL SELECT indexname FROM pg_indexes WHERE indexname IN (${indexes})`);
  const need = (sqlite ? 4 : 2) + INDEXES.length;
  if (present.length >= need && (await knex.schema.hasTable('ranking_snapshots'))) return;
  await knex.transaction(async (trx) => {
    if (!sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_pre_aggregate'))`);
    const tsType = sqlite ? 'TEXT' : 'timestamptz';
    const id = sqlite ? 'id INTEGER PRIMARY KEY AUTOINCREMENT' : 'id bigserial PRIMARY KEY';
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_dirty (${id}, agency varchar(255), assigned_at ${tsType})`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_daily (agency varchar(255) NOT NULL, day integer NOT NULL, g char(1) NOT NULL, lag integer NOT NULL,
      ${COUNT_COLS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (day, agency, g, lag))`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_meta (k varchar(64) PRIMARY KEY, v text)`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_snapshots (k varchar(64) PRIMARY KEY, tallies text NOT NULL, max_id bigint NOT NULL, created_at bigint NOT NULL)`);
    // Two columns each on purpose: Directus's schema inspector counts only one-column
    // indexes as a field's "indexed" flag; a one-column index of ours on respond_due made
    // the next schema apply try to drop `assignments_respond_due_index` and fail.
    // Missed deadlines in a window: unanswered assignments (few), by assignment time.
    await trx.raw(`CREATE INDEX IF NOT EXISTS ranking_unanswered ON assignments (assigned_at, agency) WHERE first_response_at IS NULL AND accepted_at IS NULL AND returned_at IS NULL`);
    // Overdue now, its two halves: unanswered past the respond deadline; open reports past the resolve target.
    await trx.raw(`CREATE INDEX IF NOT EXISTS ranking_unanswered_due ON assignments (respond_due, agency) WHERE first_response_at IS NULL AND accepted_at IS NULL AND returned_at IS NULL`);
    await trx.raw(`CREATE INDEX IF NOT EXISTS ranking_open_resolve_due ON complaints (resolve_due, id) WHERE status IN (${OPEN_LIST})`);
    const changed = COMPLAINT_FIELDS.map((f) => `OLD.${f} IS DISTINCT FROM NEW.${f}`).join(' OR ');
    if (sqlite) {
      for (const t of ['ranking_mark_assignment_ins', 'ranking_mark_assignment_upd', 'ranking_mark_assignment_del', 'ranking_mark_complaint']) await trx.raw(`DROP TRIGGER IF EXISTS ${t}`);
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
    await trx('ranking_snapshots').delete();
  });
}

const dayStart = (day: number, off: number) => new Date((day * 86_400 - off) * 1000);

async function insertDays(trx: Knex, D: Dialect, ctx: Ctx, where: string, fromDay: number, off: number, now: Date) {
  const cal = calendarSql(D, dayStart(fromDay, off), now, ctx.calendar);
  // judgeAt is irrelevant here: `missed` is stored but never read from this table.
  const rows = assignmentRowsSql(D, cal, { asOf: null, judgeAt: now, graceDays: ctx.graceDays, where, extra: `${D.day('a.assigned_at', off)} AS day` });
  await trx.raw(`INSERT INTO ranking_daily (agency, day, g, lag, ${COUNT_COLS.join(', ')}) ${groupedTallySql(D, cal, rows, ['day'])}`);
}

/** Folds the dirty days back into `ranking_daily` (or rebuilds it when the calendar changed). */
export async function refreshPreAggregate(knex: Knex, ctx: Ctx, now: Date): Promise<{ rebuilt: boolean; days: number }> {
  const D = dialect(knex);
  const version = preAggregateVersion(ctx);
  const off = calendarSql(D, now, now, ctx.calendar).offset;
  return knex.transaction(async (trx) => {
    if (!D.sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_daily'))`);
    const meta = await trx('ranking_meta').where('k', 'version').first('v');
    let dirty: Array<Record<string, unknown>>;
    if (D.sqlite) {
      const max = num((await trx('ranking_dirty').max({ m: 'id' }).first())?.m);
      dirty = await rawRows(trx, `SELECT DISTINCT agency, ${D.day('assigned_at', off)} AS day FROM ranking_dirty WHERE id <= ? AND assigned_at IS NOT NULL`, [max]);
      await trx('ranking_dirty').where('id', '<=', max).delete();
    } else {
      // Takes exactly the marks this transaction sees; a rollback puts them back.
      dirty = await rawRows(trx, `WITH d AS (DELETE FROM ranking_dirty RETURNING agency, assigned_at)
        SELECT DISTINCT agency, ${D.day('assigned_at', off)} AS day FROM d WHERE assigned_at IS NOT NULL`);
    }
    if (meta?.v !== version || dirty.length > FULL_REBUILD_ABOVE) {
      await trx('ranking_daily').delete();
      const first = (await rawRows(trx, `SELECT MIN(${D.epoch('assigned_at')}) AS m FROM assignments`))[0]?.['m'];
      if (first !== null && first !== undefined) {
        await insertDays(trx, D, ctx, 'a.assigned_at IS NOT NULL', localDayNumber(new Date(Number(first) * 1000), off), off, now);
      }
      await trx('ranking_meta').insert({ k: 'version', v: version }).onConflict('k').merge();
      return { rebuilt: true, days: dirty.length };
    }
    if (dirty.length === 0) return { rebuilt: false, days: 0 };
    const byDay = new Map<number, string[]>();
    for (const r of dirty) {
      const day = num(r['day']);
      byDay.set(day, [...(byDay.get(day) ?? []), String(r['agency'])]);
    }
    const conds: string[] = [];
    for (const [day, agencies] of byDay) {
      await trx('ranking_daily').where('day', day).whereIn('agency', agencies).delete();
      conds.push(`(${inWindowSql(D, { from: dayStart(day, off), to: dayStart(day + 1, off) })} AND a.agency IN (${agencies.map(q).join(', ')}))`);
    }
    await insertDays(trx, D, ctx, `(${conds.join(' OR ')})`, Math.min(...byDay.keys()), off, now);
    return { rebuilt: false, days: dirty.length };
  });
}

/**
 * The current window: the sum of its local days in `ranking_daily` (today's
 * bucket included: the triggers keep it current), minus the rows of those
 * days outside the window (assigned in the last minute, after the window's
 * minute-rounded end: almost always none), deadlines judged at `judgeAt`.
 */
async function currentTallies(knex: Knex, w: RankingWindow, judgeAt: Date, now: Date, ctx: Ctx): Promise<Map<string, UnitTally>> {
  const D = dialect(knex);
  const off = calendarSql(D, now, now, ctx.calendar).offset;
  const fromDay = localDayNumber(w.from, off);
  const lastDay = localDayNumber(new Date(w.to.getTime() - 1), off);
  const out = new Map<string, UnitTally>();
  const bucketed: RankingWindow = { from: dayStart(fromDay, off), to: dayStart(lastDay + 1, off) };
  const outside = [
    { from: bucketed.from, to: w.from },
    { from: w.to, to: bucketed.to },
  ].filter((e) => e.to.getTime() > e.from.getTime());
  const [sums, missed, ...extra] = await Promise.all([
    rawRows(knex, `SELECT agency, g, lag, ${COUNT_COLS.filter((c) => c !== 'missed').map((c) => `SUM(${c}) AS ${c}`).join(', ')}
      FROM ranking_daily WHERE day >= ? AND day <= ? GROUP BY agency, g, lag`, [fromDay, lastDay]),
    rawRows(knex, `SELECT a.agency AS agency, COUNT(*) AS n FROM assignments a
      WHERE ${inWindowSql(D, bucketed)} AND a.first_response_at IS NULL AND a.accepted_at IS NULL AND a.returned_at IS NULL
        AND a.respond_due IS NOT NULL AND ${D.tsCol('a.respond_due')} < ${D.lit(judgeAt)} GROUP BY a.agency`),
    ...outside.map((e) => queryWindowTallies(knex, e, { asOf: null, judgeAt, now, ...ctx })),
  ]);
  for (const r of sums) addGroupedRow(tallyOf(out, String(r['agency'])), r);
  for (const r of missed) tallyOf(out, String(r['agency'])).sla_judged += num(r['n']);
  for (const part of extra) for (const [agency, t] of part) mergeTally(tallyOf(out, agency), t, -1);
  for (const [agency, t] of out) if (t.assigned === 0) out.delete(agency);
  return out;
}

/** into += sign × t (histogram entries that reach 0 are dropped, as the row-by-row tally never has them). */
function mergeTally(into: UnitTally, t: UnitTally, sign: 1 | -1 = 1) {
  for (const k of ['assigned', 'returned_in_grace', 'returned_late', 'counted', 'sla_judged', 'sla_met', 'fixed', 'reached_resolution', 'reopened', 'rated', 'satisfaction_sum'] as const) into[k] += sign * t[k];
  for (const [h, from] of [[into.response_days, t.response_days], [into.resolution_days, t.resolution_days]] as const) {
    for (const [k, n] of Object.entries(from)) {
      const v = (h[Number(k)] ?? 0) + sign * n;
      if (v === 0) delete h[Number(k)];
      else h[Number(k)] = v;
    }
  }
}

/** The previous window as of its end: kept once computed (what was known then does not change). */
async function snapshotTallies(knex: Knex, w: RankingWindow, now: Date, ctx: Ctx): Promise<Map<string, UnitTally>> {
  const D = dialect(knex);
  const key = createHash('sha256').update(JSON.stringify([preAggregateVersion(ctx), w.from.toISOString(), w.to.toISOString()])).digest('hex').slice(0, 32);
  const snap = await knex('ranking_snapshots').where('k', key).first('tallies', 'max_id');
  if (snap) {
    // Assignments dated before the instant but written after the snapshot (imports) make it wrong.
    const late = await rawRows(knex, `SELECT 1 AS x FROM assignments a WHERE a.id > ? AND ${D.tsCol('a.assigned_at')} < ${D.lit(w.to)} LIMIT 1`, [num(snap.max_id)]);
    if (late.length === 0) return new Map(Object.entries(JSON.parse(String(snap.tallies)) as Record<string, UnitTally>).map(([k, t]) => [k, { ...emptyTally(), ...t }]));
  }
  const maxId = num((await knex('assignments').max({ m: 'id' }).first())?.m);
  const tallies = await queryWindowTallies(knex, w, { asOf: w.to, judgeAt: w.to, now, ...ctx });
  const created = Date.now();
  await knex('ranking_snapshots').where('created_at', '<', created - 3 * 86_400_000).delete();
  await knex('ranking_snapshots').insert({ k: key, tallies: JSON.stringify(Object.fromEntries(tallies)), max_id: maxId, created_at: created }).onConflict('k').merge();
  return tallies;
}

/**
 * Overdue now (core `overdueNow`, the same as query.ts `queryOverdue`) in two
 * index range scans instead of a join over every open report: active,
 * unreturned assignments of open reports that are unanswered past the respond
 * deadline, or whose report is past its resolve target; UNION drops an
 * assignment that is both. Postgres: `= ANY (ARRAY(subquery))`, because as a
 * join the planner over-estimates the open reports past target (it assumes
 * status and date independent: 52k for 6k at 1M) and hashes all assignments.
 */
async function overdueNowFast(knex: Knex, now: Date): Promise<Map<string, number>> {
  const D = dialect(knex);
  const at = D.lit(now);
  const rows = await rawRows(knex, `SELECT agency, COUNT(*) AS n FROM (
      SELECT a.id, a.agency FROM assignments a JOIN complaints c ON c.id = a.complaint
        WHERE a.first_response_at IS NULL AND a.accepted_at IS NULL AND a.returned_at IS NULL
          AND a.respond_due IS NOT NULL AND ${D.tsCol('a.respond_due')} < ${at} AND a.active = ${D.bool} AND c.status IN (${OPEN_LIST})
      UNION
      SELECT a.id, a.agency FROM assignments a
        WHERE a.complaint ${D.sqlite ? 'IN (' : '= ANY (ARRAY('}SELECT c.id FROM complaints c
          WHERE c.status IN (${OPEN_LIST}) AND c.resolve_due IS NOT NULL AND ${D.tsCol('c.resolve_due')} < ${at})${D.sqlite ? '' : ')'}
          AND a.active = ${D.bool} AND a.returned_at IS NULL
    ) o GROUP BY agency`);
  return new Map(rows.map((r) => [String(r['agency']), num(r['n'])]));
}

/** `queryTallies`' figures through the pre-aggregate: what the endpoint serves. */
export async function preAggregatedTallies(knex: Knex, input: TallyQueryInput): Promise<TallyQueryResult> {
  if (input.previous.to.getTime() !== input.current.from.getTime()) throw new Error('ranking windows must be contiguous');
  const ctx = { calendar: input.calendar, graceDays: input.graceDays };
  await ensurePreAggregate(knex);
  await refreshPreAggregate(knex, ctx, input.now);
  const [current, previous, overdue] = await Promise.all([
    currentTallies(knex, input.current, input.judgeAt ?? input.now, input.now, ctx),
    snapshotTallies(knex, input.previous, input.now, ctx),
    overdueNowFast(knex, input.now),
  ]);
  return { current, previous, overdue };
}
