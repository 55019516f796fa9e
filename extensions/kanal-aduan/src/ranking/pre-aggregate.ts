import { createHash } from 'node:crypto';
import { emptyTally, localDayNumber, type RankingWindow, type UnitTally, type WorkCalendar } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import {
  addGroupedRow, assignmentRowsSql, calendarSql, dialect, groupedTallySql, inWindowSql, num, OPEN_LIST, queryWindowTallies, tallyOf,
  type Dialect, type TallyQueryInput, type TallyQueryResult,
} from './query.ts';

/**
 * The ranking's fast path (issue 6: p95 < 200 ms at 1M reports). Same figures
 * as `queryTallies` (tests compare them), read from small tables the bundle
 * owns instead of scanning half a million assignments. The schema apply
 * creates them (`installPreAggregate` through POST /kanal-aduan/ranking/prepare)
 * before any request; they are not Directus collections and Directus is told
 * to ignore them (schema/src/ranking-tables.ts, DB_EXCLUDE_TABLES):
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
 * - `ranking_snapshots` + `ranking_snapshot_days`: the previous window (the
 *   trend) judged as of its own end, T, per unit and local day of assignment,
 *   and its total. It is a cache of `queryWindowTallies(…, asOf: T)` and must
 *   always equal it, so the trend a Bupati sees is the reference figure:
 *   every dirty mark (agency, day) with a day inside a snapshot's window
 *   recomputes that unit-day's bucket as of T (a few hundred rows) and moves
 *   the total by new - old, in the same transaction that folds the mark into
 *   `ranking_daily`. A snapshot is computed whole once per window (per day for
 *   "last N days", once for a month).
 *
 *   What a snapshot as of T reflects (core `TallyContext.asOf`, the reference):
 *   - corrections of what was true at T: an assignment deleted, inserted late
 *     (an import) or re-dated / moved to another agency; an answer, return,
 *     resolution or deadline corrected to an instant before T; a report
 *     resolved before T whose status is corrected (e.g. to "closed, not
 *     fixed") — all change the previous figures;
 *   - ratings and reopens of reports resolved before T, even when given
 *     later: they carry no timestamp of their own and belong to that
 *     resolution (core counts them; a frozen copy would disagree with the
 *     reference, the export and the endpoint test);
 *   - not: answers, returns and resolutions stamped at or after T, deadlines
 *     moved to a later instant, assignments dated at or after T, ratings and
 *     reopens of reports resolved at or after T. Such writes still mark the
 *     day and recompute the bucket, which comes out the same.
 *   The ranking reads the report's and the assignment's own columns, never the
 *   status history rows: a corrected history reaches it when the correction
 *   is carried into those columns (status, reason, resolved_at, …).
 *
 * A change of holidays, grace days or zone changes every working-day lag: the
 * `version` in `ranking_meta` then no longer matches and the daily table is
 * rebuilt from the rows (seconds at 1M reports, once).
 */

const SQL_VERSION = 1;
const FULL_REBUILD_ABOVE = 400; // dirty days: beyond this a rebuild is cheaper than one range per day
const TRIGGERS = ['ranking_mark_assignment', 'ranking_mark_complaint'];
const SNAPSHOT_KEEP_MS = 3 * 86_400_000;
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
  const sqlite = isSqliteK(knex);
  const indexes = INDEXES.map(q).join(', ');
  const present = sqlite
    ? await rawRows(knex, `SELECT name FROM sqlite_master WHERE (type = 'trigger' AND name LIKE 'ranking_mark_%') OR (type = 'index' AND name IN (${indexes}))`)
    : await rawRows(knex, `SELECT tgname AS name FROM pg_trigger WHERE tgname IN (${TRIGGERS.map(q).join(', ')}) UNION ALL SELECT indexname FROM pg_indexes WHERE indexname IN (${indexes})`);
  const need = (sqlite ? 4 : 2) + INDEXES.length;
  if (present.length >= need && (await knex.schema.hasTable('ranking_snapshot_days'))) return false;
  await knex.transaction(async (trx) => {
    if (!sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_pre_aggregate'))`);
    const tsType = sqlite ? 'TEXT' : 'timestamptz';
    const id = sqlite ? 'id INTEGER PRIMARY KEY AUTOINCREMENT' : 'id bigserial PRIMARY KEY';
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_dirty (${id}, agency varchar(255), assigned_at ${tsType})`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ranking_daily (agency varchar(255) NOT NULL, day integer NOT NULL, g char(1) NOT NULL, lag integer NOT NULL,
      ${COUNT_COLS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (day, agency, g, lag))`);
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
    await trx('ranking_snapshot_days').delete();
    await trx('ranking_snapshots').delete();
  });
  return true;
}

const dayStart = (day: number, off: number) => new Date((day * 86_400 - off) * 1000);

async function insertDays(trx: Knex, D: Dialect, ctx: Ctx, where: string, fromDay: number, off: number, now: Date) {
  const cal = calendarSql(D, dayStart(fromDay, off), now, ctx.calendar);
  // judgeAt is irrelevant here: `missed` is stored but never read from this table.
  const rows = assignmentRowsSql(D, cal, { asOf: null, judgeAt: now, graceDays: ctx.graceDays, where, extra: `${D.day('a.assigned_at', off)} AS day` });
  await trx.raw(`INSERT INTO ranking_daily (agency, day, g, lag, ${COUNT_COLS.join(', ')}) ${groupedTallySql(D, cal, rows, ['day'])}`);
}

/** Folds the dirty days back into `ranking_daily` (or rebuilds it when the calendar changed). */
export async function refreshPreAggregate(knex: Knex, ctx: Ctx, now: Date): Promise<{ rebuilt: boolean; days: number; snapshots: number }> {
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
      // Snapshots are remade whole on their next read.
      await trx('ranking_snapshot_days').delete();
      await trx('ranking_snapshots').delete();
      const first = (await rawRows(trx, `SELECT MIN(${D.epoch('assigned_at')}) AS m FROM assignments`))[0]?.['m'];
      if (first !== null && first !== undefined) {
        await insertDays(trx, D, ctx, 'a.assigned_at IS NOT NULL', localDayNumber(new Date(Number(first) * 1000), off), off, now);
      }
      await trx('ranking_meta').insert({ k: 'version', v: version }).onConflict('k').merge();
      return { rebuilt: true, days: dirty.length, snapshots: 0 };
    }
    if (dirty.length === 0) return { rebuilt: false, days: 0, snapshots: 0 };
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
    const snapshots = await refreshSnapshots(trx, ctx, byDay, off, now);
    return { rebuilt: false, days: dirty.length, snapshots };
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

const snapshotKey = (w: RankingWindow, ctx: Ctx) =>
  createHash('sha256').update(JSON.stringify([preAggregateVersion(ctx), w.from.toISOString(), w.to.toISOString()])).digest('hex').slice(0, 32);
const bucketKey = (day: number, agency: string) => `${day}|${agency}`;
const parseTally = (t: Partial<UnitTally>): UnitTally => ({ ...emptyTally(), ...t });
const parseTallies = (text: unknown) => new Map(Object.entries(JSON.parse(String(text)) as Record<string, UnitTally>).map(([k, t]) => [k, parseTally(t)]));

/**
 * The window as of its end, per unit and local day of assignment (`day|agency`
 * -> tally), from the rows; `where` narrows it to some unit-days. The same
 * per-row SQL as `queryWindowTallies(…, asOf: w.to)`.
 */
async function snapshotBuckets(knex: Knex, w: RankingWindow, ctx: Ctx, now: Date, where?: string): Promise<Map<string, UnitTally>> {
  const D = dialect(knex);
  const cal = calendarSql(D, w.from, new Date(Math.max(now.getTime(), w.to.getTime())), ctx.calendar);
  const rows = assignmentRowsSql(D, cal, {
    asOf: w.to, judgeAt: w.to, graceDays: ctx.graceDays,
    where: `${inWindowSql(D, w)}${where ? ` AND (${where})` : ''}`, extra: `${D.day('a.assigned_at', cal.offset)} AS day`,
  });
  const out = new Map<string, UnitTally>();
  for (const r of await rawRows(knex, groupedTallySql(D, cal, rows, ['day']))) addGroupedRow(tallyOf(out, bucketKey(num(r['day']), String(r['agency']))), r);
  return out;
}

async function insertBuckets(trx: Knex, k: string, buckets: Map<string, UnitTally>) {
  const rows = [...buckets].map(([key, t]) => {
    const at = key.indexOf('|');
    return { k, day: Number(key.slice(0, at)), agency: key.slice(at + 1), tally: JSON.stringify(t) };
  });
  // 4 parameters a row: 200 rows stay under SQLite's 999-parameter limit of older builds.
  for (let i = 0; i < rows.length; i += 200) await trx('ranking_snapshot_days').insert(rows.slice(i, i + 200));
}

/** The previous window as of its end: computed once, then kept equal to the rows by `refreshSnapshots`. */
async function snapshotTallies(knex: Knex, w: RankingWindow, now: Date, ctx: Ctx): Promise<Map<string, UnitTally>> {
  const key = snapshotKey(w, ctx);
  const snap = await knex('ranking_snapshots').where('k', key).first('tallies');
  if (snap) return parseTallies(snap.tallies);
  return knex.transaction(async (trx) => {
    // The lock `refreshPreAggregate` holds: no mark is folded while a snapshot is being made.
    if (!dialect(trx).sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_daily'))`);
    const again = await trx('ranking_snapshots').where('k', key).first('tallies');
    if (again) return parseTallies(again.tallies);
    const buckets = await snapshotBuckets(trx, w, ctx, now);
    const totals = new Map<string, UnitTally>();
    for (const [bk, t] of buckets) mergeTally(tallyOf(totals, bk.slice(bk.indexOf('|') + 1)), t);
    const created = Date.now();
    const old = trx('ranking_snapshots').where('created_at', '<', created - SNAPSHOT_KEEP_MS).select('k');
    await trx('ranking_snapshot_days').whereIn('k', old).delete();
    await trx('ranking_snapshots').where('created_at', '<', created - SNAPSHOT_KEEP_MS).delete();
    const off = calendarSql(dialect(trx), now, now, ctx.calendar).offset;
    await trx('ranking_snapshots').insert({
      k: key, from_ms: w.from.getTime(), to_ms: w.to.getTime(), from_day: localDayNumber(w.from, off), to_day: localDayNumber(new Date(w.to.getTime() - 1), off),
      tallies: JSON.stringify(Object.fromEntries(totals)), created_at: created,
    });
    await insertBuckets(trx, key, buckets);
    return totals;
  });
}

/**
 * Brings every kept snapshot back to the rows for the unit-days just marked
 * dirty (inside `refreshPreAggregate`'s transaction): each marked day inside
 * a snapshot's window has its buckets recomputed as of the snapshot's end,
 * and the total moves by new - old. Marks outside every window cost nothing.
 */
async function refreshSnapshots(trx: Knex, ctx: Ctx, byDay: Map<number, string[]>, off: number, now: Date): Promise<number> {
  const D = dialect(trx);
  const days = [...byDay.keys()];
  const snaps = await trx('ranking_snapshots')
    .where('from_day', '<=', Math.max(...days)).andWhere('to_day', '>=', Math.min(...days))
    .select('k', 'from_ms', 'to_ms', 'from_day', 'to_day', 'tallies');
  let redone = 0;
  for (const s of snaps) {
    const hit = [...byDay].filter(([day]) => day >= num(s.from_day) && day <= num(s.to_day));
    if (hit.length === 0) continue;
    const w: RankingWindow = { from: new Date(num(s.from_ms)), to: new Date(num(s.to_ms)) };
    const where = hit
      .map(([day, agencies]) => `(${inWindowSql(D, { from: dayStart(day, off), to: dayStart(day + 1, off) })} AND a.agency IN (${agencies.map(q).join(', ')}))`)
      .join(' OR ');
    const fresh = await snapshotBuckets(trx, w, ctx, now, where);
    const totals = parseTallies(s.tallies);
    const k = String(s.k);
    for (const [day, agencies] of hit) {
      const old = await trx('ranking_snapshot_days').where({ k, day }).whereIn('agency', agencies).select('agency', 'tally');
      for (const o of old) mergeTally(tallyOf(totals, String(o.agency)), parseTally(JSON.parse(String(o.tally)) as UnitTally), -1);
      await trx('ranking_snapshot_days').where({ k, day }).whereIn('agency', agencies).delete();
    }
    for (const [bk, t] of fresh) mergeTally(tallyOf(totals, bk.slice(bk.indexOf('|') + 1)), t);
    for (const [agency, t] of totals) if (t.assigned === 0) totals.delete(agency);
    await insertBuckets(trx, k, fresh);
    await trx('ranking_snapshots').where('k', k).update({ tallies: JSON.stringify(Object.fromEntries(totals)) });
    redone += 1;
  }
  return redone;
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
