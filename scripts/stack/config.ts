// Where the stack keeps its data, which ports it listens on and which secrets it
// uses. Secrets are generated once per data folder (never committed) and can be
// overridden from the environment (see .env.example).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KECAMATAN_DESK_ACCOUNTS } from '@kanal-aduan/seeds/desks';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DIRECTUS_BIN = join(ROOT, 'runtime/directus/node_modules/directus/cli.js');
export const N8N_BIN = join(ROOT, 'runtime/n8n/node_modules/n8n/bin/n8n');

export type Database =
  | { client: 'sqlite' }
  | { client: 'pg'; host: string; port: number; user: string; password?: string; directusDb: string; n8nDb: string };

export interface StackConfig {
  dataDir: string;
  db: Database;
  host: string;
  ports: { directus: number; n8n: number; sim: number };
  regencyCode: string;
  timezone: string;
  /** Directus cache/synchronisation through Redis (production-like); off in the SQLite demo. */
  redisUrl?: string;
  /**
   * Run as the production topology (several Directus behind a proxy, n8n in queue
   * mode) instead of one Directus and one n8n. Needs Postgres and `redisUrl`.
   */
  production?: ProductionLayout;
  /** Seconds between the bundle's outbox sweeps (KANAL_OUTBOX_SWEEP_SECONDS); the bundle's default when unset. */
  outboxSweepSeconds?: number;
  secrets: Secrets;
  log: (line: string) => void;
}

/**
 * The production topology as processes on one machine. `ports.directus` and
 * `ports.n8n` stay the public addresses: a round-robin proxy in front of the
 * Directus instances, and a front for n8n that sends `/webhook*` to the webhook
 * processor and everything else (editor, REST API) to main, as the TLS proxy in
 * front of docker-compose does. The ports here are the processes' own.
 */
export interface ProductionLayout {
  /** One port per Directus instance (same database, same Redis namespace). */
  directus: number[];
  n8nMain: { port: number; broker: number };
  /** `n8n webhook`: serves production webhooks (Meta, the simulator, Directus's events). */
  n8nWebhook: { port: number };
  /** `n8n worker` processes: health server and task-runner broker ports. */
  n8nWorkers: { health: number; broker: number }[];
  /** This stack's own Redis key prefix for n8n (Bull queue, cache, pub/sub), so parallel stacks never take each other's jobs. */
  n8nRedisPrefix: string;
}

/** Instances and workers of the production topology: KANAL_DIRECTUS_INSTANCES and KANAL_N8N_WORKERS (default 2 each). */
export function topologySize(env: NodeJS.ProcessEnv = process.env): { directusInstances: number; n8nWorkers: number } {
  const count = (name: string, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return 2;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > 16) throw new Error(`${name} must be a whole number from ${min} to 16 (got "${raw}")`);
    return n;
  };
  return { directusInstances: count('KANAL_DIRECTUS_INSTANCES', 1), n8nWorkers: count('KANAL_N8N_WORKERS', 1) };
}

/** Lays the topology out on free ports (the public ones are `cfg.ports`). */
export async function productionLayout(
  freePort: () => Promise<number>,
  o: { name: string; directusInstances: number; n8nWorkers: number },
): Promise<ProductionLayout> {
  const ports = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) out.push(await freePort());
    return out;
  };
  return {
    directus: await ports(o.directusInstances),
    n8nMain: { port: await freePort(), broker: await freePort() },
    n8nWebhook: { port: await freePort() },
    n8nWorkers: await Promise.all(Array.from({ length: o.n8nWorkers }, async () => ({ health: await freePort(), broker: await freePort() }))),
    n8nRedisPrefix: `kanal-${o.name}`,
  };
}

export interface Secrets {
  directusKey: string;
  directusSecret: string;
  adminEmail: string;
  adminPassword: string;
  adminToken: string;
  serviceToken: string;
  demoPassword: string;
  n8nEncryptionKey: string;
  n8nOwnerEmail: string;
  n8nOwnerPassword: string;
  waAccessToken: string;
  waAppSecret: string;
  waVerifyToken: string;
  waPhoneNumberId: string;
  eventsSecret: string;
  telegramBotToken: string;
  telegramWebhookSecret: string;
  messengerPageToken: string;
  /** The demo kecamatan desk's own Telegram bot (seeds' KECAMATAN_DESK_ACCOUNTS.telegramBotId). */
  telegramDeskBotToken: string;
  /** The page token of the demo kecamatan desk's own Facebook Page and its Instagram account. */
  messengerDeskPageToken: string;
}

const token = (bytes = 24) => randomBytes(bytes).toString('base64url');
// Readable but random: people type these demo passwords from the terminal.
const password = () => `Kanal-${randomBytes(4).toString('hex')}`;

const ENV_OVERRIDES: Record<keyof Secrets, string> = {
  directusKey: 'KEY',
  directusSecret: 'SECRET',
  adminEmail: 'ADMIN_EMAIL',
  adminPassword: 'ADMIN_PASSWORD',
  adminToken: 'KANAL_DIRECTUS_TOKEN',
  serviceToken: 'KANAL_SERVICE_TOKEN',
  demoPassword: 'KANAL_DEMO_PASSWORD',
  n8nEncryptionKey: 'N8N_ENCRYPTION_KEY',
  n8nOwnerEmail: 'N8N_OWNER_EMAIL',
  n8nOwnerPassword: 'N8N_OWNER_PASSWORD',
  waAccessToken: 'WA_ACCESS_TOKEN',
  waAppSecret: 'WA_APP_SECRET',
  waVerifyToken: 'WA_VERIFY_TOKEN',
  waPhoneNumberId: 'WA_PHONE_NUMBER_ID',
  eventsSecret: 'KANAL_EVENTS_SECRET',
  telegramBotToken: 'TELEGRAM_BOT_TOKEN',
  telegramWebhookSecret: 'TELEGRAM_WEBHOOK_SECRET',
  messengerPageToken: 'MESSENGER_PAGE_TOKEN',
  telegramDeskBotToken: 'KANAL_DEMO_TELEGRAM_DESK_BOT_TOKEN',
  messengerDeskPageToken: 'KANAL_DEMO_MESSENGER_DESK_PAGE_TOKEN',
};

/**
 * The n8n credentials' desk accounts, as the compose env carries them: the demo kecamatan desk's
 * bot token (TELEGRAM_DESK_BOT_TOKENS) and its page token for its Page and Instagram account
 * (MESSENGER_DESK_PAGE_TOKENS, `fb:<page id>=<token>,ig:<account id>=<token>`).
 */
export function deskAccountsEnv(s: Pick<Secrets, 'telegramDeskBotToken' | 'messengerDeskPageToken'>): { TELEGRAM_DESK_BOT_TOKENS: string; MESSENGER_DESK_PAGE_TOKENS: string } {
  const a = KECAMATAN_DESK_ACCOUNTS;
  return {
    TELEGRAM_DESK_BOT_TOKENS: s.telegramDeskBotToken,
    MESSENGER_DESK_PAGE_TOKENS: `fb:${a.facebookPageId}=${s.messengerDeskPageToken},ig:${a.instagramAccountId}=${s.messengerDeskPageToken}`,
  };
}

/** Reads `<dataDir>/secrets.json`, creating it on first use; env vars win. */
export function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): Secrets {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  const saved: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const generated: Secrets = {
    directusKey: token(),
    directusSecret: token(32),
    adminEmail: 'admin@example.com',
    adminPassword: password(),
    adminToken: token(),
    serviceToken: token(),
    demoPassword: password(),
    n8nEncryptionKey: token(32),
    n8nOwnerEmail: 'admin@example.com',
    n8nOwnerPassword: password(),
    waAccessToken: token(),
    waAppSecret: token(),
    waVerifyToken: token(12),
    waPhoneNumberId: '100000000000001',
    eventsSecret: token(),
    // Shaped like BotFather's tokens (bot id, colon, secret); the simulator's bot.
    telegramBotToken: `7000000001:${token(26)}`,
    telegramWebhookSecret: token(),
    messengerPageToken: token(),
    telegramDeskBotToken: `${KECAMATAN_DESK_ACCOUNTS.telegramBotId}:${token(26)}`,
    messengerDeskPageToken: token(),
  };
  const secrets = { ...generated, ...saved } as Secrets;
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  for (const [key, name] of Object.entries(ENV_OVERRIDES) as [keyof Secrets, string][]) {
    const v = env[name];
    if (v) secrets[key] = v;
  }
  return secrets;
}

export const urls = (cfg: StackConfig) => ({
  /** The one Directus address (the proxy in the production topology). */
  directus: `http://${cfg.host}:${cfg.ports.directus}`,
  /** The one n8n address: editor, REST API and webhooks (the front in the production topology). */
  n8n: `http://${cfg.host}:${cfg.ports.n8n}`,
  /** Where production webhooks are served: the webhook processor in the production topology, else n8n itself. */
  n8nWebhooks: cfg.production ? `http://${cfg.host}:${cfg.production.n8nWebhook.port}` : `http://${cfg.host}:${cfg.ports.n8n}`,
  sim: `http://${cfg.host}:${cfg.ports.sim}`,
});
