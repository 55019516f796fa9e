import { describe, expect, it } from 'vitest';
import type { KanalEvent } from '../../shared/events.ts';
import { FakeStore } from '../../test-support/fake-store.ts';
import { PendingTransitions, type Transition } from '../pending-transitions.ts';
import { announceFollowUp, isCitizenFacing, recordCreated, recordStatusChanges } from './history-action.ts';

const at = new Date('2026-11-02T03:00:00.000Z');
function deps() {
  const store = new FakeStore();
  const events: KanalEvent[] = [];
  return { store, events, deps: { history: store, emit: async (e: KanalEvent) => void events.push(e), now: () => at } };
}
const parked = (key: string, from: Transition['from'], to: Transition['to'], extra: Partial<Transition> = {}): Transition => ({
  key, complaintId: Number(key), ticket: `ADU-2611-0000${key}`, from, to, role: 'verifikator', author: 'verif-1', agency: null, note: null, ...extra,
});

describe('recordCreated', () => {
  it("writes the first history row ('received', public) and announces complaint.created", async () => {
    const { store, events, deps: d } = deps();
    await recordCreated({ key: 5, payload: { ticket: 'ADU-2611-00005' } }, null, d);
    expect(store.updates).toEqual([
      { complaint: 5, kind: 'status_change', status_from: null, status_to: 'received', body: null, public: true, author: null, agency: null },
    ]);
    expect(events).toEqual([
      { event: 'complaint.created', complaint_id: 5, ticket: 'ADU-2611-00005', status_from: null, status_to: 'received', at: at.toISOString() },
    ]);
  });
});

describe('recordStatusChanges', () => {
  it('writes one row per moved report with the note as body, and complaint.verified for a verification', async () => {
    const { store, events, deps: d } = deps();
    const pending = new PendingTransitions();
    pending.park(parked('1', 'received', 'verified', { note: 'Lokasi sudah dicek.' }));
    // REST hands keys over as strings; rows and events carry the numeric id.
    await recordStatusChanges({ keys: ['1', '2'], payload: { status: 'verified' } }, pending, d);
    expect(store.updates).toEqual([
      { complaint: 1, kind: 'status_change', status_from: 'received', status_to: 'verified', body: 'Lokasi sudah dicek.', public: true, author: 'verif-1', agency: null },
    ]);
    expect(events.map((e) => [e.event, e.complaint_id, e.ticket, e.status_from, e.status_to])).toEqual([
      ['complaint.verified', 1, 'ADU-2611-00001', 'received', 'verified'],
    ]);
  });

  it('announces other moves as complaint.status_changed and keeps an OPD return internal', async () => {
    const { store, events, deps: d } = deps();
    const pending = new PendingTransitions();
    pending.park(parked('3', 'dispositioned', 'verified', { role: 'opd_officer', agency: 'DPUPR' }));
    await recordStatusChanges({ keys: [3], payload: { status: 'verified' } }, pending, d);
    expect(store.updates[0]).toMatchObject({ status_from: 'dispositioned', status_to: 'verified', public: false, agency: 'DPUPR' });
    // Not complaint.verified: that would send the returned report straight back through routing.
    expect(events[0]?.event).toBe('complaint.status_changed');

    pending.park(parked('4', 'in_progress', 'resolved'));
    await recordStatusChanges({ keys: [4], payload: { status: 'resolved' } }, pending, d);
    expect(store.updates[1]).toMatchObject({ status_to: 'resolved', public: true });
    expect(events[1]?.event).toBe('complaint.status_changed');
  });

  it('writes nothing for saves that did not move the status', async () => {
    const { store, events, deps: d } = deps();
    await recordStatusChanges({ keys: [1], payload: { title: 'x' } }, new PendingTransitions(), d);
    expect(store.updates).toEqual([]);
    expect(events).toEqual([]);
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
  it('sends complaint.update_posted for a public follow-up with the report’s ticket and status', async () => {
    const { store, events, deps: d } = deps();
    store.addComplaint({ id: 9, status: 'in_progress' });
    await expect(announceFollowUp({ key: 77, payload: { complaint: 9, kind: 'follow_up', public: true, body: 'Sudah ditambal.' } }, d)).resolves.toBe(true);
    expect(events).toEqual([
      { event: 'complaint.update_posted', complaint_id: 9, ticket: 'ADU-2611-00009', status_from: null, status_to: 'in_progress', at: at.toISOString(), update_id: 77 },
    ]);
  });

  it('stays quiet for internal notes, private follow-ups and status rows', async () => {
    const { store, events, deps: d } = deps();
    store.addComplaint({ id: 9, status: 'in_progress' });
    for (const payload of [
      { complaint: 9, kind: 'internal_note', public: true },
      { complaint: 9, kind: 'follow_up', public: false },
      { complaint: 9, kind: 'follow_up' },
      { complaint: 9, kind: 'status_change', public: true },
    ]) {
      await announceFollowUp({ key: 1, payload }, d);
    }
    expect(events).toEqual([]);
  });
});
