// The reporter count on Postgres, in a scratch database: the shared contract,
// and many joins into one original at once, each in its own transaction.
import { beforeEach, describe, expect, it } from 'vitest';
import { scratchPostgresSuite } from '../../test-support/scratch-postgres.ts';
import { createComplaints, reportersContract } from './reporters-contract.ts';
import { recountJoinedReporters } from './reporters.ts';

describe('reporters of a joined report (Postgres)', () => {
  const scratch = scratchPostgresSuite('kanal_join', { poolMax: 8 });
  beforeEach(() => createComplaints(scratch.knex));

  reportersContract(() => scratch.knex);

  it('joins into one original at the same moment all count: the original ends with every citizen', async () => {
    const { knex } = scratch;
    await knex('complaints').insert({ id: 1, reporter: 'asal', status: 'in_progress' });
    const ids = Array.from({ length: 12 }, (_, i) => 100 + i);
    await knex('complaints').insert(ids.map((id) => ({ id, reporter: `warga-${id}`, status: 'received' })));
    // Each join is a save: the row becomes a joined duplicate, then the recount, in one transaction.
    await Promise.all(ids.map((id) => knex.transaction(async (trx) => {
      await trx('complaints').where({ id }).update({ status: 'rejected', status_reason: 'duplicate', duplicate_of: 1 });
      await new Promise((r) => setTimeout(r, 20));
      await recountJoinedReporters(trx, id);
    })));
    expect(Number((await knex('complaints').where({ id: 1 }).first('reporters_count'))!.reporters_count)).toBe(13);
  });
});
