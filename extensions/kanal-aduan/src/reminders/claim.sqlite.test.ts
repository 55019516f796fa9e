// The claim endpoint's storage on SQLite (the demo's database), with the knex +
// sqlite3 of the pinned Directus runtime; Postgres: claim.pg.int.test.ts.
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe } from 'vitest';
import { claimContract, createTables } from './claim-contract.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

let knex: Knex;

describe.skipIf(!hasRuntimeSqlite)('reminder claims and marks (SQLite)', () => {
  beforeEach(async () => {
    knex ??= runtimeSqlite();
    await createTables(knex);
  });
  afterAll(() => knex?.destroy());
  claimContract(() => knex);
});
