import type { Knex } from 'knex';

/** Whether a knex speaks SQLite (the demo's database: timestamps as epoch ms, one writer, no row locks). */
export function isSqlite(knex: Knex): boolean {
  return /sqlite/i.test(String((knex.client as { config?: { client?: unknown } }).config?.client ?? ''));
}
