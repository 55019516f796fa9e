// The SQL aggregate on Postgres against core's row-by-row definition, over a
// few thousand generated reports in a scratch database on the test server
// (KANAL_PG_URL's server; the database is dropped afterwards).
import { beforeAll, describe } from 'vitest';
import { scratchPostgresSuite } from '../test-support/scratch-postgres.ts';
import { createRankingTables, rankingData, rankingSqlContract, type RankingData } from './ranking-sql-contract.ts';

let data: RankingData;

describe('ranking SQL on Postgres', () => {
  const scratch = scratchPostgresSuite('kanal_rankq');
  beforeAll(async () => {
    const { knex } = scratch;
    data = await rankingData();
    const { batch } = data;
    // The column type Directus gives a timestamp field on Postgres: timestamptz.
    await createRankingTables(knex, (t, c) => t.timestamp(c, { useTz: true }));
    await knex.batchInsert('complaints', batch.complaints.map((c) => ({
      id: c.id, status: c.status, status_reason: c.status_reason, resolve_due: c.resolve_due, resolved_at: c.resolved_at, satisfaction: c.satisfaction, reopen_count: c.reopen_count,
    })), 500);
    await knex.batchInsert('assignments', batch.assignments.map((a) => ({
      id: a.id, complaint: a.complaint, agency: a.agency, active: a.active, assigned_at: a.assigned_at, respond_due: a.respond_due,
      accepted_at: a.accepted_at, first_response_at: a.first_response_at, returned_at: a.returned_at, resolved_at: a.resolved_at,
    })), 500);
  }, 120_000);

  rankingSqlContract(() => ({ ...data, knex: scratch.knex }));
});
