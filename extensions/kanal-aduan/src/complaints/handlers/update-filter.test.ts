import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import { transitionFor } from '../transition.ts';
import { guardStatusChange, type GuardedUpdate } from './update-filter.ts';

const as = (role: keyof typeof ROLE_IDS, user = `${role}-1`) => ({ user, role: ROLE_IDS[role], roles: [ROLE_IDS[role]], admin: false });
const admin = { user: 'admin-1', role: 'admin-role', roles: ['admin-role'], admin: true };
// Monday 2 November 2026, 10:00 WIB.
const now = new Date('2026-11-02T03:00:00.000Z');

/** The payload without the move's record (checked on its own below), after checking the two agree. */
function plain(out: GuardedUpdate) {
  const { last_transition, pending_transition, ...rest } = out.payload;
  expect(last_transition).toEqual(out.transition);
  expect(pending_transition).toBe(out.transition?.id);
  return rest;
}
/** Report `key`'s view of the move the filter wrote. */
const moved = (out: GuardedUpdate, key: number) => transitionFor(out.transition!, key);

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
    expect(plain(out)).toEqual({ status: 'verified', status_note: 'Sudah dicek.', verified_at: now.toISOString() });
    expect(out.transition).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), at: now.toISOString(), to: 'verified', role: 'verifikator', author: 'verifikator-1', agency: null,
      note: 'Sudah dicek.', rows: { '1': { from: 'received', ticket: 'ADU-2611-00001' } },
    });
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

  it('refuses to hand a report an agency holds to another agency without the return move', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'in_progress', assigned_agency: 'DPUPR' });
    store.addComplaint({ id: 2, status: 'verified', assigned_agency: null });
    await expect(guardStatusChange({ assigned_agency: 'DINKES' }, [1], { store, accountability: as('verifikator'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.REROUTE_NEEDS_RETURN',
      message: expect.stringMatching(/mengembalikan laporan \("bukan wewenang"\), lalu disposisikan ulang/),
    });
    await expect(guardStatusChange({ assigned_agency: 'DINKES' }, [1], { store, accountability: admin, now })).rejects.toMatchObject({ code: 'COMPLAINT.REROUTE_NEEDS_RETURN' });
    // Saving the same agency again, or choosing one before disposition, is fine.
    await expect(guardStatusChange({ assigned_agency: 'DPUPR', status_note: 'x' }, [1], { store, accountability: as('verifikator'), now })).resolves.toMatchObject({ transition: null });
    await expect(guardStatusChange({ assigned_agency: 'DINKES' }, [2], { store, accountability: as('verifikator'), now })).resolves.toMatchObject({ transition: null });
  });

  it('"bukan spam" takes the report out of "Mungkin spam"; the verifikator cannot clear the flag by hand', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    const out = await guardStatusChange({ not_spam: true }, [1], { store, accountability: as('verifikator'), now });
    expect(out.payload).toEqual({ not_spam: true, likely_spam: false });
    expect(out.transition).toBeNull();
    await expect(guardStatusChange({ likely_spam: false }, [1], { store, accountability: as('verifikator'), now })).rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    expect((await guardStatusChange({ not_spam: false }, [1], { store, accountability: as('verifikator'), now })).payload).toEqual({ not_spam: false });
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
    expect(plain(out)).toEqual({ status: 'in_progress', first_response_at: now.toISOString() });
    expect(moved(out, 1)).toMatchObject({ role: 'opd_officer', agency: 'DPUPR' });
  });

  it('on disposition starts the respond (5) and resolve (14) working-day clocks', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified', verified_at: '2026-11-02T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'dispositioned', assigned_agency: 'DPUPR' }, [1], { store, accountability: as('verifikator'), now });
    expect(plain(out)).toEqual({
      status: 'dispositioned',
      assigned_agency: 'DPUPR',
      status_reason: null,
      dispositioned_at: now.toISOString(),
      respond_due: '2026-11-09T16:59:59.999Z',
      resolve_due: '2026-11-20T16:59:59.999Z',
    });
  });

  it('a new disposition after a return ("bukan wewenang") clears the old first response and starts a new respond clock', async () => {
    const store = setup();
    // Returned from in_progress: the first agency had answered, then let go of it.
    store.addComplaint({ id: 1, status: 'verified', verified_at: '2026-10-20T01:00:00.000Z', first_response_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'dispositioned', assigned_agency: 'DINKES' }, [1], { store, accountability: as('verifikator'), now });
    expect(plain(out)).toEqual({
      status: 'dispositioned',
      assigned_agency: 'DINKES',
      status_reason: null,
      first_response_at: null,
      dispositioned_at: now.toISOString(),
      respond_due: '2026-11-09T16:59:59.999Z',
      resolve_due: '2026-11-20T16:59:59.999Z',
    });
  });

  it('on resolve starts the 10 working-day auto-close clock', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'in_progress', assigned_agency: 'DPUPR', first_response_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'resolved' }, [1], { store, accountability: as('opd_officer'), now });
    expect(plain(out)).toEqual({ status: 'resolved', resolved_at: now.toISOString(), autoclose_due: '2026-11-16T16:59:59.999Z' });
  });

  it('restarts the 3 working-day verify clock when the citizen answers, and only then', async () => {
    const store = setup();
    // Whatever verify date it had (likely past by now): the wait for the citizen's answer is not the verifikator's.
    store.addComplaint({ id: 1, status: 'needs_info' });
    const out = await guardStatusChange({ status: 'received' }, [1], { store, accountability: null, now });
    expect(plain(out)).toEqual({ status: 'received', verify_due: '2026-11-05T16:59:59.999Z' });
    store.addComplaint({ id: 2, status: 'received' });
    const asked = await guardStatusChange({ status: 'needs_info' }, [2], { store, accountability: as('verifikator'), now });
    expect(plain(asked)).toEqual({ status: 'needs_info' });
  });

  it('on reopen counts it, stops the auto-close clock and keeps the first response time', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'resolved', reopen_count: 1, first_response_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: null, now });
    expect(plain(out)).toEqual({ status: 'in_progress', reopen_count: 2, autoclose_due: null });
    expect(moved(out, 1)).toMatchObject({ from: 'resolved', to: 'in_progress', role: 'service' });
  });

  it('requires the reason the move needs (reject, return, close)', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    await expect(guardStatusChange({ status: 'rejected' }, [1], { store, accountability: as('verifikator'), now })).rejects.toMatchObject({
      code: 'COMPLAINT.REASON_REQUIRED',
    });
    const out = await guardStatusChange({ status: 'rejected', status_reason: 'spam' }, [1], { store, accountability: as('verifikator'), now });
    expect(plain(out)).toMatchObject({ status: 'rejected', closed_at: now.toISOString() });
  });

  it('keeps the first verified_at when a returned report comes back to verified', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DPUPR', verified_at: '2026-10-30T01:00:00.000Z' });
    const out = await guardStatusChange({ status: 'verified', status_reason: 'not_authority' }, [1], { store, accountability: as('opd_officer'), now });
    // The returning agency lets go: assigned_agency is cleared for the verifikator to re-route.
    expect(plain(out)).toEqual({ status: 'verified', status_reason: 'not_authority', assigned_agency: null });
    expect(Object.keys(out.transition!.rows!)).toEqual(['1']);
    expect(moved(out, 1)).toMatchObject({ previousAgency: 'DPUPR' });
  });

  it('dispositions to the routing suggestion when the verifikator picks no agency', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified', suggested_agency: 'DINKES' });
    const out = await guardStatusChange({ status: 'dispositioned' }, [1], { store, accountability: as('verifikator'), now });
    expect(plain(out)).toMatchObject({ status: 'dispositioned', assigned_agency: 'DINKES' });
    expect(moved(out, 1)).toMatchObject({ assignedAgency: 'DINKES', respondDue: '2026-11-09T16:59:59.999Z' });
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
    expect(await guardStatusChange(noStatus, [1], { store, accountability: as('verifikator'), now })).toEqual({ payload: noStatus, transition: null });
    const same = { status: 'verified', title: 'x' };
    expect(await guardStatusChange(same, [1], { store, accountability: as('verifikator'), now })).toEqual({ payload: same, transition: null });
  });

  it('moves several reports at once when their stamps agree, and refuses when they do not', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    store.addComplaint({ id: 2, status: 'needs_info' });
    const ok = await guardStatusChange({ status: 'verified' }, [1, 2], { store, accountability: as('verifikator'), now });
    expect(Object.entries(ok.transition!.rows!).map(([k, r]) => [k, r.from])).toEqual([['1', 'received'], ['2', 'needs_info']]);
    // One move for the whole save, each report with its own origin.
    expect(moved(ok, 2)).toMatchObject({ id: ok.transition!.id, from: 'needs_info', to: 'verified' });

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

  it('refuses clearing a deadline, a stamp or the reopen count (null) by any non-admin, and every field the system computes', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'in_progress', assigned_agency: 'DPUPR' });
    // Clearing the deadlines stops escalation; clearing the stamps makes the ranking forget the report.
    for (const field of ['respond_due', 'resolve_due', 'verify_due', 'dispositioned_at', 'verified_at', 'reopen_count', 'first_response_at']) {
      for (const role of ['opd_officer', 'camat', 'verifikator'] as const) {
        await expect(guardStatusChange({ [field]: null }, [1], { store, accountability: as(role), now }), `${role} ${field}`)
          .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD', message: `Kolom ${field} diisi otomatis oleh sistem dan tidak dapat diubah secara manual.` });
      }
    }
    // The SLA scan's verdict, the citizen's rating and the other computed fields: the verifikator may edit a report, not these.
    for (const field of ['overdue', 'days_late', 'overdue_stage', 'satisfaction', 'spam_score', 'kecamatan', 'ticket', 'tracking_code', 'received_at']) {
      await expect(guardStatusChange({ [field]: null }, [1], { store, accountability: as('verifikator'), now }), field).rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    }
    // A status move carrying a cleared deadline is refused as a whole.
    await expect(guardStatusChange({ status: 'resolved', resolve_due: null }, [1], { store, accountability: as('opd_officer'), now }))
      .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    // Admins and the service may correct them; the reporter stays the verifikator's to link.
    expect((await guardStatusChange({ respond_due: null, satisfaction: null }, [1], { store, accountability: admin, now })).payload).toEqual({ respond_due: null, satisfaction: null });
    expect((await guardStatusChange({ overdue: false, days_late: 0 }, [1], { store, accountability: null, now })).payload).toEqual({ overdue: false, days_late: 0 });
    expect((await guardStatusChange({ reporter: 'c-1' }, [1], { store, accountability: as('verifikator'), now })).payload).toEqual({ reporter: 'c-1' });
  });

  it('writes the move into the payload, so it commits with the status', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'verified', suggested_agency: 'DINKES' });
    const out = await guardStatusChange({ status: 'dispositioned' }, [1], { store, accountability: as('verifikator'), now, newId: () => 'move-2' });
    expect(out.payload).toMatchObject({ last_transition: { id: 'move-2', to: 'dispositioned', assigned_agency: 'DINKES' }, pending_transition: 'move-2' });
    expect(out.transition?.earlier).toBeUndefined();
  });

  it('carries an earlier move that is still unrecorded, so the next save records both in order', async () => {
    const store = setup();
    const earlier = { id: 'move-1', at: '2026-11-02T02:59:00.000Z', to: 'dispositioned' as const, role: 'verifikator' as const, author: 'v', agency: null, note: null,
      assigned_agency: 'DPUPR', respond_due: null, rows: { '1': { from: 'verified' as const, ticket: 'ADU-2611-00001' } } };
    store.addComplaint({ id: 1, status: 'dispositioned', assigned_agency: 'DPUPR', last_transition: earlier, pending_transition: 'move-1' });
    const out = await guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: as('opd_officer'), now, newId: () => 'move-2' });
    expect(out.transition?.earlier?.map((e) => e.id)).toEqual(['move-1']);
    // Once recorded (pending cleared), nothing is carried.
    store.rows.get('1')!.pending_transition = null;
    const again = await guardStatusChange({ status: 'in_progress' }, [1], { store, accountability: as('opd_officer'), now, newId: () => 'move-3' });
    expect(again.transition?.earlier).toBeUndefined();
  });

  it('refuses a hand-written move record from anyone, admin included', async () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'received' });
    // Clearing pending_transition would hide an unrecorded move from the repair sweep.
    for (const forged of [{ last_transition: { id: 'x' } }, { status: 'verified', pending_transition: 'x' }, { pending_transition: null }, { last_transition: null }]) {
      await expect(guardStatusChange(forged, [1], { store, accountability: admin, now })).rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    }
  });
});

describe('guardStatusChange: "Gabungkan" (reject as a duplicate joins the report into its original)', () => {
  const joinStore = () => {
    const store = setup();
    store.addComplaint({ id: 1, status: 'dispositioned' });
    store.addComplaint({ id: 2, status: 'received', duplicate_suggestion: 1 });
    store.addComplaint({ id: 3, status: 'received' });
    store.addComplaint({ id: 4, status: 'rejected', status_reason: 'duplicate', duplicate_of: 1 });
    store.addComplaint({ id: 5, status: 'closed', status_reason: 'no_response' });
    return store;
  };
  const verifikator = { accountability: as('verifikator'), now };
  const join = (extra: Record<string, unknown> = {}) => ({ status: 'rejected', status_reason: 'duplicate', ...extra });

  it('takes the intake\'s suggestion as the original when none is chosen', async () => {
    const out = await guardStatusChange(join(), [2], { store: joinStore(), ...verifikator });
    expect(plain(out)).toMatchObject({ status: 'rejected', status_reason: 'duplicate', duplicate_of: 1 });
  });

  it('keeps the original the verifikator chose, over the suggestion', async () => {
    const store = joinStore();
    store.addComplaint({ id: 6, status: 'verified' });
    expect(plain(await guardStatusChange(join({ duplicate_of: 6 }), [2], { store, ...verifikator }))).toMatchObject({ duplicate_of: 6 });
  });

  it.each([
    ['no original and no suggestion', 3, {}, 'COMPLAINT.JOIN_NEEDS_ORIGINAL', /Pilih laporan aslinya/],
    ['itself', 3, { duplicate_of: 3 }, 'COMPLAINT.JOIN_SELF', /dirinya sendiri/],
    ['a report that is itself joined', 3, { duplicate_of: 4 }, 'COMPLAINT.JOIN_CHAIN', /sudah digabungkan ke ADU-2611-00001\. Gabungkan laporan ADU-2611-00003 langsung ke ADU-2611-00001/],
    ['a closed report', 3, { duplicate_of: 5 }, 'COMPLAINT.JOIN_NOT_OPEN', /sudah selesai atau ditutup/],
    ['a report that does not exist', 3, { duplicate_of: 99 }, 'COMPLAINT.JOIN_NOT_FOUND', /tidak ditemukan/],
  ] as const)('refuses to join into %s', async (_case, key, extra, code, message) => {
    await expect(guardStatusChange(join(extra), [key], { store: joinStore(), ...verifikator })).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('refuses to move a joined report to another original, or to link a report without rejecting it', async () => {
    await expect(guardStatusChange({ duplicate_of: 2 }, [4], { store: joinStore(), ...verifikator })).rejects.toMatchObject({ code: 'COMPLAINT.JOIN_FIXED' });
    await expect(guardStatusChange({ duplicate_of: 1 }, [3], { store: joinStore(), ...verifikator })).rejects.toMatchObject({ code: 'COMPLAINT.JOIN_NEEDS_REJECT' });
    // The form sends the unchanged link back with other fields: fine.
    await expect(guardStatusChange({ duplicate_of: 1, status_note: 'Sama.' }, [4], { store: joinStore(), ...verifikator })).resolves.toBeTruthy();
  });

  it('refuses a bulk join of reports suggested to different originals', async () => {
    const store = joinStore();
    store.addComplaint({ id: 6, status: 'verified' });
    store.addComplaint({ id: 7, status: 'received', duplicate_suggestion: 6 });
    await expect(guardStatusChange(join(), [2, 7], { store, ...verifikator })).rejects.toMatchObject({ code: 'COMPLAINT.BULK_JOIN_MIXED' });
  });

  it('lets an admin correct a link by hand (backfills, demo history)', async () => {
    await expect(guardStatusChange({ duplicate_of: 5 }, [4], { store: joinStore(), accountability: admin, now })).resolves.toBeTruthy();
  });
});
