// Directus 11: environment, bootstrap (install + migrations, idempotent) and start.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIRECTUS_EXCLUDED_TABLES } from '../../schema/src/ranking-tables.ts';
import { DIRECTUS_BIN, ROOT, urls, type StackConfig } from './config.ts';
import { runOnce, spawnService, waitForHttp, type Service } from './processes.ts';

/** Directus 11.17's own redact paths (api/dist/logger), in order, with `req.query` for `req.query.access_token`. */
export const DIRECTUS_LOG_REDACT_PATHS = 'req.headers.authorization,req.headers.cookie,res.headers,req.query';

/** Connections to the SQLite file; the bundle's export-guard lets at most this minus two exports run at once. */
export const SQLITE_POOL_MAX = 5;

const sqliteFile = (cfg: StackConfig) => join(cfg.dataDir, 'directus', 'data.db');

/**
 * Write-ahead log for the SQLite file (a setting stored in the file, so once is enough): readers
 * and the one writer no longer block each other, so with several connections an export's long
 * read transaction neither stalls other reads nor makes writes fail with SQLITE_BUSY
 * (https://www.sqlite.org/wal.html). Writers still take turns (node-sqlite3 waits 1 s for the
 * lock, Directus retries a transaction that got SQLITE_BUSY). Copy the data folder only while
 * the stack is stopped: data.db-wal holds the latest writes until a checkpoint.
 */
export async function useWriteAheadLog(file: string): Promise<void> {
  type Db = { get(sql: string, cb: (err: Error | null, row?: { journal_mode?: string }) => void): void; close(cb: () => void): void };
  const sqlite3 = createRequire(join(ROOT, 'runtime', 'directus', 'package.json'))('sqlite3') as {
    Database: new (file: string, cb: (err: Error | null) => void) => Db;
  };
  await new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(file, (openErr) => {
      if (openErr) return reject(openErr);
      db.get('PRAGMA journal_mode = WAL', (err, row) =>
        db.close(() =>
          err ? reject(err) : row?.journal_mode === 'wal' ? resolve() : reject(new Error(`SQLite stayed in journal mode ${row?.journal_mode} (${file})`)),
        ),
      );
    });
  });
}

export function directusEnv(cfg: StackConfig): NodeJS.ProcessEnv {
  const dir = join(cfg.dataDir, 'directus');
  mkdirSync(join(dir, 'uploads'), { recursive: true });
  const u = urls(cfg);
  const db =
    cfg.db.client === 'sqlite'
      ? {
          DB_CLIENT: 'sqlite3',
          DB_FILENAME: sqliteFile(cfg),
          // knex gives sqlite3 one connection by default, and Directus's CSV export (/utils/export)
          // holds it in a transaction while it reads the caller's permission variables
          // ($CURRENT_USER) outside that transaction: with one connection that waits for itself
          // until knex's 60 s acquire timeout, and every request waits with it. More connections
          // (readers beside the export; the journal is WAL, see useWriteAheadLog) and the bundle's
          // export-guard (one export per user, a few at once) keep the API answering.
          DB_POOL__MIN: '1',
          DB_POOL__MAX: String(SQLITE_POOL_MAX),
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
  if (cfg.db.client === 'sqlite') await useWriteAheadLog(sqliteFile(cfg));
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
