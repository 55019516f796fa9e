import { describe, expect, it } from 'vitest';
import type { Region } from './model.ts';
import { webReport, type WebReportInput } from './web-report.ts';

const regions: Region[] = [
  { code: '16.02', name: 'Ogan Komering Ilir', level: 'kabupaten', parent: null },
  { code: '16.02.01', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02' },
  { code: '16.02.01.2001', name: 'Sukadana', level: 'desa', parent: '16.02.01', latitude: -3.37, longitude: 104.836 },
  { code: '16.02.02', name: 'Tanjung Lubuk', level: 'kecamatan', parent: '16.02' },
  { code: '16.02.02.2003', name: 'Tanjung Baru', level: 'desa', parent: '16.02.02', latitude: -3.5, longitude: 104.7 },
];
const ctx = { categories: [{ code: 'jalan', active: true }, { code: 'lama', active: false }], regions, min_description: 20 };
const story = 'Jalan berlubang besar di depan SD Negeri 2, berbahaya bagi pengendara motor.';
const form = (o: Partial<WebReportInput> = {}): WebReportInput => ({ category: 'jalan', description: story, kecamatan: '16.02.01', ...o });

describe('webReport', () => {
  it('files the report every door files, on channel web, anonymous when no number is given', () => {
    const out = webReport(form({ desa: '16.02.01.2001', address: '  Jl. Merdeka   no. 4, RT 3 RW 5 ' }), ctx);
    expect(out).toEqual({
      ok: true,
      reporter: null,
      report: {
        type: 'pengaduan', category: 'jalan', region: '16.02.01.2001', latitude: null, longitude: null,
        address: 'Jl. Merdeka no. 4, RT 3 RW 5', description: story, confidential: false, channel: 'web',
      },
    });
  });

  it('knows the reporter by the WhatsApp number, written any way, never by the name alone', () => {
    const out = webReport(form({ phone: '0812-3456-7890', name: ' Rina ', confidential: 'on', type: 'aspirasi' }), ctx);
    expect(out.ok && out.reporter).toEqual({ phone: '+6281234567890', wa_id: '6281234567890', name: 'Rina' });
    expect(out.ok && out.report.confidential).toBe(true);
    expect(out.ok && out.report.type).toBe('aspirasi');
    const nameOnly = webReport(form({ name: 'Rina' }), ctx);
    expect(nameOnly.ok && nameOnly.reporter).toBeNull();
  });

  it('refuses a number that is not a phone number', () => {
    expect(webReport(form({ phone: '12345' }), ctx)).toEqual({ ok: false, problems: ['phone'] });
    expect(webReport(form({ phone: 'halo' }), ctx)).toEqual({ ok: false, problems: ['phone'] });
  });

  it('lists every problem at once: inactive category, short story, no place', () => {
    expect(webReport({ category: 'lama', description: 'jalan rusak', kecamatan: '' }, ctx)).toEqual({ ok: false, problems: ['category', 'description_short', 'place'] });
    expect(webReport({ category: '', description: story }, ctx)).toEqual({ ok: false, problems: ['category', 'place'] });
  });

  it('refuses a desa outside the kecamatan chosen and codes that are not a place of the regency', () => {
    expect(webReport(form({ desa: '16.02.02.2003' }), ctx)).toEqual({ ok: false, problems: ['desa_outside_kecamatan'] });
    expect(webReport(form({ kecamatan: '16.02.01.2001' }), ctx)).toEqual({ ok: false, problems: ['place'] });
    expect(webReport(form({ kecamatan: '', desa: '31.71.01.1001' }), ctx)).toEqual({ ok: false, problems: ['place'] });
  });

  it('places a report with only a pin at the nearest desa, and keeps the pin', () => {
    const out = webReport(form({ kecamatan: '', latitude: '-3.371', longitude: '104,837' }), ctx);
    expect(out.ok && out.report).toMatchObject({ region: '16.02.01.2001', latitude: -3.371, longitude: 104.837 });
    const chosen = webReport(form({ latitude: '-3.5', longitude: '104.7' }), ctx);
    // The kecamatan the citizen chose wins over the pin's guess.
    expect(chosen.ok && chosen.report.region).toBe('16.02.01');
  });

  it('refuses half a pin or one out of range', () => {
    expect(webReport(form({ latitude: '-3.4' }), ctx)).toEqual({ ok: false, problems: ['pin'] });
    expect(webReport(form({ latitude: '95', longitude: '104' }), ctx)).toEqual({ ok: false, problems: ['pin'] });
    expect(webReport(form({ latitude: 'abc', longitude: '104' }), ctx)).toEqual({ ok: false, problems: ['pin'] });
  });

  it('takes an address alone as a place for the verifikator to place', () => {
    const out = webReport(form({ kecamatan: '', address: 'Pasar Kayu Agung' }), ctx);
    expect(out.ok && out.report).toMatchObject({ region: null, address: 'Pasar Kayu Agung' });
  });

  it('caps the story length', () => {
    expect(webReport(form({ description: `${story} ${'x'.repeat(5_000)}` }), ctx)).toEqual({ ok: false, problems: ['description_long'] });
  });
});
