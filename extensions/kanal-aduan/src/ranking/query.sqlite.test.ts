// The SQL aggregate on SQLite (the demo's database) against core's row-by-row
// definition, over a few thousand generated reports. Uses the knex + sqlite3
// that the pinned Directus runtime installs (runtime/directus), because that
// is the driver the demo runs on; Postgres is covered by the integration test.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe } from 'vitest';
import { createRankingTables, rankingData, rankingSqlContract, type RankingData } from './ranking-sql-contract.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

let knex: Knex;
let data: RankingData;

describe.skipIf(!hasRuntimeSqlite)('ranking SQL on SQLite', () => {
  beforeAll(async () => {
    knex = runtimeSqlite();
    data = await rankingData();
    const { batch } = data;
    await createRankingTables(knex, (t, c) => t.string(c));
    // Directus keeps SQLite timestamps as epoch ms; every 7th row as ISO text, as older writers left them.
    const ts = (v: string | null, i: number) => (v === null ? null : i % 7 === 0 ? v : String(Date.parse(v)));
    for (let i = 0; i < batch.complaints.length; i += 200) {
      await knex('complaints').insert(
        batch.complaints.slice(i, i + 200).map((c, j) => ({
          id: c.id, status: c.status, status_reason: c.status_reason, resolve_due: ts(c.resolve_due, i + j), resolved_at: ts(c.resolved_at, i + j),
          satisfaction: c.satisfaction, reopen_count: c.reopen_count,
        })),
      );
    }
    for (let i = 0; i < batch.assignments.length; i += 200) {
      await knex('assignments').insert(
        batch.assignments.slice(i, i + 200).map((a, j) => ({
          id: a.id, complaint: a.complaint, agency: a.agency, active: a.active,
          assigned_at: ts(a.assigned_at, i + j), respond_due: ts(a.respond_due, i + j), accepted_at: ts(a.accepted_at, i + j),
          first_response_at: ts(a.first_response_at, i + j), returned_at: ts(a.returned_at, i + j), resolved_at: ts(a.resolved_at, i + j),
        })),
      );
    }
  });
  afterAll(async () => knex?.destroy());

  rankingSqlContract(() => ({ ...data, knex }));
});
