// The conversation lock on Postgres, in a scratch database on the test server
// (KANAL_PG_URL's server; dropped afterwards). Ten concurrent upserts go
// through a pool of real connections, so the race is a real one.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createLockTable, lockContract } from './lock-contract.ts';

const db = `kanal_lock_${Date.now().toString(36)}`;
let admin: pg.Client;
let knex: Knex;

describe('conversation lock on Postgres', () => {
  beforeAll(async () => {
    const server = new URL(process.env.KANAL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const conn = { host: server.hostname, port: Number(server.port || 5432), user: server.username || 'postgres' };
    admin = new pg.Client({ ...conn, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    knex = knexFactory({ client: 'pg', connection: { ...conn, database: db }, pool: { min: 0, max: 10 } });
    await createLockTable(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS ${db}`);
    await admin?.end();
  });
  lockContract(() => knex);
});
