// The behaviour both databases must show; lock.sqlite.test.ts and
// lock.pg.int.test.ts run it against a real SQLite and a real Postgres.
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { acquireConversationLock, releaseConversationLock } from './lock.ts';

export async function createLockTable(knex: Knex): Promise<void> {
  // The columns schema/src/collections/people.ts (conversationLocks) gives it.
  await knex.schema.createTable('conversation_locks', (t) => {
    t.string('wa_id', 32).primary();
    t.string('holder', 64).notNullable();
    t.string('expires_at', 32).notNullable();
  });
}

export function lockContract(db: () => Knex): void {
  const t0 = new Date('2026-11-22T03:00:00.000Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('of ten workers racing for one number, exactly one gets it; another number is free', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) => acquireConversationLock(db(), '6281100000001', `worker-${n}`, 60_000, t0)),
    );
    expect(answers.filter((a) => a.acquired)).toHaveLength(1);
    for (const a of answers) if (!a.acquired) expect(a.waitMs).toBe(60_000);
    expect(await acquireConversationLock(db(), '6281100000002', 'worker-0', 60_000, t0)).toEqual({ acquired: true });
  });

  it('is handed over on release, and only its holder can release it', async () => {
    expect(await acquireConversationLock(db(), '6281100000003', 'a', 60_000, t0)).toEqual({ acquired: true });
    expect(await releaseConversationLock(db(), '6281100000003', 'b')).toBe(false);
    expect((await acquireConversationLock(db(), '6281100000003', 'b', 60_000, later(1_000))).acquired).toBe(false);
    expect(await releaseConversationLock(db(), '6281100000003', 'a')).toBe(true);
    expect(await acquireConversationLock(db(), '6281100000003', 'b', 60_000, later(2_000))).toEqual({ acquired: true });
  });

  it('a holder that died loses the lock when it expires, not before', async () => {
    expect((await acquireConversationLock(db(), '6281100000004', 'dead', 30_000, t0)).acquired).toBe(true);
    const early = await acquireConversationLock(db(), '6281100000004', 'alive', 30_000, later(29_000));
    expect(early).toEqual({ acquired: false, waitMs: 1_000 });
    expect(await acquireConversationLock(db(), '6281100000004', 'alive', 30_000, later(30_001))).toEqual({ acquired: true });
    // The dead holder's late release does not free the new holder's lock.
    expect(await releaseConversationLock(db(), '6281100000004', 'dead')).toBe(false);
    expect((await acquireConversationLock(db(), '6281100000004', 'third', 30_000, later(31_000))).acquired).toBe(false);
  });

  it('the holder may extend its own lock', async () => {
    expect((await acquireConversationLock(db(), '6281100000005', 'a', 10_000, t0)).acquired).toBe(true);
    expect((await acquireConversationLock(db(), '6281100000005', 'a', 10_000, later(9_000))).acquired).toBe(true);
    expect(await acquireConversationLock(db(), '6281100000005', 'b', 10_000, later(15_000))).toEqual({ acquired: false, waitMs: 4_000 });
  });
}
