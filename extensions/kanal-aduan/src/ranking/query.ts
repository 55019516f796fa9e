import {
  emptyTally, isFixed, isOpen, STATUS_REASONS, STATUSES, workingDayTable, type RankingWindow, type UnitTally, type WorkCalendar,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';

/**
 * The ranking's aggregate in SQL (knex raw), one scan of `assignments` joined
 * to `complaints` for the current and the previous window together. It
 * produces core's `UnitTally` per unit and window — the same definition as
 * core's row-by-row `tallyAssignments` (the integration test compares both).
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
 *
 * Indexes used: assignments.assigned_at (window), complaints.id (PK join),
 * complaints.status (overdue snapshot).
 */

export type TallyQueryInput = {
  current: RankingWindow;
  previous: RankingWindow;
  /** Overdue-now snapshot time. */
  now: Date;
  /** When an unanswered assignment's deadline is judged (default `now`; a past month: its end). */
  judgeAt?: Date;
  calendar: WorkCalendar;
  graceDays: number;
};
export type TallyQueryResult = { current: Map<string, UnitTally>; previous: Map<string, UnitTally>; overdue: Map<string, number> };

export function isSqlite(knex: Knex): boolean {
  return /sqlite/i.test(String(knex.client.config.client));
}

// "Fixed" as SQL, derived from core's isFixed over every status and reason, never restated by hand.
function fixedCondition(): string {
  const parts: string[] = [];
  for (const s of STATUSES) {
    if (isFixed(s, null) && STATUS_REASONS.every((r) => isFixed(s, r))) parts.push(`c.status = '${s}'`);
    else {
      const reasons = STATUS_REASONS.filter((r) => isFixed(s, r));
      if (reasons.length) parts.push(`(c.status = '${s}' AND c.status_reason IN (${reasons.map((r) => `'${r}'`).join(', ')}))`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}
const OPEN_LIST = STATUSES.filter((s) => isOpen(s)).map((s) => `'${s}'`).join(', ');

export type Dialect = { sqlite: boolean; epoch: (col: string) => string; day: (col: string, off: number) => string; ts: (d: Date) => string | number; tsCol: (col: string) => string; bool: string };

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
      bool: '1',
    };
  }
  return {
    sqlite: false,
    epoch: (col) => `extract(epoch from ${col})`,
    day: (col, off) => `floor((extract(epoch from ${col}) + ${off}) / 86400)::int`,
    ts: (d) => d.toISOString(),
    tsCol: (col) => col,
    bool: 'true',
  };
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export async function queryTallies(knex: Knex, q: TallyQueryInput): Promise<TallyQueryResult> {
  if (q.previous.to.getTime() !== q.current.from.getTime()) throw new Error('ranking windows must be contiguous');
  const D = dialect(knex);
  const cal = workingDayTable(new Date(q.previous.from.getTime() - 86_400_000), new Date(Math.max(q.now.getTime(), q.current.to.getTime()) + 86_400_000), q.calendar);
  const off = cal.offsetSeconds;
  // Integers we generated: safe to inline, and the planner sees a constant table.
  const calValues = cal.days.map(([d, w]) => `(${d}, ${w})`).join(', ');
  const T = (col: string) => D.tsCol(col);
  const responded = `COALESCE(a.first_response_at, a.accepted_at, a.returned_at)`;
  const fixed = fixedCondition();

  // Working-day index of a timestamp's local day. SQLite: joins to the small
  // `cal` table. Postgres: a constant int[] subscripted by the local day
  // (date arithmetic, no numeric epoch maths) — four hash joins fewer per row.
  const base = cal.days[0]![0];
  const wdArray = `'{${cal.days.map(([, w]) => w).join(',')}}'::int[]`;
  const pgDay = (col: string) => `(((${col}) AT TIME ZONE 'UTC' + interval '${off} seconds')::date - DATE '1970-01-01')`;
  const wd = (col: string, alias: string) => (D.sqlite ? `${alias}.wd` : `(${wdArray})[${pgDay(col)} - ${base - 1}]`);
  const resolvedAt = 'COALESCE(a.resolved_at, c.resolved_at)';
  const joins = D.sqlite
    ? `JOIN cal ca ON ca.day = ${D.day('a.assigned_at', off)}
    LEFT JOIN cal cr ON cr.day = ${D.day('a.returned_at', off)}
    LEFT JOIN cal cp ON cp.day = ${D.day(responded, off)}
    LEFT JOIN cal cf ON cf.day = ${D.day(resolvedAt, off)}`
    : '';

  // One row per assignment in either window, with the flags and working-day lags the tally needs.
  const derived = `
    SELECT a.agency AS agency,
      CASE WHEN ${T('a.assigned_at')} >= ? THEN 1 ELSE 0 END AS cur,
      CASE WHEN a.returned_at IS NOT NULL AND ${wd('a.returned_at', 'cr')} - ${wd('a.assigned_at', 'ca')} <= ${Math.trunc(q.graceDays)} THEN 1 ELSE 0 END AS grace,
      CASE WHEN a.returned_at IS NOT NULL THEN 1 ELSE 0 END AS returned,
      CASE WHEN ${responded} IS NOT NULL THEN 1 ELSE 0 END AS has_resp,
      CASE WHEN ${responded} IS NOT NULL AND (a.respond_due IS NULL OR ${T(responded)} <= ${T('a.respond_due')}) THEN 1 ELSE 0 END AS on_time,
      CASE WHEN ${responded} IS NULL AND a.respond_due IS NOT NULL AND ${T('a.respond_due')} < ? THEN 1 ELSE 0 END AS missed,
      CASE WHEN ${fixed} THEN 1 ELSE 0 END AS fixed,
      CASE WHEN c.reopen_count > 0 THEN 1 ELSE 0 END AS reopened,
      c.satisfaction AS satisfaction,
      ${wd(responded, 'cp')} - ${wd('a.assigned_at', 'ca')} AS resp_lag,
      ${wd(resolvedAt, 'cf')} - ${wd('a.assigned_at', 'ca')} AS fix_lag
    FROM assignments a
    JOIN complaints c ON c.id = a.complaint
    ${joins}
    WHERE ${T('a.assigned_at')} >= ? AND ${T('a.assigned_at')} < ?`;
  const bindings = [D.ts(q.current.from), D.ts(q.judgeAt ?? q.now), D.ts(q.previous.from), D.ts(q.current.to)];

  const sums = `
      COUNT(*) AS assigned,
      SUM(grace) AS returned_in_grace,
      SUM(CASE WHEN grace = 0 AND returned = 1 THEN 1 ELSE 0 END) AS returned_late,
      SUM(CASE WHEN grace = 0 AND (has_resp = 1 OR missed = 1) THEN 1 ELSE 0 END) AS sla_judged,
      SUM(CASE WHEN grace = 0 AND on_time = 1 THEN 1 ELSE 0 END) AS sla_met,
      SUM(CASE WHEN returned = 0 AND fixed = 1 THEN 1 ELSE 0 END) AS fixed,
      SUM(CASE WHEN returned = 0 AND (fixed = 1 OR reopened = 1) THEN 1 ELSE 0 END) AS reached_resolution,
      SUM(CASE WHEN returned = 0 AND reopened = 1 THEN 1 ELSE 0 END) AS reopened,
      SUM(CASE WHEN returned = 0 AND satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,
      SUM(CASE WHEN returned = 0 AND satisfaction IS NOT NULL THEN satisfaction ELSE 0 END) AS satisfaction_sum`;
  // Lags only where the tally counts them: responses of counted assignments, resolutions of fixed unreturned ones.
  const respLag = `CASE WHEN grace = 0 AND has_resp = 1 THEN resp_lag END`;
  const fixLag = `CASE WHEN returned = 0 AND fixed = 1 THEN fix_lag END`;

  let rows: Array<Record<string, unknown>>;
  if (!D.sqlite) {
    const sql = `WITH x AS (${derived}),
      y AS (SELECT x.*, ${respLag} AS rl, ${fixLag} AS fl FROM x)
      SELECT agency, cur, GROUPING(rl) AS g_rl, GROUPING(fl) AS g_fl, rl, fl, ${sums}
      FROM y GROUP BY GROUPING SETS ((agency, cur), (agency, cur, rl), (agency, cur, fl))`;
    rows = (await knex.raw(sql, bindings)).rows;
  } else {
    const sql = `WITH cal(day, wd) AS (VALUES ${calValues}), x AS (${derived}),
      y AS (SELECT x.*, ${respLag} AS rl, ${fixLag} AS fl FROM x)
      SELECT agency, cur, 1 AS g_rl, 1 AS g_fl, NULL AS rl, NULL AS fl, ${sums} FROM y GROUP BY agency, cur
      UNION ALL SELECT agency, cur, 0, 1, rl, NULL, ${sums} FROM y WHERE rl IS NOT NULL GROUP BY agency, cur, rl
      UNION ALL SELECT agency, cur, 1, 0, NULL, fl, ${sums} FROM y WHERE fl IS NOT NULL GROUP BY agency, cur, fl`;
    rows = await knex.raw(sql, bindings);
  }

  const current = new Map<string, UnitTally>();
  const previous = new Map<string, UnitTally>();
  const get = (agency: string, cur: boolean) => {
    const m = cur ? current : previous;
    let t = m.get(agency);
    if (!t) m.set(agency, (t = emptyTally()));
    return t;
  };
  for (const r of rows) {
    const t = get(String(r['agency']), n(r['cur']) === 1);
    const gRl = n(r['g_rl']) === 1;
    const gFl = n(r['g_fl']) === 1;
    if (gRl && gFl) {
      t.assigned = n(r['assigned']);
      t.returned_in_grace = n(r['returned_in_grace']);
      t.returned_late = n(r['returned_late']);
      t.counted = t.assigned - t.returned_in_grace;
      t.sla_judged = n(r['sla_judged']);
      t.sla_met = n(r['sla_met']);
      t.fixed = n(r['fixed']);
      t.reached_resolution = n(r['reached_resolution']);
      t.reopened = n(r['reopened']);
      t.rated = n(r['rated']);
      t.satisfaction_sum = n(r['satisfaction_sum']);
    } else if (!gRl && r['rl'] !== null) {
      t.response_days[n(r['rl'])] = n(r['assigned']);
    } else if (!gFl && r['fl'] !== null) {
      t.resolution_days[n(r['fl'])] = n(r['assigned']);
    }
  }

  // Overdue now: a snapshot over active assignments of open reports, not windowed.
  const nowTs = D.ts(q.now);
  const overdueRows: Array<Record<string, unknown>> = await knex('assignments as a')
    .join('complaints as c', 'c.id', 'a.complaint')
    .whereRaw(`a.active = ${D.bool} AND a.returned_at IS NULL AND c.status IN (${OPEN_LIST})`)
    .whereRaw(
      `((COALESCE(a.first_response_at, a.accepted_at) IS NULL AND a.respond_due IS NOT NULL AND ${T('a.respond_due')} < ?) OR (c.resolve_due IS NOT NULL AND ${T('c.resolve_due')} < ?))`,
      [nowTs, nowTs],
    )
    .groupBy('a.agency')
    .select('a.agency as agency', knex.raw('COUNT(*) AS n'));
  const overdue = new Map(overdueRows.map((r) => [String(r['agency']), n(r['n'])]));
  return { current, previous, overdue };
}
