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

  it('gives a joined report the original it follows, with that one’s status, office, deadline and follow-up', () => {
    const original = row('ADU-2612-00010', {
      status: 'in_progress', verify_due: null, respond_due: '2026-12-09T01:00:00Z', first_response_at: '2026-12-03T01:00:00Z', resolve_due: '2026-12-20T01:00:00Z',
      assigned_agency: { name: 'Dinas PUPR', short_name: 'PUPR' }, updates: [{ body: 'Tim sudah meninjau lokasi.' }],
    });
    const [joined] = ownReports([row('ADU-2612-00011', { status: 'rejected', status_reason: 'duplicate', duplicate_of: original })], 'id');
    expect(joined!.joined_to).toEqual({ ticket: 'ADU-2612-00010', status: 'in_progress', agency: 'Dinas PUPR', last_update: 'Tim sudah meninjau lokasi.', due: '2026-12-20T01:00:00Z' });
    // Of a confidential original, not the officers' words.
    const [secret] = ownReports([row('ADU-2612-00012', { status: 'rejected', status_reason: 'duplicate', duplicate_of: { ...original, confidential: true } })], 'id');
    expect(secret!.joined_to).toMatchObject({ ticket: 'ADU-2612-00010', agency: 'Dinas PUPR', last_update: null });
    // Rejected for another reason, a report follows nothing even when duplicate_of was left set.
    const [spam] = ownReports([row('ADU-2612-00013', { status: 'rejected', status_reason: 'spam', duplicate_of: original })], 'id');
    expect(spam!.joined_to).toBeNull();
  });
});
