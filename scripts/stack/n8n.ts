// n8n 2.35: environment, import of our credentials and workflows, start, activation.
//
// Credentials and workflows are imported with n8n's own CLI before the server
// starts (fixed ids, so a second run overwrites instead of duplicating); the owner
// account is managed by env (N8N_INSTANCE_OWNER_*), and workflows are activated
// through the REST API once the server is up, because n8n only activates on import
// in queue mode.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { credentialsFromEnv, type N8nCredential } from '../../docker/n8n-entrypoint.mjs';
import { N8N_BIN, ROOT, urls, type StackConfig } from './config.ts';
import { runOnce, spawnService, waitForHttp, type Service } from './processes.ts';

// The credentials (ids the shipped workflows reference, names, the sla-scan
// header derived from the events secret) are written once, in the docker
// entrypoint, which runs inside the n8n image without a build step; npm start
// fills the same function from its own config.
export { DIRECTUS_CREDENTIAL_ID, SLA_SCAN_CREDENTIAL_ID, slaScanAuthorization, WHATSAPP_CREDENTIAL_ID } from '../../docker/n8n-entrypoint.mjs';

const FLOWS_DIR = join(ROOT, 'workflows/flows');

function bcryptHash(password: string): string {
  // n8n ships bcryptjs; use the very library it verifies with.
  const require = createRequire(join(ROOT, 'runtime/n8n/node_modules/n8n/package.json'));
  const bcrypt = require('bcryptjs') as { hashSync(p: string, rounds: number): string };
  return bcrypt.hashSync(password, 10);
}

export function n8nEnv(cfg: StackConfig): NodeJS.ProcessEnv {
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
        };
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...db,
    N8N_USER_FOLDER: dir,
    N8N_HOST: cfg.host,
    N8N_LISTEN_ADDRESS: cfg.host,
    N8N_PORT: String(cfg.ports.n8n),
    N8N_PROTOCOL: 'http',
    N8N_WEBHOOK_URL: `${u.n8n}/`,
    N8N_EDITOR_BASE_URL: `${u.n8n}/`,
    N8N_ENCRYPTION_KEY: s.n8nEncryptionKey,
    N8N_SECURE_COOKIE: 'false', // plain http on localhost; production sits behind TLS
    N8N_CUSTOM_EXTENSIONS: join(ROOT, 'workflows/nodes/dist'),
    N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
    N8N_INSTANCE_OWNER_EMAIL: s.n8nOwnerEmail,
    N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(s.n8nOwnerPassword),
    N8N_INSTANCE_OWNER_FIRST_NAME: 'Admin',
    N8N_INSTANCE_OWNER_LAST_NAME: 'Kanal Aduan',
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
    // The JS task runner's broker listens on its own port; keep it beside n8n's so a
    // test stack and a demo stack can run side by side.
    N8N_RUNNERS_BROKER_PORT: String(cfg.ports.n8n + 1),
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
    KANAL_DIRECTUS_URL: u.directus,
    KANAL_SERVICE_TOKEN: s.serviceToken,
    KANAL_EVENTS_SECRET: s.eventsSecret,
  });
}

function writeCredentials(cfg: StackConfig, file: string) {
  // flag 'wx': a fresh file, so the mode below applies (an old 0644 file would keep its mode).
  writeFileSync(file, JSON.stringify(stackCredentials(cfg), null, 2), { mode: 0o600, flag: 'wx' });
}

export function flowIds(): string[] {
  return readdirSync(FLOWS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(FLOWS_DIR, f), 'utf8')) as { id: string }).id);
}

export async function importIntoN8n(cfg: StackConfig): Promise<void> {
  const env = n8nEnv(cfg);
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

/** Logs in as the owner and returns the auth cookie for n8n's internal REST API. */
export async function n8nLogin(cfg: StackConfig): Promise<string> {
  const res = await fetch(`${urls(cfg).n8n}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: cfg.secrets.n8nOwnerEmail, password: cfg.secrets.n8nOwnerPassword }),
  });
  if (!res.ok) throw new Error(`n8n login failed: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
  if (!cookie) throw new Error('n8n login answered without an auth cookie');
  return cookie.split(';')[0]!;
}

export async function activateWorkflows(cfg: StackConfig): Promise<string[]> {
  const cookie = await n8nLogin(cfg);
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

