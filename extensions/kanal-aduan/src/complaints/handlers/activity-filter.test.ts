import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import type { LastTransition } from '../transition.ts';
import { isRecordedWrite, itemKey, recordWithWrite } from './activity-filter.ts';

const at = new Date('2026-11-02T03:00:00.000Z');
const dispose: LastTransition = {
  id: 'm1', at: at.toISOString(), to: 'dispositioned', role: 'verifikator', author: 'v', agency: null, note: null,
  assigned_agency: 'DPUPR', respond_due: null, rows: { '1': { from: 'verified', ticket: 'ADU-2611-00001' } },
};

function setup() {
  const store = new FakeStore();
  store.addComplaint({ id: 1, status: 'dispositioned' });
  const deps = { now: () => at, eventsOn: true };
  /** The save's transaction: the filter runs in it, and a throw rolls everything back. */
  const save = (entry: Record<string, unknown>) => store.transaction((tx) => recordWithWrite(entry, tx, deps));
  return { store, save };
}

describe('recordWithWrite (activity.create filter)', () => {
  it("records a report's move in the save's transaction: history row, assignment and event at once", async () => {
    const { store, save } = setup();
    store.saved.set('1', { last_transition: dispose, pending_transition: 'm1', saved_at: at });
    await save({ action: 'update', collection: 'complaints', item: '1' });
    expect(store.updates).toEqual([expect.objectContaining({ complaint: 1, status_from: 'verified', status_to: 'dispositioned' })]);
    expect(store.assignments).toEqual([expect.objectContaining({ complaint: 1, agency: 'DPUPR', active: true })]);
    expect([...store.outbox.keys()]).toEqual(['m1:1']);
    expect(store.saved.get('1')?.pending_transition).toBeNull();
  });

  it('makes the save fail, and keeps nothing, when a row of the move cannot be written', async () => {
    const { store, save } = setup();
    store.saved.set('1', { last_transition: dispose, pending_transition: 'm1', saved_at: at });
    store.failAfterWrites = 1; // the outbox row is written, the history row fails
    await expect(save({ action: 'update', collection: 'complaints', item: 1 })).rejects.toThrow('simulated crash');
    expect(store.updates).toEqual([]);
    expect(store.outbox.size).toBe(0);
    expect(store.saved.get('1')?.pending_transition).toBe('m1');
  });

  it('writes nothing for an edit that moves no status', async () => {
    const { store, save } = setup();
    store.saved.set('1', { last_transition: dispose, pending_transition: null, saved_at: at });
    await save({ action: 'update', collection: 'complaints', item: '1' });
    expect(store.updates).toEqual([]);
    expect(store.outbox.size).toBe(0);
  });

  it("queues a public follow-up's event with its save; internal notes and private follow-ups stay quiet", async () => {
    const { store, save } = setup();
    store.followUps.push(
      { id: 21, complaint: 1, kind: 'follow_up', public: true, created_at: at, viaDirectus: true },
      { id: 22, complaint: 1, kind: 'follow_up', public: false, created_at: at, viaDirectus: true },
      { id: 23, complaint: 1, kind: 'internal_note', public: true, created_at: at, viaDirectus: true },
    );
    for (const item of ['21', '22', '23']) await save({ action: 'create', collection: 'complaint_updates', item });
    expect([...store.outbox.values()].map((o) => o.payload)).toEqual([
      { id: 'update:21', event: 'complaint.update_posted', complaint_id: 1, ticket: 'ADU-2611-00001', status_from: null, status_to: 'dispositioned', at: at.toISOString(), update_id: 21 },
    ]);
  });

  it('ignores other collections and actions', async () => {
    const { store, save } = setup();
    store.saved.set('1', { last_transition: dispose, pending_transition: 'm1', saved_at: at });
    await save({ action: 'delete', collection: 'complaints', item: '1' });
    await save({ action: 'update', collection: 'complaint_updates', item: '1' });
    await save({ action: 'update', collection: 'citizens', item: '1' });
    expect(store.outbox.size).toBe(0);
  });
});

describe('isRecordedWrite / itemKey', () => {
  it('picks report saves and follow-up creates, with integer keys where the key is one', () => {
    expect(isRecordedWrite({ action: 'create', collection: 'complaints' })).toBe(true);
    expect(isRecordedWrite({ action: 'update', collection: 'complaints' })).toBe(true);
    expect(isRecordedWrite({ action: 'create', collection: 'complaint_updates' })).toBe(true);
    expect(isRecordedWrite({ action: 'login', collection: 'directus_users' })).toBe(false);
    expect([itemKey('12'), itemKey(12), itemKey('a1b2'), itemKey(''), itemKey(null)]).toEqual([12, 12, 'a1b2', null, null]);
  });
});
