// Directus 11: environment, bootstrap (install + migrations, idempotent) and start.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DIRECTUS_EXCLUDED_TABLES } from '../../schema/src/ranking-tables.ts';
import { DIRECTUS_BIN, ROOT, urls, type StackConfig } from './config.ts';
import { runOnce, spawnService, waitForHttp, type Service, type Stoppable } from './processes.ts';
import { ensureSpatialite } from './spatialite.ts';
import { roundRobin, startProxy } from '../../docker/proxy.mjs';

const SQLITE_GLOBAL_PRELOAD = join(ROOT, 'scripts/stack/sqlite-global.cjs');

/** Directus 11.17's own redact paths (api/dist/logger), in order, with `req.query` for `req.query.access_token`. */
export const DIRECTUS_LOG_REDACT_PATHS = 'req.headers.authorization,req.headers.cookie,res.headers,req.query';

/** `port`: the instance's own port; by default the public one (a single Directus). */
export function directusEnv(cfg: StackConfig, port = cfg.ports.directus): NodeJS.ProcessEnv {
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
        // n8n acts on what just changed: its reads send Cache-Control: no-store and skip the
        // cache (a read racing a save can leave the old row cached for CACHE_TTL).
        CACHE_SKIP_ALLOWED: 'true',
        // Every request takes the schema; unfrozen, Directus deep-clones it for each one (a third of an
        // instance's CPU at 40 citizens a second, bench/intake/RESULTS.md). Frozen, it is shared; the
        // bundle's schema-copy hook gives the rare request that changes the data model its own copy.
        CACHE_SCHEMA_FREEZE_ENABLED: 'true',
        CACHE_NAMESPACE: `${ns}:cache`,
        SYNCHRONIZATION_STORE: 'redis',
        SYNCHRONIZATION_NAMESPACE: `${ns}:sync`,
        REDIS_BUS_NAMESPACE: `${ns}:bus`,
        REDIS_LOCK_NAMESPACE: `${ns}:lock`,
        REDIS_COUNTERS_NAMESPACE: `${ns}:counters`,
        REDIS_PERMISSIONS_NAMESPACE: `${ns}:permissions`,
        // Directus's own rate limiters (off unless enabled; registration's is on) count in Redis,
        // so several instances share one budget. (Directus 11 has no MESSENGER_STORE: its
        // message bus follows REDIS.)
        RATE_LIMITER_STORE: 'redis',
        RATE_LIMITER_KEY_PREFIX: `${ns}:rl`,
        RATE_LIMITER_REGISTRATION_KEY_PREFIX: `${ns}:rl-registration`,
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
    PORT: String(port),
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
    // Alone, nothing sits in front of Directus, so no X-Forwarded-For is believed (Directus's
    // default `true` would let any client choose its address for rate limits and logs). In the
    // production topology our proxy is the one hop in front and appends the client's address.
    IP_TRUST_PROXY: cfg.production ? '1' : 'false',
    // Read by our bundle. Events go where n8n serves production webhooks (the webhook
    // processor in queue mode, as KANAL_N8N_URL in docker-compose).
    KANAL_N8N_URL: u.n8nWebhooks,
    KANAL_EVENTS_SECRET: s.eventsSecret,
    // Meta's signature on the delivery statuses the webhook front sends here instead of n8n.
    WA_APP_SECRET: s.waAppSecret,
    KANAL_TIMEZONE: cfg.timezone,
    KANAL_REGENCY_CODE: cfg.regencyCode,
    ...(cfg.outboxSweepSeconds ? { KANAL_OUTBOX_SWEEP_SECONDS: String(cfg.outboxSweepSeconds) } : {}),
  };
}

async function prepareDatabase(cfg: StackConfig): Promise<void> {
  cfg.log('Directus: preparing the database (first run installs it; later runs only migrate)');
  await runOnce('directus bootstrap', process.execPath, [DIRECTUS_BIN, 'bootstrap'], {
    env: directusEnv(cfg),
    cwd: ROOT,
    logFile: join(cfg.dataDir, 'logs', 'directus-bootstrap.log'),
  });
}

function spawnDirectus(cfg: StackConfig, name: string, port: number, logName: string, extraEnv: NodeJS.ProcessEnv = {}): Service {
  // With SpatiaLite, the sqlite3 driver is preloaded RTLD_GLOBAL (sqlite-global.cjs says why).
  const preload = extraEnv['KANAL_SQLITE_DRIVER_FROM'] ? ['--require', SQLITE_GLOBAL_PRELOAD] : [];
  return spawnService(name, process.execPath, [...preload, DIRECTUS_BIN, 'start'], {
    env: { ...directusEnv(cfg, port), ...extraEnv },
    cwd: ROOT,
    logFile: join(cfg.dataDir, 'logs', logName),
  });
}

/**
 * On SQLite, the SpatiaLite module the bundle loads into Directus's connections for the
 * reports' geometry point (scripts/stack/spatialite.ts). Without it the demo runs as
 * before, without the point, and the reason is logged here and in directus.log.
 */
async function spatialiteEnv(cfg: StackConfig): Promise<NodeJS.ProcessEnv> {
  const found = await ensureSpatialite({ logDir: join(cfg.dataDir, 'logs'), log: cfg.log });
  if (found.path !== null) return { KANAL_SPATIALITE: found.path, KANAL_SQLITE_DRIVER_FROM: dirname(DIRECTUS_BIN) };
  cfg.log(`SQLite demo without SpatiaLite (${found.reason}): the reports get no map point in Directus; the public map still shows them`);
  return { KANAL_SPATIALITE: 'off', KANAL_SPATIALITE_REASON: found.reason };
}

/** One Directus on the public port (the demo, and tests that start Directus alone). */
export async function startDirectus(cfg: StackConfig, register: (s: Service) => void = () => undefined): Promise<Service> {
  const extraEnv = cfg.db.client === 'sqlite' ? await spatialiteEnv(cfg) : {};
  await prepareDatabase(cfg);
  cfg.log('Directus: starting');
  const svc = spawnDirectus(cfg, 'Directus', cfg.ports.directus, 'directus.log', extraEnv);
  register(svc);
  await waitForHttp(`${urls(cfg).directus}/server/health`, { timeoutMs: 120_000, service: svc });
  return svc;
}

/**
 * The production topology's Directus: the database installed or migrated once, one
 * instance per `cfg.production.directus` port (one database, one Redis namespace for
 * cache, bus, locks and rate limits) and a round-robin proxy on the public port.
 * Resolves once every instance and the proxy answer.
 */
export async function startDirectusInstances(cfg: StackConfig, register: (s: Stoppable) => void): Promise<void> {
  if (!cfg.production || cfg.db.client !== 'pg' || !cfg.redisUrl) throw new Error('Several Directus instances need Postgres, Redis and a production layout');
  await prepareDatabase(cfg);
  const ports = cfg.production.directus;
  cfg.log(`Directus: starting ${ports.length} instance(s) behind a round-robin proxy`);
  // The first instance keeps the demo's log name, so every setup has logs/directus.log.
  const instances = ports.map((port, i) => {
    const svc = spawnDirectus(cfg, `Directus ${i + 1}`, port, i === 0 ? 'directus.log' : `directus-${i + 1}.log`);
    register(svc);
    return { svc, port };
  });
  await Promise.all(instances.map(({ svc, port }) => waitForHttp(`http://${cfg.host}:${port}/server/health`, { timeoutMs: 180_000, service: svc })));
  const proxy = await startProxy({
    name: 'Directus proxy',
    host: cfg.host,
    port: cfg.ports.directus,
    pick: roundRobin(instances.map(({ svc, port }) => ({ name: svc.name, port }))),
  });
  register(proxy);
}
