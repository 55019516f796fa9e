import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import { guardFollowUp, guardLeaderMessage, MEDIA_REFUSAL } from './follow-up-filter.ts';

const as = (role: keyof typeof ROLE_IDS) => ({ user: `${role}-1`, role: ROLE_IDS[role], roles: [ROLE_IDS[role]], admin: false });

describe('guardFollowUp', () => {
  const store = new FakeStore();
  store.users.set('opd_officer-1', 'DPUPR');
  store.users.set('camat-1', 'KEC-16.02.01');
  store.addComplaint({ id: 1, status: 'in_progress', assigned_agency: 'DPUPR' });
  store.addComplaint({ id: 2, status: 'in_progress', assigned_agency: 'DINKES' });

  it("lets an officer write on their agency's report", async () => {
    await expect(guardFollowUp({ complaint: 1, kind: 'follow_up', body: 'Sudah ditambal.' }, { store, accountability: as('opd_officer') })).resolves.toBeUndefined();
  });

  it("refuses an officer or Camat on another agency's report", async () => {
    await expect(guardFollowUp({ complaint: 2, kind: 'follow_up' }, { store, accountability: as('opd_officer') })).rejects.toMatchObject({ code: 'COMPLAINT.NOT_YOUR_AGENCY' });
    await expect(guardFollowUp({ complaint: { id: 1 }, kind: 'internal_note' }, { store, accountability: as('camat') })).rejects.toMatchObject({ code: 'COMPLAINT.NOT_YOUR_AGENCY' });
  });

  it('refuses media on another agency\'s report with the media message', async () => {
    await expect(guardFollowUp({ complaint: 2, kind: 'image' }, { store, accountability: as('opd_officer') }, MEDIA_REFUSAL)).rejects.toMatchObject({
      code: 'COMPLAINT.NOT_YOUR_AGENCY',
      message: MEDIA_REFUSAL,
    });
    await expect(guardFollowUp({ complaint: 1, kind: 'image' }, { store, accountability: as('opd_officer') }, MEDIA_REFUSAL)).resolves.toBeUndefined();
  });

  it("lets a desk team note only its own desk's new reports", async () => {
    const desks = new FakeStore();
    desks.addComplaint({ id: 11, status: 'received', desk: 'KEC-16.02.05' });
    desks.addComplaint({ id: 12, status: 'received', desk: 'KAB' });
    desks.addComplaint({ id: 13, status: 'dispositioned', desk: 'KEC-16.02.05' });
    const team = Object.assign(desks, { userDesk: async (id: string) => (id === 'desk_team-1' ? 'KEC-16.02.05' : null) });
    const note = (complaint: number) => guardFollowUp({ complaint, kind: 'internal_note', body: 'Pelapor sudah ditelepon.' }, { store: team, accountability: as('desk_team') });
    await expect(note(11)).resolves.toBeUndefined();
    // Another desk's report, one already passed on, and one that does not exist.
    for (const other of [12, 13, 99]) await expect(note(other), String(other)).rejects.toMatchObject({ code: 'DESK.NOT_YOUR_DESK', message: expect.stringContaining('meja Anda') });
  });

  it('leaves verifikator and the service alone', async () => {
    await expect(guardFollowUp({ complaint: 2 }, { store, accountability: as('verifikator') })).resolves.toBeUndefined();
    await expect(guardFollowUp({ complaint: 2 }, { store, accountability: null })).resolves.toBeUndefined();
  });
});

describe('guardLeaderMessage: «Pesan pimpinan» is never sent empty', () => {
  it('refuses an empty or blank message, also when the Pimpinan leaves the kind to the preset', () => {
    for (const payload of [{ complaint: 1 }, { complaint: 1, body: '   ' }, { complaint: 1, kind: 'leader_message', body: '' }]) {
      expect(() => guardLeaderMessage(payload, as('pimpinan')), JSON.stringify(payload)).toThrow(/Pesan pimpinan masih kosong/);
    }
    expect(() => guardLeaderMessage({ complaint: 1, kind: 'leader_message' }, null)).toThrow(/kosong/);
  });

  it('refuses one too long for one WhatsApp message, saying how long it may be', () => {
    expect(() => guardLeaderMessage({ complaint: 1, body: 'a'.repeat(2001) }, as('pimpinan'))).toThrow(/2001 karakter; paling banyak 2000/);
    expect(() => guardLeaderMessage({ complaint: 1, body: 'a'.repeat(2000) }, as('pimpinan'))).not.toThrow();
  });

  it('is public for an administrator who leaves it out; the Pimpinan\'s payload stays as sent (the preset makes it public)', () => {
    const admin = { user: 'admin-1', role: null, roles: [], admin: true };
    expect(guardLeaderMessage({ complaint: 1, kind: 'leader_message', body: 'Mohon dituntaskan.' }, admin)).toEqual({ complaint: 1, kind: 'leader_message', body: 'Mohon dituntaskan.', public: true });
    expect(guardLeaderMessage({ complaint: 1, kind: 'leader_message', body: 'Catatan.', public: false }, admin)).toMatchObject({ public: false });
    expect(guardLeaderMessage({ complaint: 1, body: 'Mohon dituntaskan.' }, as('pimpinan'))).toEqual({ complaint: 1, body: 'Mohon dituntaskan.' });
    expect(guardLeaderMessage({ complaint: 1, kind: 'internal_note', body: 'x' }, admin)).toEqual({ complaint: 1, kind: 'internal_note', body: 'x' });
  });

  it('lets a written one through, and leaves other updates to their own rules', () => {
    expect(() => guardLeaderMessage({ complaint: 1, body: 'Saya minta DPUPR menambalnya minggu ini.' }, as('pimpinan'))).not.toThrow();
    expect(() => guardLeaderMessage({ complaint: 1, kind: 'internal_note' }, as('verifikator'))).not.toThrow();
  });
});
