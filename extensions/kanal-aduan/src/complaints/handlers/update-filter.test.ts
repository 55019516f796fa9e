import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import { guardStatusChange } from './update-filter.ts';

const as = (role: keyof typeof ROLE_IDS, user = `${role}-1`) => ({ user, role: ROLE_IDS[role], roles: [ROLE_IDS[role]], admin: false });
const admin = { user: 'admin-1', role: 'admin-role', roles: ['admin-role'], admin: true };
// Monday 2 November 2026, 10:00 WIB.
const now = new Date('2026-11-02T03:00:00.000Z');

function setup() {
  const store = new FakeStore();
  store.users.set('opd_officer-1', 'DPUPR');
  store.users.set('camat-1', 'KEC-16.02.01');
  return store;
}

describe('guardStatusChange', () => {
  it('lets a verifikator verify and stamps verified_at', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    const out = await guardStatusChange({ status: 'verified', status_note: 'Sudah dicek.' }, [1], { store, accountability: as('verifikator'), now });
    expect(out.payload).toEqual({ status: 'verified', status_note: 'Sudah dicek.', verified_at: now.toISOString() });
    expect(out.transitions).toEqual([
      { key: '1', complaintId: 1, ticket: 'ADU-2611-00001', from: 'received', to: 'verified', role: 'verifikator', author: 'verifikator-1', agency: null, note: 'Sudah dicek.' },
    ]);
  });

  it('refuses a role that may not make the move, with the Indonesian reason', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received', assigned_agency: 'DPUPR' });
    await expect(guardStatusChange({ status: 'verified' }, [1], { store, accountability: as('opd_officer'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.BAD_TRANSITION',
      message: expect.stringMatching(/tidak berwenang/),
    });
  });

  it('refuses a move that is not in the graph for anyone, admin included', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    await expect(guardStatusChange({ status: 'resolved' }, [1], { store, accountability: admin, now })).rejects.toMatchObject({
      code: 'COMPLAINT.BAD_TRANSITION',
      message: expect.stringMatching(/^Status laporan tidak dapat diubah dari/),
    });
  });

  it('refuses unknown statuses', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    await expect(guardStatusChange({ status: 'done' }, [1], { store, accountability: admin, now })).rejects.toMatchObject({ code: 'COMPLAINT.UNKNOWN_STATUS' });
  });

  it('keeps OPD officers to reports assigned to their own agency', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DINKES' });
    await expect(guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: as('opd_officer'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.NOT_YOUR_AGENCY',
      message: 'Laporan ADU-2611-00001 tidak ditugaskan ke instansi Anda.',
    });
    // A Camat without an agency on the user record is refused too.
    await expect(guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: as('camat', 'camat-without-agency'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.NOT_YOUR_AGENCY',
    });
  });

  it('on acceptance stamps first_response_at once, and records the officer’s agency', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DPUPR' });
    const out = await guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: as('opd_officer'), now });
    expect(out.payload).toEqual({ status: 'in_progress', first_response_at: now.toISOString() });
    expect(out.transitions[0]).toMatchObject({ role: 'opd_officer', agency: 'DPUPR' });
  });

  it('on disposition starts the respond (5) and resolve (14) working-day clocks', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified', verified_at: '2026-11-02T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'dispositioned', assigned_agency: 'DPUPR' }, [1], { store, accountability: as('verifikator'), now });
    expect(out.payload).toEqual({
      status: 'dispositioned',
      assigned_agency: 'DPUPR',
      status_reason: null,
      dispositioned_at: now.toISOString(),
      respond_due: '2026-11-09T16:59:59.999Z',
      resolve_due: '2026-11-20T16:59:59.999Z',
    });
  });

  it('on resolve starts the 10 working-day auto-close clock', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'in_progress', assigned_agency: 'DPUPR', first_response_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'resolved' }, [1], { store, accountability: as('opd_officer'), now });
    expect(out.payload).toEqual({ status: 'resolved', resolved_at: now.toISOString(), autoclose_due: '2026-11-16T16:59:59.999Z' });
  });

  it('on reopen counts it, stops the auto-close clock and keeps the first response time', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'resolved', reopen_count: 1, first_response_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: null, now });
    expect(out.payload).toEqual({ status: 'in_progress', reopen_count: 2, autoclose_due: null });
    expect(out.transitions[0]).toMatchObject({ from: 'resolved', to: 'in_progress', role: 'service' });
  });

  it('requires the reason the move needs (reject, return, close)', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    await expect(guardStatusChange({ status: 'rejected' }, [1], { store, accountability: as('verifikator'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.REASON_REQUIRED',
    });
    const out = await guardStatusChange({ status: 'rejected', status_reason: 'spam' }, [1], { store, accountability: as('verifikator'), now });
    expect(out.payload).toMatchObject({ status: 'rejected', closed_at: now.toISOString() });
  });

  it('keeps the first verified_at when a returned report comes back to verified', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DPUPR', verified_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'verified', status_reason: 'not_authority' }, [1], { store, accountability: as('opd_officer'), now });
    // The returning agency lets go: assigned_agency is cleared for the verifikator to re-route.
    expect(out.payload).toEqual({ status: 'verified', status_reason: 'not_authority', assigned_agency: null });
    expect(out.transitions).toHaveLength(1);
    expect(out.transitions[0]).toMatchObject({ previousAgency: 'DPUPR' });
  });

  it('dispositions to the routing suggestion when the verifikator picks no agency', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified', suggested_agency: 'DINKES' });
    const out = await guardStatusChange({ status: 'dispositioned' }, [1], { store, accountability: as('verifikator'), now });
    expect(out.payload).toMatchObject({ status: 'dispositioned', assigned_agency: 'DINKES' });
    expect(out.transitions[0]).toMatchObject({ assignedAgency: 'DINKES', respondDue: '2026-11-09T16:59:59.999Z' });
  });

  it('refuses a disposition without any agency, in Indonesian', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified' });
    await expect(guardStatusChange({ status: 'dispositioned' }, [1], { store, accountability: as('verifikator'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.NO_AGENCY',
      message: expect.stringContaining('Pilih instansi tujuan'),
    });
  });

  it('refuses officers who try to re-route a report themselves', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DPUPR' });
    await expect(guardStatusChange({ assigned_agency: 'DINKES' }, [1], { store, accountability: as('opd_officer'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.MANAGED_FIELD',
    });
  });

  it('passes saves without a status change through untouched', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified' });
    const noStatus = { title: 'Judul baru' };
    expect(await guardStatusChange(noStatus, [1], { store, accountability: as('verifikator'), now })).toEqual({ payload: noStatus, transitions: [] });
    const same = { status: 'verified', title: 'x' };
    expect(await guardStatusChange(same, [1], { store, accountability: as('verifikator'), now })).toEqual({ payload: same, transitions: [] });
  });

  it('moves several reports at once when their stamps agree, and refuses when they do not', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    store.addComplaint({ id: 2, status: 'needs_info' });
    const ok = await guardStatusChange({ status: 'verified' }, [1, 2], { store, accountability: as('verifikator'), now });
    expect(ok.transitions.map((t) => [t.key, t.from])).toEqual([['1', 'received'], ['2', 'needs_info']]);

    store.addComplaint({ id: 3, status: 'dispositioned', verified_at: '2026-10-30T01:00:00.000Z' });
    await expect(guardStatusChange({ status: 'verified', status_reason: 'not_authority' }, [1, 3], { store, accountability: admin, now }))
      .rejects.toMatchObject({ code: 'COMPLAINT.BULK_STATUS_MIXED' });
  });

  it('refuses officers who set deadlines or stamps by hand; admins and the service may', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DPUPR' });
    await expect(guardStatusChange({ respond_due: '2027-01-01T00:00:00.000Z' }, [1], { store, accountability: as('opd_officer'), now }))
      .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD', message: expect.stringContaining('respond_due') });
    await expect(guardStatusChange({ status: 'in_progress', first_response_at: '2026-10-01T00:00:00.000Z' }, [1], { store, accountability: as('opd_officer'), now }))
      .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    const backfill = { resolved_at: '2026-10-01T00:00:00.000Z' };
    expect((await guardStatusChange(backfill, [1], { store, accountability: null, now })).payload).toEqual(backfill);
  });
});
