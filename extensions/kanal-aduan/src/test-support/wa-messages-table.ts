// The columns of `wa_messages` that the delivery-status SQL reads and writes,
// as Directus creates them (schema/src/collections), for the tests that run
// that SQL without Directus: SQLite in wa-statuses.test.ts, Postgres in
// wa-statuses.pg.int.test.ts. (SQLite ignores the time zone of a timestamp.)
import type { Knex } from 'knex';

export function createWaMessagesTable(knex: Knex): Promise<void> {
  return knex.schema.createTable('wa_messages', (t) => {
    t.uuid('id').primary();
    t.string('wamid').notNullable().unique();
    t.string('direction', 64).notNullable();
    t.string('wa_id');
    t.string('type');
    t.json('payload');
    t.string('status', 64);
    t.json('error');
    t.integer('complaint');
    t.timestamp('date_created', { useTz: true });
  });
}
