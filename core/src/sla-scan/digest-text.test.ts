import { describe, expect, it } from 'vitest';
import type { MessageTemplate } from '../model.ts';
import { digestParts, digestText, reminderHistoryText } from './digest-text.ts';
import type { Digest } from './types.ts';

const tpl = (key: string, locale: 'id' | 'en', body: string): MessageTemplate =>
  ({ id: `${key}.${locale}`, key, locale, body, wa_template_name: null, wa_template_language: null, description: null }) as MessageTemplate;

const TEMPLATES = [
  tpl('reminder.officer_digest', 'id', '{{name}} ({{agency}}) {{count}}:\n{{#each items}}{{ticket}} {{stage}} {{due}}{{#if overdue}} +{{days_late}}{{/if}}\n{{/each}}{{url}}'),
  tpl('reminder.pimpinan_digest', 'id', '{{count}}|{{#each agencies}}{{agency}}={{count}};{{/each}}'),
];

const digest = (audience: Digest['audience'], locale: 'id' | 'en' = 'id'): Digest => ({
  person: { id: 'u', name: 'Budi', wa_phone: '+6281200000002', locale },
  audience,
  entries: [
    { key: '1:respond:x', complaint: 1, ticket: 'ADU-2611-00001', stage: 'respond', level: 'x', notify: audience, agency: 'DPUPR', agency_name: 'Dinas PUPR', due_at: '2026-11-27T16:59:59.999Z', days_late: 2, overdue: true },
    { key: '2:resolve:x', complaint: 2, ticket: 'ADU-2611-00002', stage: 'resolve', level: 'x', notify: audience, agency: 'DPUPR', agency_name: 'Dinas PUPR', due_at: '2026-12-02T16:59:59.999Z', days_late: 0, overdue: false },
  ],
});

describe('digestText', () => {
  it('lists every ticket with its stage and local due date, and the link', () => {
    const { key, text } = digestText(digest('agency_officers'), { templates: TEMPLATES, timezone: 'Asia/Jakarta', url: 'http://x/admin' });
    expect(key).toBe('reminder.officer_digest');
    expect(text).toBe(
      'Budi (Dinas PUPR) 2:\nADU-2611-00001 tanggapan Jumat, 27 November 2026 +2\nADU-2611-00002 penyelesaian Rabu, 2 Desember 2026\nhttp://x/admin',
    );
  });

  it('pimpinan reads counts per agency; English falls back to the Indonesian text when missing', () => {
    expect(digestText(digest('pimpinan', 'en'), { templates: TEMPLATES, timezone: 'Asia/Jakarta' }).text).toBe('2|Dinas PUPR=2;');
  });

  it('history line names who was told and how late', () => {
    expect(
      reminderHistoryText({ stage: 'respond', notify: 'agency_head', overdue: true, days_late: 1, recipients: [{ id: 'h', name: 'Hendra', wa_phone: null, locale: 'id' }] }),
    ).toBe('Eskalasi batas tanggapan ke kepala instansi (Hendra), terlambat 1 hari kerja.');
  });

  describe('digestParts', () => {
    const PIMPINAN = tpl(
      'reminder.pimpinan_digest',
      'id',
      'Yth. {{name}}: {{count}} laporan terlambat.\n{{#each agencies}}• {{agency}}: {{count}}\n{{/each}}Rincian:\n{{#each items}}• {{ticket}} ({{agency}}) — terlambat {{days_late}} hari kerja\n{{/each}}{{url}}',
    );
    const many = (n: number): Digest => {
      const base = digest('pimpinan');
      const entries = Array.from({ length: n }, (_, i) => ({
        ...base.entries[0]!,
        key: `${i + 1}:resolve:pimpinan+2`,
        complaint: i + 1,
        ticket: `ADU-2612-${String(i + 1).padStart(5, '0')}`,
        agency: i % 2 ? 'DPUPR' : 'DINKES',
        agency_name: i % 2 ? 'Dinas Pekerjaan Umum dan Penataan Ruang' : 'Dinas Kesehatan',
      }));
      return { ...base, entries };
    };
    const opts = { templates: [PIMPINAN], timezone: 'Asia/Jakarta', url: 'http://x/admin/content/complaints' };

    it('keeps a digest that fits as one message, with no part number', () => {
      const parts = digestParts(many(3), opts);
      expect(parts).toHaveLength(1);
      expect(parts[0]!.text).toBe(digestText(many(3), opts).text);
      expect(parts[0]!.text).not.toMatch(/^\(1\/1\)/);
    });

    it('cuts a long one between entries into messages under the limit: every entry once, in order, each part its own digest', () => {
      const d = many(120);
      expect(digestText(d, opts).text.length).toBeGreaterThan(4096);
      const parts = digestParts(d, opts);
      expect(parts.length).toBeGreaterThan(1);
      for (const [i, p] of parts.entries()) {
        expect(p.text.length).toBeLessThanOrEqual(4096);
        expect(p.text.startsWith(`(${i + 1}/${parts.length}) Yth. Budi: 120 laporan terlambat.\n• Dinas Kesehatan: 60\n• Dinas Pekerjaan Umum dan Penataan Ruang: 60\n`)).toBe(true);
        expect(p.text.match(/^• ADU-\S+/gm)).toEqual(p.digest.entries.map((e) => `• ${e.ticket}`));
        expect(p).toMatchObject({ part: i + 1, parts: parts.length });
      }
      expect(parts.flatMap((p) => p.digest.entries.map((e) => e.key))).toEqual(d.entries.map((e) => e.key));
      // No part is needlessly short: each but the last would overflow with the next entry.
      expect(parts.slice(0, -1).every((p) => p.text.length > 4096 - 120)).toBe(true);
    });

    it('sends an entry too long for any message alone cut at the limit, and the rest as usual', () => {
      const long = tpl('reminder.pimpinan_digest', 'id', '{{#each items}}{{ticket}}: ' + 'x'.repeat(5000) + '\n{{/each}}');
      const parts = digestParts(many(2), { ...opts, templates: [long] });
      expect(parts.map((p) => p.digest.entries.length)).toEqual([1, 1]);
      expect(parts.every((p) => p.text.length === 4096 && p.text.endsWith('…'))).toBe(true);
    });
  });
});

