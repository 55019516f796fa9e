// The outbox's follow-up repair and pruning SQL on Postgres (timestamptz,
// real concurrent transactions racing on the unique key), in a scratch
// database on the test server (KANAL_PG_URL's server; dropped afterwards).
// SQLite runs the same contract in outbox-store.sqlite.test.ts.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createOutboxTables, outboxSqlContract } from './outbox-store-contract.ts';
import { FOLLOW_UP_INDEX, outboxStore } from './outbox-store.ts';
import { scratchPostgresSuite } from '../test-support/scratch-postgres.ts';

describe('outbox follow-up repair and pruning SQL on Postgres', () => {
  const scratch = scratchPostgresSuite('kanal_outboxq', { poolMax: 4, setup: (knex) => createOutboxTables(knex, false) });

  outboxSqlContract(() => ({ knex: scratch.knex, sqlite: false }));

  // A fresh knex each: the store checks the index at most every 10 minutes per connection pool.
  const freshStore = () => {
    const k = scratch.db.connect(2);
    return { k, store: outboxStore({ services: {} as never, database: k, schema: { collections: {} }, env: {} }) };
  };
  const indexState = async () =>
    (await scratch.knex.raw(`SELECT i.indisvalid AS valid, pg_get_indexdef(c.oid) AS def FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = ?`, [FOLLOW_UP_INDEX])).rows as Array<{ valid: boolean; def: string }>;

  it('rebuilds the follow-up index when an interrupted concurrent build left it invalid', async () => {
    // What CREATE INDEX CONCURRENTLY leaves when the process dies mid-build (needs a superuser here).
    await scratch.knex.raw(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = ?::regclass`, [FOLLOW_UP_INDEX]);
    expect((await indexState())[0]?.valid).toBe(false);
    const { k, store } = freshStore();
    try {
      await store.unannouncedFollowUps(new Date(0), new Date(), 10);
    } finally {
      await k.destroy();
    }
    expect(await indexState()).toEqual([{ valid: true, def: expect.stringMatching(/\(date_created, id\) WHERE .*'follow_up'.*'leader_message'.*public = true/) }]);
  });

  it('answers the sweep from the partial index, not a scan of the whole history', async () => {
    // 20 000 history rows of which 1% are public follow-ups; planner statistics up to date.
    const { knex } = scratch;
    await knex.raw(`INSERT INTO complaint_updates (id, complaint, kind, public, body, date_created)
      SELECT 1000 + g, 1, CASE WHEN g % 100 = 0 THEN 'follow_up' ELSE 'status_change' END, g % 100 = 0, 'x', now() - (g || ' minutes')::interval FROM generate_series(1, 20000) g`);
    await knex.raw('ANALYZE complaint_updates');
    // The sweep's own statement, as the store sends it.
    const { k, store } = freshStore();
    const sent: Array<{ sql: string; bindings: unknown[] }> = [];
    k.on('query', (q: { sql: string; bindings: unknown[] }) => sent.push(q));
    try {
      await store.unannouncedFollowUps(new Date(Date.now() - 86_400_000), new Date(Date.now() - 10_000), 50);
    } finally {
      await k.destroy();
    }
    const query = sent.find((q) => /from "complaint_updates"/i.test(q.sql))!;
    // pg itself, not knex: the statement already carries pg's $n placeholders.
    const client = new pg.Client({ connectionString: `${(process.env.KANAL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '')}/${scratch.db.name}` });
    await client.connect();
    try {
      const plan = (await client.query(`EXPLAIN ${query.sql}`, query.bindings)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain(FOLLOW_UP_INDEX);
      expect(plan).not.toMatch(/Seq Scan on complaint_updates/);
    } finally {
      await client.end();
    }
  });
});

