// A throwaway database on the test server (KANAL_PG_URL's server, or the
// machine's 127.0.0.1:5432) for the *.pg.int.test.ts files: created in
// beforeAll, dropped (with any connection still open) in afterAll.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export type ScratchPostgres = {
  name: string;
  /** A new knex pool on the scratch database; `drop()` does not close pools made here, the caller does. */
  connect(poolMax?: number): Knex;
  /** Drops the database (WITH FORCE: a pool left open cannot keep it alive). */
  drop(): Promise<void>;
};

export async function scratchPostgres(prefix: string): Promise<ScratchPostgres> {
  const server = new URL(process.env.KANAL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const conn = { host: server.hostname, port: Number(server.port || 5432), user: server.username || 'postgres' };
  const name = `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = new pg.Client({ ...conn, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    name,
    connect: (poolMax = 10) => knexFactory({ client: 'pg', connection: { ...conn, database: name }, pool: { min: 0, max: poolMax } }),
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
