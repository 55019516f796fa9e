// SLA scan benchmark (issue 5). Not part of `npm test`:
//
//   npx tsx bench/sla-scan/run.ts [rows=1000000] [--snapshot]
//
// Starts a throw-away Directus on a fresh Postgres database (schema + seeds as
// the launcher applies them), fills it with `rows` demo reports through the
// seeds' knex writer (realistic spread of stages and due dates), then times the
// scan's per-stage queries — as SQL and through Directus REST, the way the n8n
// node runs them — beside a baseline in the same run: the same queries with
// index scans switched off, and one plain pass over the table. Prints EXPLAIN
// plans. `--snapshot` also rewrites schema/snapshot.json from this fresh apply.
// Stops Directus and drops the database at the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escalationPolicies, makeCalendar, planReminders, scanHorizon, STAGE_RULES, type ReminderStage } from '@kanal-aduan/core';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { loadSecrets, ROOT, type StackConfig } from '../../scripts/stack/config.ts';
import { startDirectus } from '../../scripts/stack/directus.ts';
import { bootstrapDirectus } from '../../scripts/stack/stack.ts';
import { writeDemoWithKnex } from '../../seeds/src/demo/write-knex.ts';

const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const wantSnapshot = process.argv.includes('--snapshot');
const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres' };
const log = (m: string) => console.log(m);
const SCAN_COLUMNS = ['id', 'ticket', 'status', 'assigned_agency', 'category', 'verify_due', 'respond_due', 'resolve_due', 'first_response_at', 'overdue', 'days_late', 'overdue_stage'];

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

/** Median of `n` runs (after one warm-up), in ms. */
async function time(n: number, f: () => Promise<unknown>): Promise<{ ms: number; result: unknown }> {
  let result = await f();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    result = await f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, result };
}

/** The scan's stage query, as the node's Directus filter means it (status in the stage, due <= horizon). */
function stageQuery(knex: Knex, stage: ReminderStage, horizon: Date) {
  const rule = STAGE_RULES[stage];
  // No ORDER BY: core sorts the digests. Sorting by the due date tempts the planner into walking the
  // due-date index over every closed report (resolve_due is set on most of the table).
  const q = knex('complaints').select(SCAN_COLUMNS).whereIn('status', [...rule.statuses]).where(rule.due, '<=', horizon);
  return stage === 'respond' ? q.whereNull('first_response_at') : q;
}

async function main() {
  const run = `kanal_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ ...PG, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${run}`);
  await admin.end();
  const dataDir = mkdtempSync(join(tmpdir(), 'kanal-bench-'));
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

    log(`\nwriting ${rows.toLocaleString('en')} demo reports (seeds' knex writer)…`);
    const now = new Date();
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
    await knex.raw('ANALYZE');

    const spread = (await knex('complaints').select('status').count({ n: '*' }).groupBy('status').orderBy('status')) as Array<{ status: string; n: string }>;
    log(`  by status: ${spread.map((r) => `${r.status} ${Number(r.n).toLocaleString('en')}`).join(', ')}`);

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
    const stages = (['verify', 'respond', 'resolve'] as const).filter((s) => scanHorizon(escalation, s, now, cal) !== null);

    log(`\nscan at ${now.toISOString()} over ${rows.toLocaleString('en')} reports (median of 5 runs each)\n`);
    const results: Array<[string, number, number, number]> = [];
    let scanTotal = 0;
    let baseTotal = 0;
    let fetched: Record<string, unknown>[] = [];
    for (const stage of stages) {
      const horizon = scanHorizon(escalation, stage, now, cal)!;
      const q = () => stageQuery(knex, stage, horizon);
      const indexed = await time(5, () => q());
      const seq = await time(3, () =>
        knex.transaction(async (trx) => {
          await trx.raw('SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off');
          return stageQuery(trx as unknown as Knex, stage, horizon);
        }),
      );
      const n = (indexed.result as unknown[]).length;
      fetched = fetched.concat(indexed.result as Record<string, unknown>[]);
      results.push([`${stage} (${STAGE_RULES[stage].due} <= horizon)`, n, indexed.ms, seq.ms]);
      scanTotal += indexed.ms;
      baseTotal += seq.ms;
    }
    const plain = await time(3, () => knex.raw('SELECT count(*) FROM complaints WHERE description IS NOT NULL'));

    const pad = (s: string, n: number) => s.padEnd(n);
    log(`${pad('query', 40)} ${pad('rows', 9)} ${pad('indexed ms', 12)} ${pad('no-index ms', 12)} speed-up`);
    for (const [name, n, ms, seqMs] of results) {
      log(`${pad(name, 40)} ${pad(String(n), 9)} ${pad(ms.toFixed(1), 12)} ${pad(seqMs.toFixed(1), 12)} ${(seqMs / ms).toFixed(1)}×`);
    }
    log(`${pad('scan total (all stages)', 40)} ${pad(String(fetched.length), 9)} ${pad(scanTotal.toFixed(1), 12)} ${pad(baseTotal.toFixed(1), 12)} ${(baseTotal / scanTotal).toFixed(1)}×`);
    log(`${pad('baseline: plain pass over complaints', 40)} ${pad(String(rows), 9)} ${pad(plain.ms.toFixed(1), 12)}`);
    log(`scan / plain pass = ${(scanTotal / plain.ms).toFixed(2)}; target < 1000 ms: ${scanTotal < 1000 ? 'met' : 'NOT met'}`);

    // What the n8n node actually does: the same filters through Directus REST.
    const rest = await time(3, async () => {
      let count = 0;
      for (const stage of stages) {
        const horizon = scanHorizon(escalation, stage, now, cal)!;
        const rule = STAGE_RULES[stage];
        const filter = { _and: [{ status: { _in: [...rule.statuses] } }, { [rule.due]: { _lte: horizon.toISOString() } }, ...(stage === 'respond' ? [{ first_response_at: { _null: true } }] : [])] };
        const qs = new URLSearchParams({ filter: JSON.stringify(filter), fields: SCAN_COLUMNS.join(','), limit: '-1' });
        const res = await fetch(`${url}/items/complaints?${qs}`, { headers: { authorization: `Bearer ${cfg.secrets.adminToken}` } });
        const body = (await res.json()) as { data?: unknown[]; errors?: unknown };
        if (!body.data) throw new Error(`Directus ${res.status}: ${JSON.stringify(body.errors)}`);
        count += body.data.length;
      }
      return count;
    }).catch((e: Error) => (log(`Directus REST failed: ${e.message}`), null));
    if (rest) log(`Directus REST, same three filters: ${rest.result} rows in ${rest.ms.toFixed(1)} ms`);

    // The pure decision over what the queries returned.
    const plan = await time(3, async () =>
      planReminders({
        items: fetched.map((r) => ({ ...r, verify_due: iso(r.verify_due), respond_due: iso(r.respond_due), resolve_due: iso(r.resolve_due), first_response_at: iso(r.first_response_at) })) as never,
        escalation, calendar: cal, now, alreadySent: new Set(),
        directory: { verifikator: [{ id: 'v', name: 'V', wa_phone: '+6281100000001', locale: 'id' }], pimpinan: [], agencies: {} },
      }),
    );
    log(`core planReminders over ${fetched.length} rows: ${plan.ms.toFixed(1)} ms`);

    log('\nEXPLAIN (ANALYZE, BUFFERS) of each stage query:');
    for (const stage of stages) {
      const horizon = scanHorizon(escalation, stage, now, cal)!;
      const sql = stageQuery(knex, stage, horizon).toSQL();
      log(`\n-- ${stage}`);
      try {
        const plan = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.sql}`, sql.bindings as never);
        for (const r of plan.rows as { 'QUERY PLAN': string }[]) log(`   ${r['QUERY PLAN']}`);
      } catch (e) {
        log(`   (EXPLAIN failed: ${(e as Error).message})`);
      }
    }
  } finally {
    await knex.destroy().catch(() => undefined);
    await directus?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ ...PG, database: 'postgres' });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${run} WITH (FORCE)`);
    await c.end();
  }
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
