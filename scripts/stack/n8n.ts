// n8n 2.35: environment, import of our credentials and workflows, start, activation.
//
// Credentials and workflows are imported with n8n's own CLI before the server
// starts (fixed ids, so a second run overwrites instead of duplicating); the owner
// account is managed by env (N8N_INSTANCE_OWNER_*), and workflows are activated
// through main's REST API once it is up (import alone never activates).
//
// Two shapes: one `n8n start` in regular mode (the demo), or queue mode as in
// docker-compose (cfg.production): main (editor, REST API, schedules; enqueues),
// `n8n webhook` (production webhooks; enqueues) and N `n8n worker`s (run every
// execution), over Redis/Bull. The webhook processor finds webhooks in the database
// (cached in Redis) per request, so it needs no restart when main activates a workflow.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { bcryptHash, credentialsFromEnv, flowIds as shippedFlowIds, type N8nCredential } from '../../docker/n8n-entrypoint.mjs';
import { deskAccountsEnv, N8N_BIN, ROOT, urls, type StackConfig } from './config.ts';
import { n8nLogin } from './n8n-login.ts';
import { runOnce, spawnService, supervise, waitForHttp, type Service, type Stoppable } from './processes.ts';
import { startProxy } from '../../docker/proxy.mjs';

// The credentials (ids the shipped workflows reference, names, the sla-scan
// header derived from the events secret) are written once, in the docker
// entrypoint, which runs inside the n8n image without a build step; npm start
// fills the same function from its own config.
export { DIRECTUS_CREDENTIAL_ID, SLA_SCAN_CREDENTIAL_ID, slaScanAuthorization, WHATSAPP_CREDENTIAL_ID } from '../../docker/n8n-entrypoint.mjs';

const FLOWS_DIR = join(ROOT, 'workflows/flows');
// The entrypoint hashes with the bcryptjs n8n itself verifies with; here that is the pinned runtime's.
const N8N_PACKAGE_JSON = join(ROOT, 'runtime/n8n/node_modules/n8n/package.json');

/** Ids of the shipped workflows (workflows/flows), read the way the docker entrypoint reads them. */
export const flowIds = (): string[] => shippedFlowIds(FLOWS_DIR);

/** Which n8n process an environment is for: `cli` is the import, `main` is `n8n start` in either mode. */
export type N8nRole = { role: 'cli' } | { role: 'main' } | { role: 'webhook' } | { role: 'worker'; index: number };

/** Bull, n8n's cache and pub/sub on the stack's Redis, under the stack's own prefix (docker-compose sets the same names). */
function queueEnv(cfg: StackConfig): NodeJS.ProcessEnv {
  const p = cfg.production!;
  const redis = new URL(cfg.redisUrl!);
  return {
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: redis.hostname,
    QUEUE_BULL_REDIS_PORT: redis.port || '6379',
    QUEUE_BULL_REDIS_DB: redis.pathname.slice(1) || '0',
    ...(redis.password ? { QUEUE_BULL_REDIS_PASSWORD: decodeURIComponent(redis.password) } : {}),
    // Jobs of one stack only: with the defaults (`bull`, `n8n`) two stacks on one Redis take each
    // other's jobs, share the webhook cache and hear each other's commands (activate, deactivate).
    QUEUE_BULL_PREFIX: `${p.n8nRedisPrefix}-bull`,
    N8N_REDIS_KEY_PREFIX: p.n8nRedisPrefix,
    QUEUE_HEALTH_CHECK_ACTIVE: 'true',
    // Runs from the editor go to the workers too (n8n 3's only behaviour; main stays light).
    OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
  };
}

function rolePorts(cfg: StackConfig, who: N8nRole): NodeJS.ProcessEnv {
  const p = cfg.production;
  if (!p) {
    // The JS task runner's broker listens on its own port; keep it beside n8n's so a
    // test stack and a demo stack can run side by side.
    return { N8N_PORT: String(cfg.ports.n8n), N8N_RUNNERS_BROKER_PORT: String(cfg.ports.n8n + 1), ...singleProcessEnv() };
  }
  switch (who.role) {
    case 'cli':
    case 'main':
      return {
        N8N_PORT: String(p.n8nMain.port),
        N8N_RUNNERS_BROKER_PORT: String(p.n8nMain.broker),
        // Production webhooks are the webhook processor's (as in docker-compose).
        N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
      };
    case 'webhook':
      return { N8N_PORT: String(p.n8nWebhook.port), ...WEBHOOK_PROCESSOR_ENV };
    case 'worker': {
      const w = p.n8nWorkers[who.index]!;
      return { N8N_PORT: String(w.health), QUEUE_HEALTH_CHECK_PORT: String(w.health), N8N_RUNNERS_BROKER_PORT: String(w.broker) };
    }
  }
}

/**
 * The webhook processor only answers webhooks: it runs our trigger's webhook()
 * and enqueues, never a workflow's nodes (the workers do). n8n's default "vm"
 * expression engine builds a fresh V8 isolate for every webhook call anyway
 * (single-use isolates, for any trigger that is not n8n's own Webhook node) and
 * disposes it after: profiled at 20 webhooks a second, that was about 40 % of
 * the processor's CPU, and the processor saturated (answers of 500/503 to
 * Meta). What it evaluates here are the trigger's own static parameters and
 * the credentials' fields, none of them from a message, so the in-process
 * engine costs no isolation that matters; main and the workers, which run the
 * workflows' expressions, keep the isolate.
 */
export const WEBHOOK_PROCESSOR_ENV = { N8N_EXPRESSION_ENGINE: 'legacy' } as const;

/**
 * The one n8n of the demo (and of the single test shape) answers the webhooks
 * and runs the workflows in one process, so it pays the webhook processor's
 * single-use isolate on every webhook, statuses included. Measured on the demo
 * at 5 citizens a second: n8n used 387 ms of CPU per citizen with n8n's
 * default engine and 148 ms in process, and the first reply's p95 went from
 * 15.4 s to 0.9 s. The in-process engine is the one n8n 1.x ran, with its
 * expression sandbox; what the isolate adds is containment of a workflow
 * editor's own expressions, and only an n8n owner or admin edits these
 * workflows. The production topology keeps the isolate on the workers, where
 * workflows run; `KANAL_N8N_EXPRESSION_ENGINE=vm` keeps it here too.
 */
export function singleProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { N8N_EXPRESSION_ENGINE: env.KANAL_N8N_EXPRESSION_ENGINE === 'vm' ? 'vm' : 'legacy' };
}

/** EXECUTIONS_* of every n8n here and in docker-compose: what an execution leaves behind. */
export const EXECUTION_DATA_ENV = {
  // A successful run is not kept at all (n8n deletes it once done): its data holds citizens'
  // messages and numbers. A failed run keeps its data, to be looked into.
  EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
  EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
  // What is kept is kept two weeks, not forever.
  EXECUTIONS_DATA_PRUNE: 'true',
  EXECUTIONS_DATA_MAX_AGE: '336',
} as const;

/** n8n's statement timeout (its default, 5 minutes) as a session setting of each Postgres connection. */
export const N8N_PG_OPTIONS = '-c statement_timeout=300000';

export function n8nEnv(cfg: StackConfig, who: N8nRole = { role: 'main' }): NodeJS.ProcessEnv {
  const dir = join(cfg.dataDir, 'n8n');
  mkdirSync(dir, { recursive: true });
  const u = urls(cfg);
  const s = cfg.secrets;
  const db =
    cfg.db.client === 'sqlite'
      ? { DB_TYPE: 'sqlite', DB_SQLITE_POOL_SIZE: '2' }
      : {
          DB_TYPE: 'postgresdb',
          DB_POSTGRESDB_HOST: cfg.db.host,
          DB_POSTGRESDB_PORT: String(cfg.db.port),
          DB_POSTGRESDB_USER: cfg.db.user,
          DB_POSTGRESDB_PASSWORD: cfg.db.password ?? '',
          DB_POSTGRESDB_DATABASE: cfg.db.n8nDb,
          // n8n's default is 2 connections: at 20 webhooks a second the webhook processor's
          // execution inserts queue behind each other, its database ping times out, and it
          // answers Meta 503 "Database is not ready!" until the ping passes again.
          DB_POSTGRESDB_POOL_SIZE: '8',
          // n8n's TypeORM sends `SET statement_timeout` on every connection checkout, one more round
          // trip per query (besides `SET search_path`); the same 5-minute limit set once per connection,
          // in node-postgres's startup options, costs nothing per query.
          DB_POSTGRESDB_STATEMENT_TIMEOUT: '0',
          PGOPTIONS: N8N_PG_OPTIONS,
        };
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...db,
    ...(cfg.production ? queueEnv(cfg) : {}),
    ...rolePorts(cfg, who),
    ...EXECUTION_DATA_ENV,
    // Main, webhook processor and workers share one folder, as they share the n8n volume in compose.
    N8N_USER_FOLDER: dir,
    N8N_HOST: cfg.host,
    N8N_LISTEN_ADDRESS: cfg.host,
    N8N_PROTOCOL: 'http',
    // The public n8n address: the front in the production topology (which sends /webhook/* to
    // the webhook processor), as WEBHOOK_URL is the TLS proxy's in docker-compose.
    N8N_WEBHOOK_URL: `${u.n8n}/`,
    N8N_EDITOR_BASE_URL: `${u.n8n}/`,
    // Main and the webhook processor sit behind the front: believe its one X-Forwarded-For hop
    // (as N8N_PROXY_HOPS in compose, where every n8n process has it).
    ...(cfg.production ? { N8N_PROXY_HOPS: '1' } : {}),
    N8N_ENCRYPTION_KEY: s.n8nEncryptionKey,
    N8N_SECURE_COOKIE: 'false', // plain http on localhost; production sits behind TLS
    // The stack's own copy of our nodes (see snapshotNodes), loaded by every n8n process.
    N8N_CUSTOM_EXTENSIONS: nodesDir(cfg),
    // The owner is main's business (and the import's, which creates the database).
    ...(who.role === 'main' || who.role === 'cli'
      ? {
          N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
          N8N_INSTANCE_OWNER_EMAIL: s.n8nOwnerEmail,
          N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(s.n8nOwnerPassword, N8N_PACKAGE_JSON),
          N8N_INSTANCE_OWNER_FIRST_NAME: 'Admin',
          N8N_INSTANCE_OWNER_LAST_NAME: 'Kanal Aduan',
        }
      : {}),
    // Offline by design: no telemetry, version checks, templates, banners or AI services.
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    N8N_MCP_ACCESS_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    // Modules that call n8n's online services at start (MCP registry, vetted community
    // nodes) or need an AI provider; none is used by Kanal Aduan.
    N8N_DISABLED_MODULES: 'mcp-registry,community-packages,agents,agent-evals,instance-ai,workflow-builder,chat-hub,quick-connect',
    N8N_RUNNERS_TASK_TIMEOUT: '60',
    N8N_PYTHON_ENABLED: 'false',
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
    N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
    // n8n puts the stack trace (absolute paths) into webhook error answers unless it runs as
    // production (@n8n/backend-common inDevelopment: NODE_ENV unset or 'development'); the
    // log keeps the detail. The official image sets the same.
    NODE_ENV: 'production',
    GENERIC_TIMEZONE: cfg.timezone,
    TZ: cfg.timezone,
  };
}

/** The credentials npm start imports: the docker entrypoint's, filled from the stack's secrets and local URLs. */
export function stackCredentials(cfg: StackConfig): N8nCredential[] {
  const u = urls(cfg);
  const s = cfg.secrets;
  return credentialsFromEnv({
    WA_ACCESS_TOKEN: s.waAccessToken,
    WA_PHONE_NUMBER_ID: s.waPhoneNumberId,
    WA_APP_SECRET: s.waAppSecret,
    WA_VERIFY_TOKEN: s.waVerifyToken,
    // The local stack talks to the WhatsApp simulator unless told otherwise.
    WA_API_BASE_URL: process.env.WA_API_BASE_URL ?? u.sim,
    WA_API_VERSION: process.env.WA_API_VERSION,
    // n8n reaches Directus at its one public address (the proxy in the production topology).
    KANAL_DIRECTUS_URL: u.directus,
    KANAL_SERVICE_TOKEN: s.serviceToken,
    KANAL_EVENTS_SECRET: s.eventsSecret,
    TELEGRAM_BOT_TOKEN: s.telegramBotToken,
    TELEGRAM_WEBHOOK_SECRET: s.telegramWebhookSecret,
    TELEGRAM_API_BASE_URL: process.env.TELEGRAM_API_BASE_URL ?? u.sim,
    // Messenger and Instagram: the same Meta app as WhatsApp (its secret signs the simulator's webhooks).
    MESSENGER_PAGE_TOKEN: s.messengerPageToken,
    // The demo kecamatan desk's own bot, Page and Instagram account.
    ...deskAccountsEnv(s),
  });
}

function writeCredentials(cfg: StackConfig, file: string) {
  // flag 'wx': a fresh file, so the mode below applies (an old 0644 file would keep its mode).
  writeFileSync(file, JSON.stringify(stackCredentials(cfg), null, 2), { mode: 0o600, flag: 'wx' });
}

const NODES_BUILD = join(ROOT, 'workflows/nodes');
const nodesDir = (cfg: StackConfig) => join(cfg.dataDir, 'n8n-nodes');

/**
 * Copies the built nodes (workflows/nodes/dist) into the stack's data folder, and
 * every n8n process loads that copy: main, the webhook processor and the workers
 * then run the very same build (as the image's mounted folder is one build in
 * compose), and a rebuild of dist/ while the stack starts (it empties the folder
 * first) cannot make one of them fail to load a node. Waits out a rebuild in progress.
 */
export async function snapshotNodes(cfg: StackConfig): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(NODES_BUILD, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
  const files = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((f) => f.replace(/^dist\//, ''));
  const dest = nodesDir(cfg);
  for (let attempt = 1; ; attempt += 1) {
    rmSync(dest, { recursive: true, force: true });
    try {
      cpSync(join(NODES_BUILD, 'dist'), dest, { recursive: true });
    } catch {
      /* dist/ emptied by a rebuild meanwhile: checked below */
    }
    const missing = files.filter((f) => !existsSync(join(dest, f)));
    if (missing.length === 0) return;
    if (attempt === 15) {
      throw new Error(`Our n8n nodes are not built (${missing.join(', ')} missing in workflows/nodes/dist): run npm run build -w n8n-nodes-kanal-aduan`);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

export async function importIntoN8n(cfg: StackConfig): Promise<void> {
  await snapshotNodes(cfg);
  const env = n8nEnv(cfg, { role: 'cli' });
  const logs = join(cfg.dataDir, 'logs');
  // The plaintext credentials exist only for the import: a private folder (0700, file 0600),
  // removed right after, also when the import fails. n8n keeps them encrypted in its database.
  rmSync(join(cfg.dataDir, 'n8n-import'), { recursive: true, force: true }); // left by older versions
  const tmp = mkdtempSync(join(cfg.dataDir, 'n8n-import-'));
  const credFile = join(tmp, 'credentials.json');
  cfg.log('n8n: importing credentials and workflows');
  const opts = { env, cwd: ROOT, logFile: join(logs, 'n8n-import.log') };
  try {
    writeCredentials(cfg, credFile);
    await runOnce('n8n import:credentials', process.execPath, [N8N_BIN, 'import:credentials', `--input=${credFile}`], opts);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  await runOnce('n8n import:workflow', process.execPath, [N8N_BIN, 'import:workflow', '--separate', `--input=${FLOWS_DIR}`], opts);
}

export async function startN8n(cfg: StackConfig, register: (s: Service) => void = () => undefined): Promise<Service> {
  cfg.log('n8n: starting');
  const svc = spawnService('n8n', process.execPath, [N8N_BIN, 'start'], {
    env: n8nEnv(cfg),
    cwd: ROOT,
    logFile: join(cfg.dataDir, 'logs', 'n8n.log'),
  });
  register(svc);
  await waitForHttp(`${urls(cfg).n8n}/healthz/readiness`, { timeoutMs: 180_000, service: svc });
  return svc;
}

/** Directus's endpoint for Meta's statuses-only webhooks (extensions/kanal-aduan routes/wa-webhook-statuses.ts). */
export const STATUSES_PATH = '/kanal-aduan/wa-webhook/statuses';

/** Meta's WhatsApp webhook: the statuses shortcut reads these (`?bot=` desks included). */
export const isWhatsAppWebhook = (req: Pick<IncomingMessage, 'url'>) => new URL(req.url ?? '/', 'http://front').pathname === '/webhook/whatsapp';

/** Production webhooks (`/webhook/…`) go to the webhook processor, the rest (editor, REST API, test webhooks) to main. */
export const isProductionWebhook = (req: Pick<IncomingMessage, 'url'>) => /^\/webhook(\/|\?|$)/.test(req.url ?? '');

/**
 * n8n in queue mode: main, the webhook processor and the workers start side by side
 * (all on the imported database), then the front on the public n8n port. Resolves
 * once every process answers its readiness check.
 */
export async function startN8nQueue(cfg: StackConfig, register: (s: Stoppable) => void): Promise<void> {
  const p = cfg.production;
  if (!p || cfg.db.client !== 'pg' || !cfg.redisUrl) throw new Error('n8n queue mode needs Postgres, Redis and a production layout');
  const logs = join(cfg.dataDir, 'logs');
  cfg.log(`n8n: starting queue mode (main, webhook processor, ${p.n8nWorkers.length} worker(s))`);
  const start = (name: string, args: string[], who: N8nRole, logName: string, readiness: string) => {
    const spawnIt = () => spawnService(name, process.execPath, [N8N_BIN, ...args], { env: n8nEnv(cfg, who), cwd: ROOT, logFile: join(logs, logName) });
    // Workers and the webhook processor come back when they die, as compose's `restart:` does
    // (the fault tests kill a worker mid-run); main is the one process a crash should stop.
    const svc = who.role === 'main' ? spawnIt() : supervise(spawnIt, (line) => cfg.log(`n8n: ${line}`));
    register(svc);
    return waitForHttp(`http://${cfg.host}:${readiness}/healthz/readiness`, { timeoutMs: 180_000, service: 'first' in svc ? svc.first : svc });
  };
  await Promise.all([
    // main keeps the demo's log name, so every setup has logs/n8n.log.
    start('n8n main', ['start'], { role: 'main' }, 'n8n.log', String(p.n8nMain.port)),
    start('n8n webhook', ['webhook'], { role: 'webhook' }, 'n8n-webhook.log', String(p.n8nWebhook.port)),
    ...p.n8nWorkers.map((w, index) =>
      start(`n8n worker ${index + 1}`, ['worker'], { role: 'worker', index }, `n8n-worker-${index + 1}.log`, String(w.health)),
    ),
  ]);
  const front = await startProxy({
    name: 'n8n front',
    host: cfg.host,
    port: cfg.ports.n8n,
    pick: (req) => (isProductionWebhook(req) ? { name: 'n8n webhook', port: p.n8nWebhook.port } : { name: 'n8n main', port: p.n8nMain.port }),
    // Meta's delivery statuses go to Directus, not through n8n's webhook process (as compose's webhook-front).
    statusShortcut: { name: 'statuses', url: `${urls(cfg).directus}${STATUSES_PATH}`, match: isWhatsAppWebhook },
  });
  register(front);
}

/**
 * Waits until the process that serves production webhooks answers Meta's verification
 * handshake for the intake workflow: proof that what main activated is served where
 * Meta and the simulator post.
 */
export async function waitForWebhooks(cfg: StackConfig): Promise<void> {
  const challenge = String(Date.now());
  const url = `${urls(cfg).n8nWebhooks}/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(cfg.secrets.waVerifyToken)}&hub.challenge=${challenge}`;
  await waitForHttp(url, { timeoutMs: 60_000, ok: (res) => res.status === 200 });
}

export async function activateWorkflows(cfg: StackConfig): Promise<string[]> {
  const cookie = await n8nLogin({ url: urls(cfg).n8n, email: cfg.secrets.n8nOwnerEmail, password: cfg.secrets.n8nOwnerPassword });
  const base = urls(cfg).n8n;
  const activated: string[] = [];
  for (const id of flowIds()) {
    const get = await fetch(`${base}/rest/workflows/${id}`, { headers: { cookie } });
    if (!get.ok) throw new Error(`n8n: workflow ${id} was not imported (HTTP ${get.status})`);
    const { data } = (await get.json()) as { data: { name: string; active: boolean; versionId: string } };
    const res = await fetch(`${base}/rest/workflows/${id}/activate`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ versionId: data.versionId }),
    });
    if (!res.ok) throw new Error(`n8n: could not activate "${data.name}" (${id}): HTTP ${res.status} ${await res.text()}`);
    activated.push(data.name);
  }
  return activated;
}

