// SLA scan benchmark. Not part of `npm test`:
//
//   npx tsx bench/sla-scan/run.ts [rows=1000000] [--snapshot] [--keep] [--db <name>]
//
// Starts a throw-away Directus on a fresh Postgres database (schema + seeds as
// the launcher applies them, which creates the scan's stage indexes), fills it
// with `rows` demo reports through the seeds' knex writer (realistic spread of
// stages and due dates), then times the n8n node's scan queries (its own
// filters, one per stage and status, as Directus turns them into SQL and
// through Directus REST) beside a baseline measured in the same run: one plain
// pass over the table, and the scan as it was before the stage indexes (one
// `status IN (...)` query per stage, status index only). Each figure carries
// the 1-minute load average while it was measured. Prints the plans.
// `--snapshot` also rewrites schema/snapshot.json from this fresh apply.
// Stops Directus and drops the database at the end (`--keep` leaves it for
// `--db <name>` reruns, which skip the writing).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { DEADLINE_STAGES, escalationPolicies, makeCalendar, planReminders, scanHorizon, STAGE_RULES } from '@kanal-aduan/core';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { loadSecrets, ROOT, type StackConfig } from '../../scripts/stack/config.ts';
import { startDirectus } from '../../scripts/stack/directus.ts';
import { bootstrapDirectus } from '../../scripts/stack/stack.ts';
import { writeDemoWithKnex } from '../../seeds/src/demo/write-knex.ts';
import { scanIndexes } from '../../extensions/kanal-aduan/src/reminders/scan-indexes.ts';
import { SCAN_FIELDS, stageFilters } from '../../workflows/nodes/nodes/KanalAduan/sla/scan-context.ts';

const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const wantSnapshot = process.argv.includes('--snapshot');
// `--keep` leaves the database (name printed) for `--db <name>` reruns, which skip writing.
const keep = process.argv.includes('--keep');
const reuse = (() => {
  const i = process.argv.indexOf('--db');
  return i > 0 ? process.argv[i + 1] : undefined;
})();
const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres' };
const log = (m: string) => console.log(m);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const RUNS = 7;
type Timed = { ms: number; load: number; result: unknown };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
class RolledBack extends Error {}

/** Median of `n` runs (after one warm-up), in ms, with the mean 1-minute load average while they ran. */
async function time(n: number, f: () => Promise<unknown>): Promise<Timed> {
  let result = await f();
  const samples: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    result = await f();
    samples.push(performance.now() - t);
    loads.push(os.loadavg()[0]!);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, load: mean(loads), result };
}

type Filter = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A node filter as Directus turns it into SQL for these operators (knex: where / whereIn / whereNull, values bound). */
function directusQuery(knex: Knex, filter: Filter) {
  const q = knex('complaints').select(SCAN_FIELDS);
  const apply = (f: Filter) => {
    if (f._and) return (f._and as Filter[]).forEach(apply);
    const [column, op] = Object.entries(f)[0] as [string, Filter];
    const [kind, value] = Object.entries(op)[0]!;
    if (kind === '_eq') q.where(column, value);
    else if (kind === '_in') q.whereIn(column, value);
    else if (kind === '_lte') q.where(column, '<=', value);
    else if (kind === '_null' && value === true) q.whereNull(column);
    else throw new Error(`operator not mapped in the bench: ${kind}`);
  };
  apply(filter);
  return q;
}

/**
 * The database's share: median Execution Time of EXPLAIN (ANALYZE, TIMING OFF) over `n` runs (after a
 * warm-up). The whole plan runs and every column is produced, but no row is sent to the client, so
 * this is what the indexes change; the client's time adds turning each row into a JS object.
 */
async function dbTime(knex: Knex, sql: { sql: string; bindings: readonly unknown[] }, n = RUNS): Promise<number> {
  const once = async () => {
    const out = await knex.raw(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql.sql}`, sql.bindings as never);
    return Number((out.rows[0]['QUERY PLAN'] as Array<{ 'Execution Time': number }>)[0]!['Execution Time']);
  };
  await once();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await once());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function planOf(knex: Knex, q: Knex.QueryBuilder): Promise<string> {
  const sql = q.toSQL();
  return ((await knex.raw(`EXPLAIN ${sql.sql}`, sql.bindings as never)).rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
}
const firstLine = (plan: string) => plan.split('\n')[0]!.replace(/\s+\(cost=.*$/, '').trim();

async function main() {
  const run = reuse ?? `kanal_bench_${Date.now().toString(36)}`;
  if (!reuse) {
    const admin = new pg.Client({ ...PG, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${run}`);
    await admin.end();
  }
  const dataDir = mkdtempSync(join(os.tmpdir(), 'kanal-bench-'));
  const cfg: StackConfig = {
    dataDir,
    db: { client: 'pg', ...PG, directusDb: run, n8nDb: `${run}_unused` },
    host: '127.0.0.1',
    ports: { directus: await freePort(), n8n: await freePort(), sim: await freePort() },
    regencyCode: '16.02',
    timezone: 'Asia/Jakarta',
    secrets: loadSecrets(dataDir, {}),
    log: (m) => log(`[stack] ${m}`),
  };
  const url = `http://${cfg.host}:${cfg.ports.directus}`;
  let directus: { stop(): Promise<void> } | undefined;
  const knex = knexFactory({ client: 'pg', connection: { ...PG, database: run }, pool: { min: 1, max: 4 } });
  try {
    // A kept database knows another run's admin token: give its admin this run's.
    if (reuse) await knex('directus_users').where('email', cfg.secrets.adminEmail).update({ token: cfg.secrets.adminToken });
    directus = await startDirectus(cfg);
    await bootstrapDirectus({
      url, token: cfg.secrets.adminToken, regencyCode: cfg.regencyCode, timezone: cfg.timezone,
      demoPassword: cfg.secrets.demoPassword, serviceToken: cfg.secrets.serviceToken, log: cfg.log,
    });
    if (wantSnapshot) {
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'schema/src/cli.ts'), 'snapshot'], {
        cwd: ROOT, stdio: 'inherit', env: { ...process.env, KANAL_DIRECTUS_URL: url, KANAL_DIRECTUS_TOKEN: cfg.secrets.adminToken },
      });
    }

    const now = new Date();
    if (!reuse) {
    log(`\nwriting ${rows.toLocaleString('en')} demo reports (seeds' knex writer)…`);
    // The writer makes full reports with history (~7 rows each): 1M takes ~30 min on 2 shared cores.
    // The scan reads only `complaints`, so beyond 100k the generated reports are cloned in SQL
    // (new id and ticket, same stage/due-date spread).
    const generated = Math.min(rows, 100_000);
    const written = await writeDemoWithKnex(knex, generated, { batch: 5000, seed: 42, now, log: () => {} });
    log(`  ${written.complaints.toLocaleString('en')} reports, ${written.updates.toLocaleString('en')} history rows in ${(written.ms / 1000).toFixed(1)} s`);
    if (rows > generated) {
      const t0 = Date.now();
      const cols = (await knex('information_schema.columns').where({ table_name: 'complaints', table_schema: 'public' }).select('column_name'))
        .map((c) => String(c.column_name)).filter((c) => c !== 'id' && c !== 'ticket');
      const list = cols.map((c) => `"${c}"`).join(', ');
      const copies = Math.ceil(rows / generated) - 1;
      await knex.raw(
        `INSERT INTO complaints (ticket, ${list}) SELECT c.ticket || '-' || k, ${cols.map((x) => `c."${x}"`).join(', ')}
         FROM generate_series(1, ${copies}) k CROSS JOIN (SELECT * FROM complaints ORDER BY id LIMIT ${generated}) c
         ORDER BY k, c.id LIMIT ${rows - generated}`,
      );
      log(`  cloned to ${(await knex('complaints').count({ n: '*' }).first())?.n} reports in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await knex.raw('VACUUM ANALYZE');
    }

    const spread = (await knex('complaints').select('status').count({ n: '*' }).groupBy('status').orderBy('status')) as Array<{ status: string; n: string }>;
    log(`  by status: ${spread.map((r) => `${r.status} ${Number(r.n).toLocaleString('en')}`).join(', ')}`);

    // The stage indexes must come from the schema apply (the bootstrap above), not from this script.
    const wantedIndexes = scanIndexes();
    const sizes = new Map(
      ((await knex.raw(`SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'complaints'::regclass AND x.indisvalid`)).rows as Array<{ name: string; bytes: string }>)
        .map((r) => [r.name, Number(r.bytes)]),
    );
    const missing = wantedIndexes.filter((i) => !sizes.has(i.name));
    if (missing.length) throw new Error(`the schema apply did not create ${missing.map((i) => i.name).join(', ')}`);
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    log(`  stage indexes (schema apply): ${wantedIndexes.map((i) => `${i.name} ${mb(sizes.get(i.name)!)}`).join(', ')}; status index ${mb(sizes.get('complaints_status_index') ?? 0)}`);

    // As the node does: each category's policy (categories.sla_policy), SP4N for the rest.
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    const policyRows = (await knex('sla_policies').select('code', 'escalation')) as Array<{ code: string; escalation: unknown }>;
    const byCode = new Map(policyRows.map((p) => [p.code, json(p.escalation)]));
    const categoryRows = (await knex('categories').whereNotNull('sla_policy').select('code', 'sla_policy')) as Array<{ code: string; sla_policy: string }>;
    const escalation = escalationPolicies(
      byCode.get('SP4N'),
      Object.fromEntries(categoryRows.filter((c) => byCode.has(c.sla_policy)).map((c) => [c.code, byCode.get(c.sla_policy)])),
    );
    const holidays = (await knex('holidays').select('date')).map((h) => String(h.date).slice(0, 10));
    const cal = makeCalendar('Asia/Jakarta', holidays);
    const stages = DEADLINE_STAGES.filter((s) => scanHorizon(escalation, s, now, cal) !== null);
    const horizons = new Map(stages.map((s) => [s, scanHorizon(escalation, s, now, cal)!]));

    // The node's own filters (one per stage and status), run as Directus runs them.
    const scanQueries = stages.flatMap((stage) =>
      stageFilters(stage, horizons.get(stage)!).map((filter) => {
        const status = ((filter as Filter)._and as Filter[])[0]!.status._eq as string;
        return { stage, status, filter: filter as Filter, index: wantedIndexes.find((i) => i.status === status && i.due === STAGE_RULES[stage].due)!.name };
      }),
    );

    log(`\nscan at ${now.toISOString()} over ${rows.toLocaleString('en')} reports (median of ${RUNS} runs each; load = 1-min load average while measured)\n`);
    const pad = (x: string, n: number) => x.padEnd(n);
    const line = (name: string, n: number | string, dbMs: number | null, t: Timed | null, extra = '') =>
      log(`${pad(name, 58)} ${pad(String(n), 9)} ${pad(dbMs === null ? '-' : dbMs.toFixed(1), 12)} ${pad(t ? t.ms.toFixed(1) : '-', 12)} ${pad((t?.load ?? os.loadavg()[0]!).toFixed(1), 6)} ${extra}`);
    log(`${pad('query', 58)} ${pad('rows', 9)} ${pad('database ms', 12)} ${pad('client ms', 12)} ${pad('load', 6)} plan`);

    let scanMs = 0;
    let scanDb = 0;
    const scanLoad: number[] = [];
    const fetchedById = new Map<number, Record<string, unknown>>();
    for (const sq of scanQueries) {
      const t = await time(RUNS, () => directusQuery(knex, sq.filter));
      const rowsOut = t.result as Record<string, unknown>[];
      for (const r of rowsOut) fetchedById.set(Number(r.id), r);
      const db = await dbTime(knex, directusQuery(knex, sq.filter).toSQL());
      const plan = await planOf(knex, directusQuery(knex, sq.filter));
      const used = /(?:Index|Index Only|Bitmap Index) Scan (?:on|using) (\w+)/.exec(plan)?.[1] ?? firstLine(plan);
      line(`${sq.stage}: status = ${sq.status}, ${STAGE_RULES[sq.stage].due} <= horizon`, rowsOut.length, db, t, used === sq.index ? `on ${used}` : `on ${used} (not its stage index)`);
      scanMs += t.ms;
      scanDb += db;
      scanLoad.push(t.load);
    }
    const scan: Timed = { ms: scanMs, load: mean(scanLoad), result: null };
    line('scan queries, total (per status, stage indexes)', fetchedById.size, scanDb, scan);

    // Before: one query per stage with `status IN (...)`, and no stage indexes (dropped inside a
    // transaction that is rolled back), i.e. the status index and a filter on the due date.
    let beforeMs = 0;
    let beforeDb = 0;
    const beforeLoad: number[] = [];
    let beforeRows = 0;
    await knex
      .transaction(async (trx) => {
        for (const i of wantedIndexes) await trx.raw(`DROP INDEX "${i.name}"`);
        for (const stage of stages) {
          const rule = STAGE_RULES[stage];
          const filter: Filter = { _and: [{ status: { _in: [...rule.statuses] } }, { [rule.due]: { _lte: horizons.get(stage)!.toISOString() } }, ...(rule.endedBy ? [{ [rule.endedBy]: { _null: true } }] : [])] };
          const t = await time(RUNS, () => directusQuery(trx, filter));
          beforeDb += await dbTime(trx, directusQuery(trx, filter).toSQL());
          beforeRows += (t.result as unknown[]).length;
          beforeMs += t.ms;
          beforeLoad.push(t.load);
        }
        throw new RolledBack();
      })
      .catch((e) => {
        if (!(e instanceof RolledBack)) throw e;
      });
    line('before: per stage (status IN), status index only', beforeRows, beforeDb, { ms: beforeMs, load: mean(beforeLoad), result: null });

    const plainSql = { sql: 'SELECT count(*) FROM complaints WHERE description IS NOT NULL', bindings: [] };
    const plain = await time(3, () => knex.raw(plainSql.sql));
    const plainDb = await dbTime(knex, plainSql, 3);
    line('baseline: plain pass over complaints (one row out)', rows, plainDb, plain);
    log(`database: scan / plain pass = ${(scanDb / plainDb).toFixed(3)}, before / plain pass = ${(beforeDb / plainDb).toFixed(2)}; client: scan / plain pass = ${(scan.ms / plain.ms).toFixed(2)}, before / plain pass = ${(beforeMs / plain.ms).toFixed(2)}`);
    log(`target < 50 ms for the scan queries: database ${scanDb.toFixed(1)} ms ${scanDb < 50 ? 'met' : 'NOT met'}; client (rows into JS objects) ${scan.ms.toFixed(1)} ms ${scan.ms < 50 ? 'met' : 'NOT met'}`);

    // What the n8n node actually does: the same filters through Directus REST.
    const rest = await time(3, async () => {
      const ids = new Set<number>();
      for (const sq of scanQueries) {
        const qs = new URLSearchParams({ filter: JSON.stringify(sq.filter), fields: SCAN_FIELDS.join(','), limit: '-1' });
        const res = await fetch(`${url}/items/complaints?${qs}`, { headers: { authorization: `Bearer ${cfg.secrets.adminToken}` } });
        const body = (await res.json()) as { data?: Array<{ id: number }>; errors?: unknown };
        if (!body.data) throw new Error(`Directus ${res.status}: ${JSON.stringify(body.errors)}`);
        for (const r of body.data) ids.add(r.id);
      }
      return ids.size;
    }).catch((e: Error) => (log(`Directus REST failed: ${e.message}`), null));
    if (rest) line(`Directus REST, the node's ${scanQueries.length} filters`, String(rest.result), null, rest);

    // The pure decision over what the queries returned.
    const fetched = [...fetchedById.values()];
    const plan = await time(3, async () =>
      planReminders({
        items: fetched.map((r) => ({ ...r, verify_due: iso(r.verify_due), respond_due: iso(r.respond_due), resolve_due: iso(r.resolve_due), first_response_at: iso(r.first_response_at) })) as never,
        escalation, calendar: cal, now, alreadySent: new Set(),
        directory: { verifikator: [{ id: 'v', name: 'V', wa_phone: '+6281100000001', locale: 'id' }], pimpinan: [], agencies: {} },
      }),
    );
    line(`core planReminders over the ${fetched.length} reports`, fetched.length, null, plan);
    log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);

    log('\nEXPLAIN (ANALYZE, BUFFERS) of each scan query:');
    for (const sq of scanQueries) {
      const sql = directusQuery(knex, sq.filter).toSQL();
      log(`\n-- ${sq.stage}, ${sq.status}`);
      const out = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.sql}`, sql.bindings as never);
      for (const r of out.rows as { 'QUERY PLAN': string }[]) log(`   ${r['QUERY PLAN']}`);
    }
  } finally {
    await knex.destroy().catch(() => undefined);
    await directus?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    if (keep || reuse) log(`\ndatabase kept: ${run} (rerun with --db ${run}; drop it with DROP DATABASE ${run})`);
    else {
      const c = new pg.Client({ ...PG, database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${run} WITH (FORCE)`);
      await c.end();
    }
  }
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
