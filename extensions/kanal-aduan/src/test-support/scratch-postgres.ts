// A throwaway database on the test server (KANAL_PG_URL's server, or the
// machine's 127.0.0.1:5432) for the *.pg.int.test.ts files: created in
// beforeAll, dropped (with any connection still open) in afterAll.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

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

export type ScratchPostgresSuite = {
  /** The scratch database; from beforeAll on. */
  readonly db: ScratchPostgres;
  /** The suite's knex pool on it; from beforeAll on. */
  readonly knex: Knex;
};

/**
 * The frame of a *.pg.int.test.ts suite: beforeAll makes a scratch database and
 * one knex pool of `poolMax` connections on it, then runs `setup` on that pool;
 * afterAll closes the pool and drops the database. Call it in the describe (or
 * at the top of the file); read `knex` and `db` in hooks and tests, not while
 * the file is collected.
 */
export function scratchPostgresSuite(prefix: string, opts: { poolMax?: number; setup?: (knex: Knex) => Promise<unknown> } = {}): ScratchPostgresSuite {
  let db: ScratchPostgres | undefined;
  let knex: Knex | undefined;
  beforeAll(async () => {
    db = await scratchPostgres(prefix);
    knex = db.connect(opts.poolMax);
    await opts.setup?.(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
    await db?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`scratch database ${prefix}: not made yet (read it in a hook or a test, after beforeAll)`);
    return value;
  };
  return {
    get db() {
      return ready(db);
    },
    get knex() {
      return ready(knex);
    },
  };
}
