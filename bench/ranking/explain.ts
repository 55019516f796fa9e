// EXPLAIN ANALYZE of the ranking's statements on a database a `run.ts --keep`
// left behind: the straight-from-rows aggregate (what every request ran before
// the pre-aggregate) beside the pre-aggregate's parts, so the choice is measured.
//
//   npx tsx bench/ranking/explain.ts --db kanal_bench_x [--days 30]
import { parseArgs } from 'node:util';
import { makeCalendar, rankingWindows } from '@kanal-aduan/core';
import knexFactory from 'knex';
import { preAggregatedTallies } from '../../extensions/kanal-aduan/src/ranking/pre-aggregate.ts';
import { queryWindowTallies } from '../../extensions/kanal-aduan/src/ranking/query.ts';
import { queryOverdue, queryTallies } from '../../extensions/kanal-aduan/src/test-support/ranking-reference.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, days: { type: 'string', default: '30' }, runs: { type: 'string', default: '5' } } });
if (!values.db) throw new Error('--db <database> is required');
const knex = knexFactory({ client: 'pg', connection: { host: '127.0.0.1', user: 'postgres', database: values.db }, pool: { min: 0, max: 4 } });
const DAYS = Number(values.days);
const RUNS = Number(values.runs);

const time = async (label: string, f: () => Promise<unknown>) => {
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  console.log(`${label}: median ${xs[Math.floor(xs.length / 2)]!.toFixed(1)} ms (min ${xs[0]!.toFixed(1)}, max ${xs[xs.length - 1]!.toFixed(1)}, ${RUNS} runs)`);
};

try {
  const holidays = (await knex('holidays').select('date')).map((h) => (h.date instanceof Date ? h.date.toISOString().slice(0, 10) : String(h.date).slice(0, 10)));
  const calendar = makeCalendar('Asia/Jakarta', holidays);
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const { current, previous } = rankingWindows(DAYS, now, 'Asia/Jakarta');
  const input = { current, previous, now, calendar, graceDays: 1 };
  await time('straight from the rows, both windows + overdue (queryTallies)', () => queryTallies(knex, input));
  await time('  current window only from the rows', () => queryWindowTallies(knex, current, { asOf: null, judgeAt: now, now, calendar, graceDays: 1 }));
  await time('  overdue now', () => queryOverdue(knex, now));
  await time('pre-aggregate (what fresh=1 runs)', () => preAggregatedTallies(knex, input));
  const explain = async (label: string, sql: string) => {
    const r = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
    console.log(`\n-- ${label}`);
    for (const row of r.rows) console.log(row['QUERY PLAN']);
  };
  const day = (d: Date) => Math.floor((d.getTime() / 1000 + 7 * 3600) / 86_400);
  await explain('sum of ranking_daily over the window', `SELECT agency, g, lag, SUM(assigned), SUM(fixed) FROM ranking_daily WHERE day >= ${day(current.from)} AND day < ${day(now)} GROUP BY agency, g, lag`);
  await explain('rows of the window joined to complaints (the old per-request scan)', `SELECT count(*), sum(c.satisfaction) FROM assignments a JOIN complaints c ON c.id = a.complaint WHERE a.assigned_at >= '${previous.from.toISOString()}' AND a.assigned_at < '${now.toISOString()}'`);
  await explain('overdue now', knex('assignments as a').join('complaints as c', 'c.id', 'a.complaint')
    .whereRaw(`a.active = true AND a.returned_at IS NULL AND c.status IN ('received','needs_info','verified','dispositioned','in_progress')`)
    .whereRaw(`((COALESCE(a.first_response_at, a.accepted_at) IS NULL AND a.respond_due IS NOT NULL AND a.respond_due < ?) OR (c.resolve_due IS NOT NULL AND c.resolve_due < ?))`, [now.toISOString(), now.toISOString()])
    .groupBy('a.agency').select('a.agency', knex.raw('count(*)')).toString());
  const size = await knex.raw(`SELECT (SELECT count(*) FROM ranking_daily) AS daily_rows, pg_size_pretty(pg_total_relation_size('ranking_daily')) AS daily_size`);
  console.log('\n', size.rows[0]);
} finally {
  await knex.destroy();
}
