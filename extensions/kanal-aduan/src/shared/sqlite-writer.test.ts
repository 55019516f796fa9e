// Several connections on one SQLite file in WAL mode (the demo's setup): a
// transaction that reads and then writes fails at once with SQLITE_BUSY when
// another connection wrote in between, and the busy timeout does not help. The
// outbox store's transactions take the write lock first and so all get through.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxStore } from './outbox-store.ts';
import { isSqliteBusy, retrySqliteBusy, serializeSqliteTransactions } from './sqlite-writer.ts';

const runtime = fileURLToPath(new URL('../../../../runtime/directus/package.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kanal-sqlite-writer-'));
let knex: Knex;

describe.skipIf(!existsSync(runtime))('writers on one SQLite file with five connections (WAL)', () => {
  beforeAll(async () => {
    knex = (createRequire(runtime)('knex') as (c: unknown) => Knex)({
      client: 'sqlite3', connection: { filename: join(dir, 'data.db') }, useNullAsDefault: true, pool: { min: 1, max: 5 },
    });
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.schema.createTable('event_outbox', (t) => {
      t.string('id', 120).primary();
      t.string('event');
      t.integer('complaint');
      t.json('payload');
      for (const c of ['created_at', 'next_attempt_at', 'delivered_at']) t.dateTime(c);
      t.integer('attempts').defaultTo(0);
      t.text('last_error');
    });
  });
  afterAll(async () => {
    await knex?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a plain transaction that read before another connection wrote cannot write (the hazard)', async () => {
    const error = await knex.transaction(async (trx) => {
      await trx('event_outbox').where({ id: 'x' }).first('id');
      await knex('event_outbox').insert({ id: 'other', event: 'e', attempts: 0 }); // another connection commits
      await trx('event_outbox').insert({ id: 'mine', event: 'e', attempts: 0 });
    }).then(() => null, (e: unknown) => e);
    expect(isSqliteBusy(error)).toBe(true);
  });

  it('20 outbox transactions at once, each reading before it writes: all commit, each row once', async () => {
    const store = outboxStore({ services: {} as never, database: knex, schema: { collections: {} }, env: {} });
    const at = new Date('2026-11-02T03:00:00.000Z');
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.transaction(async (tx) => {
      if (await tx.outboxExists(`e:${i}`)) return false;
      await new Promise((r) => setTimeout(r, 5)); // others commit meanwhile
      await tx.addOutbox({ id: `e:${i}`, event: 'complaint.created', complaint: i, payload: {}, created_at: at, next_attempt_at: at });
      return true;
    })));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<boolean>).value)).toEqual(Array(20).fill(true));
    const rows = await knex('event_outbox').where('id', 'like', 'e:%').count({ n: 'id' });
    expect(Number(rows[0]!.n)).toBe(20);
  }, 60_000);

  it('with its transactions taking turns, 20 plain read-then-write transactions at once all commit', async () => {
    serializeSqliteTransactions(knex, 300);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => knex.transaction(async (trx) => {
      await trx('event_outbox').where({ id: `t:${i}` }).first('id');
      await new Promise((r) => setTimeout(r, 2));
      await trx('event_outbox').insert({ id: `t:${i}`, event: 'e', attempts: 0 });
    })));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    // A nested transaction is a savepoint on the same connection, not a new turn (it would wait for itself).
    await knex.transaction(async (trx) => trx.transaction(async (inner) => inner('event_outbox').insert({ id: 'nested', event: 'e', attempts: 0 })));
    expect(Number((await knex('event_outbox').where('id', 'like', 't:%').orWhere('id', 'nested').count({ n: 'id' }))[0]!.n)).toBe(21);
  });

  it('a transaction waiting on a top-level one it started does not hang: that one runs after the longest wait', async () => {
    const inner = await knex.transaction(async () => knex.transaction(async (t2) => (await t2('event_outbox').where({ id: 'nested' }).first('id'))?.id));
    expect(inner).toBe('nested');
  });

  it('retrySqliteBusy runs again on SQLITE_BUSY only, and gives up after its attempts', async () => {
    let calls = 0;
    const busy = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    expect(await retrySqliteBusy(async () => (++calls < 3 ? Promise.reject(busy) : 'ok'), 5, 1)).toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retrySqliteBusy(async () => { calls++; throw busy; }, 2, 1)).rejects.toBe(busy);
    expect(calls).toBe(2);
    calls = 0;
    await expect(retrySqliteBusy(async () => { calls++; throw new Error('other'); }, 5, 1)).rejects.toThrow('other');
    expect(calls).toBe(1);
  });
});
