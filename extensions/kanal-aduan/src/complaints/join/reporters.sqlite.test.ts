// The reporter count on SQLite (the demo's database), with the knex + sqlite3
// of the pinned Directus runtime; Postgres: reporters.pg.int.test.ts.
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../../test-support/runtime-sqlite.ts';
import { createComplaints, reportersContract } from './reporters-contract.ts';

let knex: Knex;

describe.skipIf(!hasRuntimeSqlite)('reporters of a joined report (SQLite)', () => {
  beforeEach(async () => {
    knex ??= runtimeSqlite();
    await createComplaints(knex);
  });
  afterAll(() => knex?.destroy());
  reportersContract(() => knex);
});
