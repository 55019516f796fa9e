import { describe, expect, it } from 'vitest';
import { buildCitizenNotice, type CitizenNoticeView } from './notice-citizen.ts';
import { buildOfficerVars } from './notice-officers.ts';

const view = (extra: Partial<CitizenNoticeView> = {}): CitizenNoticeView => ({
  ticket: 'ADU-2611-00001', status_reason: null, status_note: null, respond_due: '2026-11-09T16:59:59.999Z',
  reporter: { wa_id: '6281234567890', locale: 'id', blocked: false, display_name: 'Sari' },
  assigned_agency: { name: 'Dinas Pekerjaan Umum dan Penataan Ruang', short_name: 'DPUPR' }, duplicate_of: null, ...extra,
});
const ev = (event: string, status_from: string | null, status_to: string | null, extra = {}) =>
  ({ event, complaint_id: 1, ticket: 'ADU-2611-00001', status_from, status_to, at: '2026-11-02T03:00:00.000Z', ...extra }) as never;

describe('buildCitizenNotice', () => {
  it('tells the reporter where the report went and by when, in their zone', () => {
    expect(buildCitizenNotice(ev('complaint.status_changed', 'verified', 'dispositioned'), view(), 'Asia/Jakarta')).toMatchObject({
      send: true, to: '6281234567890', key: 'notify.dispositioned', interactive: null,
      vars: { agency: 'Dinas Pekerjaan Umum dan Penataan Ruang', due: 'Senin, 9 November 2026' },
    });
  });

  it('asks for satisfaction on resolve and names the original ticket of a duplicate', () => {
    expect(buildCitizenNotice(ev('complaint.status_changed', 'in_progress', 'resolved'), view(), 'Asia/Jakarta')).toMatchObject({ interactive: 'satisfaction' });
    expect(buildCitizenNotice(ev('complaint.status_changed', 'received', 'rejected'), view({ status_reason: 'duplicate', duplicate_of: { ticket: 'ADU-2610-00777' } }), 'Asia/Jakarta'))
      .toMatchObject({ key: 'notify.duplicate', vars: { original_ticket: 'ADU-2610-00777' } });
  });

  it('relays only public follow-ups, never internal notes', () => {
    const posted = ev('complaint.update_posted', null, 'in_progress', { update_id: 3 });
    expect(buildCitizenNotice(posted, view({ update: { body: 'Sudah ditambal.', public: true, kind: 'follow_up', agency: { name: 'DPUPR' } } }), 'Asia/Jakarta'))
      .toMatchObject({ send: true, key: 'notify.follow_up', vars: { body: 'Sudah ditambal.', agency: 'DPUPR' } });
    expect(buildCitizenNotice(posted, view({ update: { body: 'internal', public: false, kind: 'internal_note', agency: null } }), 'Asia/Jakarta'))
      .toEqual({ send: false, reason: 'not_public' });
  });

  it('sends nothing to blocked, unknown or anonymous reporters, nor for internal moves', () => {
    expect(buildCitizenNotice(ev('complaint.status_changed', 'verified', 'dispositioned'), view({ reporter: null }), 'Asia/Jakarta')).toEqual({ send: false, reason: 'no_reporter' });
    expect(buildCitizenNotice(ev('complaint.status_changed', 'verified', 'dispositioned'), view({ reporter: { wa_id: '62812', locale: 'id', blocked: true, display_name: null } }), 'Asia/Jakarta')).toEqual({ send: false, reason: 'blocked' });
    expect(buildCitizenNotice(ev('complaint.status_changed', 'dispositioned', 'verified'), view(), 'Asia/Jakarta')).toEqual({ send: false, reason: 'not_for_citizen' });
  });
});

describe('buildOfficerVars', () => {
  it('one entry per officer with a WhatsApp number, listing ticket, category, place and due day', () => {
    const out = buildOfficerVars(
      { id: 7, ticket: 'ADU-2611-00007', address: 'Jl. Merdeka', respond_due: '2026-11-09T16:59:59.999Z', category: { name: 'Jalan rusak' }, region: { name: 'Kayu Agung' }, assigned_agency: { code: 'DPUPR', name: 'Dinas PUPR', short_name: 'DPUPR' } },
      [
        { id: 'a', first_name: 'Budi', last_name: 'Santoso', wa_phone: '+6281100000002' },
        { id: 'b', first_name: 'Tanpa', last_name: 'Nomor', wa_phone: null },
      ],
      'Asia/Jakarta',
      'http://127.0.0.1:8055/',
    );
    expect(out).toEqual([
      {
        to: '6281100000002',
        name: 'Budi Santoso',
        vars: { ticket: 'ADU-2611-00007', agency: 'DPUPR', category: 'Jalan rusak', place: 'Jl. Merdeka, Kayu Agung', due: 'Senin, 9 November 2026', url: 'http://127.0.0.1:8055/admin/content/complaints/7' },
      },
    ]);
  });
});
