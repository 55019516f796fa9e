// Integration tests run the real system in its production topology, as
// docker-compose runs it: two Directus instances behind a round-robin proxy (cache,
// bus, locks and rate limits in Redis) and n8n in queue mode (main, webhook
// processor, two workers over Redis/Bull), on the machine's Postgres (two fresh
// databases per run) and Redis (this run's own key prefixes), with the WA simulator.
// Everything is started here once and stopped at the end; the URLs and tokens
// reach the tests as env vars. KANAL_IT_TOPOLOGY=single runs one Directus and one
// n8n in regular mode instead (the demo's shape), to tell a topology fault from others.
import { execSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadSecrets, productionLayout, ROOT, topologySize, type StackConfig } from '../../scripts/stack/config.ts';
import { freePort, rssMb } from '../../scripts/stack/processes.ts';
import { dropRedisKeys, stackRedisPatterns } from '../../scripts/stack/redis-keys.ts';
import { startStack, type RunningStack } from '../../scripts/stack/stack.ts';
import { waitFor } from './helpers.ts';

const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres' };
const REDIS = { host: '127.0.0.1', port: 6379 };

const log = (m: string) => console.log(`[stack] ${m}`);
const OUTBOX_SWEEP_SECONDS = 5;

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ ...PG, database: 'postgres', connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(2_000);
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.connect(REDIS.port, REDIS.host, () => s.write('PING\r\n'));
    s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
  });
}

// The machine's services; these are the commands its image uses to start them.
async function ensureServices() {
  if (!(await pgReachable())) {
    log('PostgreSQL is down; starting it');
    execSync('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start', { stdio: 'inherit', shell: '/bin/bash' });
    await waitFor(pgReachable, { what: 'PostgreSQL at 127.0.0.1:5432 to be reachable after starting it', intervalMs: 1_000 });
  }
  await ensurePostgis();
  if (!(await redisReachable())) {
    log('Redis is down; starting it');
    execSync(
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
      { stdio: 'inherit' },
    );
    await waitFor(redisReachable, { what: 'Redis at 127.0.0.1:6379 to be reachable after starting it', intervalMs: 1_000 });
  }
}

/**
 * Reports carry a geometry point where Postgres has PostGIS (Directus's map layout): the
 * tests run with it. Debian's package for the running server is installed when missing
 * (it needs no restart); the bundle creates the extension in each test database.
 */
async function ensurePostgis() {
  const c = new pg.Client({ ...PG, database: 'postgres' });
  await c.connect();
  try {
    if ((await c.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`)).rowCount) return;
    const major = Math.floor(Number((await c.query('SHOW server_version_num')).rows[0].server_version_num) / 10_000);
    const pkg = `postgresql-${major}-postgis-3`;
    log(`PostGIS is missing; installing Debian's ${pkg}`);
    const install = `apt-get install -y --no-install-recommends ${pkg}`;
    try {
      execSync(install, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      execSync(`apt-get update && ${install}`, { stdio: 'inherit', shell: '/bin/bash', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    }
    if (!(await c.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`)).rowCount) {
      throw new Error(`${pkg} is installed but Postgres does not list postgis among its extensions: is the server version ${major}?`);
    }
  } finally {
    await c.end();
  }
}

let stack: RunningStack | undefined;
let cleanup: (() => Promise<void>) | undefined;

export async function setup() {
  await ensureServices();
  const run = `kanal_it_${Date.now().toString(36)}`;
  const dbs = { directusDb: `${run}_directus`, n8nDb: `${run}_n8n` };
  const admin = new pg.Client({ ...PG, database: 'postgres' });
  await admin.connect();
  for (const db of Object.values(dbs)) await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();

  const dataDir = mkdtempSync(join(tmpdir(), 'kanal-it-'));
  const cfg: StackConfig = {
    dataDir,
    db: { client: 'pg', ...PG, ...dbs },
    host: '127.0.0.1',
    ports: { directus: await freePort(), n8n: await freePort(), sim: await freePort() },
    regencyCode: '16.02',
    timezone: 'Asia/Jakarta',
    redisUrl: `redis://${REDIS.host}:${REDIS.port}/3`,
    production:
      process.env.KANAL_IT_TOPOLOGY === 'single' ? undefined : await productionLayout(() => freePort(), { name: run, ...topologySize() }),
    // The outbox tests wait for sweeps: the shortest interval the bundle allows keeps them short.
    outboxSweepSeconds: OUTBOX_SWEEP_SECONDS,
    secrets: loadSecrets(dataDir, {}),
    log,
  };

  cleanup = async () => {
    await stack?.stop();
    // Keep the services' logs as test artefacts: the first place to look when CI fails.
    // Private like the originals (folder 0700, files 0600): the logs are no business of other accounts.
    const artefacts = join(ROOT, 'test/artifacts/logs');
    mkdirSync(artefacts, { recursive: true, mode: 0o700 });
    chmodSync(artefacts, 0o700);
    const logs = join(dataDir, 'logs');
    for (const f of existsSync(logs) ? readdirSync(logs, { withFileTypes: true }) : []) {
      if (!f.isFile()) continue;
      cpSync(join(logs, f.name), join(artefacts, f.name));
      chmodSync(join(artefacts, f.name), 0o600);
    }
    rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ ...PG, database: 'postgres' });
    await c.connect();
    for (const db of Object.values(dbs)) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
    const left = dropRedisKeys(cfg.redisUrl!, stackRedisPatterns(cfg));
    if (left) log(`left this run's Redis keys (${left})`);
  };

  const t0 = Date.now();
  try {
    stack = await startStack(cfg);
  } catch (e) {
    await cleanup();
    throw e;
  }
  log(`up in ${Math.round((Date.now() - t0) / 1000)}s: ${JSON.stringify(stack.urls)}`);
  log(`processes: ${stack.services.map((s) => `${s.name} ${rssMb(s.child.pid) ?? '?'} MB`).join(', ')}`);

  const s = cfg.secrets;
  Object.assign(process.env, {
    KANAL_DIRECTUS_URL: stack.urls.directus,
    KANAL_DIRECTUS_TOKEN: s.adminToken,
    KANAL_SERVICE_TOKEN: s.serviceToken,
    KANAL_DEMO_PASSWORD: s.demoPassword,
    KANAL_ADMIN_EMAIL: s.adminEmail,
    KANAL_ADMIN_PASSWORD: s.adminPassword,
    KANAL_N8N_URL: stack.urls.n8n,
    // The n8n process that serves production webhooks, behind the front (the same address in the single shape).
    KANAL_N8N_WEBHOOKS_URL: stack.urls.n8nWebhooks,
    // Which shape runs: test/e2e/topology.int.test.ts checks the production one's promises.
    KANAL_TOPOLOGY: cfg.production ? `production:${cfg.production.directus.length}:${cfg.production.n8nWorkers.length}` : 'single',
    KANAL_N8N_OWNER_EMAIL: s.n8nOwnerEmail,
    KANAL_N8N_OWNER_PASSWORD: s.n8nOwnerPassword,
    KANAL_EVENTS_SECRET: s.eventsSecret,
    KANAL_OUTBOX_SWEEP_SECONDS: String(OUTBOX_SWEEP_SECONDS),
    // The services' log folder, for tests that check what the logs keep (and how readable they are).
    KANAL_LOG_DIR: join(dataDir, 'logs'),
    KANAL_PG_URL: `postgres://${PG.user}@${PG.host}:${PG.port}/${dbs.directusDb}`,
    WA_API_BASE_URL: stack.urls.sim,
    WA_ACCESS_TOKEN: s.waAccessToken,
    WA_APP_SECRET: s.waAppSecret,
    WA_VERIFY_TOKEN: s.waVerifyToken,
    WA_PHONE_NUMBER_ID: s.waPhoneNumberId,
    TELEGRAM_BOT_TOKEN: s.telegramBotToken,
    TELEGRAM_WEBHOOK_SECRET: s.telegramWebhookSecret,
    MESSENGER_PAGE_TOKEN: s.messengerPageToken,
    KANAL_DEMO_TELEGRAM_DESK_BOT_TOKEN: s.telegramDeskBotToken,
    KANAL_DEMO_MESSENGER_DESK_PAGE_TOKEN: s.messengerDeskPageToken,
  });

  // `npm test` boots this stack while the type check and unit tests run, and opens the gate when they are done.
  const gate = process.env.KANAL_IT_GATE;
  if (gate && !existsSync(gate)) {
    log('waiting for the type check and unit tests to finish');
    await waitFor(() => existsSync(gate), { what: `the unit tests to finish (${gate})`, timeoutMs: 3_600_000, intervalMs: 500 });
  }
}

export async function teardown() {
  await cleanup?.();
}
