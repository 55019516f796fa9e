// Benchmark of the ranking endpoint on Postgres, beside the same
// ranking computed through Directus's REST API in the same run.
//
//   npx tsx bench/ranking/run.ts [--reports 1000000] [--runs 30] [--rest-runs 3] [--page 20000] [--days 30] [--keep] [--db kanal_bench_x]
//
// --rest-runs 0 measures the endpoint only (a rerun on a quieter machine, with --db).
//
// It creates a throw-away Postgres database, starts a throw-away Directus on it
// (no Redis, so no cache on either side), applies our schema and seeds, writes
// the demo reports straight into Postgres (seeds' writeDemoWithKnex), then
// measures. Needs Postgres on 127.0.0.1:5432 (trust auth) like `npm test`.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  isOpen, makeCalendar, rankingWeights, rankingWindows, rankingView, rankUnits, RankingAssignmentRow, STATUSES, tallyAssignments, type Ranking, type RankingView,
} from '@kanal-aduan/core';
import { writeDemoWithKnex } from '@kanal-aduan/seeds';
import { startScratchDirectus } from '../support/scratch-directus.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    'rest-runs': { type: 'string', default: '3' },
    /** Rows per REST page. */
    page: { type: 'string', default: '20000' },
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
const log = (m: string) => console.log(`[bench] ${m}`);
const PAGE = Number(values.page);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const scratch = await startScratchDirectus({ reuse: values.db, keep: values.keep, log });
  const { url, cfg, knex, reused: reuse, directus } = scratch;
  try {
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

    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bupati@example.com', password: cfg.secrets.demoPassword }) });
    const bupati = ((await login.json()) as { data: { access_token: string } }).data.access_token;

    // Load average beside each figure: the machine is shared, so a figure means little without it.
    const load = () => os.loadavg()[0]!;
    const loadOf = (xs: number[]) => `${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} (max ${Math.max(...xs).toFixed(1)})`;

    // Every GET of both routes. Directus (Node's http server) closes a kept-alive connection
    // after 5 s without a request (SERVER_KEEP_ALIVE_TIMEOUT). fetch keeps the connection for
    // reuse; when this process was busy for longer than that (the REST route's tally of
    // 460k rows takes seconds on a loaded machine), its next request goes out on a socket
    // Directus has already closed and fails with "other side closed" (UND_ERR_SOCKET) without
    // reaching Directus. That request is idempotent and was never processed, so it is sent
    // again once, and every such retry is printed. Anything else fails the run.
    let bytes = 0;
    let requests = 0;
    let retried = 0;
    let lastEnd = 0;
    let maxGap = 0;
    const get = async <T>(path: string, token: string): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const t = performance.now();
        // Time since the previous response ended: this process's own work, while its connection idles.
        const gap = lastEnd ? t - lastEnd : 0;
        maxGap = Math.max(maxGap, gap);
        try {
          requests += 1;
          const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
          const text = await r.text();
          lastEnd = performance.now();
          bytes += text.length;
          if (!r.ok) throw new Error(`HTTP ${r.status} ${text.slice(0, 500)}`);
          return (JSON.parse(text) as { data: T }).data;
        } catch (e) {
          const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
          const running = directus?.child.exitCode === null && directus?.child.signalCode === null;
          if (attempt === 1 && running && (cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET')) {
            retried += 1;
            process.stdout.write('\n');
            log(`${path.slice(0, 60)}…: ${cause.code} "${cause.message}" ${(performance.now() - t).toFixed(0)} ms after sending, ${(gap / 1000).toFixed(1)} s after the previous response ended; Directus still running; sending it again`);
            lastEnd = 0;
            continue;
          }
          throw new Error(
            `${path.slice(0, 160)}: ${(e as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''} after ${(performance.now() - t).toFixed(0)} ms, ` +
              `${(gap / 1000).toFixed(1)} s after the previous response; ${(bytes / 1e6).toFixed(0)} MB read so far; Directus ${running ? 'still running' : 'gone'}`,
          );
        }
      }
    };

    // 1. Our endpoint, as the Bupati.
    type EndpointRanking = RankingView & { generated_at: string; level: string };
    const endpoint = async (level: string, fresh = true) => {
      const t = performance.now();
      const body = await get<EndpointRanking>(`/kanal-aduan/ranking?level=${level}&days=${DAYS}${fresh ? '&fresh=1' : ''}`, bupati);
      return { ms: performance.now() - t, body };
    };
    for (let i = 0; i < 3; i++) await endpoint('opd');
    const times: number[] = [];
    const timesLoad: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      times.push((await endpoint(i % 2 ? 'kecamatan' : 'opd')).ms);
      timesLoad.push(load());
    }
    // As the dashboard really asks: both panels within the minute share one aggregate (the memo).
    const warm: number[] = [];
    const warmLoad: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      warm.push((await endpoint(i % 2 ? 'kecamatan' : 'opd', false)).ms);
      warmLoad.push(load());
    }
    const p50 = pct(times, 50);
    const p95 = pct(times, 95);
    log(`endpoint: fresh p50 ${ms(p50)} p95 ${ms(p95)} (load ${loadOf(timesLoad)}); memo p50 ${ms(pct(warm, 50))} p95 ${ms(pct(warm, 95))} (load ${loadOf(warmLoad)})`);

    // 2. The same ranking through Directus REST as the admin (no permission filters, no cache),
    //    as a developer without our endpoint would build it:
    //    - aggregate/groupBy for what is a plain count: reports assigned per agency and
    //      window, and overdue now (a relational filter on the report's status and deadline);
    //    - everything else needs each assignment's timestamps (working days, medians, the
    //      respond deadline compared with the response, returns within the grace), which no
    //      filter or aggregate can express: those rows are read with only the fields the
    //      tally uses, paged by id, and tallied with core (the reference definition).
    const rss = () => {
      try {
        return /VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${directus!.child.pid}/status`, 'utf8'))![1]!.replace(/\d{3}$/, '') + ' MB';
      } catch {
        return '?';
      }
    };
    const api = <T>(path: string) => get<T>(path, cfg.secrets.adminToken);
    const filter = (f: unknown) => `filter=${encodeURIComponent(JSON.stringify(f))}`;
    const countBy = async (f: unknown) => {
      const groups = await api<Array<{ agency: string; count: { id: number | string } }>>(`/items/assignments?aggregate[count]=id&groupBy[]=agency&${filter(f)}`);
      return new Map(groups.map((g) => [g.agency, Number(g.count.id)]));
    };
    // What the tally reads (RankingAssignmentRow without complaint.resolve_due, which only overdue needs).
    const FIELDS = 'id,agency,assigned_at,respond_due,accepted_at,first_response_at,returned_at,resolved_at,active,complaint.status,complaint.status_reason,complaint.satisfaction,complaint.reopen_count,complaint.resolved_at';
    const OPEN = STATUSES.filter((s) => isOpen(s));
    const viaRest = async (now: Date) => {
      const t = performance.now();
      const [b0, q0] = [bytes, requests];
      const settings = await api<Record<string, any>>('/items/settings');
      const holidays = await api<Array<{ date: string }>>('/items/holidays?limit=-1&fields=date');
      const policy = (await api<Array<Record<string, any>>>('/items/sla_policies?filter[code][_eq]=SP4N'))[0]!;
      const agencies = await api<Array<Record<string, any>>>('/items/agencies?limit=-1&fields=code,name,short_name,kind,active');
      const { current, previous } = rankingWindows(DAYS, now, settings['timezone']);
      const inWindow = (w: { from: Date; to: Date }) => ({ assigned_at: { _gte: w.from.toISOString(), _lt: w.to.toISOString() } });
      const assignedNow = await countBy(inWindow(current));
      const assignedBefore = await countBy(inWindow(previous));
      const iso = now.toISOString();
      const overdue = await countBy({
        _and: [
          { active: { _eq: true } },
          { returned_at: { _null: true } },
          { complaint: { status: { _in: OPEN } } },
          { _or: [{ _and: [{ first_response_at: { _null: true } }, { accepted_at: { _null: true } }, { respond_due: { _lt: iso } }] }, { complaint: { resolve_due: { _lt: iso } } }] },
        ],
      });
      // Paged by id (keyset): one request for all rows makes Directus bind one parameter
      // per nested complaint, beyond Postgres's 65,535.
      const rows: RankingAssignmentRow[] = [];
      for (let lastId = 0; ; ) {
        const page = await api<Array<Record<string, any>>>(
          `/items/assignments?fields=${FIELDS}&sort=id&limit=${PAGE}&${filter({ _and: [{ assigned_at: { _gte: previous.from.toISOString(), _lt: current.to.toISOString() } }, { id: { _gt: lastId } }] })}`,
        );
        for (const p of page) rows.push(RankingAssignmentRow.parse(p));
        process.stdout.write(`\r[bench]   REST: ${rows.length.toLocaleString('en')} rows, ${((bytes - b0) / 1e6).toFixed(0)} MB in ${requests - q0} requests, ${((performance.now() - t) / 1000).toFixed(0)} s, Directus RSS ${rss()}        `);
        if (page.length < PAGE) break;
        lastId = Number(page[page.length - 1]!['id']);
      }
      process.stdout.write('\n');
      const calendar = makeCalendar(settings['timezone'], holidays.map((h) => String(h.date).slice(0, 10)));
      const ctx = { calendar, graceDays: Number(policy['return_grace_days']), now };
      const tallyStart = performance.now();
      const cur = tallyAssignments(rows, current, ctx);
      const prev = tallyAssignments(rows, previous, { ...ctx, asOf: previous.to });
      const tallyMs = performance.now() - tallyStart;
      // The rows read must be exactly what groupBy counted.
      for (const [tally, counted, name] of [[cur, assignedNow, 'current'], [prev, assignedBefore, 'previous']] as const) {
        for (const code of new Set([...tally.keys(), ...counted.keys()])) {
          if ((tally.get(code)?.assigned ?? 0) !== (counted.get(code) ?? 0)) throw new Error(`REST: ${name} window, ${code}: ${tally.get(code)?.assigned ?? 0} rows read, groupBy counted ${counted.get(code) ?? 0}`);
        }
      }
      const rank = (level: string) =>
        rankUnits(
          agencies.filter((u) => u['kind'] === level && (u['active'] || cur.has(u['code']))).map((u) => ({ code: u['code'], name: u['name'], short_name: u['short_name'] ?? null })),
          cur, prev, overdue,
          { weights: rankingWeights(settings['ranking_weights']), minVolume: settings['ranking_min_volume'], resolveTargetDays: Number(policy['resolve_days']) },
        );
      const opd = rank('opd');
      const kecamatan = rank('kecamatan');
      return { ms: performance.now() - t, opd, kecamatan, rows: rows.length, tallyMs, bytes: bytes - b0, requests: requests - q0 };
    };

    // Both routes at the same instant: the REST route is computed "as of" the endpoint's
    // generated_at (the endpoint's windows end at the start of the current minute), so a
    // deadline passing between the two calls cannot make them differ.
    const restTimes: number[] = [];
    const restLoad: number[] = [];
    let rest: Awaited<ReturnType<typeof viaRest>> | undefined;
    let ref: { opd: EndpointRanking; kecamatan: EndpointRanking } | undefined;
    for (let i = 0; i < REST_RUNS; i++) {
      let opd: EndpointRanking;
      let kecamatan: EndpointRanking;
      do {
        opd = (await endpoint('opd')).body;
        kecamatan = (await endpoint('kecamatan')).body;
      } while (opd.generated_at !== kecamatan.generated_at);
      ref = { opd, kecamatan };
      rest = await viaRest(new Date(opd.generated_at));
      restTimes.push(rest.ms);
      restLoad.push(load());
      log(`REST run ${i + 1}/${REST_RUNS}: ${ms(rest.ms)}, of which core's tally of the rows ${ms(rest.tallyMs)} (load ${load().toFixed(1)})`);
    }
    // The whole ranking, not only the order: rank, score, every component and figure, the
    // trend, weights and minimum volume. The REST ranking goes through core's rankingView as
    // the endpoint's does for the Bupati (full view); keys are compared sorted.
    const canonical = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
    const viewOf = (r: Ranking | RankingView) => {
      const { ranked, insufficient, weights, min_volume } = 'generated_at' in r ? (r as RankingView) : rankingView(r as Ranking, { kind: 'full' });
      return { ranked, insufficient, weights, min_volume };
    };
    const firstDifference = (a: Ranking | RankingView, b: Ranking | RankingView) => {
      const [va, vb] = [viewOf(a), viewOf(b)];
      const rowsA = [...va.ranked, ...va.insufficient];
      const rowsB = [...vb.ranked, ...vb.insufficient];
      for (let i = 0; i < Math.max(rowsA.length, rowsB.length); i++) {
        const [x, y] = [JSON.stringify(canonical(rowsA[i])), JSON.stringify(canonical(rowsB[i]))];
        if (x !== y) return `row ${i + 1}: endpoint ${x} vs REST ${y}`;
      }
      return `weights or minimum volume: endpoint ${JSON.stringify(canonical([va.weights, va.min_volume]))} vs REST ${JSON.stringify(canonical([vb.weights, vb.min_volume]))}`;
    };
    const equal = (a: Ranking | RankingView, b: Ranking | RankingView) => JSON.stringify(canonical(viewOf(a))) === JSON.stringify(canonical(viewOf(b)));
    const same = { opd: !!ref && !!rest && equal(ref.opd, rest.opd), kecamatan: !!ref && !!rest && equal(ref.kecamatan, rest.kecamatan) };

    console.log('');
    console.log(`ranking over ${w.complaints.toLocaleString('en')} reports, ${DAYS}-day window + previous window, Postgres, Directus 11.17 (no cache), load = 1-min load average while measured: mean (max)`);
    console.log('| route | runs | p50 | p95 | load |');
    console.log('|---|---|---|---|---|');
    console.log(`| GET /kanal-aduan/ranking?fresh=1 (SQL aggregate every time, as the Bupati) | ${RUNS} | ${ms(p50)} | ${ms(p95)} | ${loadOf(timesLoad)} |`);
    console.log(`| GET /kanal-aduan/ranking (one-minute memo, what the dashboard gets) | ${RUNS} | ${ms(pct(warm, 50))} | ${ms(pct(warm, 95))} | ${loadOf(warmLoad)} |`);
    if (rest && ref) {
      const r50 = pct(restTimes, 50);
      const r95 = pct(restTimes, 95);
      console.log(`| Directus REST (aggregate/groupBy counts + paged rows, core tally), as admin | ${REST_RUNS} | ${ms(r50)} | ${ms(r95)} | ${loadOf(restLoad)} |`);
      console.log(`REST vs endpoint (fresh): p50 ${(r50 / p50).toFixed(1)}x, p95 ${(r95 / p95).toFixed(1)}x slower; REST read ${rest.rows.toLocaleString('en')} assignment rows, ${(rest.bytes / 1e6).toFixed(0)} MB in ${rest.requests} requests per run${retried ? `; ${retried} request(s) sent again after Directus closed an idle connection` : ''}`);
      for (const level of ['opd', 'kecamatan'] as const) {
        console.log(`same ranking, ${level} (every row: rank, score, components, figures, trend): ${same[level] ? 'yes' : `NO — first difference at ${firstDifference(ref[level], rest[level])}`}`);
      }
      console.log(`targets (SQL aggregate, no memo): p95 < 200 ms ${p95 < 200 ? 'met' : 'NOT met'}; >= 10x faster than REST ${r95 / p95 >= 10 ? 'met' : 'NOT met'}`);
    } else console.log(`targets (SQL aggregate, no memo): p95 < 200 ms ${p95 < 200 ? 'met' : 'NOT met'}; REST route not run (--rest-runs 0)`);
    if (rest) console.log(`REST client: longest pause between a response and the next request ${ms(maxGap)} (Directus closes a connection idle for 5 s)`);
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);
    const allSame = REST_RUNS === 0 || (same.opd && same.kecamatan);
    if (!allSame) process.exitCode = 1;
  } finally {
    await scratch.stop();
  }
}

await main();
