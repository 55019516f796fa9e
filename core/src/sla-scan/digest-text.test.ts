import { describe, expect, it } from 'vitest';
import type { MessageTemplate } from '../model.ts';
import { digestText, reminderHistoryText } from './digest-text.ts';
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
});
