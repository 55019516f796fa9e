// SLA scan benchmark. Not part of `npm test`:
//
//   npx tsx bench/sla-scan/run.ts [rows=1000000] [--snapshot] [--keep] [--db <name>]
//
// Starts a throw-away Directus on a fresh Postgres database (schema + seeds as
// the launcher applies them, which creates the scan's stage indexes), fills it
// with `rows` demo reports through the seeds' knex writer (realistic spread of
// stages and due dates), then records reminders as earlier scans would have
// (every level fired by a day ago, everyone reachable) the way an installation
// from before the reminder marks holds them, and runs the upgrade's backfill of
// the marks. It then times the n8n node's reads as the client sees them (rows
// parsed by node-pg) and in the database:
// - before: its old filters, every report past a step's due date, one query
//   per stage and status, whole rows;
// - after, the first pass in 24 hours: per stage and status the ids of the
//   unmarked and of the marked reports with a level due (each from its own
//   partial index alone), the retryable reminder rows, then the reports those
//   returned, whole, by id (scan-context loadDueItems);
// - after, the next pass 5 minutes later (reminders.json runs every 5 minutes),
//   once the pass of 5 minutes ago claimed through the bundle's claim (rows and
//   marks in one transaction), beside the previous design on the same data
//   (one query per status, whole rows, the marks checked on the row);
// beside a baseline measured in the same run, one plain pass over the table;
// then the same reads through Directus REST (with the reminder rows the node
// loads for what they return) and core's planReminders over each read, which
// must send the same levels. Each figure carries the 1-minute load average
// while it was measured. Prints the plans.
// `--snapshot` also rewrites schema/snapshot.json from this fresh apply.
// Stops Directus and drops the database at the end (`--keep` leaves it for
// `--db <name>` reruns, which skip the writing; reminders and marks are
// recorded anew on each run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import {
  claimBatches as claimPlan, DEADLINE_STAGES, DEADLINE_STATUSES, DEFAULT_RETRY, escalationPolicies, makeCalendar, markGroups, planReminders,
  REMINDER_MARK_FIELD, scanHorizon, ScanItem, settledKeys, STAGE_RULES, type Directory, type ReminderRecord, type RetryRule,
} from '@kanal-aduan/core';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { loadSecrets, ROOT, type StackConfig } from '../../scripts/stack/config.ts';
import { startDirectus } from '../../scripts/stack/directus.ts';
import { bootstrapDirectus } from '../../scripts/stack/stack.ts';
import { writeDemoWithKnex } from '../../seeds/src/demo/write-knex.ts';
import { claimBatches as claimInDatabase, ClaimBody } from '../../extensions/kanal-aduan/src/reminders/claim.ts';
import { backfillReminderMarks } from '../../extensions/kanal-aduan/src/reminders/marks-backfill.ts';
import { scanIndexes } from '../../extensions/kanal-aduan/src/reminders/scan-indexes.ts';
import { ID_CHUNK, markFilters, retryFilter, SCAN_FIELDS, stageFilters } from '../../workflows/nodes/nodes/KanalAduan/sla/scan-context.ts';

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

/** A node filter as Directus turns it into SQL for these operators (knex: where / whereIn / whereNull, values bound; _and/_or as groups). */
function applyFilter(q: Knex.QueryBuilder, f: Filter): void {
  for (const [key, value] of Object.entries(f)) {
    if (key === '_and') q.where((b) => { for (const x of value as Filter[]) b.where((bb) => applyFilter(bb, x)); });
    else if (key === '_or') q.where((b) => { for (const x of value as Filter[]) b.orWhere((bb) => applyFilter(bb, x)); });
    else {
      for (const [kind, v] of Object.entries(value as Filter)) {
        if (kind === '_eq') q.where(key, v);
        else if (kind === '_in') q.whereIn(key, v);
        else if (kind === '_nin') q.whereNotIn(key, v);
        else if (kind === '_lte') q.where(key, '<=', v);
        else if (kind === '_lt') q.where(key, '<', v);
        else if (kind === '_null' && v === true) q.whereNull(key);
        else if (kind === '_null' && v === false) q.whereNotNull(key);
        else throw new Error(`operator not mapped in the bench: ${kind}`);
      }
    }
  }
}

function directusQuery(knex: Knex, filter: Filter, fields: readonly string[] = SCAN_FIELDS) {
  const q = knex('complaints').select(fields);
  applyFilter(q, filter);
  return q;
}

/** The node's retry read (scan-context retryFilter) as Directus runs it: the m2o filter is a join on the report. */
function retryQuery(knex: Knex, now: Date, retry: RetryRule) {
  const cutoff = new Date(now.getTime() - retry.stale_minutes * 60_000).toISOString();
  return knex('reminders as r')
    .join('complaints as c', 'c.id', 'r.complaint')
    .whereIn('r.status', ['claimed', 'failed'])
    .andWhere((q) => q.whereNull('r.attempts').orWhere('r.attempts', '<', retry.max_attempts))
    .andWhere((q) => q.whereNull('r.claimed_at').orWhere('r.claimed_at', '<=', cutoff))
    .whereIn('c.status', [...DEADLINE_STATUSES])
    .distinct(SCAN_FIELDS.map((f) => `c.${f}`));
}

const toItem = (r: Record<string, unknown>): ScanItem =>
  ScanItem.parse({ ...r, verify_due: iso(r.verify_due), respond_due: iso(r.respond_due), resolve_due: iso(r.resolve_due), first_response_at: iso(r.first_response_at) });

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
    // Everyone reachable, so every level that fires is recorded (the worst case for the old scan's reads).
    const agencies = (await knex('agencies').select('code', 'name')) as Array<{ code: string; name: string }>;
    const person = (id: string) => ({ id, name: id, wa_phone: '+6281100000001', locale: 'id' as const });
    const directory: Directory = {
      verifikator: [person('verifikator')],
      pimpinan: [person('bupati')],
      agencies: Object.fromEntries(agencies.map((a) => [a.code, { name: a.name, officers: [person(`${a.code}-officer`)], head: person(`${a.code}-head`) }])),
    };
    const retry = DEFAULT_RETRY;

    /** The scan as it was: every report past a step's horizon (the node's stage filters before the marks). */
    const oldFilters = (at: Date) =>
      DEADLINE_STAGES.flatMap((stage) => {
        const h = scanHorizon(escalation, stage, at, cal);
        return h ? stageFilters(stage, h).map((filter) => ({ stage, filter: filter as Filter })) : [];
      });
    /** The scan now: reports with a level past their mark, per stage and status. */
    const markQueries = (at: Date) =>
      DEADLINE_STAGES.flatMap((stage) => markFilters(stage, markGroups(escalation, stage, at, cal)).map((filter) => ({ stage, filter: filter as Filter })));
    /**
     * The previous mark queries, kept here to compare in the same run: one per status, whole rows, the
     * due-date range on the stage index and every level's `mark IS NULL OR mark < a` checked on the row.
     */
    const previousMarkQueries = (at: Date) =>
      DEADLINE_STAGES.flatMap((stage) => {
        const groups = markGroups(escalation, stage, at, cal);
        if (!groups.length) return [];
        const rule = STAGE_RULES[stage];
        const mark = REMINDER_MARK_FIELD[stage];
        const latest = new Date(Math.max(...groups.flatMap((g) => g.levels.map((l) => l.cutoff.getTime()))));
        const byGroup = groups.map((g) => {
          const levels = { _or: g.levels.map((l) => ({ _and: [{ [rule.due]: { _lte: l.cutoff.toISOString() } }, { _or: [{ [mark]: { _null: true } }, { [mark]: { _lt: l.after_days } }] }] })) };
          if (g.categories) return { _and: [{ category: { _in: g.categories } }, levels] };
          return g.except.length ? { _and: [{ _or: [{ category: { _null: true } }, { category: { _nin: g.except } }] }, levels] } : levels;
        });
        return stageFilters(stage, latest).map((f) => ({ stage, filter: { _and: [...(f as { _and: object[] })._and, byGroup.length === 1 ? byGroup[0] : { _or: byGroup }] } as Filter }));
      });
    const statusOf = (f: Filter) => ((f._and as Filter[])[0]!.status._eq as string);
    /** unmarked / marked: the scan's two queries per status (mark IS NULL / IS NOT NULL); due: the old filters (sla.maintain's). */
    const kindOf = (stage: keyof typeof STAGE_RULES, f: Filter) => {
      const m = (f._and as Filter[]).find((x) => REMINDER_MARK_FIELD[stage] in x)?.[REMINDER_MARK_FIELD[stage]] as Filter | undefined;
      return m ? (m._null === true ? 'unmarked' : 'marked') : 'due';
    };
    const indexOf = (stage: keyof typeof STAGE_RULES, f: Filter) =>
      wantedIndexes.find((i) => i.status === statusOf(f) && i.kind === kindOf(stage, f) && (i.kind === 'due' ? i.due === STAGE_RULES[stage].due : i.stages.includes(stage)))!.name;
    const byIds = (ids: number[]) => {
      const out: number[][] = [];
      for (let i = 0; i < ids.length; i += ID_CHUNK) out.push(ids.slice(i, i + ID_CHUNK));
      return out;
    };

    /** As the node reads (scan-context loadDueItems): the ids, then the reports by id. */
    const readItems = async (filters: { filter: Filter }[], at: Date) => {
      const ids = new Set<number>();
      for (const { filter } of filters) for (const r of await directusQuery(knex, filter, ['id'])) ids.add(Number(r.id));
      for (const r of await retryQuery(knex, at, retry)) ids.add(Number(r.id));
      const byId = new Map<number, ScanItem>();
      for (const chunk of byIds([...ids])) for (const r of await knex('complaints').select(SCAN_FIELDS).whereIn('id', chunk)) byId.set(Number(r.id), toItem(r));
      return [...byId.values()];
    };
    const recordsOf = async (ids: number[]) => {
      const out: ReminderRecord[] = [];
      for (let i = 0; i < ids.length; i += 5000) {
        const got = await knex('reminders').whereIn('complaint', ids.slice(i, i + 5000)).select('key', 'status', 'attempts', 'claimed_at', 'date_created');
        for (const r of got) out.push({ key: r.key, status: r.status, attempts: r.attempts, claimed_at: iso(r.claimed_at), date_created: iso(r.date_created) });
      }
      return out;
    };
    const ALWAYS = { send_from: '00:00', send_until: '24:00', quiet_days_off: false };
    const planAt = async (at: Date) => {
      const items = await readItems(oldFilters(at), at);
      const records = await recordsOf(items.map((x) => x.id));
      const plan = planReminders({ items, escalation, directory, calendar: cal, now: at, alreadySent: settledKeys(records, at, retry), sendWindow: ALWAYS });
      return { items, records, plan };
    };

    // State 1: the scans ran (with no marks: the installation before this change) until a day ago.
    const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
    const fiveMinAgo = new Date(now.getTime() - 5 * 60_000);
    log(`\nrecording reminders as earlier scans would have: every level fired by ${dayAgo.toISOString()}, without marks (before the upgrade)…`);
    // A rerun (--db) starts again from no reminders: only marked rows are cleared (rewriting all 1M rows would bloat
    // the table the next run measures), and the dead rows are vacuumed away as autovacuum would.
    await knex('reminders').del();
    const marks = Object.values(REMINDER_MARK_FIELD);
    await knex('complaints')
      .where((q) => { for (const f of marks) q.orWhereNotNull(f); })
      .update(Object.fromEntries(marks.map((f) => [f, null])));
    {
      const { plan } = await planAt(dayAgo);
      const rowsOut = [...plan.send.map((r) => ({ r, status: 'sent' })), ...plan.superseded.map((r) => ({ r, status: 'superseded' }))].map(({ r, status }) => ({
        key: r.key, complaint: r.complaint, stage: r.stage, level: r.level, status, attempts: 1, days_late: r.days_late,
        claimed_at: dayAgo.toISOString(), sent_at: status === 'sent' ? dayAgo.toISOString() : null, date_created: dayAgo.toISOString(),
        recipients: JSON.stringify(r.recipients.map((p) => ({ id: p.id, name: p.name, wa_phone: p.wa_phone }))),
      }));
      for (let i = 0; i < rowsOut.length; i += 2000) await knex('reminders').insert(rowsOut.slice(i, i + 2000));
      log(`  ${rowsOut.length.toLocaleString('en')} reminder rows for ${new Set(rowsOut.map((r) => r.complaint)).size.toLocaleString('en')} reports`);
    }
    const t0 = performance.now();
    const marked = await backfillReminderMarks(knex);
    log(`  upgrade: backfillReminderMarks (what POST /kanal-aduan/reminders/prepare runs at the schema apply) marked ${marked.toLocaleString('en')} reports in ${(performance.now() - t0).toFixed(0)} ms`);
    await knex.raw('VACUUM ANALYZE complaints');
    await knex.raw('VACUUM ANALYZE reminders');

    log(`\nscan at ${now.toISOString()} over ${rows.toLocaleString('en')} reports (median of ${RUNS} runs each; load = 1-min load average while measured)\n`);
    const pad = (x: string, n: number) => x.padEnd(n);
    const line = (name: string, n: number | string, dbMs: number | null, t: Timed | null, extra = '') =>
      log(`${pad(name, 62)} ${pad(String(n), 9)} ${pad(dbMs === null ? '-' : dbMs.toFixed(1), 12)} ${pad(t ? t.ms.toFixed(1) : '-', 12)} ${pad((t?.load ?? os.loadavg()[0]!).toFixed(1), 6)} ${extra}`);
    log(`${pad('query', 62)} ${pad('rows', 9)} ${pad('database ms', 12)} ${pad('client ms', 12)} ${pad('load', 6)} plan`);

    /** Each query timed as the client sees it (rows parsed) and in the database, then their total. */
    const measure = async (label: string, queries: { stage: keyof typeof STAGE_RULES; filter: Filter }[], withRetry: boolean, perQuery: boolean, idsFirst = false) => {
      let ms = 0;
      let db = 0;
      const loads: number[] = [];
      const ids = new Set<number>();
      const one = async (name: string, q: () => Knex.QueryBuilder, index: string | null) => {
        const t = await time(RUNS, () => q());
        for (const r of t.result as Array<{ id: number }>) ids.add(Number(r.id));
        const d = await dbTime(knex, q().toSQL());
        const plan = await planOf(knex, q());
        const used = /(?:Index|Index Only|Bitmap Index) Scan (?:on|using) (\w+)/.exec(plan)?.[1] ?? firstLine(plan);
        if (perQuery) line(name, (t.result as unknown[]).length, d, t, index === null ? `on ${used}` : used === index ? `on ${used}` : `on ${used} (not its stage index)`);
        ms += t.ms;
        db += d;
        loads.push(t.load);
      };
      for (const q of queries) {
        const kind = kindOf(q.stage, q.filter);
        await one(`  ${q.stage}: status = ${statusOf(q.filter)}${kind === 'due' ? '' : `, ${kind}${idsFirst ? ' (ids)' : ''}`}`, () => directusQuery(knex, q.filter, idsFirst ? ['id'] : SCAN_FIELDS), indexOf(q.stage, q.filter));
      }
      if (withRetry) await one('  retryable reminder rows (status index on reminders)', () => retryQuery(knex, now, retry).clearSelect().distinct('c.id'), null);
      if (idsFirst) {
        // The node's second step: the reports the id queries returned, whole, ID_CHUNK ids per request.
        const list = [...ids];
        const chunks = byIds(list);
        const t = await time(RUNS, async () => {
          const out: unknown[] = [];
          for (const c of chunks) out.push(...(await knex('complaints').select(SCAN_FIELDS).whereIn('id', c)));
          return out;
        });
        let d = 0;
        for (const c of chunks) d += await dbTime(knex, knex('complaints').select(SCAN_FIELDS).whereIn('id', c).toSQL());
        if (perQuery) line(`  whole rows of the ${list.length} reports, by id (${chunks.length} queries)`, list.length, d, t, chunks.length ? 'on complaints_pkey' : '');
        ms += t.ms;
        db += d;
        loads.push(t.load);
      }
      const total: Timed = { ms, load: mean(loads), result: null };
      line(label, ids.size, db, total);
      return { ms, db, rows: ids.size };
    };

    log('before: every report past a step (the node\'s stage filters, no marks)');
    const before = await measure('before, total', oldFilters(now), false, true);

    log(`after, the first pass in a day (reminders recorded up to ${dayAgo.toISOString()}, marks from the upgrade backfill)`);
    const dayPass = await measure('after, first pass in 24 h, total', markQueries(now), true, true, true);

    // What the n8n node actually does over Directus REST: its complaint queries, then the reminder rows of what they returned.
    const restRead = async (filters: { filter: Filter }[], withRetry: boolean, idsFirst = false) =>
      time(3, async () => {
        const get = async (collection: string, params: Record<string, string>) => {
          const res = await fetch(`${url}/items/${collection}?${new URLSearchParams({ limit: '-1', ...params })}`, { headers: { authorization: `Bearer ${cfg.secrets.adminToken}` } });
          const body = (await res.json()) as { data?: Array<Record<string, unknown>>; errors?: unknown };
          if (!body.data) throw new Error(`Directus ${res.status}: ${JSON.stringify(body.errors)}`);
          return body.data;
        };
        const ids = new Set<number>();
        let calls = 0;
        for (const { filter } of filters) {
          calls++;
          for (const r of await get('complaints', { filter: JSON.stringify(filter), fields: idsFirst ? 'id' : SCAN_FIELDS.join(',') })) ids.add(Number(r.id));
        }
        if (withRetry) {
          calls++;
          const waiting = await get('reminders', { filter: JSON.stringify(retryFilter(now, retry)), fields: 'complaint' });
          for (const r of waiting) ids.add(Number(r.complaint));
        }
        if (idsFirst) {
          for (const chunk of byIds([...ids])) {
            calls++;
            await get('complaints', { filter: JSON.stringify({ id: { _in: chunk } }), fields: SCAN_FIELDS.join(',') });
          }
        }
        const list = [...ids];
        let recs = 0;
        for (let i = 0; i < list.length; i += 200, calls++) recs += (await get('reminders', { filter: JSON.stringify({ complaint: { _in: list.slice(i, i + 200) } }), fields: 'key,status,attempts,claimed_at,date_created' })).length;
        return `${ids.size} reports, ${recs} rows, ${calls} requests`;
      }).catch((e: Error) => (log(`Directus REST failed: ${e.message}`), null));
    const restBefore = await restRead(oldFilters(now), false);
    if (restBefore) line(`Directus REST, the node's reads before (${String(restBefore.result)})`, '-', null, restBefore);
    const restAfter = await restRead(markQueries(now), true, true);
    if (restAfter) line(`Directus REST, the node's reads after, first pass in 24 h (${String(restAfter.result)})`, '-', null, restAfter);

    // The pure decision over what each design reads.
    const planOver = async (items: ScanItem[]) => {
      const records = await recordsOf(items.map((x) => x.id));
      return time(3, async () => planReminders({ items, escalation, directory, calendar: cal, now, alreadySent: settledKeys(records, now, retry), sendWindow: ALWAYS }));
    };
    const oldItems = await readItems(oldFilters(now), now);
    const newItems = await readItems(markQueries(now), now);
    const pOld = await planOver(oldItems);
    line(`core planReminders over what the scan read, before`, oldItems.length, null, pOld);
    const pNew = await planOver(newItems);
    line(`core planReminders over what the scan read, after`, newItems.length, null, pNew);
    const sendsOf = (t: Timed) => {
      const p = t.result as ReturnType<typeof planReminders>;
      return [...p.send, ...p.superseded].map((r) => r.key).sort().join(',');
    };
    log(`same levels to send and to supersede from both reads: ${sendsOf(pOld) === sendsOf(pNew) ? 'yes' : 'NO'} (${(pNew.result as ReturnType<typeof planReminders>).send.length} to send)`);
    // State 2: the scans ran every 5 minutes until 5 minutes ago, claiming through the bundle's claim
    // (rows and marks in one transaction per report), and sla.record marked them sent.
    {
      const { items, records, plan } = await planAt(fiveMinAgo);
      const { batches } = claimPlan(plan, records, items, escalation);
      const tc = performance.now();
      let won = 0;
      for (let i = 0; i < batches.length; i += 1000) {
        const body = ClaimBody.parse({
          now: fiveMinAgo.toISOString(),
          batches: batches.slice(i, i + 1000).map((b) => ({
            complaint: b.complaint, marks: b.marks,
            rows: [...b.claims.map((r) => ({ r, status: 'claimed' })), ...b.superseded.map((r) => ({ r, status: 'superseded' }))].map(({ r, status }) => ({
              key: r.key, stage: r.stage, level: r.level, status, days_late: r.days_late, recipients: r.recipients.map((p) => ({ id: p.id, name: p.name, wa_phone: p.wa_phone })),
            })),
          })),
        });
        won += (await claimInDatabase(knex, body, async (trx, row) => {
          await trx('reminders').insert({ ...row, recipients: JSON.stringify(row.recipients ?? []), date_created: fiveMinAgo.toISOString() });
        })).length;
      }
      await knex('reminders').where('status', 'claimed').update({ status: 'sent', sent_at: fiveMinAgo.toISOString() });
      log(`  (between the passes: the pass of ${fiveMinAgo.toISOString()} claimed ${won} levels for ${batches.length} reports through the claim, in ${(performance.now() - tc).toFixed(0)} ms)`);
    }
    log('previous design, the same 5-minute pass: one query per status, whole rows, the marks checked on the row');
    const previous = await measure('previous, pass 5 min after the last, total', previousMarkQueries(now), true, true);
    log('after, the next pass 5 minutes later (every 5 minutes, as reminders.json runs it)');
    const steady = await measure('after, pass 5 min after the last, total', markQueries(now), true, true, true);

    const restSteady = await restRead(markQueries(now), true, true);
    if (restSteady) line(`Directus REST, the node's reads after, 5-min pass (${String(restSteady.result)})`, '-', null, restSteady);
    const plainSql = { sql: 'SELECT count(*) FROM complaints WHERE description IS NOT NULL', bindings: [] };
    const plain = await time(3, () => knex.raw(plainSql.sql));
    const plainDb = await dbTime(knex, plainSql, 3);
    line('baseline: plain pass over complaints (one row out)', rows, plainDb, plain);
    const ratio = (x: number) => (x / plain.ms).toFixed(3);
    log(`client: before / plain pass = ${ratio(before.ms)}, first pass in 24 h / plain = ${ratio(dayPass.ms)}, 5-min pass / plain = ${ratio(steady.ms)} (previous design ${ratio(previous.ms)})`);
    log(`database: 5-min pass ${steady.db.toFixed(2)} ms (previous design ${previous.db.toFixed(2)} ms), first pass in 24 h ${dayPass.db.toFixed(2)} ms, plain pass ${plainDb.toFixed(1)} ms`);
    log(`target < 50 ms for the scan as the client sees it: before ${before.ms.toFixed(1)} ms ${before.ms < 50 ? 'met' : 'NOT met'}; after (5-min pass) ${steady.ms.toFixed(1)} ms ${steady.ms < 50 ? 'met' : 'NOT met'}; after (first pass in 24 h) ${dayPass.ms.toFixed(1)} ms ${dayPass.ms < 50 ? 'met' : 'NOT met'}`);

    log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);

    log('\nEXPLAIN (ANALYZE, BUFFERS) of each query of the 5-minute pass, previous design (whole rows, marks on the row):');
    for (const q of previousMarkQueries(now)) {
      const sql = directusQuery(knex, q.filter).toSQL();
      log(`\n-- previous: ${q.stage}, ${statusOf(q.filter)}`);
      const out = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.sql}`, sql.bindings as never);
      for (const r of out.rows as { 'QUERY PLAN': string }[]) log(`   ${r['QUERY PLAN']}`);
    }
    log('\nEXPLAIN (ANALYZE, BUFFERS) of each query of the 5-minute pass:');
    for (const q of markQueries(now)) {
      const sql = directusQuery(knex, q.filter, ['id']).toSQL();
      log(`\n-- ${q.stage}, ${statusOf(q.filter)}, ${kindOf(q.stage, q.filter)} (ids)`);
      const out = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.sql}`, sql.bindings as never);
      for (const r of out.rows as { 'QUERY PLAN': string }[]) log(`   ${r['QUERY PLAN']}`);
    }
    {
      const sql = retryQuery(knex, now, retry).toSQL();
      log('\n-- retryable reminder rows');
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
