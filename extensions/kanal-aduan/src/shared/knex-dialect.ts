import type { Knex } from 'knex';

/** Whether a knex speaks SQLite (the demo's database: timestamps as epoch ms, one writer, no row locks). */
export function isSqlite(knex: Knex): boolean {
  return /sqlite/i.test(String((knex.client as { config?: { client?: unknown } }).config?.client ?? ''));
}

/** Whether a knex (or anything shaped like Directus's) speaks Postgres: row and advisory locks, several writers. */
export function isPostgres(knex: { client: unknown } | undefined): boolean {
  return /^(pg|postgres)/.test(String((knex?.client as { config?: { client?: unknown } } | undefined)?.config?.client ?? ''));
}

/** A timestamp as Directus stores it in this database: epoch milliseconds on SQLite, a Date on Postgres. */
export function dbTimestamp(knex: Knex, at: Date): Date | number {
  return isSqlite(knex) ? at.getTime() : at;
}

/** The rows of a knex.raw() result: an array on SQLite, `{rows}` on Postgres. */
export function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return Array.isArray(result) ? result : ((result as { rows?: Array<Record<string, unknown>> }).rows ?? []);
}

/** A boolean column as either database returns it (true, 1 or '1'). */
export const dbBool = (v: unknown): boolean => v === true || v === 1 || v === '1';
