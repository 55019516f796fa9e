// The production topology that the integration tests run (scripts/stack with
// cfg.production) and docker-compose.yml must be one configuration: the same
// variables for every n8n process and for Directus, and the same values wherever a
// value is not about this machine (ports, paths, secrets, per-run prefixes).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { StackConfig } from '../../scripts/stack/config.ts';
import { directusEnv } from '../../scripts/stack/directus.ts';
import { EXECUTION_DATA_ENV, n8nEnv, singleProcessEnv, WEBHOOK_PROCESSOR_ENV, type N8nRole } from '../../scripts/stack/n8n.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string | number | boolean | null> }>;
};
const composeEnv = (service: string) =>
  Object.fromEntries(Object.entries(compose.services[service]!.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));

const cfg = {
  dataDir: join(tmpdir(), 'kanal-topology-env-test'),
  db: { client: 'pg', host: '127.0.0.1', port: 5432, user: 'postgres', directusDb: 'run_directus', n8nDb: 'run_n8n' },
  host: '127.0.0.1',
  ports: { directus: 18055, n8n: 15678, sim: 18090 },
  regencyCode: '16.02',
  timezone: 'Asia/Jakarta',
  redisUrl: 'redis://127.0.0.1:6379/3',
  production: { directus: [18056, 18057], n8nMain: { port: 15680, broker: 15681 }, n8nWebhook: { port: 15682 }, n8nWorkers: [{ health: 15683, broker: 15684 }], n8nRedisPrefix: 'kanal-run' },
  secrets: { n8nOwnerEmail: 'a@example.com', n8nOwnerPassword: 'pw', n8nEncryptionKey: 'k', directusKey: 'k', directusSecret: 's', adminEmail: 'a@example.com', adminPassword: 'p', adminToken: 't', eventsSecret: 'e', waAppSecret: 'w' },
  log: () => undefined,
} as unknown as StackConfig;

// Only where the machine differs from a container: process plumbing, listen ports, local paths.
const MACHINE_ONLY = new Set(['PATH', 'HOME', 'HOST', 'PORT', 'N8N_PORT', 'N8N_RUNNERS_BROKER_PORT', 'QUEUE_HEALTH_CHECK_PORT', 'N8N_USER_FOLDER', 'N8N_HOST', 'N8N_LISTEN_ADDRESS', 'N8N_SECURE_COOKIE', 'LOG_LEVEL', 'LOG_STYLE', 'PRESSURE_LIMITER_ENABLED']);
// The local stack writes n8n's owner hash itself; in compose the entrypoint derives it from N8N_OWNER_*.
const OWNER_LOCAL = ['N8N_INSTANCE_OWNER_MANAGED_BY_ENV', 'N8N_INSTANCE_OWNER_EMAIL', 'N8N_INSTANCE_OWNER_PASSWORD_HASH', 'N8N_INSTANCE_OWNER_FIRST_NAME', 'N8N_INSTANCE_OWNER_LAST_NAME'];
// Values that are about the place (hosts, secrets, paths, per-run Redis names), not the configuration.
const PLACE = /^(DB_|QUEUE_BULL_REDIS_(HOST|DB)|QUEUE_BULL_PREFIX|N8N_REDIS_KEY_PREFIX|N8N_ENCRYPTION_KEY|N8N_CUSTOM_EXTENSIONS|N8N_PROTOCOL|N8N_WEBHOOK_URL|N8N_EDITOR_BASE_URL|GENERIC_TIMEZONE|TZ|PUBLIC_URL|KEY|SECRET|ADMIN_|REDIS$|.*_NAMESPACE|RATE_LIMITER_.*KEY_PREFIX|EXTENSIONS_PATH|STORAGE_LOCAL_ROOT|KANAL_N8N_URL|KANAL_EVENTS_SECRET|WA_APP_SECRET|KANAL_TIMEZONE|KANAL_REGENCY_CODE|IP_TRUST_PROXY)/;

function compare(local: NodeJS.ProcessEnv, service: string, allowedComposeOnly: string[] = []) {
  const c = composeEnv(service);
  const localOnly = Object.keys(local).filter((k) => !(k in c) && !MACHINE_ONLY.has(k) && !OWNER_LOCAL.includes(k));
  const composeOnly = Object.keys(c).filter((k) => !(k in local) && !allowedComposeOnly.includes(k));
  const differ = Object.keys(c).filter((k) => k in local && !PLACE.test(k) && String(local[k]) !== c[k]).map((k) => `${k}: ${local[k]} vs ${c[k]}`);
  return { localOnly, composeOnly, differ };
}

describe('the tested production topology and docker-compose.yml', () => {
  const roles: Array<[string, N8nRole, string[]]> = [
    ['n8n', { role: 'main' }, ['N8N_OWNER_EMAIL', 'N8N_OWNER_PASSWORD']],
    ['n8n-webhook', { role: 'webhook' }, []],
    ['n8n-worker', { role: 'worker', index: 0 }, []],
  ];
  for (const [service, who, composeOnly] of roles) {
    it(`give ${service} the same variables and settings`, () => {
      expect(compare(n8nEnv(cfg, who), service, composeOnly)).toEqual({ localOnly: [], composeOnly: [], differ: [] });
    });
  }

  it('give Directus the same variables and settings (the tracker and web form limits and map tiles are compose defaults of the bundle)', () => {
    const bundleDefaults = [
      'KANAL_TRACK_RATE_LIMIT', 'KANAL_TRACK_RATE_WINDOW_SECONDS', 'KANAL_TRACK_MISS_COST', 'KANAL_TRACK_CODE_ATTEMPTS', 'KANAL_TRACK_CODE_WINDOW_SECONDS', 'KANAL_MAP_TILES', 'KANAL_MAP_ATTRIBUTION',
      'KANAL_WEB_REPORT_ADDRESS_LIMIT', 'KANAL_WEB_REPORT_ADDRESS_WINDOW_SECONDS', 'KANAL_WEB_REPORT_NUMBER_LIMIT', 'KANAL_WEB_REPORT_NUMBER_WINDOW_SECONDS', 'KANAL_WEB_REPORT_MAX_PHOTOS', 'KANAL_WEB_REPORT_MAX_PHOTO_MB',
    ];
    expect(compare(directusEnv(cfg, 18056), 'directus', bundleDefaults)).toEqual({ localOnly: [], composeOnly: [], differ: [] });
  });

  it('keep successful executions without their data everywhere, the demo included, and failed ones with it', () => {
    const demo = { ...cfg, production: undefined, db: { client: 'sqlite' } } as unknown as StackConfig;
    for (const env of [n8nEnv(demo), n8nEnv(cfg, { role: 'main' }), n8nEnv(cfg, { role: 'worker', index: 0 }), composeEnv('n8n-worker')]) {
      expect(env).toMatchObject({ EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', EXECUTIONS_DATA_SAVE_ON_ERROR: 'all' });
    }
    expect(EXECUTION_DATA_ENV.EXECUTIONS_DATA_SAVE_ON_SUCCESS).toBe('none');
  });

  it('evaluate expressions in a fresh isolate wherever the production topology runs workflows, and in process only on its webhook processor', () => {
    expect(n8nEnv(cfg, { role: 'webhook' })).toMatchObject(WEBHOOK_PROCESSOR_ENV);
    expect(composeEnv('n8n-webhook')).toMatchObject(WEBHOOK_PROCESSOR_ENV);
    for (const env of [n8nEnv(cfg, { role: 'main' }), n8nEnv(cfg, { role: 'worker', index: 0 }), composeEnv('n8n'), composeEnv('n8n-worker')]) {
      expect(env.N8N_EXPRESSION_ENGINE).toBeUndefined();
    }
  });

  it("evaluate in process in the demo's one n8n (it answers every webhook itself), unless asked to keep the isolate", () => {
    const demo = { ...cfg, production: undefined, db: { client: 'sqlite' } } as unknown as StackConfig;
    expect(n8nEnv(demo).N8N_EXPRESSION_ENGINE).toBe('legacy');
    expect(singleProcessEnv({ KANAL_N8N_EXPRESSION_ENGINE: 'vm' })).toEqual({ N8N_EXPRESSION_ENGINE: 'vm' });
    expect(singleProcessEnv({ KANAL_N8N_EXPRESSION_ENGINE: 'anything else' })).toEqual({ N8N_EXPRESSION_ENGINE: 'legacy' });
  });

  it('give each local stack its own Redis names, so parallel stacks never take each other\'s jobs', () => {
    const other = { ...cfg, db: { ...cfg.db, directusDb: 'other_directus' }, production: { ...cfg.production!, n8nRedisPrefix: 'kanal-other' } } as StackConfig;
    for (const key of ['QUEUE_BULL_PREFIX', 'N8N_REDIS_KEY_PREFIX'] as const) expect(n8nEnv(cfg, { role: 'worker', index: 0 })[key]).not.toBe(n8nEnv(other, { role: 'worker', index: 0 })[key]);
    for (const key of ['CACHE_NAMESPACE', 'REDIS_BUS_NAMESPACE', 'RATE_LIMITER_KEY_PREFIX'] as const) expect(directusEnv(cfg)[key]).not.toBe(directusEnv(other)[key]);
  });
});
