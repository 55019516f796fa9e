import { describe, expect, it } from 'vitest';
import { reportReceivedReply } from './conversation-step.ts';
import { SEED_TEMPLATES } from './fixtures.ts';

const textOf = (m: unknown) => (m as { text: { body: string } }).text.body;
const ctx = { templates: SEED_TEMPLATES, instance_name: 'Lapor Bupati OKI', name: 'Siti' };

describe('reportReceivedReply', () => {
  it('gives the ticket and the tracking code, in Indonesian and English', () => {
    const id = textOf(reportReceivedReply('6281234', 'ADU-2611-00042', { ...ctx, locale: 'id', tracking_code: 'K7P3XW9A' }));
    expect(id).toContain('*ADU-2611-00042*');
    expect(id).toContain('Kode lacak Anda: *K7P3XW9A*');
    const en = textOf(reportReceivedReply('6281234', 'ADU-2611-00042', { ...ctx, locale: 'en', tracking_code: 'K7P3XW9A' }));
    expect(en).toContain('Your tracking code: *K7P3XW9A*');
  });

  it('appends the code when an admin edited the text without {{tracking_code}}', () => {
    const edited = [{ id: 'intake.received.id', key: 'intake.received', locale: 'id' as const, body: 'Terima kasih. Tiket *{{ticket}}*.', wa_template_name: null, wa_template_language: null, description: null }];
    const body = textOf(reportReceivedReply('6281234', 'ADU-2611-00042', { templates: edited, instance_name: 'X', locale: 'id', tracking_code: 'K7P3XW9A' }));
    expect(body.startsWith('Terima kasih. Tiket *ADU-2611-00042*.')).toBe(true);
    expect(body).toContain('*K7P3XW9A*');
  });

  it('says nothing of a code when the report has none', () => {
    const body = textOf(reportReceivedReply('6281234', 'ADU-2611-00042', { ...ctx, locale: 'id' }));
    expect(body).not.toContain('Kode lacak');
  });
});
