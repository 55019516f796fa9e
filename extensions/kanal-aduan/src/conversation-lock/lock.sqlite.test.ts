// The conversation lock on SQLite (the demo's database), with the knex +
// sqlite3 of the pinned Directus runtime, as the demo runs it.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe } from 'vitest';
import { createLockTable, lockContract } from './lock-contract.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

let knex: Knex;

describe.skipIf(!hasRuntimeSqlite)('conversation lock on SQLite', () => {
  beforeAll(async () => {
    knex = runtimeSqlite({ min: 1, max: 1 });
    await createLockTable(knex);
  });
  afterAll(async () => knex?.destroy());
  lockContract(() => knex);
});
