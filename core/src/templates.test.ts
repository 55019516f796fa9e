import { describe, expect, it } from 'vitest';
import type { MessageTemplate } from './model.ts';
import { pickTemplate, renderTemplate } from './templates.ts';

const t = (key: string, locale: 'id' | 'en', body: string): MessageTemplate => ({
  id: `${key}.${locale}`,
  key,
  locale,
  body,
  wa_template_name: null,
  wa_template_language: null,
  description: null,
});

describe('renderTemplate', () => {
  it('fills variables without HTML escaping (WhatsApp is plain text)', () => {
    expect(
      renderTemplate('Terima kasih, {{nama}}. Laporan Anda tentang "{{judul}}" tercatat dengan nomor *{{ticket}}*.', {
        nama: 'Bu Siti',
        judul: 'Jalan rusak di Jl. A & B <depan SD>',
        ticket: 'ADU-2611-00042',
      }),
    ).toBe(
      'Terima kasih, Bu Siti. Laporan Anda tentang "Jalan rusak di Jl. A & B <depan SD>" tercatat dengan nomor *ADU-2611-00042*.',
    );
  });

  it('supports blocks and the date helpers in the regency timezone', () => {
    const body = '{{#if agency}}Diteruskan ke {{agency}}. {{/if}}Batas waktu {{tanggal due "Asia/Jakarta"}} pukul {{jam due "Asia/Jakarta"}} WIB.';
    expect(renderTemplate(body, { agency: 'Dinas PUPR', due: '2026-11-25T16:59:59.999Z' })).toBe(
      'Diteruskan ke Dinas PUPR. Batas waktu 25 November 2026 pukul 23.59 WIB.',
    );
    expect(renderTemplate(body, { due: new Date('2026-11-25T16:59:59.999Z') })).toBe(
      'Batas waktu 25 November 2026 pukul 23.59 WIB.',
    );
  });

  it('throws TEMPLATE.INVALID on a broken template', () => {
    expect(() => renderTemplate('Halo {{#if x}}', {})).toThrow(expect.objectContaining({ code: 'TEMPLATE.INVALID' }));
  });
});

describe('pickTemplate', () => {
  const all = [t('intake.received', 'id', 'Terima kasih'), t('intake.received', 'en', 'Thank you'), t('menu', 'id', 'Menu')];
  it('picks the locale, falls back to Indonesian', () => {
    expect(pickTemplate(all, 'intake.received', 'en').body).toBe('Thank you');
    expect(pickTemplate(all, 'intake.received', 'id').body).toBe('Terima kasih');
    expect(pickTemplate(all, 'menu', 'en').body).toBe('Menu');
  });
  it('throws TEMPLATE.MISSING', () => {
    expect(() => pickTemplate(all, 'nope', 'id')).toThrow(
      expect.objectContaining({ code: 'TEMPLATE.MISSING', message: 'Templat pesan «nope» belum tersedia.' }),
    );
  });
});
