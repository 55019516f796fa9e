// Intake benchmark. Not part of `npm test`:
//
//   npx tsx bench/intake/run.ts [--target baseline|demo|production] [--rate 2] [--duration 20]
//     [--max 200] [--turns 1..4] [--bound 30] [--start-timeout 900]
//     [--url <webhook> --sim-url <sim> --app-secret <s> --phone-number-id <id>]
//
// Posts signed WhatsApp webhooks in Meta's shape (core's signBody, the
// simulator's webhookBody) at a fixed offered rate, one new citizen (distinct
// wa_id) per tick, each with 1..4 turns (greeting, story, pin, confirm; the next
// turn waits for a reply, as a person would). Replies are read from the
// simulator's control API (GET /sim/wait, GET /sim/messages). The simulator
// posts sent/delivered status webhooks for every reply (turned on for the run).
//
// `--target baseline` measures only the bare-Node baseline (baseline.ts: signature,
// one Postgres INSERT into a scratch database, one Graph API send) against an
// in-process simulator. `--target demo` also starts the demo stack as `npm start`
// does (scripts/stack/cli.ts start, SQLite, one n8n) in a private data folder on
// free ports, or attaches to a running one with `--url`, `--sim-url` and
// `--app-secret`. `--target production` starts the production topology instead
// (`start --production-topology`: Postgres, Redis, two Directus behind the proxy,
// n8n main + webhook processor + workers) on scratch databases that are dropped
// afterwards. The baseline runs the same load right after, and both are
// printed side by side with the ratio. Launching stops after `--duration` s or
// `--max` citizens; each turn waits at most `--bound` s for its reply (later =
// lost). Everything started here is stopped and the scratch database dropped.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { signBody } from '@kanal-aduan/core';
import pg from 'pg';
import { loadSecrets, ROOT } from '../../scripts/stack/config.ts';
import { cpuMs } from '../../scripts/stack/processes.ts';
import { dropRedisKeys, stackRedisPatterns } from '../../scripts/stack/redis-keys.ts';
import { startSimulator, newWamid } from '../../tools/wa-sim/src/index.ts';
import { webhookBody, unixSeconds, type Business } from '../../tools/wa-sim/src/webhook-payload.ts';
import { account, percentile, statusCounts, type Reply, type Turn } from './accounting.ts';
import { startBaseline } from './baseline.ts';

const argv = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const target = opt('target', 'baseline') as 'baseline' | 'demo' | 'production';
const rate = Number(opt('rate', '2'));
const durationS = Math.min(Number(opt('duration', '20')), 600);
const maxCitizens = Math.min(Number(opt('max', '200')), 10_000); // 50/s for 2 min is 6,000
const turnsPer = Math.max(1, Math.min(4, Number(opt('turns', '1'))));
const boundMs = Number(opt('bound', '30')) * 1000;
const BUSINESS: Business = { wabaId: '200000000000001', phoneNumberId: '100000000000001', displayPhoneNumber: '15550000001' };
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

type Target = {
  name: string; webhookUrl: string; simUrl: string; appSecret: string; phoneNumberId: string;
  /** The processes whose CPU time the run is charged with, by name (read at the start and at the end of the load). */
  processes: () => Array<{ name: string; pid: number }>;
};
type Result = ReturnType<typeof account> & {
  name: string; offered: number; acks: Record<string, number>; ackMs: number[]; perSecond: number; load: [number[], number[]]; turns: number;
  /** CPU ms each process used during the load. */
  cpu: Record<string, number>;
};

/** CPU ms used so far by each named process (summed when a name repeats, e.g. Postgres backends). */
function cpuSnapshot(processes: Array<{ name: string; pid: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of processes) out[p.name] = (out[p.name] ?? 0) + cpuMs(p.pid);
  return out;
}

/**
 * The stack's services (the pid files beside their logs), its Postgres backends
 * (process titles carry the database name) and the Redis server.
 */
function stackProcesses(dataDir: string, pgName: string | null): Array<{ name: string; pid: number }> {
  const logs = join(dataDir, 'logs');
  const out: Array<{ name: string; pid: number }> = [];
  if (existsSync(logs)) {
    for (const f of readdirSync(logs).filter((x) => x.endsWith('.pid'))) {
      out.push({ name: f.replace(/\.pid$/, ''), pid: Number(readFileSync(join(logs, f), 'utf8').trim()) });
    }
  }
  for (const entry of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (pgName && cmd.startsWith('postgres:') && cmd.includes(pgName)) out.push({ name: 'postgres (this stack)', pid: Number(entry) });
      else if (cmd.startsWith('redis-server')) out.push({ name: 'redis (whole server)', pid: Number(entry) });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** The message a citizen sends at each turn. */
function turnMessage(k: number, waId: string, wamid: string, at: Date): Record<string, unknown> {
  const base = { from: waId, id: wamid, timestamp: unixSeconds(at) };
  if (k === 0) return { ...base, type: 'text', text: { body: 'Halo' } };
  if (k === 1) return { ...base, type: 'text', text: { body: 'Jalan di depan pasar berlubang besar, sudah dua minggu belum diperbaiki.' } };
  if (k === 2) return { ...base, type: 'location', location: { latitude: -2.9761, longitude: 104.7754, name: 'Pasar' } };
  return { ...base, type: 'text', text: { body: 'Ya' } };
}

async function runLoad(t: Target): Promise<Result> {
  const load0 = os.loadavg();
  // Postgres backends come and go: the same list is read at both ends, so one that exits meanwhile counts 0.
  const charged = t.processes();
  const cpu0 = cpuSnapshot(charged);
  const startSeq = ((await (await fetch(`${t.simUrl}/sim/messages?direction=out`)).json()) as { lastSeq: number }).lastSeq;
  const turns: Turn[] = [];
  const ackMs: number[] = [];
  const ackStatus: number[] = [];
  const runId = String(Date.now()).slice(-5);
  const started = Date.now();
  const citizens: Promise<void>[] = [];

  async function citizen(i: number): Promise<void> {
    const waId = `628${runId}${String(i).padStart(5, '0')}`;
    let since = startSeq;
    for (let k = 0; k < turnsPer; k++) {
      const wamid = newWamid();
      const at = new Date();
      const body = webhookBody({ ...BUSINESS, phoneNumberId: t.phoneNumberId }, { contacts: [{ profile: { name: `Warga ${i}` }, wa_id: waId }], messages: [turnMessage(k, waId, wamid, at)] });
      const raw = JSON.stringify(body);
      const sentAt = Date.now();
      turns.push({ waId, turn: k, wamid, sentAt });
      const status = await fetch(t.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, t.appSecret) },
        body: raw,
        signal: AbortSignal.timeout(boundMs),
      }).then(async (r) => (await r.arrayBuffer(), r.status), () => 0);
      ackMs.push(Date.now() - sentAt);
      ackStatus.push(status);
      if (k === turnsPer - 1) break;
      // The next turn waits for the bot's answer, as a person would (at most the bound).
      const deadline = sentAt + boundMs;
      let answered = false;
      while (!answered && Date.now() < deadline) {
        const left = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
        const r = await fetch(`${t.simUrl}/sim/wait?to=${waId}&since=${since}&timeout=${Math.min(left, 25)}000`).then(
          (x) => x.json() as Promise<{ messages: Array<{ seq: number; direction: string }>; lastSeq: number }>,
          () => ({ messages: [], lastSeq: since }),
        );
        const outs = r.messages.filter((m) => m.direction === 'out');
        if (r.messages.length) since = Math.max(since, ...r.messages.map((m) => m.seq));
        answered = outs.length > 0;
      }
      await new Promise((r) => setTimeout(r, 300)); // let a second reply to the same turn land first
      if (!answered) break;
    }
  }

  for (let i = 0; i < maxCitizens; i++) {
    const due = started + (i * 1000) / rate;
    if (due - started >= durationS * 1000) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    citizens.push(citizen(i));
  }
  const offeredFor = (Date.now() - started) / 1000;
  await Promise.all(citizens);
  // Replies still in flight: wait until every last turn is answered or the bound passes.
  const lastSent = Math.max(...turns.map((x) => x.sentAt));
  let replies: Reply[] = [];
  for (;;) {
    const log = (await (await fetch(`${t.simUrl}/sim/messages?direction=out&since=${startSeq}`)).json()) as {
      messages: Array<{ id: string; wa_id: string; at: string; body: { context?: { message_id?: string } } }>;
    };
    replies = log.messages.map((m) => ({
      waId: m.wa_id, id: m.id, at: Date.parse(m.at), ...(m.body?.context?.message_id ? { contextId: m.body.context.message_id } : {}),
    }));
    const a = account(turns, replies, boundMs);
    if (a.lost === 0 || Date.now() > lastSent + boundMs) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const cpu1 = cpuSnapshot(charged);
  const cpu = Object.fromEntries(Object.entries(cpu1).map(([k, v]) => [k, Math.max(0, v - (cpu0[k] ?? 0))]));
  const a = account(turns, replies, boundMs);
  const answeredTimes = a.firstReplyMs.length;
  const span = (Math.max(...replies.map((r) => r.at), started + 1) - started) / 1000;
  return {
    ...a, name: t.name, offered: citizens.length / offeredFor, acks: statusCounts(ackStatus), ackMs, turns: turns.length,
    perSecond: answeredTimes / span, load: [load0, os.loadavg()], cpu,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startDemo(kind: 'demo' | 'production'): Promise<{ target: Target; stop(): Promise<void> }> {
  const url = opt('url');
  if (url) {
    const simUrl = opt('sim-url');
    const appSecret = opt('app-secret') ?? process.env.WA_APP_SECRET;
    if (!simUrl || !appSecret) throw new Error('--url needs --sim-url and --app-secret (or WA_APP_SECRET)');
    const phoneNumberId = opt('phone-number-id') ?? process.env.WA_PHONE_NUMBER_ID ?? BUSINESS.phoneNumberId;
    const dir = opt('data-dir');
    return { target: { name: kind, webhookUrl: url, simUrl, appSecret, phoneNumberId, processes: () => (dir ? stackProcesses(dir, opt('pg-name') ?? null) : []) }, stop: async () => {} };
  }
  const dataDir = mkdtempSync(join(os.tmpdir(), 'kanal-bench-intake-'));
  const ports = { directus: await freePort(), n8n: await freePort(), sim: await freePort() };
  const pgName = `kanal_bench_${Date.now().toString(36)}`;
  const env = {
    ...process.env, KANAL_DATA_DIR: dataDir, DIRECTUS_PORT: String(ports.directus), N8N_PORT: String(ports.n8n),
    WA_SIM_PORT: String(ports.sim), KANAL_DEMO_REPORTS: '0', WA_SIM_ENFORCE_WINDOW: 'false', KANAL_PG_NAME: pgName,
  };
  console.log(`starting the ${kind} stack in ${dataDir} (directus ${ports.directus}, n8n ${ports.n8n}, sim ${ports.sim})…`);
  const args = ['scripts/stack/cli.ts', 'start', ...(kind === 'production' ? ['--production-topology'] : [])];
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), ...args], {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'production') {
      await dropDatabases(pgName);
      // The names cli.ts gives this run's Directus namespace and n8n prefix.
      const n8nRedisPrefix = `kanal-${pgName.replaceAll('_', '-')}`;
      dropRedisKeys('redis://127.0.0.1:6379/0', stackRedisPatterns({ db: { client: 'pg', directusDb: `${pgName}_directus` }, production: { n8nRedisPrefix } } as never));
    }
  };
  const readyBy = Date.now() + Number(opt('start-timeout', '900')) * 1000;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop().then(() => process.exit(130)));
  while (!out.includes('Kanal Aduan is running')) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > readyBy) {
      await stop();
      throw new Error(`${kind} stack did not start:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const simUrl = `http://127.0.0.1:${ports.sim}`;
  const secrets = loadSecrets(dataDir);
  return {
    target: {
      name: kind, webhookUrl: `http://127.0.0.1:${ports.n8n}/webhook/whatsapp`, simUrl, appSecret: secrets.waAppSecret, phoneNumberId: secrets.waPhoneNumberId,
      processes: () => stackProcesses(dataDir, kind === 'production' ? pgName : null),
    },
    stop,
  };
}

/** The production topology's scratch databases (cli.ts names them `<KANAL_PG_NAME>_directus` and `_n8n`). */
async function dropDatabases(name: string): Promise<void> {
  const admin = new pg.Client({ ...PG, database: 'postgres' });
  await admin.connect();
  try {
    for (const db of [`${name}_directus`, `${name}_n8n`]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function runBaseline(): Promise<Result> {
  const db = `bench_intake_${Date.now()}`;
  const admin = new pg.Client({ ...PG, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const appSecret = 'bench-intake-secret';
  const accessToken = 'bench-intake-token';
  const sim = await startSimulator({ port: 0, accessToken, appSecret, statusWebhooks: true });
  const baseline = await startBaseline({ appSecret, graphUrl: sim.url, accessToken, phoneNumberId: BUSINESS.phoneNumberId, database: db });
  try {
    await fetch(`${sim.url}/sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhookUrl: baseline.url, statusWebhooks: true }) });
    // The baseline server, the simulator and the generator share this process; its Postgres backends are charged apart.
    const processes = () => [{ name: 'bench process (baseline + sim + load)', pid: process.pid }, ...stackProcesses('/nonexistent', db)];
    return await runLoad({ name: 'baseline', webhookUrl: baseline.url, simUrl: sim.url, appSecret, phoneNumberId: BUSINESS.phoneNumberId, processes });
  } finally {
    await baseline.close();
    await sim.close();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
function print(results: Result[]): void {
  const rows: Array<[string, (r: Result) => string]> = [
    ['offered (citizens/s)', (r) => fmt(r.offered, 2)],
    ['turns posted', (r) => String(r.turns)],
    ['webhook acks (status: count)', (r) => Object.entries(r.acks).map(([k, v]) => `${k}:${v}`).join(' ')],
    ['ack p50 / p95 (ms)', (r) => `${fmt(percentile(r.ackMs, 50))} / ${fmt(percentile(r.ackMs, 95))}`],
    ['citizens answered', (r) => `${r.citizensAnswered} / ${r.citizens}`],
    ['first reply p50 / p95 (ms)', (r) => `${fmt(percentile(r.firstReplyMs, 50))} / ${fmt(percentile(r.firstReplyMs, 95))}`],
    [`lost (no reply in ${boundMs / 1000} s)`, (r) => String(r.lost)],
    ['duplicated', (r) => String(r.duplicated)],
    ['out-of-order turns', (r) => String(r.outOfOrder)],
    ['citizens answered per second', (r) => fmt(r.perSecond, 2)],
    ['load average before', (r) => r.load[0].map((x) => x.toFixed(2)).join(' ')],
    ['load average after', (r) => r.load[1].map((x) => x.toFixed(2)).join(' ')],
  ];
  console.log(`\nintake bench: ${rate}/s for ≤ ${durationS} s, ≤ ${maxCitizens} citizens, ${turnsPer} turn(s) each, ${os.cpus().length} cores`);
  console.log(['figure'.padEnd(32), ...results.map((r) => r.name.padEnd(22))].join(' '));
  for (const [label, f] of rows) console.log([label.padEnd(32), ...results.map((r) => f(r).padEnd(22))].join(' '));
  // Where the CPU went: ms per citizen answered, per process (the machine's other load is not in these).
  for (const r of results) {
    const answered = Math.max(1, r.citizensAnswered);
    const total = Object.values(r.cpu).reduce((x, y) => x + y, 0);
    console.log(`\nCPU per citizen answered, ${r.name} (ms; ${fmt(total / 1000, 1)} s in all over ${r.citizensAnswered} citizens):`);
    for (const [name, ms] of Object.entries(r.cpu).sort((x, y) => y[1] - x[1])) console.log(`  ${name.padEnd(40)} ${fmt(ms / answered, 1).padStart(8)}`);
    console.log(`  ${'total'.padEnd(40)} ${fmt(total / answered, 1).padStart(8)}`);
  }
  const [demo, base] = results;
  if (demo && base && results.length === 2) {
    const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? (a / b).toFixed(2) : '-');
    console.log(`\nratio ${demo.name}/baseline: answered per second ${ratio(demo.perSecond, base.perSecond)}x, first reply p95 ${ratio(percentile(demo.firstReplyMs, 95), percentile(base.firstReplyMs, 95))}x, ack p95 ${ratio(percentile(demo.ackMs, 95), percentile(base.ackMs, 95))}x`);
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  if (target === 'demo' || target === 'production') {
    const demo = await startDemo(target);
    try {
      await fetch(`${demo.target.simUrl}/sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ statusWebhooks: true, enforceWindow: false }) });
      results.push(await runLoad(demo.target));
    } finally {
      await demo.stop();
    }
  }
  results.push(await runBaseline());
  print(results);
}

await main();
