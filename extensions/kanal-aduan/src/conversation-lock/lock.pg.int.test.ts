// The conversation lock on Postgres, in a scratch database on the test server
// (KANAL_PG_URL's server; dropped afterwards). Ten concurrent upserts go
// through a pool of real connections, so the race is a real one.
import { describe } from 'vitest';
import { scratchPostgresSuite } from '../test-support/scratch-postgres.ts';
import { createLockTable, lockContract } from './lock-contract.ts';

describe('conversation lock on Postgres', () => {
  const scratch = scratchPostgresSuite('kanal_lock', { poolMax: 10, setup: createLockTable });
  lockContract(() => scratch.knex);
});
