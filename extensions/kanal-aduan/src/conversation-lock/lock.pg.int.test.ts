// The conversation lock on Postgres, in a scratch database on the test server
// (KANAL_PG_URL's server; dropped afterwards). Ten concurrent upserts go
// through a pool of real connections, so the race is a real one.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe } from 'vitest';
import { scratchPostgres, type ScratchPostgres } from '../test-support/scratch-postgres.ts';
import { createLockTable, lockContract } from './lock-contract.ts';

let db: ScratchPostgres;
let knex: Knex;

describe('conversation lock on Postgres', () => {
  beforeAll(async () => {
    db = await scratchPostgres('kanal_lock');
    knex = db.connect(10);
    await createLockTable(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
    await db?.drop();
  });
  lockContract(() => knex);
});
