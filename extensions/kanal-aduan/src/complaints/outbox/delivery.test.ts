import { describe, expect, it, vi } from 'vitest';
import type { DeliveryResult, KanalEvent } from '../../shared/events.ts';
import { FakeStore } from '../../test-support/fake-store.ts';
import { announceFollowUp, recordAfterCommit } from '../handlers/record-move.ts';
import type { OutboxStore, OutboxTx } from '../../shared/store.ts';
import type { LastTransition } from '../transition.ts';
import { deliverOne, pruneDelivered, sweepOutbox, type DeliveryDeps } from './delivery.ts';
import { DEFAULT_OUTBOX_POLICY, type OutboxRow } from './policy.ts';

const t0 = new Date('2026-11-02T03:00:00.000Z');
const dispose: LastTransition = {
  id: 'm1', at: t0.toISOString(), to: 'dispositioned', role: 'verifikator', author: 'v', agency: null, note: null,
  assigned_agency: 'DPUPR', respond_due: null, rows: { '1': { from: 'verified', ticket: 'ADU-2611-00001' } },
};

/** A store, a clock the test moves, an n8n that is up or down, and what it received. */
function setup() {
  const store = new FakeStore();
  const clock = { now: t0 };
  const n8n = { up: true, received: [] as KanalEvent[] };
  const send = vi.fn(async (e: KanalEvent): Promise<DeliveryResult> => {
    if (!n8n.up) return { ok: false, error: 'fetch failed (connect ECONNREFUSED 127.0.0.1:5678)' };
    n8n.received.push(e);
    return { ok: true };
  });
  const logger = { warn: vi.fn(), debug: vi.fn() };
  const deps: DeliveryDeps = { outbox: store, send, policy: DEFAULT_OUTBOX_POLICY, now: () => clock.now, logger, targetUrl: 'http://n8n/webhook/kanal-aduan-events' };
  /** A save of `last` whose rows are recorded (as the action fallback does): the outbox ids written. */
  const record = async (last: LastTransition, key: number | string = 1) => {
    store.saved.set(String(key), { last_transition: last, pending_transition: last.id, saved_at: clock.now });
    return (await recordAfterCommit(key, { outbox: store, now: () => clock.now, eventsOn: true })).written;
  };
  const at = (ms: number) => { clock.now = new Date(t0.getTime() + ms); };
  return { store, deps, n8n, send, logger, record, at };
}

describe('outbox delivery', () => {
  it('delivers at once when n8n is up, and never twice', async () => {
    const { store, deps, n8n, record } = setup();
    const [id] = await record(dispose);
    expect(await deliverOne(id!, deps)).toBe(true);
    expect(await deliverOne(id!, deps)).toBe(false);
    expect(n8n.received.map((e) => e.id)).toEqual(['m1:1']);
    expect(store.outbox.get('m1:1')).toMatchObject({ attempts: 1, delivered_at: t0, last_error: null });
  });

  it('keeps an event n8n could not take, retries it with backoff, and delivers it once n8n is back', async () => {
    const { store, deps, n8n, record, at, logger } = setup();
    n8n.up = false;
    const [id] = await record(dispose);
    expect(await deliverOne(id!, deps)).toBe(false);
    expect(store.outbox.get(id!)).toMatchObject({ attempts: 1, delivered_at: null, next_attempt_at: new Date(t0.getTime() + 15_000), last_error: expect.stringContaining('ECONNREFUSED') });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('dikirim ulang otomatis'));
    // Not due yet: the sweep leaves it alone.
    at(10_000);
    expect((await sweepOutbox(deps)).delivered).toBe(0);
    at(15_000);
    expect(await sweepOutbox(deps)).toMatchObject({ delivered: 0, failed: 1 });
    expect(store.outbox.get(id!)?.next_attempt_at).toEqual(new Date(t0.getTime() + 15_000 + 30_000));
    n8n.up = true;
    at(45_000);
    expect(await sweepOutbox(deps)).toMatchObject({ delivered: 1, failed: 0 });
    expect(n8n.received.map((e) => e.id)).toEqual(['m1:1']);
    at(60_000 * 60);
    expect((await sweepOutbox(deps)).delivered).toBe(0);
    expect(n8n.received).toHaveLength(1);
  });

  it('lets only one of two concurrent senders (two Directus instances) send a row', async () => {
    const { deps, n8n, record } = setup();
    const [id] = await record(dispose);
    const results = await Promise.all([deliverOne(id!, deps), deliverOne(id!, deps), sweepOutbox(deps)]);
    expect(results.slice(0, 2).filter(Boolean)).toHaveLength(1);
    expect(n8n.received).toHaveLength(1);
  });

  it('a sender that died mid-attempt leaves a claim that expires; the row is sent later, not lost', async () => {
    const { store, deps, n8n, record, at } = setup();
    const [id] = await record(dispose);
    await store.claim(id!, t0, DEFAULT_OUTBOX_POLICY); // claimed, then the process died
    expect((await sweepOutbox(deps)).delivered).toBe(0);
    at(DEFAULT_OUTBOX_POLICY.leaseMs);
    expect((await sweepOutbox(deps)).delivered).toBe(1);
    expect(n8n.received.map((e) => e.id)).toEqual(['m1:1']);
    expect(store.outbox.get(id!)?.attempts).toBe(2);
  });

  it('warns the admin only about events undelivered for more than 10 minutes', async () => {
    const { deps, n8n, record, at } = setup();
    n8n.up = false;
    await record(dispose);
    at(9 * 60_000);
    expect((await sweepOutbox(deps)).warning).toBeNull();
    at(11 * 60_000);
    const late = await sweepOutbox(deps);
    expect(late.stale).toBe(1);
    expect(late.warning).toMatch(/n8n tidak terjangkau di http:\/\/n8n\/webhook\/kanal-aduan-events .*ECONNREFUSED.*akan dikirim ulang/);
  });
});

describe('outbox repair sweep', () => {
  it('heals a report whose save committed but whose action never ran (Directus stopped in between)', async () => {
    const { store, deps, n8n, at } = setup();
    // The filter's payload committed with the status; no action followed.
    store.saved.set('1', { last_transition: dispose, pending_transition: 'm1', saved_at: t0 });
    at(5_000);
    expect((await sweepOutbox(deps)).repaired).toBe(0); // too fresh: the action may still be running
    at(11_000);
    const report = await sweepOutbox(deps);
    expect(report).toMatchObject({ repaired: 1, delivered: 1 });
    expect(store.updates.map((u) => [u.status_from, u.status_to])).toEqual([['verified', 'dispositioned']]);
    // Dated by the move, not by the repair.
    expect(store.assignments).toEqual([expect.objectContaining({ agency: 'DPUPR', assigned_at: t0.toISOString(), active: true })]);
    expect(n8n.received.map((e) => [e.id, e.event])).toEqual([['m1:1', 'complaint.status_changed']]);
    expect(store.saved.get('1')?.pending_transition).toBeNull();
    // Healed once: later sweeps and a late action change nothing.
    at(60_000);
    expect((await sweepOutbox(deps)).repaired).toBe(0);
    expect((await recordAfterCommit(1, { outbox: store, now: () => t0, eventsOn: true })).written).toEqual([]);
    expect(store.updates).toHaveLength(1);
  });

  it('also heals the earlier moves a later save carried, in order', async () => {
    const { store, deps, at } = setup();
    const { rows, ...core } = dispose;
    const accept: LastTransition = {
      id: 'm2', at: new Date(t0.getTime() + 1000).toISOString(), to: 'in_progress', role: 'opd_officer', author: 'o', agency: 'DPUPR', note: null,
      rows: { '1': { from: 'dispositioned', ticket: 'ADU-2611-00001' } }, earlier: [{ ...core, rows }],
    };
    store.saved.set('1', { last_transition: accept, pending_transition: 'm2', saved_at: t0 });
    at(60_000);
    expect((await sweepOutbox(deps)).repaired).toBe(2);
    expect(store.updates.map((u) => u.status_to)).toEqual(['dispositioned', 'in_progress']);
    expect(store.assignments[0]).toMatchObject({ agency: 'DPUPR', accepted_at: accept.at });
  });

  it('gives up loudly on a move whose origin the history has moved past, instead of writing a history that skips a step', async () => {
    const { store, deps, logger, at } = setup();
    store.updates.push({ complaint: 1, kind: 'status_change', status_from: 'verified', status_to: 'rejected', body: null, public: true, author: 'v', agency: null });
    store.saved.set('1', { last_transition: dispose, pending_transition: 'm1', saved_at: t0 });
    const error = vi.fn();
    at(60_000);
    expect((await sweepOutbox({ ...deps, logger: { ...logger, error } })).repaired).toBe(0);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('tidak dipulihkan'));
    expect(store.updates).toHaveLength(1);
    expect(store.outbox.size).toBe(0);
    expect(store.saved.get('1')?.pending_transition).toBeNull();
  });

  it('gives up loudly on an unreadable move instead of looping on it', async () => {
    const { store, deps, logger, at } = setup();
    store.saved.set('1', { last_transition: '{not json', pending_transition: 'm1', saved_at: t0 });
    at(60_000);
    expect((await sweepOutbox(deps)).repaired).toBe(0);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('tidak dapat dipulihkan'));
    expect(store.saved.get('1')?.pending_transition).toBeNull();
  });
});

/** `target` with some methods replaced; the others still run on `target` (the fake has private fields). */
function override<T extends object>(target: T, patch: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in patch) return (patch as Record<PropertyKey, unknown>)[prop];
      const v = Reflect.get(t, prop);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

describe('follow-up repair sweep', () => {
  /** A public follow-up committed through Directus at `ms` after t0 whose action never ran. */
  const lostFollowUp = (store: FakeStore, id: number, ms = 0, extra: Partial<FakeStore['followUps'][number]> = {}) => {
    store.followUps.push({ id, complaint: 1, kind: 'follow_up', public: true, created_at: new Date(t0.getTime() + ms), viaDirectus: true, ...extra });
  };

  it('queues and delivers a public follow-up whose action never ran, once, dated when it was posted', async () => {
    const { store, deps, n8n, at, logger } = setup();
    store.addComplaint({ id: 1, status: 'in_progress' });
    lostFollowUp(store, 40);
    at(5_000);
    expect((await sweepOutbox(deps)).announced).toBe(0); // the action may still be running
    at(11_000);
    expect(await sweepOutbox(deps)).toMatchObject({ announced: 1, delivered: 1 });
    expect(n8n.received).toEqual([
      { id: 'update:40', event: 'complaint.update_posted', complaint_id: 1, ticket: 'ADU-2611-00001', status_from: null, status_to: 'in_progress', at: t0.toISOString(), update_id: 40 },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('tindak lanjut 40 (laporan 1) belum masuk antrian peristiwa'));
    // A late action, and every later sweep, finds it queued.
    await expect(announceFollowUp({ key: 40, payload: { complaint: 1, kind: 'follow_up', public: true } }, { outbox: store, now: () => t0, eventsOn: true })).resolves.toBeNull();
    at(120_000);
    expect(await sweepOutbox(deps)).toMatchObject({ announced: 0, delivered: 0 });
    expect(n8n.received).toHaveLength(1);
  });

  it('reports the lost race as "already queued" when the other insert wins on the unique key', async () => {
    const { store } = setup();
    store.addComplaint({ id: 1, status: 'in_progress' });
    // The other recorder (the sweep) commits between our existence check and our insert;
    // its row outlives our rollback (the fake's rollback would otherwise restore our snapshot).
    let theirs: OutboxRow | null = null;
    const racing = override(store, {
      transaction: (async (fn: (tx: OutboxTx) => Promise<unknown>) => {
        try {
          return await store.transaction((tx) => fn(override(tx, {
            outboxExists: async (id: string) => {
              const seen = await tx.outboxExists(id);
              if (!seen && !theirs) {
                theirs = { id, event: 'complaint.update_posted', complaint: 1, payload: { id }, created_at: t0, attempts: 0, next_attempt_at: t0, delivered_at: null, last_error: null };
                store.outbox.set(id, theirs);
              }
              return seen;
            },
          })));
        } finally {
          if (theirs) store.outbox.set(theirs.id, theirs);
        }
      }) as OutboxStore['transaction'],
    });
    await expect(announceFollowUp({ key: 42, payload: { complaint: 1, kind: 'follow_up', public: true } }, { outbox: racing, now: () => t0, eventsOn: true })).resolves.toBeNull();
    expect(store.outbox.size).toBe(1);
  });

  it('leaves imported rows, old rows and non-public notes alone', async () => {
    const { store, deps, n8n, at } = setup();
    store.addComplaint({ id: 1, status: 'in_progress' });
    lostFollowUp(store, 50, 0, { viaDirectus: false }); // seeded straight into the database
    lostFollowUp(store, 51, 0, { public: false });
    lostFollowUp(store, 52, 0, { kind: 'internal_note' });
    lostFollowUp(store, 53, -2 * 86_400_000); // before the lookback
    at(60_000);
    expect((await sweepOutbox(deps)).announced).toBe(0);
    expect(n8n.received).toEqual([]);
  });

  it('parks a healed follow-up when events are off, like any other event', async () => {
    const { store, deps, at } = setup();
    store.addComplaint({ id: 1, status: 'in_progress' });
    lostFollowUp(store, 60);
    at(60_000);
    expect(await sweepOutbox({ ...deps, send: null })).toMatchObject({ announced: 1, delivered: 0 });
    expect(store.outbox.get('update:60')).toMatchObject({ next_attempt_at: null, delivered_at: null });
  });
});

describe('outbox pruning', () => {
  const day = 86_400_000;
  const row = (id: string, deliveredDaysAgo: number | null, createdDaysAgo = 40) => ({
    id, event: 'complaint.status_changed', complaint: 1, payload: { id }, created_at: new Date(t0.getTime() - createdDaysAgo * day), attempts: 1,
    next_attempt_at: deliveredDaysAgo === null ? t0 : null, delivered_at: deliveredDaysAgo === null ? null : new Date(t0.getTime() - deliveredDaysAgo * day), last_error: null,
  });

  it('deletes delivered rows older than the retention and never an undelivered one', async () => {
    const { store, deps } = setup();
    for (const r of [row('old:1', 31), row('old:2', 45), row('recent:1', 29), row('stuck:1', null), row('parked:1', null)]) store.outbox.set(r.id, r);
    store.outbox.get('parked:1')!.next_attempt_at = null;
    expect((await sweepOutbox({ ...deps, send: null })).pruned).toBe(2);
    expect([...store.outbox.keys()].sort()).toEqual(['parked:1', 'recent:1', 'stuck:1']);
  });

  it('drains a backlog in bounded batches per sweep, and keeps everything when retention is 0', async () => {
    const { store, deps } = setup();
    for (let i = 0; i < 25; i++) store.outbox.set(`old:${i}`, row(`old:${i}`, 31 + i));
    const policy = { ...deps.policy, pruneBatch: 4, pruneBatchesPerSweep: 3 };
    expect(await pruneDelivered({ ...deps, policy: { ...policy, retentionMs: 0 } })).toBe(0);
    const batch = vi.spyOn(store, 'pruneDelivered');
    expect(await pruneDelivered({ ...deps, policy })).toBe(12);
    expect(batch.mock.calls.map(([, n]) => n)).toEqual([4, 4, 4]);
    // Oldest first.
    expect(store.outbox.has('old:24')).toBe(false);
    expect(store.outbox.has('old:0')).toBe(true);
    expect(await pruneDelivered({ ...deps, policy })).toBe(12);
    expect(await pruneDelivered({ ...deps, policy })).toBe(1);
    expect(store.outbox.size).toBe(0);
  });
});
