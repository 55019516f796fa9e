// The compare-and-set on SQLite (the demo's database), with the knex + sqlite3
// of the pinned Directus runtime; Postgres runs it in test/e2e/reminders-retry.
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ReclaimBody, reclaimReminders } from './reclaim.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

let knex: Knex;

describe.skipIf(!hasRuntimeSqlite)('reclaimReminders (SQLite)', () => {
  beforeEach(async () => {
    knex ??= runtimeSqlite();
    await knex.schema.dropTableIfExists('reminders');
    await knex.schema.createTable('reminders', (t) => {
      t.string('key').primary();
      t.string('status');
      t.integer('attempts').nullable();
    });
    await knex('reminders').insert([
      { key: '1:verify:verifikator-1', status: 'claimed', attempts: 1 },
      { key: '2:verify:verifikator-1', status: 'failed', attempts: 2 },
      { key: '3:verify:verifikator-1', status: 'sent', attempts: 1 },
      { key: '4:verify:verifikator-1', status: 'claimed', attempts: null },
    ]);
  });
  afterAll(() => knex?.destroy());

  it('wins each key once: two scans that read the same attempt count cannot both re-claim', async () => {
    const claims = [
      { key: '1:verify:verifikator-1', attempts: 1 },
      { key: '2:verify:verifikator-1', attempts: 2 },
      { key: '4:verify:verifikator-1', attempts: 1 },
    ];
    const [a, b] = await Promise.all([reclaimReminders(knex, claims), reclaimReminders(knex, claims)]);
    expect([...a, ...b].sort()).toEqual(claims.map((c) => c.key));
    const rows = await knex('reminders').select('key', 'status', 'attempts').orderBy('key');
    expect(rows).toEqual([
      { key: '1:verify:verifikator-1', status: 'claimed', attempts: 2 },
      { key: '2:verify:verifikator-1', status: 'claimed', attempts: 3 },
      { key: '3:verify:verifikator-1', status: 'sent', attempts: 1 },
      { key: '4:verify:verifikator-1', status: 'claimed', attempts: 2 },
    ]);
  });

  it('never re-claims a sent reminder, a stale count or an unknown key', async () => {
    expect(await reclaimReminders(knex, [
      { key: '3:verify:verifikator-1', attempts: 1 },
      { key: '2:verify:verifikator-1', attempts: 1 },
      { key: '9:verify:verifikator-1', attempts: 1 },
    ])).toEqual([]);
  });

  it('rejects a malformed body', () => {
    expect(ReclaimBody.safeParse({ now: 'kemarin', claims: [] }).success).toBe(false);
    expect(ReclaimBody.safeParse({ now: '2026-11-25T02:00:00Z', claims: [{ key: 'x', attempts: 0 }] }).success).toBe(false);
    expect(ReclaimBody.safeParse({ now: '2026-11-25T02:00:00.000Z', claims: [{ key: 'x', attempts: 1 }] }).success).toBe(true);
  });
});
