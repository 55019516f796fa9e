import {
  emptyTally, isFixed, isOpen, STATUS_REASONS, STATUSES, workingDayTable, type RankingWindow, type UnitTally, type WorkCalendar,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { isSqlite } from '../shared/knex-dialect.ts';

/**
 * The ranking's aggregate in SQL (knex raw): `assignments` joined to
 * `complaints`, producing core's `UnitTally` per unit — the same definition as
 * core's row-by-row `tallyAssignments` (the tests compare both on Postgres and
 * SQLite). The reference path (`queryTallies`, kept with the tests in
 * test-support/ranking-reference.ts) reads the rows of both windows; the
 * dashboard's fast path (`pre-aggregate.ts`) sums daily buckets built with the
 * same per-row SQL (`assignmentRowsSql`).
 *
 * The current window is judged as it stands now; the previous one (the
 * trend) as it stood at its own end (core TallyContext.asOf).
 *
 * Working days: SQL does not know the holidays, so the caller's calendar is
 * turned into local day -> cumulative working days (core `workingDayTable`);
 * wd(b) - wd(a) is core's workingDaysBetween. Postgres reads it from a
 * constant int[], SQLite joins a small `cal(day, wd)` table. Local days use
 * the zone's fixed UTC offset (WIB/WITA/WIT have no DST).
 *
 * Postgres: GROUPING SETS give the counts and both day histograms in one
 * pass. SQLite (the demo) has no GROUPING SETS: the same derived table is
 * grouped three times with UNION ALL. Directus stores SQLite timestamps as
 * epoch milliseconds (older rows may be ISO text), hence `epoch()`.
 */

export type TallyQueryInput = {
  current: RankingWindow;
  previous: RankingWindow;
  /** Overdue-now snapshot time. */
  now: Date;
  /** When an unanswered assignment's deadline is judged in the current window (default `now`; a past month: its end). */
  judgeAt?: Date;
  calendar: WorkCalendar;
  graceDays: number;
};
export type TallyQueryResult = { current: Map<string, UnitTally>; previous: Map<string, UnitTally>; overdue: Map<string, number> };

export { isSqlite };

// "Fixed" as SQL, derived from core's isFixed over every status and reason, never restated by hand.
export function fixedCondition(): string {
  const parts: string[] = [];
  for (const s of STATUSES) {
    if (isFixed(s, null) && STATUS_REASONS.every((r) => isFixed(s, r))) parts.push(`c.status = '${s}'`);
    else {
      const reasons = STATUS_REASONS.filter((r) => isFixed(s, r));
      if (reasons.length) parts.push(`(c.status = '${s}' AND c.status_reason IN (${reasons.map((r) => `'${r}'`).join(', ')}))`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : '1 = 0';
}
export const OPEN_LIST = STATUSES.filter((s) => isOpen(s)).map((s) => `'${s}'`).join(', ');

export type Dialect = {
  sqlite: boolean;
  epoch: (col: string) => string;
  day: (col: string, off: number) => string;
  ts: (d: Date) => string | number;
  tsCol: (col: string) => string;
  /** A generated instant as an SQL literal, comparable with tsCol(...). */
  lit: (d: Date) => string;
  bool: string;
};

/** SQL snippets per database; `tsCol`/`ts` compare timestamps on either. */
export function dialect(knex: Knex): Dialect {
  if (isSqlite(knex)) {
    const epoch = (col: string) =>
      `(CASE WHEN ${col} IS NULL THEN NULL WHEN typeof(${col}) IN ('integer', 'real') OR ${col} NOT LIKE '%-%' THEN CAST(${col} AS REAL) / 1000.0 ELSE (julianday(${col}) - 2440587.5) * 86400.0 END)`;
    return {
      sqlite: true,
      epoch,
      day: (col, off) => `CAST((${epoch(col)} + ${off}) / 86400 AS INTEGER)`,
      ts: (d) => d.getTime() / 1000,
      tsCol: epoch,
      lit: (d) => String(d.getTime() / 1000),
      bool: '1',
    };
  }
  return {
    sqlite: false,
    epoch: (col) => `extract(epoch from ${col})`,
    day: (col, off) => `floor((extract(epoch from ${col}) + ${off}) / 86400)::int`,
    ts: (d) => d.toISOString(),
    tsCol: (col) => col,
    lit: (d) => `'${d.toISOString()}'::timestamptz`,
    bool: 'true',
  };
}

export const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** The working-day table as SQL: `cal(day, wd)` rows for SQLite, a constant int[] for Postgres. */
export type CalendarSql = { offset: number; cte: string; wd: (col: string, alias: string) => string; joinWd: (col: string, alias: string, left: boolean) => string };

export function calendarSql(D: Dialect, from: Date, to: Date, calendar: WorkCalendar): CalendarSql {
  const cal = workingDayTable(new Date(from.getTime() - 86_400_000), new Date(to.getTime() + 86_400_000), calendar);
  const off = cal.offsetSeconds;
  if (D.sqlite) {
    // Integers we generated: safe to inline, and the planner sees a constant table.
    return {
      offset: off,
      cte: `cal(day, wd) AS (VALUES ${cal.days.map(([d, w]) => `(${d}, ${w})`).join(', ')})`,
      wd: (_col, alias) => `${alias}.wd`,
      joinWd: (col, alias, left) => `${left ? 'LEFT ' : ''}JOIN cal ${alias} ON ${alias}.day = ${D.day(col, off)}`,
    };
  }
  // Postgres: a constant int[] subscripted by the local day (date arithmetic,
  // no numeric epoch maths) — four hash joins fewer per row.
  const base = cal.days[0]![0];
  const arr = `'{${cal.days.map(([, w]) => w).join(',')}}'::int[]`;
  const pgDay = (col: string) => `(((${col}) AT TIME ZONE 'UTC' + interval '${off} seconds')::date - DATE '1970-01-01')`;
  return { offset: off, cte: '', wd: (col) => `(${arr})[${pgDay(col)} - ${base - 1}]`, joinWd: () => '' };
}

export type RowsSqlOptions = {
  /** Judge as known at this instant (the previous window: its end); null = as it stands now. */
  asOf: Date | null;
  /** Unanswered assignments whose respond deadline is before this are missed. */
  judgeAt: Date;
  graceDays: number;
  /** Extra SQL condition on `a` / `c` (the window or the buckets). */
  where: string;
  /** Extra select columns (e.g. the local day, a window tag). */
  extra?: string;
};

/**
 * One row per assignment with the flags and working-day lags the tally needs
 * (core `tallyAssignments`, rule by rule). With `asOf`, a timestamp counts
 * only when before it; ratings and reopens (no timestamp of their own) count
 * when the report had been resolved before it.
 */
export function assignmentRowsSql(D: Dialect, cal: CalendarSql, o: RowsSqlOptions): string {
  const T = (col: string) => D.tsCol(col);
  const at = o.asOf ? D.lit(o.asOf) : null;
  const K = (col: string) => (at ? `CASE WHEN ${T(col)} < ${at} THEN ${col} END` : col);
  const responded = `COALESCE(${K('a.first_response_at')}, ${K('a.accepted_at')}, ${K('a.returned_at')})`;
  const returned = K('a.returned_at');
  const resolvedAt = 'COALESCE(a.resolved_at, c.resolved_at)';
  const fixedNow = fixedCondition();
  const resolvedBefore = at ? `(${resolvedAt} IS NOT NULL AND ${T(resolvedAt)} < ${at})` : '1 = 1';
  const fixed = at ? `(${resolvedBefore} AND (${fixedNow} OR c.reopen_count > 0))` : fixedNow;
  const wd = cal.wd;
  return `
    SELECT a.agency AS agency${o.extra ? `, ${o.extra}` : ''},
      CASE WHEN ${returned} IS NOT NULL AND ${wd(returned, 'cr')} - ${wd('a.assigned_at', 'ca')} <= ${Math.trunc(o.graceDays)} THEN 1 ELSE 0 END AS grace,
      CASE WHEN ${returned} IS NOT NULL THEN 1 ELSE 0 END AS returned,
      CASE WHEN ${responded} IS NOT NULL THEN 1 ELSE 0 END AS has_resp,
      CASE WHEN ${responded} IS NOT NULL AND (a.respond_due IS NULL OR ${T(responded)} <= ${T('a.respond_due')}) THEN 1 ELSE 0 END AS on_time,
      CASE WHEN ${responded} IS NULL AND a.respond_due IS NOT NULL AND ${T('a.respond_due')} < ${D.lit(o.judgeAt)} THEN 1 ELSE 0 END AS missed,
      CASE WHEN ${fixed} THEN 1 ELSE 0 END AS fixed,
      CASE WHEN c.reopen_count > 0 AND ${resolvedBefore} THEN 1 ELSE 0 END AS reopened,
      CASE WHEN ${resolvedBefore} THEN c.satisfaction END AS satisfaction,
      ${wd(responded, 'cp')} - ${wd('a.assigned_at', 'ca')} AS resp_lag,
      ${wd(resolvedAt, 'cf')} - ${wd('a.assigned_at', 'ca')} AS fix_lag
    FROM assignments a
    JOIN complaints c ON c.id = a.complaint
    ${cal.joinWd('a.assigned_at', 'ca', false)}
    ${cal.joinWd(returned, 'cr', true)}
    ${cal.joinWd(responded, 'cp', true)}
    ${cal.joinWd(resolvedAt, 'cf', true)}
    WHERE ${o.where}`;
}

/** Sums over rows of `assignmentRowsSql` (missed kept apart: the pre-aggregate judges it at read time). */
export const TALLY_SUMS = `
      COUNT(*) AS assigned,
      SUM(grace) AS returned_in_grace,
      SUM(CASE WHEN grace = 0 AND returned = 1 THEN 1 ELSE 0 END) AS returned_late,
      SUM(CASE WHEN grace = 0 AND has_resp = 1 THEN 1 ELSE 0 END) AS responded,
      SUM(CASE WHEN grace = 0 AND missed = 1 THEN 1 ELSE 0 END) AS missed,
      SUM(CASE WHEN grace = 0 AND on_time = 1 THEN 1 ELSE 0 END) AS sla_met,
      SUM(CASE WHEN returned = 0 AND fixed = 1 THEN 1 ELSE 0 END) AS fixed,
      SUM(CASE WHEN returned = 0 AND (fixed = 1 OR reopened = 1) THEN 1 ELSE 0 END) AS reached_resolution,
      SUM(CASE WHEN returned = 0 AND reopened = 1 THEN 1 ELSE 0 END) AS reopened,
      SUM(CASE WHEN returned = 0 AND satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,
      SUM(CASE WHEN returned = 0 AND satisfaction IS NOT NULL THEN satisfaction ELSE 0 END) AS satisfaction_sum`;
/** Lags only where the tally counts them: responses of counted assignments, resolutions of fixed unreturned ones. */
const LAGS = `CASE WHEN grace = 0 AND has_resp = 1 THEN resp_lag END AS rl, CASE WHEN returned = 0 AND fixed = 1 THEN fix_lag END AS fl`;

/**
 * Groups `rows` (SQL with `agency` and the `keys` columns) into the tally's
 * totals (g = 't') and both lag histograms (g = 'r' response, 'f' resolution):
 * columns keys..., g, lag, and TALLY_SUMS (in a histogram row `assigned` is the count).
 */
export function groupedTallySql(D: Dialect, cal: CalendarSql, rows: string, keys: string[]): string {
  const k = ['agency', ...keys].join(', ');
  const head = cal.cte ? `WITH ${cal.cte}, x AS (${rows}),` : `WITH x AS (${rows}),`;
  if (!D.sqlite) {
    return `${head} y AS (SELECT x.*, ${LAGS} FROM x)
      SELECT ${k}, CASE WHEN GROUPING(rl) = 0 THEN 'r' WHEN GROUPING(fl) = 0 THEN 'f' ELSE 't' END AS g,
        COALESCE(rl, fl, 0) AS lag, ${TALLY_SUMS}
      FROM y GROUP BY GROUPING SETS ((${k}), (${k}, rl), (${k}, fl))
      HAVING GROUPING(rl) = 1 AND GROUPING(fl) = 1 OR rl IS NOT NULL OR fl IS NOT NULL`;
  }
  return `${head} y AS (SELECT x.*, ${LAGS} FROM x)
      SELECT ${k}, 't' AS g, 0 AS lag, ${TALLY_SUMS} FROM y GROUP BY ${k}
      UNION ALL SELECT ${k}, 'r', rl, ${TALLY_SUMS} FROM y WHERE rl IS NOT NULL GROUP BY ${k}, rl
      UNION ALL SELECT ${k}, 'f', fl, ${TALLY_SUMS} FROM y WHERE fl IS NOT NULL GROUP BY ${k}, fl`;
}

/** Adds one grouped row (see groupedTallySql) into a tally. */
export function addGroupedRow(t: UnitTally, r: Record<string, unknown>): void {
  const g = String(r['g']);
  if (g === 't') {
    t.assigned += num(r['assigned']);
    t.returned_in_grace += num(r['returned_in_grace']);
    t.returned_late += num(r['returned_late']);
    t.counted = t.assigned - t.returned_in_grace;
    t.sla_judged += num(r['responded']) + num(r['missed']);
    t.sla_met += num(r['sla_met']);
    t.fixed += num(r['fixed']);
    t.reached_resolution += num(r['reached_resolution']);
    t.reopened += num(r['reopened']);
    t.rated += num(r['rated']);
    t.satisfaction_sum += num(r['satisfaction_sum']);
  } else {
    const h = g === 'r' ? t.response_days : t.resolution_days;
    const lag = num(r['lag']);
    h[lag] = (h[lag] ?? 0) + num(r['assigned']);
  }
}

export function tallyOf(m: Map<string, UnitTally>, agency: string): UnitTally {
  let t = m.get(agency);
  if (!t) m.set(agency, (t = emptyTally()));
  return t;
}

export const inWindowSql = (D: Dialect, w: RankingWindow) => `${D.tsCol('a.assigned_at')} >= ${D.lit(w.from)} AND ${D.tsCol('a.assigned_at')} < ${D.lit(w.to)}`;

async function raw(knex: Knex, sql: string): Promise<Array<Record<string, unknown>>> {
  const r = await knex.raw(sql);
  return isSqlite(knex) ? r : r.rows;
}

/** Tallies of one window straight from the rows (no pre-aggregate). */
export async function queryWindowTallies(
  knex: Knex, w: RankingWindow, o: { asOf: Date | null; judgeAt: Date; calendar: WorkCalendar; graceDays: number; now: Date },
): Promise<Map<string, UnitTally>> {
  const D = dialect(knex);
  const cal = calendarSql(D, w.from, new Date(Math.max(o.now.getTime(), w.to.getTime())), o.calendar);
  const rows = assignmentRowsSql(D, cal, { asOf: o.asOf, judgeAt: o.judgeAt, graceDays: o.graceDays, where: inWindowSql(D, w) });
  const out = new Map<string, UnitTally>();
  for (const r of await raw(knex, groupedTallySql(D, cal, rows, []))) addGroupedRow(tallyOf(out, String(r['agency'])), r);
  return out;
}

