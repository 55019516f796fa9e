import { describe, expect, it } from 'vitest';
import { buildOfficerVars } from './notice-officers.ts';

// The citizen's notice is decided in core (core/src/citizen-notice.test.ts).

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
