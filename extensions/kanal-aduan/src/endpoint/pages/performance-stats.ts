import { rankingView, type RankingView } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { calendarSql, dialect, fixedCondition, num } from '../../ranking/query.ts';
import { computeRanking, rankingContext, readRankingSettings } from '../../ranking/service.ts';
import { periodWindow, type Period, type PerformanceStats } from './performance-view.ts';
import { rowsOf } from '../../shared/knex-dialect.ts';

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * The public performance figures over `complaints` received in [from, to):
 * four aggregate queries (per category, per kecamatan, satisfaction, and the
 * two working-day histograms), never a row of a report. Rejected reports
 * (spam, duplicates, out of scope) are left out. "Fixed" is core's isFixed as
 * SQL (ranking/query.ts), working days the ranking's calendar table
 * (wd(b) - wd(a) = core workingDaysBetween).
 */
export async function queryPerformanceStats(
  knex: Knex,
  window: { from: Date; to: Date },
  calendar: Parameters<typeof calendarSql>[3],
  /** The last instant a response or resolution can carry (now): the working-day table reaches it. */
  until: Date = new Date(),
): Promise<PerformanceStats> {
  const D = dialect(knex);
  const cal = calendarSql(D, window.from, new Date(Math.max(window.to.getTime(), until.getTime())), calendar);
  const fixed = fixedCondition();
  const received = D.tsCol('c.received_at');
  const where = `${received} >= ${D.lit(window.from)} AND ${received} < ${D.lit(window.to)} AND c.status <> 'rejected'`;
  const lag = (col: string, alias: string) => `${cal.wd(col, alias)} - ${cal.wd('c.received_at', 'a')}`;
  const joins = (col: string, alias: string) => `${cal.joinWd('c.received_at', 'a', false)} ${cal.joinWd(col, alias, false)}`;

  const [categories, kecamatan, satisfaction, histograms] = await Promise.all([
    knex.raw(`SELECT c.category AS code, k.name AS name, k.name_en AS name_en, COUNT(*) AS n, SUM(CASE WHEN ${fixed} THEN 1 ELSE 0 END) AS fixed
      FROM complaints c LEFT JOIN categories k ON k.code = c.category WHERE ${where} GROUP BY c.category, k.name, k.name_en`),
    knex.raw(`SELECT c.kecamatan AS code, r.name AS name, COUNT(*) AS n, SUM(CASE WHEN ${fixed} THEN 1 ELSE 0 END) AS fixed
      FROM complaints c LEFT JOIN regions r ON r.code = c.kecamatan WHERE ${where} GROUP BY c.kecamatan, r.name`),
    knex.raw(`SELECT COUNT(c.satisfaction) AS rated, SUM(c.satisfaction) AS total FROM complaints c WHERE ${where} AND c.satisfaction BETWEEN 1 AND 5`),
    knex.raw(`${cal.cte ? `WITH ${cal.cte} ` : ''}SELECT 'response' AS m, ${lag('c.first_response_at', 'b')} AS d, COUNT(*) AS n
      FROM complaints c ${joins('c.first_response_at', 'b')}
      WHERE ${where} AND c.first_response_at IS NOT NULL AND ${D.tsCol('c.first_response_at')} >= ${received} GROUP BY 1, 2
      UNION ALL
      SELECT 'resolution' AS m, ${lag('c.resolved_at', 'e')} AS d, COUNT(*) AS n
      FROM complaints c ${joins('c.resolved_at', 'e')}
      WHERE ${where} AND ${fixed} AND c.resolved_at IS NOT NULL AND ${D.tsCol('c.resolved_at')} >= ${received} GROUP BY 1, 2`),
  ]);

  const byCategory = rowsOf(categories).map((r) => ({ code: str(r['code']), name: str(r['name']), name_en: str(r['name_en']), count: num(r['n']), fixed: num(r['fixed']) }));
  const byKecamatan = rowsOf(kecamatan).map((r) => ({ code: str(r['code']), name: str(r['name']), count: num(r['n']), fixed: num(r['fixed']) }));
  const responseDays: Record<number, number> = {};
  const resolutionDays: Record<number, number> = {};
  for (const r of rowsOf(histograms)) {
    if (r['d'] === null || r['d'] === undefined) continue;
    const h = r['m'] === 'response' ? responseDays : resolutionDays;
    const d = num(r['d']);
    h[d] = (h[d] ?? 0) + num(r['n']);
  }
  const s = rowsOf(satisfaction)[0] ?? {};
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    total: byCategory.reduce((n, r) => n + r.count, 0),
    fixed: byCategory.reduce((n, r) => n + r.fixed, 0),
    byCategory,
    byKecamatan,
    responseDays,
    resolutionDays,
    rated: num(s['rated']),
    satisfactionSum: num(s['total']),
  };
}

export type PerformanceData = { stats: PerformanceStats; ranking: RankingView | null; timezone: string; generatedAt: string };

/** How long the page's figures are reused: the public cannot make the database aggregate more often than this per period. */
export const PERFORMANCE_CACHE_MS = 60_000;

/**
 * The figures of one period, computed at most once a minute per period and
 * shared by concurrent requests (the first one's promise). The OPD ranking is
 * added only while `settings.public_ranking_enabled` is on, as the ranking
 * route's public view (rank, name, score, volume; no components).
 */
export function performanceSource(knex: Knex, clock: () => number = Date.now) {
  const memo = new Map<Period, { at: number; value: Promise<PerformanceData> }>();
  const compute = async (period: Period, now: Date): Promise<PerformanceData> => {
    const settings = await readRankingSettings(knex);
    const window = periodWindow(period, now, settings.timezone);
    const { calendar } = await rankingContext(knex, settings);
    const stats = await queryPerformanceStats(knex, window, calendar);
    const ranking = settings.publicEnabled
      ? rankingView(await computeRanking(knex, { level: 'opd', window: { days: window.days }, now }, settings), { kind: 'public' })
      : null;
    return { stats, ranking, timezone: settings.timezone, generatedAt: now.toISOString() };
  };
  return {
    get(period: Period): Promise<PerformanceData> {
      const at = clock();
      const hit = memo.get(period);
      if (hit && at - hit.at < PERFORMANCE_CACHE_MS) return hit.value;
      // The window ends now (a report filed a second ago counts); the minute's cache bounds the load.
      const value = compute(period, new Date(at));
      memo.set(period, { at, value });
      value.catch(() => memo.delete(period));
      return value;
    },
  };
}
