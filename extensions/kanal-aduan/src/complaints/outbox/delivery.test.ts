import { describe, expect, it, vi } from 'vitest';
import type { DeliveryResult, KanalEvent } from '../../shared/events.ts';
import { FakeStore } from '../../test-support/fake-store.ts';
import { recordTransition } from '../handlers/history-action.ts';
import type { LastTransition } from '../transition.ts';
import { deliverOne, sweepOutbox, type DeliveryDeps } from './delivery.ts';
import { DEFAULT_OUTBOX_POLICY } from './policy.ts';

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
  const record = (last: LastTransition, key: number | string = 1) => recordTransition(key, last, { outbox: store, now: () => clock.now, eventsOn: true });
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
    expect(await recordTransition(1, dispose, { outbox: store, now: () => t0, eventsOn: true })).toEqual([]);
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

  it('gives up loudly on an unreadable move instead of looping on it', async () => {
    const { store, deps, logger, at } = setup();
    store.saved.set('1', { last_transition: '{not json', pending_transition: 'm1', saved_at: t0 });
    at(60_000);
    expect((await sweepOutbox(deps)).repaired).toBe(0);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('tidak dapat dipulihkan'));
    expect(store.saved.get('1')?.pending_transition).toBeNull();
  });
});
