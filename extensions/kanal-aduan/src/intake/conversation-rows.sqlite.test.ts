// The conversation step's own rows with the knex + sqlite3 of the pinned Directus runtime (the
// demo's database): what is written reads back as Directus's item API gives it. Postgres runs the
// same through Directus in intake.endpoint.int.test.ts.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';
import { isoTimestamp, readCitizen, readConversation, writeConversation } from './conversation-rows.ts';

describe('isoTimestamp', () => {
  it('gives the ISO string of every form a timestamp column comes back in', () => {
    const iso = '2026-12-07T08:15:30.250Z';
    expect(isoTimestamp(new Date(iso))).toBe(iso);
    expect(isoTimestamp(Date.parse(iso))).toBe(iso);
    expect(isoTimestamp(String(Date.parse(iso)))).toBe(iso);
    expect(isoTimestamp(iso)).toBe(iso);
    // SQLite's CURRENT_TIMESTAMP text is UTC without a zone.
    expect(isoTimestamp('2026-12-07 08:15:30')).toBe('2026-12-07T08:15:30.000Z');
    expect(isoTimestamp(null)).toBeNull();
    expect(isoTimestamp('kemarin')).toBeNull();
  });
});

describe.skipIf(!hasRuntimeSqlite)('conversation rows (SQLite)', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = runtimeSqlite();
    await knex.schema.createTable('conversations', (t) => {
      t.uuid('id').primary();
      t.string('wa_id').unique();
      t.string('state');
      t.json('draft');
      t.json('appointment');
      t.string('locale');
      t.timestamp('last_inbound_at');
      t.json('flood');
      t.timestamp('date_updated');
    });
    await knex.schema.createTable('citizens', (t) => {
      t.uuid('id').primary();
      t.string('wa_id').unique();
      t.boolean('blocked');
      t.string('locale');
      t.string('display_name');
    });
  });
  afterAll(() => knex.destroy());

  it('creates, then updates, one row per citizen that reads back with its JSON and its timestamp', async () => {
    const now = new Date('2026-12-07T08:00:00.000Z');
    expect(await readConversation(knex, '6281200000001')).toBeNull();
    const first = { state: 'menu', draft: null, appointment: null, locale: 'id', last_inbound_at: now.toISOString(), flood: { window_start: now.toISOString(), count: 1 } };
    await writeConversation(knex, null, '6281200000001', first, now);
    const created = await readConversation(knex, '6281200000001');
    expect(created).toMatchObject({ wa_id: '6281200000001', ...first });
    // Directus stores a timestamp on SQLite as epoch milliseconds.
    expect((await knex('conversations').first('last_inbound_at', 'date_updated'))).toEqual({ last_inbound_at: now.getTime(), date_updated: now.getTime() });

    const later = new Date(now.getTime() + 60_000);
    const next = { ...first, state: 'ask_story', draft: { description: ['Jalan berlubang', 'dekat pasar'], category: null }, last_inbound_at: later.toISOString() };
    await writeConversation(knex, String(created!['id']), '6281200000001', next, later);
    expect(await readConversation(knex, '6281200000001')).toMatchObject({ id: created!['id'], ...next });
    expect(await knex('conversations').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('reads a citizen with SQLite 0/1 as a boolean and an unknown locale as none', async () => {
    await knex('citizens').insert([
      { id: 'c1', wa_id: '6281200000002', blocked: 1, locale: 'en', display_name: 'Sari' },
      { id: 'c2', wa_id: '6281200000003', blocked: 0, locale: 'jv', display_name: null },
    ]);
    expect(await readCitizen(knex, '6281200000002')).toEqual({ id: 'c1', blocked: true, locale: 'en', display_name: 'Sari' });
    expect(await readCitizen(knex, '6281200000003')).toEqual({ id: 'c2', blocked: false, locale: null, display_name: null });
    expect(await readCitizen(knex, '6281200000004')).toBeNull();
  });
});
