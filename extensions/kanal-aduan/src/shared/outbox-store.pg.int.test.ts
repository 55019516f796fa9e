// The outbox's follow-up repair and pruning SQL on Postgres (timestamptz,
// real concurrent transactions racing on the unique key), in a scratch
// database on the test server (KANAL_PG_URL's server; dropped afterwards).
// SQLite runs the same contract in outbox-store.sqlite.test.ts.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createOutboxTables, outboxSqlContract } from './outbox-store-contract.ts';

const db = `kanal_outboxq_${Date.now().toString(36)}`;
let admin: pg.Client;
let knex: Knex;

describe('outbox follow-up repair and pruning SQL on Postgres', () => {
  beforeAll(async () => {
    const server = new URL(process.env.KANAL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const conn = { host: server.hostname, port: Number(server.port || 5432), user: server.username || 'postgres' };
    admin = new pg.Client({ ...conn, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    knex = knexFactory({ client: 'pg', connection: { ...conn, database: db }, pool: { min: 0, max: 4 } });
    await createOutboxTables(knex, false);
  });

  afterAll(async () => {
    await knex?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin?.end();
  });

  outboxSqlContract(() => ({ knex, sqlite: false }));
});
