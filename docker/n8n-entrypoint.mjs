#!/usr/bin/env node
// Kanal Aduan's wrapper around the official n8n image's `n8n` command, used by
// docker-compose.yml for two services:
//
//   node /kanal/n8n-entrypoint.mjs import   one-shot: import our credentials (from env,
//                                           every run, so rotated secrets apply) and, on
//                                           the first run only, import + publish the flows
//   node /kanal/n8n-entrypoint.mjs start    n8n main, with the owner account managed by
//                                           env from N8N_OWNER_EMAIL / N8N_OWNER_PASSWORD
//
// Flows are imported once (a marker in the n8n volume) because Diskominfo staff edit
// them in n8n afterwards; a re-import would overwrite their work. Delete the marker
// (/home/node/.n8n/.kanal-aduan-flows-imported) to import the shipped flows again.
// The credentials are written here only: scripts/stack/n8n.ts (`npm start`) imports
// credentialsFromEnv and fills it from its own config.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The shipped workflows (workflows/flows/*.json) reference these ids.
export const WHATSAPP_CREDENTIAL_ID = 'kaWhatsAppCred01';
export const DIRECTUS_CREDENTIAL_ID = 'kaDirectusCred01';
export const SLA_SCAN_CREDENTIAL_ID = 'kaSlaScanAuth01';
export const TELEGRAM_CREDENTIAL_ID = 'kaTelegramCred01';
export const MESSENGER_CREDENTIAL_ID = 'kaMessengerCred1';

/** The `Authorization` value of `POST /webhook/sla-scan`, derived from the events secret (no extra secret to manage, never the secret itself on the wire). */
export function slaScanAuthorization(eventsSecret) {
  return `Bearer ${createHmac('sha256', eventsSecret).update('kanal-aduan:sla-scan').digest('hex')}`;
}

const N8N_PACKAGE = process.env.KANAL_N8N_PACKAGE ?? '/usr/local/lib/node_modules/n8n/package.json';
const FLOWS_DIR = process.env.KANAL_FLOWS_DIR ?? '/kanal/flows';
const N8N_HOME = join(process.env.N8N_USER_FOLDER ?? process.env.HOME ?? '/home/node', '.n8n');
const MARKER = join(N8N_HOME, '.kanal-aduan-flows-imported');

function required(env, name) {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set (see .env.example)`);
  return v;
}

/** A comma-separated env list as the credentials keep it: one entry per line. */
const listLines = (value) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean).join('\n');

/** The credentials our workflows use, filled from the environment. */
export function credentialsFromEnv(env) {
  const eventsSecret = required(env, 'KANAL_EVENTS_SECRET');
  return [
    {
      id: WHATSAPP_CREDENTIAL_ID,
      name: 'WhatsApp Cloud API',
      type: 'whatsAppCloudApi',
      data: {
        accessToken: required(env, 'WA_ACCESS_TOKEN'),
        phoneNumberId: required(env, 'WA_PHONE_NUMBER_ID'),
        apiBaseUrl: env.WA_API_BASE_URL || 'https://graph.facebook.com',
        apiVersion: env.WA_API_VERSION || 'v23.0',
        appSecret: required(env, 'WA_APP_SECRET'),
        verifyToken: required(env, 'WA_VERIFY_TOKEN'),
      },
    },
    {
      id: DIRECTUS_CREDENTIAL_ID,
      name: 'Kanal Aduan (Directus)',
      type: 'kanalAduanApi',
      data: {
        // The compose service in front of the Directus replicas.
        directusUrl: env.KANAL_DIRECTUS_URL || 'http://directus-proxy:8055',
        token: required(env, 'KANAL_SERVICE_TOKEN'),
        eventsSecret,
      },
    },
    {
      // Optional: without a bot token and webhook secret the Telegram trigger refuses every call.
      id: TELEGRAM_CREDENTIAL_ID,
      name: 'Telegram Bot API',
      type: 'telegramBotApi',
      data: {
        botToken: env.TELEGRAM_BOT_TOKEN || '',
        // Intake desks' own bots (comma-separated tokens); each bot's webhook is this one with ?bot=<bot id>.
        deskBotTokens: listLines(env.TELEGRAM_DESK_BOT_TOKENS),
        secretToken: env.TELEGRAM_WEBHOOK_SECRET || '',
        baseUrl: env.TELEGRAM_API_BASE_URL || 'https://api.telegram.org',
      },
    },
    {
      // Facebook Messenger and Instagram DMs (Meta's Messenger Platform). Usually the same Meta app as
      // WhatsApp: its secret and verify token then serve both. Without a page token nothing can be sent.
      id: MESSENGER_CREDENTIAL_ID,
      name: 'Meta Messenger API',
      type: 'metaMessengerApi',
      data: {
        pageAccessToken: env.MESSENGER_PAGE_TOKEN || '',
        // Intake desks' own Pages and Instagram accounts: comma-separated `fb:<page id>=<token>` / `ig:<account id>=<token>`.
        deskPageTokens: listLines(env.MESSENGER_DESK_PAGE_TOKENS),
        appSecret: env.MESSENGER_APP_SECRET || required(env, 'WA_APP_SECRET'),
        verifyToken: env.MESSENGER_VERIFY_TOKEN || required(env, 'WA_VERIFY_TOKEN'),
        apiBaseUrl: env.MESSENGER_API_BASE_URL || env.WA_API_BASE_URL || 'https://graph.facebook.com',
        apiVersion: env.WA_API_VERSION || 'v23.0',
      },
    },
    {
      // n8n's header auth on the manual "Pindai sekarang" and "Latih sekarang" webhooks (reminders.json, triage-training.json).
      id: SLA_SCAN_CREDENTIAL_ID,
      name: 'Kanal Aduan — pindai sekarang',
      type: 'httpHeaderAuth',
      data: { name: 'Authorization', value: slaScanAuthorization(eventsSecret) },
    },
  ];
}

/**
 * n8n's env-managed owner wants a bcrypt hash; operators write a password in .env,
 * so hash it here with the bcryptjs n8n itself verifies with.
 */
export function withOwnerEnv(env, hash) {
  if (!env.N8N_OWNER_PASSWORD || env.N8N_INSTANCE_OWNER_PASSWORD_HASH) return env;
  return {
    ...env,
    N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
    N8N_INSTANCE_OWNER_EMAIL: required(env, 'N8N_OWNER_EMAIL'),
    N8N_INSTANCE_OWNER_PASSWORD_HASH: hash(env.N8N_OWNER_PASSWORD),
    N8N_INSTANCE_OWNER_FIRST_NAME: env.N8N_INSTANCE_OWNER_FIRST_NAME || 'Admin',
    N8N_INSTANCE_OWNER_LAST_NAME: env.N8N_INSTANCE_OWNER_LAST_NAME || 'Kanal Aduan',
  };
}

export function bcryptHash(password, n8nPackageJson = N8N_PACKAGE) {
  const bcrypt = createRequire(n8nPackageJson)('bcryptjs');
  return bcrypt.hashSync(password, 10);
}

/** Workflow ids of the shipped flows (each file has a fixed `id`). */
export function flowIds(dir = FLOWS_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).id)
    .filter((id) => typeof id === 'string' && id.length > 0);
}

function n8n(args) {
  console.log(`kanal-aduan: n8n ${args.join(' ')}`);
  const r = spawnSync('n8n', args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`n8n ${args[0]} failed (exit ${r.status ?? r.signal})`);
}

function importAll() {
  const tmp = mkdtempSync(join(tmpdir(), 'kanal-cred-'));
  const file = join(tmp, 'credentials.json');
  try {
    writeFileSync(file, JSON.stringify(credentialsFromEnv(process.env)), { mode: 0o600 });
    n8n(['import:credentials', `--input=${file}`]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (existsSync(MARKER)) {
    console.log(`kanal-aduan: flows were imported before (${MARKER}); leaving them as edited`);
    return;
  }
  const ids = flowIds();
  if (ids.length === 0) {
    console.log(`kanal-aduan: no flows in ${FLOWS_DIR}; nothing to import`);
    return;
  }
  n8n(['import:workflow', '--separate', `--input=${FLOWS_DIR}`]);
  for (const id of ids) n8n(['publish:workflow', `--id=${id}`]);
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
}

function run(args) {
  const env = withOwnerEnv(process.env, (pw) => bcryptHash(pw));
  const child = spawn('n8n', args, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode = 'start', ...rest] = process.argv.slice(2);
  if (mode === 'import') {
    try {
      importAll();
    } catch (e) {
      console.error(`kanal-aduan: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
  } else {
    run([mode, ...rest]);
  }
}
