import { renderTemplate } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { buildReferenceData, categoryRows, holidayRows, templateRows } from './reference.ts';

const data = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });

describe('agencies and categories', () => {
  it('has ~35 OPDs plus one office per kecamatan', () => {
    expect(data.agencies.filter((a) => a.kind === 'opd').length).toBeGreaterThanOrEqual(35);
    const kec = data.agencies.filter((a) => a.kind === 'kecamatan');
    expect(kec).toHaveLength(18);
    expect(kec.find((a) => a.code === 'KEC-16.02.05')).toMatchObject({ name: 'Kecamatan Kayu Agung', region: '16.02.05' });
    expect(new Set(data.agencies.map((a) => a.code)).size).toBe(data.agencies.length);
  });

  it("every category's default agency and SLA policy exist", () => {
    const agencies = new Set(data.agencies.map((a) => a.code));
    const policies = new Set(data.slaPolicies.map((p) => p.code));
    expect(categoryRows().length).toBeGreaterThanOrEqual(20);
    for (const c of data.categories) {
      expect(agencies.has(c.default_agency ?? ''), c.code).toBe(true);
      expect(policies.has(c.sla_policy ?? ''), c.code).toBe(true);
      for (const k of c.keywords ?? []) expect(k).toBe(k.toLowerCase());
    }
  });

  it('routing rules point at existing categories, regions and agencies', () => {
    const agencies = new Set(data.agencies.map((a) => a.code));
    const regions = new Set(data.regions.map((r) => r.code));
    const categories = new Set(data.categories.map((c) => c.code));
    for (const r of data.routingRules) {
      expect(agencies.has(r.agency), `rule ${r.id}`).toBe(true);
      if (r.region) expect(regions.has(r.region), `rule ${r.id}`).toBe(true);
      if (r.category) expect(categories.has(r.category), `rule ${r.id}`).toBe(true);
    }
    expect(new Set(data.routingRules.map((r) => r.id)).size).toBe(data.routingRules.length);
    expect(data.routingRules.find((r) => r.category === 'DESA' && r.region === '16.02.05')?.agency).toBe('KEC-16.02.05');
  });

  it('uses the regency name for other instances', async () => {
    const other = await buildReferenceData({ regencyCode: '16.71', timezone: 'Asia/Jakarta' });
    expect(other.settings.instance_name).toBe('Kanal Aduan Palembang');
    expect(data.settings.instance_name).toBe('Lapor Bupati OKI');
    expect(() => buildReferenceData({ regencyCode: '16.02', timezone: 'Europe/Paris' })).rejects.toThrow();
  });
});

describe('SLA policy', () => {
  it('is the SP4N-LAPOR clock with escalation steps as data', () => {
    expect(data.slaPolicies[0]).toMatchObject({ code: 'SP4N', verify_days: 3, respond_days: 5, resolve_days: 14, autoclose_days: 10, return_grace_days: 1 });
    expect(data.slaPolicies[0]?.escalation).toContainEqual({ stage: 'respond', after_days: 2, notify: 'pimpinan' });
  });
});

describe('holidays', () => {
  const holidays = holidayRows();
  it('fall in 2025–2027, are unique and include the big ones', () => {
    for (const h of holidays) expect(h.date >= '2025-01-01' && h.date <= '2027-12-31', h.date).toBe(true);
    expect(new Set(holidays.map((h) => h.date)).size).toBe(holidays.length);
    const dates = new Set(holidays.map((h) => h.date));
    for (const d of ['2025-08-17', '2026-08-17', '2027-08-17', '2025-12-25', '2026-03-21', '2026-03-23'])
      expect(dates.has(d), d).toBe(true);
    for (const y of ['2025', '2026', '2027']) {
      expect(holidays.filter((h) => h.date.startsWith(y) && h.kind === 'national').length, y).toBeGreaterThanOrEqual(15);
    }
  });
  it('marks every 2027 date as projected', () => {
    for (const h of holidays.filter((h) => h.date.startsWith('2027'))) expect(h.name).toMatch(/perkiraan/);
  });
  it('are real calendar dates', () => {
    for (const h of holidays) expect(new Date(`${h.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(h.date);
  });
});

describe('message templates', () => {
  const rows = templateRows();
  const keys = [...new Set(rows.map((r) => r.key))];
  const sample = {
    name: 'Siti', ticket: 'ADU-2611-00042', original_ticket: 'ADU-2611-00007', instance_name: 'Lapor Bupati OKI',
    status: 'Dalam proses', category: 'Jalan dan Jembatan', place: 'Sukadana, Kayu Agung', agency: 'DPUPR', reason: 'Di luar wilayah',
    body: 'Tim sudah meninjau lokasi.', date: '24 November 2026', due: 'Rabu, 25 November 2026', count: 2, min: 20, hours: 24, minutes: 10,
    items: [{ ticket: 'ADU-2611-00001', due: '25 Nov', overdue: true, days_late: 1, agency: 'DPUPR', count: 3 }],
    text: 'xyz', type: 'Pengaduan', description: 'Jalan berlubang', media_count: 1, confidential: true, rating: 5, categories: '1. Jalan',
  };

  it('every key exists in both locales with ids <key>.<locale>', () => {
    for (const key of keys) {
      for (const locale of ['id', 'en']) expect(rows.find((r) => r.id === `${key}.${locale}`), `${key}.${locale}`).toBeDefined();
    }
    expect(keys.length).toBeGreaterThanOrEqual(30);
  });

  it('every body renders with core renderTemplate and uses only documented variables', () => {
    for (const r of rows) {
      const out = renderTemplate(r.body, sample);
      // Button and list labels (ui.*) are short by design (WhatsApp: 20/24 characters).
      expect(out.trim().length, r.id).toBeGreaterThan(r.key.startsWith('ui.') ? 1 : 10);
      expect(out, r.id).not.toMatch(/\{\{|\}\}/);
      // Fields inside {{#each}} belong to the items, not to the top level.
      const topLevel = r.body.replace(/\{\{#each [a-z_]+\}\}[\s\S]*?\{\{\/each\}\}/g, (m) => m.match(/\{\{#each [a-z_]+\}\}/)![0]);
      const used = [...topLevel.matchAll(/\{\{(?:#if |#each )?([a-z_]+)\}\}/g)].map((m) => m[1]!).filter((v) => v !== 'else');
      for (const v of used) expect(r.description ?? '', `${r.id} documents {{${v}}}`).toContain(`{{${v}}}`);
    }
  });

  it('intake.received thanks by name, gives the ticket and how to check', () => {
    const body = rows.find((r) => r.id === 'intake.received.id')!.body;
    const out = renderTemplate(body, { name: 'Siti', ticket: 'ADU-2611-00042' });
    expect(out.startsWith('Terima kasih, Siti. Laporan Anda sudah kami terima dengan nomor tiket *ADU-2611-00042*.')).toBe(true);
    expect(out).toContain('cek ADU-2611-00042');
    const withCode = renderTemplate(body, { name: 'Siti', ticket: 'ADU-2611-00042', tracking_code: 'K7P3XW9A' });
    expect(withCode).toContain('Kode lacak Anda: *K7P3XW9A*');
    expect(withCode).toContain('jangan bagikan');
    const en = renderTemplate(rows.find((r) => r.id === 'intake.received.en')!.body, { name: 'Siti', ticket: 'ADU-2611-00042', tracking_code: 'K7P3XW9A' });
    expect(en).toContain('Your tracking code: *K7P3XW9A*');
  });

  it('the notifications sent outside the 24 h window name an approved template', () => {
    for (const r of rows.filter((r) => r.key.startsWith('notify.') && r.key !== 'notify.rating_thanks')) {
      expect(r.wa_template_name, r.id).toMatch(/^[a-z_]+$/);
      expect(r.wa_template_language).toBe(r.locale);
    }
  });

  it('officer notices and digests name an approved template and document its body parameters in order', () => {
    // Officers rarely write to the bot, so these mostly go out as templates.
    const disposition = rows.find((r) => r.id === 'officer.disposition.id')!;
    expect(disposition.wa_template_name).toBe('kanal_aduan_disposisi');
    expect(disposition.description).toContain('{{1}} = ticket, {{2}} = category, {{3}} = place, {{4}} = due');
    for (const r of rows.filter((r) => r.key.startsWith('officer.') || r.key.startsWith('reminder.'))) {
      expect(r.wa_template_name, r.id).toMatch(/^kanal_aduan_[a-z_]+$/);
      expect(r.description, r.id).toMatch(/Templat WhatsApp kanal_aduan_\w+ \(di luar 24 jam\): \{\{1\}\} = /);
    }
    expect(rows.find((r) => r.id === 'notify.verified.id')!.description).toContain('{{1}} = ticket, {{2}} = teks pesan dalam satu baris');
  });

  it('Temu Bupati\'s notices, which may come days after the citizen last wrote, name an approved template with the booking code', () => {
    for (const key of ['appointment.reminder', 'appointment.scheduled', 'appointment.office_moved', 'appointment.office_cancelled']) {
      for (const r of rows.filter((r) => r.key === key)) {
        expect(r.wa_template_name, r.id).toBe('kanal_aduan_temu');
        expect(r.description, r.id).toContain('{{1}} = kode booking, {{2}} = teks pesan dalam satu baris');
      }
    }
    // The bot's own answers in a chat never need one.
    expect(rows.find((r) => r.id === 'appointment.booked.id')!.wa_template_name).toBeNull();
  });
});
