// The compare-and-set on SQLite (the demo's database), with the knex + sqlite3
// of the pinned Directus runtime; Postgres runs it in test/e2e/reminders-retry.
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ReclaimBody, reclaimReminders } from './reclaim.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

let knex: Knex;
const NOW = '2027-01-14T00:20:00.000Z';
const stamp = async (trx: Knex, keys: string[]) => {
  await trx('reminders').whereIn('key', keys).update({ claimed_at: NOW });
};

describe.skipIf(!hasRuntimeSqlite)('reclaimReminders (SQLite)', () => {
  beforeEach(async () => {
    knex ??= runtimeSqlite();
    await knex.schema.dropTableIfExists('reminders');
    await knex.schema.createTable('reminders', (t) => {
      t.string('key').primary();
      t.string('status');
      t.integer('attempts').nullable();
      t.string('claimed_at').nullable();
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
    const [a, b] = await Promise.all([reclaimReminders(knex, claims, stamp), reclaimReminders(knex, claims, stamp)]);
    expect([...a, ...b].sort()).toEqual(claims.map((c) => c.key));
    const rows = await knex('reminders').select('key', 'status', 'attempts', 'claimed_at').orderBy('key');
    expect(rows).toEqual([
      { key: '1:verify:verifikator-1', status: 'claimed', attempts: 2, claimed_at: NOW },
      { key: '2:verify:verifikator-1', status: 'claimed', attempts: 3, claimed_at: NOW },
      { key: '3:verify:verifikator-1', status: 'sent', attempts: 1, claimed_at: null },
      { key: '4:verify:verifikator-1', status: 'claimed', attempts: 2, claimed_at: NOW },
    ]);
  });

  it('never re-claims a sent reminder, a stale count or an unknown key', async () => {
    expect(await reclaimReminders(knex, [
      { key: '3:verify:verifikator-1', attempts: 1 },
      { key: '2:verify:verifikator-1', attempts: 1 },
      { key: '9:verify:verifikator-1', attempts: 1 },
    ], stamp)).toEqual([]);
    expect(await knex('reminders').whereNotNull('claimed_at').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('a stamp that fails undoes the compare-and-set: the claim stays for a later scan', async () => {
    const claims = [{ key: '1:verify:verifikator-1', attempts: 1 }];
    await expect(reclaimReminders(knex, claims, async () => { throw new Error('Directus menolak'); })).rejects.toThrow('Directus menolak');
    expect(await knex('reminders').where('key', claims[0]!.key).first('status', 'attempts')).toEqual({ status: 'claimed', attempts: 1 });
    expect(await reclaimReminders(knex, claims, stamp)).toEqual(claims.map((c) => c.key));
  });

  it('rejects a malformed body', () => {
    expect(ReclaimBody.safeParse({ now: 'kemarin', claims: [] }).success).toBe(false);
    expect(ReclaimBody.safeParse({ now: '2026-11-25T02:00:00Z', claims: [{ key: 'x', attempts: 0 }] }).success).toBe(false);
    expect(ReclaimBody.safeParse({ now: '2026-11-25T02:00:00.000Z', claims: [{ key: 'x', attempts: 1 }] }).success).toBe(true);
  });
});
