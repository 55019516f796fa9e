import { describe, expect, it } from 'vitest';
import { kecamatanCode, publicStatusView, TrackedComplaint, trackingView } from './tracking-view.ts';

const base = TrackedComplaint.parse({
  id: 42,
  ticket: 'ADU-2611-00042',
  type: 'pengaduan',
  title: 'Jalan berlubang',
  description: 'Jalan depan rumah Pak Budi di RT 03 berlubang besar.',
  address: 'Jl. Merdeka No. 5, Kayuagung',
  latitude: -3.39,
  longitude: 104.83,
  confidential: false,
  status: 'in_progress',
  category: { name: 'Jalan dan Jembatan', name_en: 'Roads and bridges' },
  region: { code: '16.02.01.2001', name: 'Sukadana', level: 'desa' },
  assigned_agency: { name: 'Dinas Pekerjaan Umum dan Penataan Ruang', short_name: 'DPUPR' },
  received_at: '2026-11-02T02:00:00.000Z',
  verified_at: '2026-11-02T05:00:00.000Z',
  dispositioned_at: null,
  first_response_at: null,
  resolved_at: null,
  closed_at: null,
});

describe('trackingView', () => {
  it('shows progress in Indonesian words with category, kecamatan, agency and the last public follow-up', () => {
    const view = trackingView(base, 'Kayuagung', { body: 'Tim sudah meninjau lokasi.', date_created: '2026-11-03T01:00:00.000Z' }, 'id');
    expect(view.status).toEqual({ code: 'in_progress', label: expect.any(String), kind: 'open' });
    expect(view.status.label).not.toBe('in_progress');
    expect(view).toMatchObject({
      ticket: 'ADU-2611-00042',
      category: 'Jalan dan Jembatan',
      kecamatan: 'Kayuagung',
      agency: 'Dinas Pekerjaan Umum dan Penataan Ruang',
      last_follow_up: { body: 'Tim sudah meninjau lokasi.', date: '2026-11-03T01:00:00.000Z' },
      report: { description: base.description, address: base.address, location: { latitude: -3.39, longitude: 104.83 } },
    });
    expect(view.dates.received_at).toBe('2026-11-02T02:00:00.000Z');
  });

  it('uses English labels on request', () => {
    const id = trackingView(base, null, null, 'id');
    const en = trackingView(base, null, null, 'en');
    expect(en.category).toBe('Roads and bridges');
    expect(en.status.label).not.toBe(id.status.label);
  });

  it('never shows what or where for a confidential report, only its progress', () => {
    const view = trackingView({ ...base, confidential: true }, 'Kayuagung', null, 'id');
    const text = JSON.stringify(view);
    expect(view.report).toBeUndefined();
    expect(view.confidential).toBe(true);
    for (const secret of ['Pak Budi', 'Jl. Merdeka', '-3.39', '104.83', 'Jalan berlubang']) expect(text).not.toContain(secret);
    expect(view.status.code).toBe('in_progress');
  });

  it('treats SQLite’s 1 as confidential too', () => {
    expect(trackingView({ ...base, confidential: 1 }, null, null, 'id').report).toBeUndefined();
  });

  it('never has a reporter field, whatever the row carried', () => {
    const row = TrackedComplaint.parse({ ...base, reporter: 'c0ffee00-0000-4000-8000-000000000001' });
    expect(JSON.stringify(trackingView(row, null, null, 'id'))).not.toContain('c0ffee00');
  });
});

describe('publicStatusView', () => {
  it('is the status and the kind of office only, in the asked language', () => {
    const withKind = { ...base, assigned_agency: { ...base.assigned_agency!, kind: 'kecamatan' } };
    expect(publicStatusView(withKind, 'id')).toEqual({
      ticket: 'ADU-2611-00042',
      status: { code: 'in_progress', label: trackingView(base, null, null, 'id').status.label, kind: 'open' },
      office: { kind: 'kecamatan', label: 'Kantor kecamatan' },
      detail: false,
    });
    expect(publicStatusView(withKind, 'en').office).toEqual({ kind: 'kecamatan', label: 'District office' });
    expect(publicStatusView({ ...base, assigned_agency: null }, 'id').office).toBeNull();
  });

  it('of a confidential report is the status alone, not even the kind of office', () => {
    const secret = { ...base, confidential: true, assigned_agency: { ...base.assigned_agency!, kind: 'desa' } };
    expect(publicStatusView(secret, 'id')).toMatchObject({ status: { code: 'in_progress' }, office: null, detail: false });
  });
});

describe('kecamatanCode', () => {
  it('takes the first three Kemendagri segments', () => {
    expect(kecamatanCode('16.02.01.2001')).toBe('16.02.01');
    expect(kecamatanCode('16.02.01')).toBe('16.02.01');
    expect(kecamatanCode('16.02')).toBeNull();
    expect(kecamatanCode(null)).toBeNull();
  });
});
