import type { Knex } from 'knex';
import { isSqlite } from '../shared/knex-dialect.ts';

/**
 * SpatiaLite on every SQLite connection Directus uses (the demo's database).
 *
 * Directus 11.17 reads a geometry field on SQLite with st_astext(), writes it with
 * st_geomfromtext(?, 4326) and filters it with st_intersects() (api/dist/database/
 * helpers/geometry): SpatiaLite's functions, which SQLite has only on a connection
 * that loaded the `mod_spatialite` module. Directus never loads it (it only checks
 * pragma_function_list for spatialite_version and warns "Spatialite isn't installed"),
 * and its own pool hook (afterCreate: foreign keys on) cannot be
 * configured. So the bundle loads it: on the connections the pool already holds,
 * and on each one the pool makes later (tarn's createSuccess; node-sqlite3 runs the
 * load before any statement queued after it). On Linux the sqlite3 driver must have been
 * preloaded RTLD_GLOBAL (scripts/stack/sqlite-global.cjs, which the launcher passes to
 * Directus; it sets KANAL_SQLITE_DRIVER_GLOBAL), else the extension binds to the system's
 * libsqlite3 and the process crashes: without it nothing is loaded. KANAL_SPATIALITE names the module (the
 * launcher passes the file it found or installed), "off" skips it; unset, SQLite's
 * own search for "mod_spatialite" is tried (KANAL_SPATIALITE_REASON: the launcher's
 * reason for "off", for the log).
 */
export type SpatialiteState = { loaded: true; version: string } | { loaded: false; reason: string };

type SqliteConnection = { loadExtension(path: string, done: (error: Error | null) => void): void };
type Resource = { resource?: unknown };
type PoolLike = { on(event: 'createSuccess', listener: (eventId: number, connection: unknown) => void): void; free?: Resource[]; used?: Resource[] };

const MISSING = 'install Debian\'s package libsqlite3-mod-spatialite (npm start does when it may) and start again';

let state: SpatialiteState | null = null;

/** The outcome of this process's load, for the reason the map layout is not offered. */
export function spatialiteState(): SpatialiteState | null {
  return state;
}

/** Whether this connection (SQLite) has SpatiaLite's functions: the check Directus itself makes. */
export async function hasSpatialite(knex: Knex): Promise<boolean> {
  const rows = await knex.select('name').from('pragma_function_list').where({ name: 'spatialite_version' });
  return rows.length > 0;
}

function loadInto(connection: unknown, module: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = connection as Partial<SqliteConnection> | null;
    if (typeof c?.loadExtension !== 'function') return reject(new Error('the SQLite driver cannot load extensions'));
    c.loadExtension(module, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Loads SpatiaLite into every connection of this knex's pool, now and later.
 * Never throws: a failure leaves the database as it was and says why.
 */
export async function loadSpatialite(knex: Knex, env: Record<string, string | undefined> = process.env): Promise<SpatialiteState> {
  state = await load(knex, env);
  return state;
}

async function load(knex: Knex, env: Record<string, string | undefined>): Promise<SpatialiteState> {
  if (!isSqlite(knex)) return { loaded: false, reason: 'not SQLite' };
  const setting = env['KANAL_SPATIALITE']?.trim();
  if (setting === 'off') return { loaded: false, reason: env['KANAL_SPATIALITE_REASON'] || 'KANAL_SPATIALITE=off' };
  const module = setting || 'mod_spatialite';
  // On Linux the driver must have been loaded RTLD_GLOBAL first (scripts/stack/sqlite-global.cjs), or
  // mod_spatialite binds to the system's libsqlite3 and the first query after the load kills the process.
  if (process.platform === 'linux' && !env['KANAL_SQLITE_DRIVER_GLOBAL']) {
    const why = env['KANAL_SQLITE_DRIVER_GLOBAL_REASON'] ?? 'Directus was not started with --require scripts/stack/sqlite-global.cjs';
    return { loaded: false, reason: `the sqlite3 driver is not loaded RTLD_GLOBAL (${why}); loading ${module} would crash Directus` };
  }
  const pool = (knex.client as { pool?: PoolLike }).pool;
  if (!pool || typeof pool.on !== 'function') return { loaded: false, reason: 'no connection pool to load SpatiaLite into' };
  const existing = [...(pool.free ?? []), ...(pool.used ?? [])].map((r) => r.resource);
  try {
    // The first load tells whether the module exists at all; only then every later connection gets it.
    if (existing.length > 0) await loadInto(existing[0], module);
    else await knex.client.acquireConnection().then(async (connection: unknown) => {
      try {
        await loadInto(connection, module);
      } finally {
        await knex.client.releaseConnection(connection);
      }
    });
  } catch (error) {
    return { loaded: false, reason: `${module}: ${(error as Error).message.trim()}; ${MISSING}` };
  }
  pool.on('createSuccess', (_eventId, connection) => {
    loadInto(connection, module).catch((error: Error) => {
      // Cannot happen once the module loaded; the connection then lacks the functions and geometry reads fail loudly.
      process.emitWarning(`SpatiaLite (${module}) did not load into a new SQLite connection: ${error.message}`);
    });
  });
  await Promise.all(existing.slice(1).map((connection) => loadInto(connection, module)));
  const [row] = await knex.raw<Array<{ v: string }>>('SELECT spatialite_version() AS v');
  return { loaded: true, version: String(row?.v ?? '?') };
}
