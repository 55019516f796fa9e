import { describe, expect, it } from 'vitest';
import { ownReports, type OwnReportRow } from './own-reports.ts';

const row = (ticket: string | null, over: Partial<OwnReportRow> = {}): OwnReportRow => ({
  ticket,
  status: 'received',
  received_at: '2026-12-01T01:00:00Z',
  verify_due: '2026-12-04T01:00:00Z',
  respond_due: null,
  resolve_due: null,
  category: { name: 'Jalan', name_en: 'Roads' },
  assigned_agency: null,
  updates: [],
  ...over,
});

describe('ownReports', () => {
  it('lists each ticket once (the recent list and the one "cek" names may overlap), skipping rows without a ticket', () => {
    const out = ownReports([row('ADU-2612-00002'), row(null), row('ADU-2612-00001'), row('ADU-2612-00002')], 'id');
    expect(out.map((r) => r.ticket)).toEqual(['ADU-2612-00002', 'ADU-2612-00001']);
  });

  it('names the category in the citizen’s language and shows the deadline of the running stage and the last public follow-up', () => {
    const [r] = ownReports([row('ADU-2612-00003', { updates: [{ body: 'Sudah ditambal.' }] })], 'en');
    expect(r).toMatchObject({ category: 'Roads', due: '2026-12-04T01:00:00Z', last_update: 'Sudah ditambal.' });
  });
});
