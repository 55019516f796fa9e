// Benchmark of the ranking endpoint (issue 6) on Postgres, beside the same
// ranking computed through Directus's REST API in the same run.
//
//   npx tsx bench/ranking/run.ts [--reports 1000000] [--runs 30] [--rest-runs 3] [--keep]
//
// It creates a throw-away Postgres database, starts a throw-away Directus on it
// (no Redis, so no cache on either side), applies our schema and seeds, writes
// the demo reports straight into Postgres (seeds' writeDemoWithKnex), then
// measures. Needs Postgres on 127.0.0.1:5432 (trust auth) like `npm test`.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  makeCalendar, overdueNow, rankingWeights, rankingWindows, rankUnits, RankingAssignmentRow, tallyAssignments, type Ranking,
} from '@kanal-aduan/core';
import { writeDemoWithKnex } from '@kanal-aduan/seeds';
import knexFactory from 'knex';
import pg from 'pg';
import { loadSecrets, type StackConfig } from '../../scripts/stack/config.ts';
import { startDirectus } from '../../scripts/stack/directus.ts';
import { bootstrapDirectus } from '../../scripts/stack/stack.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    'rest-runs': { type: 'string', default: '3' },
    days: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    /** Reuse a database a previous `--keep` run left (skips schema, seeds and writing). */
    db: { type: 'string' },
  },
});
const N = Number(values.reports);
const RUNS = Number(values.runs);
const REST_RUNS = Number(values['rest-runs']);
const DAYS = Number(values.days);
const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres' };
const log = (m: string) => console.log(`[bench] ${m}`);
// REST page size: 20,000 nested rows per page made Directus drop the connection on this loaded machine.
const PAGE = 5000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const reuse = values.db;
  const db = reuse ?? `kanal_bench_${Date.now().toString(36)}`;
  if (!reuse) {
    const admin = new pg.Client({ ...PG, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'kanal-bench-'));
  const cfg: StackConfig = {
    dataDir,
    db: { client: 'pg', ...PG, directusDb: db, n8nDb: 'unused' },
    host: '127.0.0.1',
    ports: { directus: await freePort(), n8n: 1, sim: 1 },
    regencyCode: '16.02',
    timezone: 'Asia/Jakarta',
    secrets: loadSecrets(dataDir, {}),
    log,
  };
  const url = `http://${cfg.host}:${cfg.ports.directus}`;
  let directus: { stop(): Promise<void> } | undefined;
  const knex = knexFactory({ client: 'pg', connection: { ...PG, database: db }, pool: { min: 0, max: 4 } });
  try {
    // A kept database knows another run's admin token: give its admin this run's.
    if (reuse) await knex('directus_users').where('email', cfg.secrets.adminEmail).update({ token: cfg.secrets.adminToken });
    directus = await startDirectus(cfg);
    // Idempotent: on a reused database this also resets the demo logins to this run's password.
    await bootstrapDirectus({ url, token: cfg.secrets.adminToken, regencyCode: '16.02', timezone: 'Asia/Jakarta', demoPassword: cfg.secrets.demoPassword, serviceToken: cfg.secrets.serviceToken, log });

    let w = { complaints: 0, assignments: 0, updates: 0, ms: 0 };
    if (!reuse) {
      log(`writing ${N.toLocaleString('en')} reports into Postgres`);
      w = await writeDemoWithKnex(knex, N, { batch: 5000, seed: 42, log: (l) => process.stdout.write(`\r[bench]   ${l}        `) });
      process.stdout.write('\n');
      await knex.raw('VACUUM ANALYZE');
    } else {
      const count = async (t: string) => Number((await knex(t).count({ n: '*' }).first())?.n);
      w = { complaints: await count('complaints'), assignments: await count('assignments'), updates: await count('complaint_updates'), ms: 0 };
    }
    const agencies = Number((await knex('agencies').count({ n: '*' }).first())?.n);
    const kecamatan = Number((await knex('regions').where('level', 'kecamatan').count({ n: '*' }).first())?.n);
    const inWindow = Number((await knex('assignments').where('assigned_at', '>=', rankingWindows(DAYS, new Date(), 'Asia/Jakarta').previous.from).count({ n: '*' }).first())?.n);
    log(`data: ${w.complaints.toLocaleString('en')} reports, ${w.assignments.toLocaleString('en')} assignments, ${w.updates.toLocaleString('en')} history rows, ${agencies} agencies (OPD + kecamatan offices), ${kecamatan} kecamatan; ${inWindow.toLocaleString('en')} assignments in the ${DAYS}-day window and the one before; written in ${(w.ms / 1000).toFixed(0)} s`);

    if (reuse) {
      // And the Bupati this run's demo password (seeds keep existing users as they are).
      const id = (await knex('directus_users').where('email', 'bupati@example.com').first('id'))?.id;
      await fetch(`${url}/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.secrets.adminToken}` }, body: JSON.stringify({ password: cfg.secrets.demoPassword }) });
    }
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bupati@example.com', password: cfg.secrets.demoPassword }) });
    const bupati = ((await login.json()) as { data: { access_token: string } }).data.access_token;

    // 1. Our endpoint, as the Bupati.
    const endpoint = async (level: string, fresh = true) => {
      const t = performance.now();
      const r = await fetch(`${url}/kanal-aduan/ranking?level=${level}&days=${DAYS}${fresh ? '&fresh=1' : ''}`, { headers: { authorization: `Bearer ${bupati}` } });
      const body = (await r.json()) as { data: Ranking };
      if (r.status !== 200) throw new Error(`endpoint: HTTP ${r.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - t, body: body.data };
    };
    for (let i = 0; i < 3; i++) await endpoint('opd');
    const times: number[] = [];
    let last: Ranking | undefined;
    for (let i = 0; i < RUNS; i++) {
      const r = await endpoint(i % 2 ? 'kecamatan' : 'opd');
      times.push(r.ms);
      if (i % 2 === 0) last = r.body;
    }
    // As the dashboard really asks: both panels within the minute share one aggregate (the memo).
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push((await endpoint(i % 2 ? 'kecamatan' : 'opd', false)).ms);
    log(`endpoint: fresh p50 ${ms(pct(times, 50))} p95 ${ms(pct(times, 95))}; memo p50 ${ms(pct(warm, 50))} p95 ${ms(pct(warm, 95))}`);

    // 2. The same ranking through Directus REST as the admin (no permission filters, no cache).
    //    aggregate/groupBy give the plain counts per agency; they cannot join complaints,
    //    count working days or take medians, so the rows those need are read too
    //    (paged, sorted by id) and put through core's row-by-row tally.
    const api = async <T>(path: string): Promise<T> => {
      const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${cfg.secrets.adminToken}` } });
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
      return ((await r.json()) as { data: T }).data;
    };
    const FIELDS = 'id,agency,assigned_at,respond_due,accepted_at,first_response_at,returned_at,resolved_at,active,complaint.status,complaint.status_reason,complaint.satisfaction,complaint.reopen_count,complaint.resolve_due,complaint.resolved_at';
    const viaRest = async () => {
      const t = performance.now();
      const now = new Date();
      const settings = await api<Record<string, any>>('/items/settings');
      const holidays = await api<Array<{ date: string }>>('/items/holidays?limit=-1&fields=date');
      const policy = (await api<Array<Record<string, any>>>('/items/sla_policies?filter[code][_eq]=SP4N'))[0]!;
      const units = await api<Array<Record<string, any>>>('/items/agencies?limit=-1&filter[kind][_eq]=opd&fields=code,name,short_name,active');
      const { current, previous } = rankingWindows(DAYS, now, settings['timezone']);
      const counts = await api<Array<{ agency: string; count: { id: number } }>>(
        `/items/assignments?aggregate[count]=id&groupBy[]=agency&filter[assigned_at][_gte]=${current.from.toISOString()}&filter[assigned_at][_lt]=${current.to.toISOString()}`,
      );
      // Paged by id: one request for all rows makes Directus bind one parameter per
      // nested complaint, beyond Postgres's 65,535.
      const paged = async (filter: string) => {
        const out: RankingAssignmentRow[] = [];
        for (let lastId = 0; ; ) {
          const page = await api<Array<Record<string, any>>>(`/items/assignments?fields=${FIELDS}&sort=id&limit=${PAGE}&${filter}&filter[id][_gt]=${lastId}`);
          for (const p of page) out.push(RankingAssignmentRow.parse(p));
          if (page.length < PAGE) return out;
          lastId = Number(page[page.length - 1]!['id']);
        }
      };
      const rows = await paged(`filter[assigned_at][_gte]=${previous.from.toISOString()}`);
      const open = await paged('filter[active][_eq]=true&filter[returned_at][_null]=true&filter[complaint][status][_in]=received,needs_info,verified,dispositioned,in_progress');
      const calendar = makeCalendar(settings['timezone'], holidays.map((h) => String(h.date).slice(0, 10)));
      const ctx = { calendar, graceDays: Number(policy['return_grace_days']), now };
      const cur = tallyAssignments(rows, current, ctx);
      for (const c of counts) if ((cur.get(c.agency)?.assigned ?? 0) !== Number(c.count.id)) throw new Error(`REST count differs for ${c.agency}`);
      const ranking = rankUnits(
        units.filter((u) => u['active'] || cur.has(u['code'])).map((u) => ({ code: u['code'], name: u['name'], short_name: u['short_name'] ?? null })),
        cur, tallyAssignments(rows, previous, { ...ctx, asOf: previous.to }), overdueNow(open, now),
        { weights: rankingWeights(settings['ranking_weights']), minVolume: settings['ranking_min_volume'], resolveTargetDays: Number(policy['resolve_days']) },
      );
      return { ms: performance.now() - t, ranking, rows: rows.length };
    };
    const restTimes: number[] = [];
    let rest: Awaited<ReturnType<typeof viaRest>> | undefined;
    for (let i = 0; i < REST_RUNS; i++) {
      rest = await viaRest();
      restTimes.push(rest.ms);
    }
    const same =
      !!last && !!rest &&
      JSON.stringify(last.ranked.map((r) => [r.unit.code, r.score])) === JSON.stringify(rest.ranking.ranked.map((r) => [r.unit.code, r.score]));

    const p50 = pct(times, 50);
    const p95 = pct(times, 95);
    const r50 = pct(restTimes, 50);
    const r95 = pct(restTimes, 95);
    console.log('');
    console.log(`ranking over ${w.complaints.toLocaleString('en')} reports, ${DAYS}-day window + previous window, Postgres, Directus 11.17 (no cache)`);
    console.log('| route | runs | p50 | p95 |');
    console.log('|---|---|---|---|');
    console.log(`| GET /kanal-aduan/ranking?fresh=1 (SQL aggregate every time, as the Bupati) | ${RUNS} | ${ms(p50)} | ${ms(p95)} |`);
    console.log(`| GET /kanal-aduan/ranking (one-minute memo, what the dashboard gets) | ${RUNS} | ${ms(pct(warm, 50))} | ${ms(pct(warm, 95))} |`);
    console.log(`| Directus REST (aggregate/groupBy + rows, core tally), as admin | ${REST_RUNS} | ${ms(r50)} | ${ms(r95)} |`);
    console.log(`speed-up of the SQL aggregate: p50 ${(r50 / p50).toFixed(1)}x, p95 ${(r95 / p95).toFixed(1)}x; REST read ${rest?.rows.toLocaleString('en')} assignment rows per run`);
    console.log(`same ranking (order and scores): ${same ? 'yes' : 'NO'}`);
    console.log(`targets (SQL aggregate, no memo): p95 < 200 ms ${p95 < 200 ? 'met' : 'NOT met'}; >= 10x faster ${r95 / p95 >= 10 ? 'met' : 'NOT met'}`);
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);
    if (!same) process.exitCode = 1;
  } finally {
    await knex.destroy();
    await directus?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (!values.keep && !reuse) {
      const c = new pg.Client({ ...PG, database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    } else log(`kept database ${db} (drop it with: psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE ${db}')`);
  }
}

await main();
