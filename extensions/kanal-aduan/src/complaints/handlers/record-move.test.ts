import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import type { LastTransition } from '../transition.ts';
import { announceFollowUp, CHANGED_MEANWHILE, moveEventIds, queueFollowUp, recordPendingMoves } from './record-move.ts';

const at = new Date('2026-11-02T03:00:00.000Z');
const later = new Date('2026-11-02T03:05:00.000Z');
function setup(eventsOn = true) {
  const store = new FakeStore();
  const deps = { outbox: store, now: () => later, eventsOn };
  /** The save of `last` committed its move record on report `key` (what the filters put in the payload). */
  const save = (key: number, last: LastTransition) => store.saved.set(String(key), { last_transition: last, pending_transition: last.id, saved_at: at });
  /** Records report `key`'s pending move(s) in one transaction, as the activity filter does inside the save's. */
  const record = (key: number) => store.transaction((tx) => recordPendingMoves(key, tx, deps));
  const saveAndRecord = async (key: number, last: LastTransition) => {
    save(key, last);
    return (await record(key)).written;
  };
  return { store, deps, save, record, saveAndRecord };
}
const move = (id: string, to: LastTransition['to'], rows: LastTransition['rows'], extra: Partial<LastTransition> = {}): LastTransition => ({
  id, at: at.toISOString(), to, role: 'verifikator', author: 'verif-1', agency: null, note: null, rows, ...extra,
});
const row = (from: NonNullable<LastTransition['rows']>[string]['from'], ticket = 'ADU-2611-00001') => ({ from, ticket });

describe('recordPendingMoves', () => {
  it("records a new report's first move: the 'received' history row and complaint.created in the outbox", async () => {
    const { store, saveAndRecord } = setup();
    const first: LastTransition = { id: 'm0', at: at.toISOString(), to: 'received', role: 'service', author: null, agency: null, note: null, ticket: 'ADU-2611-00005' };
    expect(await saveAndRecord(5, first)).toEqual(['m0:5']);
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
    const { store, saveAndRecord } = setup();
    await saveAndRecord(1, move('m1', 'verified', { '1': row('received') }, { note: 'Lokasi sudah dicek.' }));
    await saveAndRecord(1, move('m2', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR', respond_due: '2026-11-09T16:59:59.999Z' }));
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
    const { store, saveAndRecord } = setup();
    await saveAndRecord(3, move('m3', 'verified', { '3': { from: 'dispositioned', ticket: null, previous_agency: 'DPUPR' } }, { role: 'opd_officer', agency: 'DPUPR' }));
    expect(store.updates[0]).toMatchObject({ status_from: 'dispositioned', status_to: 'verified', public: false, agency: 'DPUPR' });
    expect(store.outbox.get('m3:3')?.event).toBe('complaint.status_changed');
  });

  it('is idempotent: the save, the action fallback and the repair sweep recording the same move write it once', async () => {
    const { store, save, record } = setup();
    const m = move('m1', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' });
    save(1, m);
    expect((await record(1)).written).toEqual(['m1:1']);
    expect((await record(1)).written).toEqual([]);
    // Even when the move record is still marked pending (a recorder that wrote the rows but not the clear).
    save(1, m);
    expect((await record(1)).written).toEqual([]);
    expect(store.updates).toHaveLength(1);
    expect(store.assignments).toHaveLength(1);
    expect(store.outbox.size).toBe(1);
  });

  it('writes nothing at all when the transaction fails half-way (no history without its event, no event without its history)', async () => {
    const { store, save, record } = setup();
    save(1, move('m1', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' }));
    store.failAfterWrites = 2; // outbox row and history row written, then the assignment fails
    await expect(record(1)).rejects.toThrow('simulated crash');
    expect(store.updates).toEqual([]);
    expect(store.assignments).toEqual([]);
    expect(store.outbox.size).toBe(0);
    expect(store.saved.get('1')?.pending_transition).toBe('m1');
  });

  it('refuses a move that lost a race: its origin is not the status the history last recorded', async () => {
    const { store, saveAndRecord, save, record } = setup();
    await saveAndRecord(1, move('m1', 'verified', { '1': row('received') }));
    // Two verifikators read "verified" at once; the first disposition is recorded, the rejection read a stale status.
    await saveAndRecord(1, move('m2', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' }));
    save(1, move('m3', 'rejected', { '1': row('verified') }));
    await expect(record(1)).rejects.toMatchObject({ code: 'COMPLAINT.CHANGED_MEANWHILE', message: CHANGED_MEANWHILE });
    expect(store.updates.map((u) => u.status_to)).toEqual(['verified', 'dispositioned']);
    expect([...store.outbox.keys()]).toEqual(['m1:1', 'm2:1']);
    expect(store.assignments.map((a) => [a.agency, a.active])).toEqual([['DPUPR', true]]);
  });

  it('checks nothing on a report without history (imported), and starts from its first move', async () => {
    const { store, saveAndRecord } = setup();
    expect(await saveAndRecord(4, move('m1', 'resolved', { '4': row('in_progress') }))).toEqual(['m1:4']);
    expect(store.updates.map((u) => [u.status_from, u.status_to])).toEqual([['in_progress', 'resolved']]);
  });

  it('leaves a report alone when nothing is pending, and reports an unreadable move without writing', async () => {
    const { store, record } = setup();
    expect(await record(1)).toEqual({ written: [], unreadable: false });
    store.saved.set('1', { last_transition: '{not json', pending_transition: 'm1', saved_at: at });
    expect(await record(1)).toEqual({ written: [], unreadable: true });
    store.saved.set('1', { last_transition: move('m0', 'verified', { '1': row('received') }), pending_transition: 'm1', saved_at: at });
    expect(await record(1)).toEqual({ written: [], unreadable: true });
    expect(store.updates).toEqual([]);
    expect(store.saved.get('1')?.pending_transition).toBe('m1');
  });

  it('records unrecorded earlier moves first, so a quick dispose-then-accept keeps the disposition', async () => {
    const { store, saveAndRecord } = setup();
    const dispose = move('m1', 'dispositioned', { '1': row('verified') }, { assigned_agency: 'DPUPR' });
    const { rows: _rows, ...disposeCore } = dispose;
    const accept = move('m2', 'in_progress', { '1': row('dispositioned') }, { role: 'opd_officer', earlier: [{ ...disposeCore, rows: dispose.rows }] });
    await saveAndRecord(1, accept);
    expect(store.updates.map((u) => u.status_to)).toEqual(['dispositioned', 'in_progress']);
    expect(store.assignments[0]).toMatchObject({ agency: 'DPUPR', accepted_at: at.toISOString() });
    // The disposition's own record arriving late finds it done.
    expect(await saveAndRecord(1, dispose)).toEqual([]);
  });

  it('records each report of a bulk move under its own key and origin', async () => {
    const { store, save, record } = setup();
    const bulk = move('m9', 'verified', { '1': row('received'), '2': row('needs_info', 'ADU-2611-00002') });
    save(1, bulk);
    save(2, bulk);
    await record(1);
    await record(2);
    expect([...store.outbox.keys()]).toEqual(['m9:1', 'm9:2']);
    expect(store.updates.map((u) => [u.complaint, u.status_from])).toEqual([[1, 'received'], [2, 'needs_info']]);
  });

  it('parks the outbox row (never sent) when events are off, but still writes history and assignment', async () => {
    const { store, saveAndRecord } = setup(false);
    await saveAndRecord(1, move('m1', 'verified', { '1': row('received') }));
    expect(store.updates).toHaveLength(1);
    expect(store.outbox.get('m1:1')?.next_attempt_at).toBeNull();
  });
});

describe('moveEventIds', () => {
  it('names the outbox rows a save may have queued, earlier moves included, only for reports the move has', () => {
    const dispose = move('m1', 'dispositioned', { '1': row('verified') });
    const { rows, ...core } = dispose;
    const accept = move('m2', 'in_progress', { '1': row('dispositioned'), '2': row('dispositioned') }, { earlier: [{ ...core, rows }] });
    expect(moveEventIds(accept, [1, 2])).toEqual(['m1:1', 'm2:1', 'm2:2']);
    expect(moveEventIds({ ...core, rows: undefined, to: 'received', ticket: 'ADU-2611-00007' }, [7])).toEqual(['m1:7']);
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

describe('queueFollowUp', () => {
  it('queues the event inside the given transaction, once; a report that is gone queues nothing', async () => {
    const { store, deps } = setup();
    store.addComplaint({ id: 9, status: 'in_progress' });
    await expect(store.transaction((tx) => queueFollowUp({ id: 5, complaint: 9, at }, tx, deps))).resolves.toBe('update:5');
    await expect(store.transaction((tx) => queueFollowUp({ id: 5, complaint: 9, at }, tx, deps))).resolves.toBeNull();
    await expect(store.transaction((tx) => queueFollowUp({ id: 6, complaint: 404, at }, tx, deps))).resolves.toBeNull();
    expect(store.outbox.get('update:5')?.payload).toMatchObject({ at: at.toISOString(), update_id: 5, status_to: 'in_progress' });
    expect(store.outbox.size).toBe(1);
  });
});
