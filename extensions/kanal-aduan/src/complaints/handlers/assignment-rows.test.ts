import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import type { Transition } from '../transition.ts';
import { recordAssignment } from './assignment-rows.ts';

const t = (from: Transition['from'], to: Transition['to'], extra: Partial<Transition> = {}): Transition => ({
  id: 'move-7', at: '2026-11-02T03:00:00.000Z', complaintId: 7, ticket: 'ADU-2611-00007', from, to, role: 'verifikator', author: 'verif-1', agency: null, note: null, ...extra,
});
// Monday 2 November 2026, 10:00 WIB.
const monday = new Date('2026-11-02T03:00:00.000Z');
const tuesday = new Date('2026-11-03T03:00:00.000Z');
const wednesday = new Date('2026-11-04T03:00:00.000Z');

describe('recordAssignment', () => {
  it('opens one active assignment per disposition and closes the earlier one', async () => {
    const store = new FakeStore();
    await recordAssignment(t('verified', 'dispositioned', { assignedAgency: 'DPUPR', respondDue: '2026-11-09T16:59:59.999Z' }), store, monday);
    expect(store.assignments).toEqual([
      expect.objectContaining({ complaint: 7, agency: 'DPUPR', assigned_by: 'verif-1', assigned_at: monday.toISOString(), respond_due: '2026-11-09T16:59:59.999Z', active: true }),
    ]);
    await recordAssignment(t('verified', 'dispositioned', { assignedAgency: 'DINKES' }), store, tuesday);
    expect(store.assignments.map((a) => [a.agency, a.active])).toEqual([['DPUPR', false], ['DINKES', true]]);
  });

  it('stamps accept and resolve on the active assignment', async () => {
    const store = new FakeStore();
    await recordAssignment(t('verified', 'dispositioned', { assignedAgency: 'DPUPR' }), store, monday);
    await recordAssignment(t('dispositioned', 'in_progress', { role: 'opd_officer' }), store, tuesday);
    await recordAssignment(t('in_progress', 'resolved', { role: 'opd_officer' }), store, wednesday);
    expect(store.assignments[0]).toMatchObject({ accepted_at: tuesday.toISOString(), first_response_at: tuesday.toISOString(), resolved_at: wednesday.toISOString() });
  });

  it('a return within 1 working day is recorded and not counted against the agency', async () => {
    const store = new FakeStore();
    await recordAssignment(t('verified', 'dispositioned', { assignedAgency: 'DPUPR' }), store, monday);
    await recordAssignment(t('dispositioned', 'verified', { role: 'opd_officer', note: 'Jalan nasional, wewenang BBPJN.' }), store, tuesday);
    expect(store.assignments[0]).toMatchObject({ returned_at: tuesday.toISOString(), return_reason: 'Jalan nasional, wewenang BBPJN.', active: false, counted: false });
  });

  it('a late return still counts', async () => {
    const store = new FakeStore();
    await recordAssignment(t('verified', 'dispositioned', { assignedAgency: 'DPUPR' }), store, monday);
    await recordAssignment(t('in_progress', 'verified', { role: 'opd_officer' }), store, wednesday);
    expect(store.assignments[0]).toMatchObject({ return_reason: 'Bukan wewenang', active: false, counted: true });
  });
});
