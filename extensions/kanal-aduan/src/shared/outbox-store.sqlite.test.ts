// The outbox's SQL on SQLite (the demo's database), with the knex + sqlite3 the
// pinned Directus runtime installs: the claim is one conditional UPDATE whose
// row count decides who sends, timestamps are epoch ms as Directus keeps them
// there. Postgres is covered by test/e2e/outbox.int.test.ts and, for the
// follow-up repair and pruning (outbox-store-contract.ts), outbox-store.pg.int.test.ts.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOX_POLICY as P } from '../complaints/outbox/policy.ts';
import { createOutboxTables, outboxSqlContract } from './outbox-store-contract.ts';
import { outboxStore } from './outbox-store.ts';
import type { OutboxStore } from './store.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

const t0 = new Date('2026-11-02T03:00:00.000Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);
let knex: Knex;
let store: OutboxStore;

describe.skipIf(!hasRuntimeSqlite)('outbox store on SQLite', () => {
  beforeAll(async () => {
    knex = runtimeSqlite();
    await createOutboxTables(knex, true);
    // ItemsService is not reached by these steps (history/assignments are Directus's own code).
    store = outboxStore({ services: {} as never, database: knex, schema: { collections: {} }, env: {} });
    for (const [id, at, next] of [['a:1', t0, t0], ['b:1', plus(1), plus(1)], ['parked:1', t0, null]] as const) {
      await store.transaction((tx) => tx.addOutbox({ id, event: 'complaint.status_changed', complaint: 1, payload: { id }, created_at: at, next_attempt_at: next }));
    }
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  it('refuses a second row with the same id and rolls the whole transaction back', async () => {
    await expect(store.transaction(async (tx) => {
      await tx.addOutbox({ id: 'c:1', event: 'x', complaint: 1, payload: {}, created_at: t0, next_attempt_at: t0 });
      await tx.addOutbox({ id: 'a:1', event: 'x', complaint: 1, payload: {}, created_at: t0, next_attempt_at: t0 });
    })).rejects.toThrow(/UNIQUE/);
    expect(await store.transaction((tx) => tx.outboxExists('c:1'))).toBe(false);
  });

  it('lists due rows oldest first, never the parked one, and claims each exactly once', async () => {
    expect(await store.dueIds(plus(5), 10)).toEqual(['a:1', 'b:1']);
    const [first, second] = await Promise.all([store.claim('a:1', plus(5), P), store.claim('a:1', plus(5), P)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const claimed = (first ?? second)!;
    expect(claimed).toMatchObject({ id: 'a:1', attempts: 1, payload: { id: 'a:1' }, created_at: t0, next_attempt_at: plus(5 + P.leaseMs) });
    expect(await store.dueIds(plus(5), 10)).toEqual(['b:1']);
    expect(await store.claim('parked:1', plus(5), P)).toBeNull();
    // The lease runs out: due again.
    expect(await store.dueIds(plus(5 + P.leaseMs), 10)).toEqual(['a:1', 'b:1']);
  });

  it('settles a failure for later and a success for good', async () => {
    await store.settle('a:1', { next_attempt_at: plus(15_000), last_error: 'HTTP 404' });
    expect(await store.dueIds(plus(14_000), 10)).toEqual(['b:1']);
    expect(await store.undeliveredSince(plus(1))).toEqual({ count: 1, oldest: t0, lastError: 'HTTP 404' });
    await store.settle('a:1', { delivered_at: plus(20_000), next_attempt_at: null, last_error: null });
    expect(await store.claim('a:1', plus(60_000), P)).toBeNull();
    expect(await store.undeliveredSince(plus(2))).toEqual({ count: 1, oldest: plus(1), lastError: null });
  });

  it("records n8n's receipt once: first, then duplicate; unknown ids say so", async () => {
    expect(await store.markReceived('b:1', t0)).toBe('first');
    expect(await store.markReceived('b:1', t0)).toBe('duplicate');
    expect(await store.markReceived('nope', t0)).toBe('unknown');
  });

  it('finds reports with an unrecorded move saved before the cut-off and clears only the named move', async () => {
    await knex('complaints').insert([
      { id: 1, last_transition: JSON.stringify({ id: 'm1' }), pending_transition: 'm1', date_created: t0.getTime(), date_updated: null },
      { id: 2, last_transition: JSON.stringify({ id: 'm2' }), pending_transition: 'm2', date_created: t0.getTime(), date_updated: plus(60_000).getTime() },
      { id: 3, last_transition: null, pending_transition: null, date_created: t0.getTime(), date_updated: null },
    ]);
    expect((await store.unrecorded(plus(30_000), 10)).map((r) => [r.id, r.pending_transition])).toEqual([[1, 'm1']]);
    expect((await store.unrecorded(plus(90_000), 10)).map((r) => r.id)).toEqual([1, 2]);
    await store.clearPendingTransition(2, 'older-move');
    await store.clearPendingTransition(1, 'm1');
    expect((await store.unrecorded(plus(90_000), 10)).map((r) => r.id)).toEqual([2]);
  });
});

describe.skipIf(!hasRuntimeSqlite)('outbox follow-up repair and pruning SQL on SQLite', () => {
  let db: Knex;
  beforeAll(async () => {
    db = runtimeSqlite();
    await createOutboxTables(db, true);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  outboxSqlContract(() => ({ knex: db, sqlite: true }));
});
