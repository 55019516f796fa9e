import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import type { LastTransition } from '../transition.ts';
import { announceFollowUp, isCitizenFacing, recordTransition } from './history-action.ts';

const at = new Date('2026-11-02T03:00:00.000Z');
const later = new Date('2026-11-02T03:05:00.000Z');
function setup(eventsOn = true) {
  const store = new FakeStore();
  return { store, deps: { outbox: store, now: () => later, eventsOn } };
}
const move = (id: string, to: LastTransition['to'], rows: LastTransition['rows'], extra: Partial<LastTransition> = {}): LastTransition => ({
  id, at: at.toISOString(), to, role: 'verifikator', author: 'verif-1', agency: null, note: null, rows, ...extra,
});
const row = (from: NonNullable<LastTransition['rows']>[string]['from'], ticket = 'ADU-2611-00001') => ({ from, ticket });

describe('recordTransition', () => {
  it("records a new report's first move: the 'received' history row and complaint.created in the outbox", async () => {
    const { store, deps } = setup();
    const first: LastTransition = { id: 'm0', at: at.toISOString(), to: 'received', role: 'service', author: null, agency: null, note: null, ticket: 'ADU-2611-00005' };
    store.saved.set('5', { last_transition: first, pending_transition: 'm0', saved_at: at });
    expect(await recordTransition(5, first, deps)).toEqual(['m0:5']);
    expect(store.updates).toEqual([
      { complaint: 5, kind: 'status_change', status_from: null, status_to: 'received', body: null, public: true, author: null, agency: null },
    ]);
    expect(store.outbox.get('m0:5')).toMatchObject({
      event: 'complaint.created', complaint: 5, attempts: 0, next_attempt_at: later, delivered_at: null,
      payload: { id: 'm0:5', event: 'complaint.created', complaint_id: 5, ticket: 'ADU-2611-00005', status_from: null, status_to: 'received', at: at.toISOString() },
    });
    expect(store.saved.get('5')?.pending_transition).toBeNull();
  });

  it('writes the history row with the note, the assignment and complaint.verified/status_changed; the event carries the move time', async () => {
    const { store, deps } = setup();
    await recordTransition(1, move('m1', 'verified', { '1': row('received') }, { note: 'Lokasi sudah dicek.' }), deps);
    await recordTransition(1, move('m2', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR', respond_due: '2026-11-09T16:59:59.999Z' }), deps);
    expect(store.updates.map((u) => [u.status_from, u.status_to, u.body, u.public])).toEqual([
      ['received', 'verified', 'Lokasi sudah dicek.', true],
      ['verified', 'dispositioned', null, true],
    ]);
    expect([...store.outbox.values()].map((o) => [o.id, o.event, o.payload['at']])).toEqual([
      ['m1:1', 'complaint.verified', at.toISOString()],
      ['m2:1', 'complaint.status_changed', at.toISOString()],
    ]);
    // Stamped with the move's time, not the recording time.
    expect(store.assignments).toEqual([expect.objectContaining({ complaint: 1, agency: 'DPUPR', assigned_at: at.toISOString(), active: true })]);
  });

  it('keeps an OPD return internal and never announces it as complaint.verified', async () => {
    const { store, deps } = setup();
    await recordTransition(3, move('m3', 'verified', { '3': { from: 'dispositioned', ticket: null, previous_agency: 'DPUPR' } }, { role: 'opd_officer', agency: 'DPUPR' }), deps);
    expect(store.updates[0]).toMatchObject({ status_from: 'dispositioned', status_to: 'verified', public: false, agency: 'DPUPR' });
    expect(store.outbox.get('m3:3')?.event).toBe('complaint.status_changed');
  });

  it('is idempotent: the action and the repair sweep recording the same move write it once', async () => {
    const { store, deps } = setup();
    const m = move('m1', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' });
    expect(await recordTransition(1, m, deps)).toEqual(['m1:1']);
    expect(await recordTransition(1, m, deps)).toEqual([]);
    expect(store.updates).toHaveLength(1);
    expect(store.assignments).toHaveLength(1);
    expect(store.outbox.size).toBe(1);
  });

  it('writes nothing at all when the transaction fails half-way (no history without its event, no event without its history)', async () => {
    const { store, deps } = setup();
    store.saved.set('1', { last_transition: null, pending_transition: 'm1', saved_at: at });
    store.failAfterWrites = 2; // outbox row and history row written, then the assignment fails
    await expect(recordTransition(1, move('m1', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' }), deps)).rejects.toThrow('simulated crash');
    expect(store.updates).toEqual([]);
    expect(store.assignments).toEqual([]);
    expect(store.outbox.size).toBe(0);
    expect(store.saved.get('1')?.pending_transition).toBe('m1');
  });

  it('records unrecorded earlier moves first, so a quick dispose-then-accept keeps the disposition', async () => {
    const { store, deps } = setup();
    const dispose = move('m1', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' });
    const { rows: _rows, ...disposeCore } = dispose;
    const accept = move('m2', 'in_progress', { '1': row('dispositioned') }, { role: 'opd_officer', earlier: [{ ...disposeCore, rows: dispose.rows }] });
    await recordTransition(1, accept, deps);
    expect(store.updates.map((u) => u.status_to)).toEqual(['dispositioned', 'in_progress']);
    expect(store.assignments[0]).toMatchObject({ agency: 'DPUPR', accepted_at: at.toISOString() });
    // The dispose action arriving late finds it done.
    expect(await recordTransition(1, dispose, deps)).toEqual([]);
  });

  it('records each report of a bulk move under its own key and origin', async () => {
    const { store, deps } = setup();
    const bulk = move('m9', 'verified', { '1': row('received'), '2': row('needs_info', 'ADU-2611-00002') });
    await recordTransition(1, bulk, deps);
    await recordTransition(2, bulk, deps);
    expect([...store.outbox.keys()]).toEqual(['m9:1', 'm9:2']);
    expect(store.updates.map((u) => [u.complaint, u.status_from])).toEqual([[1, 'received'], [2, 'needs_info']]);
  });

  it('parks the outbox row (never sent) when events are off, but still writes history and assignment', async () => {
    const { store, deps } = setup(false);
    await recordTransition(1, move('m1', 'verified', { '1': row('received') }), deps);
    expect(store.updates).toHaveLength(1);
    expect(store.outbox.get('m1:1')?.next_attempt_at).toBeNull();
  });
});

describe('isCitizenFacing', () => {
  it('hides returns from the citizen, shows every other move', () => {
    expect(isCitizenFacing('in_progress', 'verified')).toBe(false);
    expect(isCitizenFacing('received', 'verified')).toBe(true);
    expect(isCitizenFacing('needs_info', 'verified')).toBe(true);
    expect(isCitizenFacing('verified', 'rejected')).toBe(true);
  });
});

describe('announceFollowUp', () => {
  it('queues complaint.update_posted for a public follow-up with the report’s ticket and status, once', async () => {
    const { store, deps } = setup();
    store.addComplaint({ id: 9, status: 'in_progress' });
    const meta = { key: 77, payload: { complaint: 9, kind: 'follow_up', public: true, body: 'Sudah ditambal.' } };
    await expect(announceFollowUp(meta, deps)).resolves.toBe('update:77');
    await expect(announceFollowUp(meta, deps)).resolves.toBeNull();
    expect([...store.outbox.values()].map((o) => o.payload)).toEqual([
      { id: 'update:77', event: 'complaint.update_posted', complaint_id: 9, ticket: 'ADU-2611-00009', status_from: null, status_to: 'in_progress', at: later.toISOString(), update_id: 77 },
    ]);
  });

  it('stays quiet for internal notes, private follow-ups and status rows', async () => {
    const { store, deps } = setup();
    store.addComplaint({ id: 9, status: 'in_progress' });
    for (const payload of [
      { complaint: 9, kind: 'internal_note', public: true },
      { complaint: 9, kind: 'follow_up', public: false },
      { complaint: 9, kind: 'follow_up' },
      { complaint: 9, kind: 'status_change', public: true },
    ]) {
      await announceFollowUp({ key: 1, payload }, deps);
    }
    expect(store.outbox.size).toBe(0);
  });
});
