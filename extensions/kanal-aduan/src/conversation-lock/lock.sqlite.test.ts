// The conversation lock on SQLite (the demo's database), with the knex +
// sqlite3 of the pinned Directus runtime, as the demo runs it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe } from 'vitest';
import { createLockTable, lockContract } from './lock-contract.ts';

const runtime = fileURLToPath(new URL('../../../../runtime/directus/package.json', import.meta.url));
let knex: Knex;

describe.skipIf(!existsSync(runtime))('conversation lock on SQLite', () => {
  beforeAll(async () => {
    const knexFactory = createRequire(runtime)('knex') as (c: unknown) => Knex;
    knex = knexFactory({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
    await createLockTable(knex);
  });
  afterAll(async () => knex?.destroy());
  lockContract(() => knex);
});
