import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import {
  guardCitizenMessageEdit, hideIdentityInCitizenMessage, hideIdentityInNewReport, hideIdentityInReportUpdate,
  type IdentityStore, type ReportRow, type UpdateRow,
} from './identity-handlers.ts';

const CITIZEN = 'c-1';
const verifikator = { role: ROLE_IDS.verifikator, user: 'u-ver' };
const service = { role: ROLE_IDS.service, user: 'u-n8n' };
const admin = { admin: true, user: 'u-admin' };

function fakeStore(init: { updates?: UpdateRow[]; reports?: ReportRow[] } = {}) {
  const updates = new Map((init.updates ?? []).map((r) => [String(r.id), { ...r }]));
  const reports = new Map((init.reports ?? [{ id: 7, confidential: true, reporter: CITIZEN, title: null, description: null, address: null, description_private: null, address_private: null }]).map((r) => [String(r.id), { ...r }]));
  const store: IdentityStore = {
    citizenNames: async (id) => (id === CITIZEN ? ['Budi Santoso'] : []),
    reporterOf: async (c) => reports.get(String(c))?.reporter ?? null,
    updates: async (keys) => keys.map((k) => updates.get(String(k))!).filter(Boolean),
    reports: async (keys) => keys.map((k) => reports.get(String(k))!).filter(Boolean),
    patchUpdate: async (id, patch) => void Object.assign(updates.get(String(id))!, patch),
    patchReport: async (id, patch) => void Object.assign(reports.get(String(id))!, patch),
  };
  return { store, updates, reports };
}

const ANSWER = 'Nama saya Budi Santoso, HP 0812-3456-7890. Lubangnya di depan rumah no 12.';
const HIDDEN = 'Nama saya [nama pelapor disembunyikan], HP [nomor HP disembunyikan]. Lubangnya di depan rumah no 12.';

describe('hideIdentityInCitizenMessage (complaint_updates create)', () => {
  it('stores the redacted text in body and the original in body_private, whoever writes it', async () => {
    for (const accountability of [service, admin, null]) {
      const { store } = fakeStore();
      const out = await hideIdentityInCitizenMessage({ complaint: 7, kind: 'citizen_message', body: ANSWER, public: false }, { store, accountability });
      expect(out).toMatchObject({ body: HIDDEN, body_private: ANSWER, kind: 'citizen_message', complaint: 7 });
    }
  });

  it('leaves other kinds alone and refuses a forged original', async () => {
    const { store } = fakeStore();
    const note = { complaint: 7, kind: 'internal_note', body: 'Hubungi 0812-3456-7890' };
    expect(await hideIdentityInCitizenMessage(note, { store, accountability: verifikator })).toBe(note);
    await expect(hideIdentityInCitizenMessage({ complaint: 7, kind: 'citizen_message', body: 'x', body_private: 'y' }, { store, accountability: service }))
      .rejects.toMatchObject({ code: 'PRIVACY.ORIGINAL_FIXED' });
  });
});

describe('guardCitizenMessageEdit (complaint_updates update)', () => {
  const row = (over: Partial<UpdateRow> = {}): UpdateRow => ({ id: 1, complaint: 7, kind: 'citizen_message', body: HIDDEN, body_private: ANSWER, ...over });

  it('lets the verifikator hide more, keeps the original, and hides identity in the new text', async () => {
    const { store, updates } = fakeStore({ updates: [row()] });
    const out = await guardCitizenMessageEdit({ body: 'Nama saya Budi, rumah [disembunyikan verifikator]. Telp 081234567890' }, [1], { store, accountability: verifikator });
    expect(out['body']).toBe('Nama saya [nama pelapor disembunyikan], rumah [disembunyikan verifikator]. Telp [nomor HP disembunyikan]');
    expect(updates.get('1')!.body_private).toBe(ANSWER);
  });

  it('copies the body of a row stored before body_private existed, before the edit', async () => {
    const { store, updates } = fakeStore({ updates: [row({ body: ANSWER, body_private: null })] });
    await guardCitizenMessageEdit({ body: 'Lubangnya di depan rumah.' }, [1], { store, accountability: verifikator });
    expect(updates.get('1')!.body_private).toBe(ANSWER);
  });

  it('refuses body_private to everyone but admins', async () => {
    const { store } = fakeStore({ updates: [row()] });
    for (const accountability of [verifikator, service]) {
      await expect(guardCitizenMessageEdit({ body_private: 'lain' }, [1], { store, accountability })).rejects.toMatchObject({ code: 'PRIVACY.ORIGINAL_FIXED' });
    }
    expect(await guardCitizenMessageEdit({ body_private: 'koreksi' }, [1], { store, accountability: admin })).toEqual({ body_private: 'koreksi' });
  });

  it('does not touch other kinds', async () => {
    const { store } = fakeStore({ updates: [row({ kind: 'follow_up', body: 'Telp kantor 0711-356789', body_private: null })] });
    expect(await guardCitizenMessageEdit({ body: 'Telp kantor 0711-356789' }, [1], { store, accountability: admin })).toEqual({ body: 'Telp kantor 0711-356789' });
  });
});

describe('confidential reports (complaints create/update)', () => {
  const report = { reporter: CITIZEN, description: ANSWER, address: 'Rumah Budi Santoso, Jl. Merdeka 12' };

  it('hides identity in description and address of a confidential report and keeps the originals', async () => {
    const { store } = fakeStore();
    const out = await hideIdentityInNewReport({ ...report, title: 'Nama saya Budi Santoso, HP 0812-3456-7890.', confidential: true }, { store, accountability: service });
    expect(out).toMatchObject({
      title: 'Nama saya [nama pelapor disembunyikan], HP [nomor HP disembunyikan].',
      description: HIDDEN, description_private: ANSWER,
      address: 'Rumah [nama pelapor disembunyikan], Jl. Merdeka 12', address_private: report.address,
    });
  });

  it('leaves a report that is not confidential as written', async () => {
    const { store } = fakeStore();
    const payload = { ...report, confidential: false };
    expect(await hideIdentityInNewReport(payload, { store, accountability: service })).toBe(payload);
  });

  it('a report made confidential later: originals kept, stored text redacted', async () => {
    const { store, reports } = fakeStore({ reports: [{ id: 7, confidential: false, reporter: CITIZEN, title: 'Nama saya Budi Santoso, HP 0812-3456-7890.', description: ANSWER, address: null, description_private: null, address_private: null }] });
    const out = await hideIdentityInReportUpdate({ confidential: true }, [7], { store, accountability: verifikator });
    expect(out).toEqual({ confidential: true });
    expect(reports.get('7')).toMatchObject({ description: HIDDEN, description_private: ANSWER, title: 'Nama saya [nama pelapor disembunyikan], HP [nomor HP disembunyikan].' });
  });

  it('an edited description of a confidential report is redacted too', async () => {
    const { store, reports } = fakeStore({ reports: [{ id: 7, confidential: true, reporter: CITIZEN, title: null, description: HIDDEN, address: null, description_private: ANSWER, address_private: null }] });
    const out = await hideIdentityInReportUpdate({ description: 'Kata Budi Santoso: lubang makin besar' }, [7], { store, accountability: verifikator });
    expect(out['description']).toBe('Kata [nama pelapor disembunyikan]: lubang makin besar');
    expect(reports.get('7')!.description_private).toBe(ANSWER);
    await expect(hideIdentityInReportUpdate({ description_private: 'x' }, [7], { store, accountability: verifikator })).rejects.toMatchObject({ code: 'PRIVACY.ORIGINAL_FIXED' });
  });
});
