// SQLite as the demo runs it: the knex + sqlite3 that the pinned Directus
// runtime installs (runtime/directus), for the SQLite tests of the bundle's
// SQL. Without the runtime installed those tests are skipped
// (describe.skipIf(!hasRuntimeSqlite)).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';

const runtime = fileURLToPath(new URL('../../../../runtime/directus/package.json', import.meta.url));

export const hasRuntimeSqlite = existsSync(runtime);

/** A new in-memory SQLite database through the runtime's knex; `pool` as knex takes it. */
export function runtimeSqlite(pool?: { min: number; max: number }): Knex {
  const knexFactory = createRequire(runtime)('knex') as (config: unknown) => Knex;
  return knexFactory({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, ...(pool ? { pool } : {}) });
}
