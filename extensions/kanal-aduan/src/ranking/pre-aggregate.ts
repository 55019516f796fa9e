import { localDayNumber, type RankingWindow, type UnitTally } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { refreshPreAggregate } from './pre-aggregate-refresh.ts';
import { COUNT_COLUMNS, dayStart, ensurePreAggregate, rawRows, type PreAggregateContext } from './pre-aggregate-setup.ts';
import { mergeTally, snapshotTallies } from './pre-aggregate-snapshots.ts';
import {
  addGroupedRow, calendarSql, dialect, inWindowSql, num, OPEN_LIST, queryWindowTallies, tallyOf,
  type TallyQueryInput, type TallyQueryResult,
} from './query.ts';

export { ensurePreAggregate, installPreAggregate, preAggregateVersion } from './pre-aggregate-setup.ts';
export { refreshPreAggregate } from './pre-aggregate-refresh.ts';

/**
 * The ranking's fast path (p95 < 200 ms at 1M reports). Same figures
 * as the reference `queryTallies` (test-support; tests compare them), read from small tables the bundle
 * owns instead of scanning half a million assignments. The schema apply
 * creates them (`installPreAggregate` in pre-aggregate-setup.ts, through POST /kanal-aduan/ranking/prepare)
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

/**
 * The current window: the sum of its local days in `ranking_daily` (today's
 * bucket included: the triggers keep it current), minus the rows of those
 * days outside the window (assigned in the last minute, after the window's
 * minute-rounded end: almost always none), deadlines judged at `judgeAt`.
 */
async function currentTallies(knex: Knex, rankingWindow: RankingWindow, judgeAt: Date, now: Date, context: PreAggregateContext): Promise<Map<string, UnitTally>> {
  const sqlDialect = dialect(knex);
  const utcOffset = calendarSql(sqlDialect, now, now, context.calendar).offset;
  const fromDay = localDayNumber(rankingWindow.from, utcOffset);
  const lastDay = localDayNumber(new Date(rankingWindow.to.getTime() - 1), utcOffset);
  const out = new Map<string, UnitTally>();
  const bucketed: RankingWindow = { from: dayStart(fromDay, utcOffset), to: dayStart(lastDay + 1, utcOffset) };
  const outside = [
    { from: bucketed.from, to: rankingWindow.from },
    { from: rankingWindow.to, to: bucketed.to },
  ].filter((edge) => edge.to.getTime() > edge.from.getTime());
  const [sums, missed, ...extra] = await Promise.all([
    rawRows(knex, `SELECT agency, g, lag, ${COUNT_COLUMNS.filter((column) => column !== 'missed').map((column) => `SUM(${column}) AS ${column}`).join(', ')}
      FROM ranking_daily WHERE day >= ? AND day <= ? GROUP BY agency, g, lag`, [fromDay, lastDay]),
    rawRows(knex, `SELECT a.agency AS agency, COUNT(*) AS missed_count FROM assignments a
      WHERE ${inWindowSql(sqlDialect, bucketed)} AND a.first_response_at IS NULL AND a.accepted_at IS NULL AND a.returned_at IS NULL
        AND a.respond_due IS NOT NULL AND ${sqlDialect.tsCol('a.respond_due')} < ${sqlDialect.lit(judgeAt)} GROUP BY a.agency`),
    ...outside.map((edge) => queryWindowTallies(knex, edge, { asOf: null, judgeAt, now, ...context })),
  ]);
  for (const row of sums) addGroupedRow(tallyOf(out, String(row['agency'])), row);
  for (const row of missed) tallyOf(out, String(row['agency'])).sla_judged += num(row['missed_count']);
  for (const part of extra) for (const [agency, tally] of part) mergeTally(tallyOf(out, agency), tally, -1);
  for (const [agency, tally] of out) if (tally.assigned === 0) out.delete(agency);
  return out;
}

/**
 * Overdue now (core `overdueNow`, the same as the reference `queryOverdue`) in two
 * index range scans instead of a join over every open report: active,
 * unreturned assignments of open reports that are unanswered past the respond
 * deadline, or whose report is past its resolve target; UNION drops an
 * assignment that is both. Postgres: `= ANY (ARRAY(subquery))`, because as a
 * join the planner over-estimates the open reports past target (it assumes
 * status and date independent: 52k for 6k at 1M) and hashes all assignments.
 */
async function overdueNowFast(knex: Knex, now: Date): Promise<Map<string, number>> {
  const sqlDialect = dialect(knex);
  const nowLiteral = sqlDialect.lit(now);
  const rows = await rawRows(knex, `SELECT agency, COUNT(*) AS overdue FROM (
      SELECT a.id, a.agency FROM assignments a JOIN complaints c ON c.id = a.complaint
        WHERE a.first_response_at IS NULL AND a.accepted_at IS NULL AND a.returned_at IS NULL
          AND a.respond_due IS NOT NULL AND ${sqlDialect.tsCol('a.respond_due')} < ${nowLiteral} AND a.active = ${sqlDialect.bool} AND c.status IN (${OPEN_LIST})
      UNION
      SELECT a.id, a.agency FROM assignments a
        WHERE a.complaint ${sqlDialect.sqlite ? 'IN (' : '= ANY (ARRAY('}SELECT c.id FROM complaints c
          WHERE c.status IN (${OPEN_LIST}) AND c.resolve_due IS NOT NULL AND ${sqlDialect.tsCol('c.resolve_due')} < ${nowLiteral})${sqlDialect.sqlite ? '' : ')'}
          AND a.active = ${sqlDialect.bool} AND a.returned_at IS NULL
    ) o GROUP BY agency`);
  return new Map(rows.map((row) => [String(row['agency']), num(row['overdue'])]));
}

/** `queryTallies`' figures through the pre-aggregate: what the endpoint serves. */
export async function preAggregatedTallies(knex: Knex, input: TallyQueryInput): Promise<TallyQueryResult> {
  if (input.previous.to.getTime() !== input.current.from.getTime()) throw new Error('ranking windows must be contiguous');
  const context = { calendar: input.calendar, graceDays: input.graceDays };
  await ensurePreAggregate(knex);
  await refreshPreAggregate(knex, context, input.now);
  const [current, previous, overdue] = await Promise.all([
    currentTallies(knex, input.current, input.judgeAt ?? input.now, input.now, context),
    snapshotTallies(knex, input.previous, input.now, context),
    overdueNowFast(knex, input.now),
  ]);
  return { current, previous, overdue };
}
