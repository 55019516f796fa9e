import { describe, expect, it } from 'vitest';
import { deskChannelPhrase, deskComplaintRow, deskReport, isDeskChannel, type DeskReportInput } from './desk-report.ts';
import type { Region } from './model.ts';

const regions: Region[] = [
  { code: '16.02', name: 'Ogan Komering Ilir', level: 'kabupaten', parent: null },
  { code: '16.02.01', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02' },
  { code: '16.02.01.2001', name: 'Sukadana', level: 'desa', parent: '16.02.01', latitude: -3.37, longitude: 104.836 },
];
const ctx = { categories: [{ code: 'jalan', active: true }], regions, min_description: 20 };
const story = 'Lampu jalan di depan masjid mati sejak seminggu, gelap sekali kalau malam.';
const form = (o: Partial<DeskReportInput> = {}): DeskReportInput => ({ channel: 'phone', category: 'jalan', description: story, desa: '16.02.01.2001', ...o });

describe('deskReport', () => {
  it('records a phone call or a visit on its own channel, the caller known by the number', () => {
    const call = deskReport(form({ phone: '0812 3456 7890', name: 'Pak Darto' }), ctx);
    expect(call).toMatchObject({ ok: true, reporter: { phone: '+6281234567890', wa_id: '6281234567890', name: 'Pak Darto' }, report: { channel: 'phone', region: '16.02.01.2001', rt: null, rw: null } });
    const visit = deskReport(form({ channel: 'walk_in' }), ctx);
    expect(visit).toMatchObject({ ok: true, reporter: null, report: { channel: 'walk_in' } });
  });

  it('refuses a missing or unknown way in, and the web form\'s problems, all at once', () => {
    expect(deskReport(form({ channel: '' }), ctx)).toEqual({ ok: false, problems: ['channel'] });
    expect(deskReport(form({ channel: 'web', phone: '123', description: 'pendek' }), ctx)).toEqual({ ok: false, problems: ['channel', 'description_short', 'phone'] });
  });

  it('keeps the RT/RW the staff member typed as the KTP writes it, over one read from the story', () => {
    const out = deskReport(form({ rt: '3', rw: '05', description: `${story} Dekat RT 9.` }), ctx);
    expect(out.ok && out.report).toMatchObject({ rt: '003', rw: '005' });
    const row = deskComplaintRow(out.ok ? out.report : (null as never), 'citizen-1');
    expect(row).toMatchObject({ channel: 'phone', reporter: 'citizen-1', rt: '003', rw: '005', category: 'jalan' });
    expect(row).not.toHaveProperty('rt_rw');
    // Blank: read from the address or story as for every door.
    const read = deskReport(form({ address: 'Jl. Merdeka RT 2 RW 4' }), ctx);
    expect(deskComplaintRow(read.ok ? read.report : (null as never), null)).toMatchObject({ rt: '002', rw: '004' });
  });

  it('refuses an RT/RW that is not 1–3 digits', () => {
    for (const bad of ['0', '1234', 'tiga', '-1']) expect(deskReport(form({ rt: bad }), ctx)).toEqual({ ok: false, problems: ['rt_rw'] });
    expect(deskReport(form({ rw: 'x' }), ctx)).toEqual({ ok: false, problems: ['rt_rw'] });
  });

  it('names the doors and says how the report came, in the citizen\'s language', () => {
    expect(isDeskChannel('phone')).toBe(true);
    expect(isDeskChannel('walk_in')).toBe(true);
    expect(isDeskChannel('web')).toBe(false);
    expect(deskChannelPhrase('phone', 'id')).toBe('lewat telepon');
    expect(deskChannelPhrase('walk_in', 'id')).toBe('dengan datang langsung ke kantor layanan');
    expect(deskChannelPhrase('phone', 'en')).toBe('by phone');
  });
});
