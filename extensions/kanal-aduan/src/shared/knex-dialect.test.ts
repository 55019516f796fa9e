import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { dbBool, dbTimestamp, isPostgres, isSqlite, rowsOf } from './knex-dialect.ts';

describe('knex-dialect: what differs between the demo (SQLite) and production (Postgres)', () => {
  // Shaped as Directus's knex is: the client's config names the driver.
  const pg = { client: { config: { client: 'pg' } } } as unknown as Knex;
  const sqlite = { client: { config: { client: 'sqlite3' } } } as unknown as Knex;

  it('tells the databases apart by their knex client, whatever the name it was given', () => {
    expect([isPostgres(pg), isSqlite(pg)]).toEqual([true, false]);
    expect([isPostgres(sqlite), isSqlite(sqlite)]).toEqual([false, true]);
    for (const client of ['pg', 'postgres', 'postgresql']) expect(isPostgres({ client: { config: { client } } })).toBe(true);
    expect(isPostgres({ client: { config: { client: 'mysql' } } })).toBe(false);
    expect(isPostgres(undefined)).toBe(false);
  });

  it('writes timestamps and reads rows and booleans as each database does', () => {
    const at = new Date('2026-12-07T00:00:00Z');
    expect(dbTimestamp(sqlite, at)).toBe(at.getTime());
    expect(dbTimestamp(pg, at)).toBe(at);
    expect(rowsOf([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(rowsOf({ rows: [{ a: 2 }] })).toEqual([{ a: 2 }]);
    expect([dbBool(true), dbBool(1), dbBool('1'), dbBool(0), dbBool(null)]).toEqual([true, true, true, false, false]);
  });
});
