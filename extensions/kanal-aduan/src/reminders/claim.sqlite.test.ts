// The claim endpoint's storage on SQLite (the demo's database), with the knex +
// sqlite3 of the pinned Directus runtime; Postgres: claim.pg.int.test.ts.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe } from 'vitest';
import { claimContract, createTables } from './claim-contract.ts';

const runtime = fileURLToPath(new URL('../../../../runtime/directus/package.json', import.meta.url));
let knex: Knex;

describe.skipIf(!existsSync(runtime))('reminder claims and marks (SQLite)', () => {
  beforeEach(async () => {
    knex ??= (createRequire(runtime)('knex') as (c: unknown) => Knex)({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    await createTables(knex);
  });
  afterAll(() => knex?.destroy());
  claimContract(() => knex);
});
