// Directus 11: environment, bootstrap (install + migrations, idempotent) and start.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIRECTUS_EXCLUDED_TABLES } from '../../schema/src/ranking-tables.ts';
import { DIRECTUS_BIN, ROOT, urls, type StackConfig } from './config.ts';
import { runOnce, spawnService, waitForHttp, type Service } from './processes.ts';

/** Directus 11.17's own redact paths (api/dist/logger), in order, with `req.query` for `req.query.access_token`. */
export const DIRECTUS_LOG_REDACT_PATHS = 'req.headers.authorization,req.headers.cookie,res.headers,req.query';

export function directusEnv(cfg: StackConfig): NodeJS.ProcessEnv {
  const dir = join(cfg.dataDir, 'directus');
  mkdirSync(join(dir, 'uploads'), { recursive: true });
  const u = urls(cfg);
  const db =
    cfg.db.client === 'sqlite'
      ? {
          DB_CLIENT: 'sqlite3',
          DB_FILENAME: join(dir, 'data.db'),
          // One connection (knex's default for sqlite3), so writes never collide. Directus's
          // background CSV export (/utils/export) deadlocks on it for roles whose rules use
          // $CURRENT_USER; the bundle's export-guard refuses those exports to non-admins here.
        }
      : {
          DB_CLIENT: 'pg',
          DB_HOST: cfg.db.host,
          DB_PORT: String(cfg.db.port),
          DB_USER: cfg.db.user,
          DB_PASSWORD: cfg.db.password ?? '',
          DB_DATABASE: cfg.db.directusDb,
        };
  // Every Redis key and channel Directus uses gets this stack's own namespace: with
  // the defaults, two Directus instances on one Redis (a test run beside a benchmark)
  // share the schema-cache lock and bus, and one can be handed the other's schema.
  const ns = `kanal:${cfg.db.client === 'pg' ? cfg.db.directusDb : cfg.ports.directus}`;
  const redis = cfg.redisUrl
    ? {
        REDIS: cfg.redisUrl,
        CACHE_ENABLED: 'true',
        CACHE_STORE: 'redis',
        CACHE_AUTO_PURGE: 'true',
        CACHE_NAMESPACE: `${ns}:cache`,
        SYNCHRONIZATION_STORE: 'redis',
        SYNCHRONIZATION_NAMESPACE: `${ns}:sync`,
        REDIS_BUS_NAMESPACE: `${ns}:bus`,
        REDIS_LOCK_NAMESPACE: `${ns}:lock`,
        REDIS_COUNTERS_NAMESPACE: `${ns}:counters`,
        REDIS_PERMISSIONS_NAMESPACE: `${ns}:permissions`,
      }
    : { CACHE_ENABLED: 'false' };
  const s = cfg.secrets;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...db,
    // The ranking's own cache tables: not collections, so kept out of the Data Model and the API.
    DB_EXCLUDE_TABLES: DIRECTUS_EXCLUDED_TABLES,
    ...redis,
    HOST: cfg.host,
    PORT: String(cfg.ports.directus),
    PUBLIC_URL: u.directus,
    KEY: s.directusKey,
    SECRET: s.directusSecret,
    ADMIN_EMAIL: s.adminEmail,
    ADMIN_PASSWORD: s.adminPassword,
    ADMIN_TOKEN: s.adminToken,
    TELEMETRY: 'false',
    LOG_LEVEL: process.env.DIRECTUS_LOG_LEVEL ?? 'info',
    LOG_STYLE: 'raw',
    // pino redaction of the request log (merged over Directus's own list, index by index): the
    // parsed query too, where n8n's citizen lookups carry WhatsApp numbers; the bundle's
    // log-privacy hook masks them in the logged URL.
    LOGGER_REDACT__PATHS: DIRECTUS_LOG_REDACT_PATHS,
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: join(dir, 'uploads'),
    // Our bundle lives in extensions/kanal-aduan (built to dist/); Directus 11 loads
    // every folder of EXTENSIONS_PATH that has a package.json with `directus:extension`.
    EXTENSIONS_PATH: join(ROOT, 'extensions'),
    EXTENSIONS_AUTO_RELOAD: 'false',
    WEBSOCKETS_ENABLED: 'false',
    // A laptop demo or a busy CI machine is not an overloaded server: answering 503
    // there only makes intake flaky. Production (compose) keeps Directus's default.
    PRESSURE_LIMITER_ENABLED: 'false',
    // Nothing sits in front of Directus here, so no X-Forwarded-For is believed (Directus's
    // default `true` would let any client choose its address for rate limits and logs).
    IP_TRUST_PROXY: 'false',
    // Read by our bundle.
    KANAL_N8N_URL: u.n8n,
    KANAL_EVENTS_SECRET: s.eventsSecret,
    KANAL_TIMEZONE: cfg.timezone,
    KANAL_REGENCY_CODE: cfg.regencyCode,
  };
}

export async function startDirectus(cfg: StackConfig, register: (s: Service) => void = () => undefined): Promise<Service> {
  const env = directusEnv(cfg);
  const logs = join(cfg.dataDir, 'logs');
  cfg.log('Directus: preparing the database (first run installs it; later runs only migrate)');
  await runOnce('directus bootstrap', process.execPath, [DIRECTUS_BIN, 'bootstrap'], {
    env,
    cwd: ROOT,
    logFile: join(logs, 'directus-bootstrap.log'),
  });
  cfg.log('Directus: starting');
  const svc = spawnService('Directus', process.execPath, [DIRECTUS_BIN, 'start'], {
    env,
    cwd: ROOT,
    logFile: join(logs, 'directus.log'),
  });
  register(svc);
  await waitForHttp(`${urls(cfg).directus}/server/health`, { timeoutMs: 120_000, service: svc });
  return svc;
}
