import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { DEFAULT_TEXTS, say } from './texts.ts';
import { SEED_TEMPLATES } from './fixtures.ts';

describe('say', () => {
  it('prefers an admin-edited template over the built-in default', () => {
    const edited = [{ id: 'ui.summary.send.id', key: 'ui.summary.send', locale: 'id' as const, body: 'Kirim laporan', wa_template_name: null, wa_template_language: null, description: null }];
    expect(say(edited, 'ui.summary.send', 'id')).toBe('Kirim laporan');
    expect(say([], 'ui.summary.send', 'id')).toBe('Kirim');
  });

  it('renders the seeded texts with variables, in both locales', () => {
    expect(say(SEED_TEMPLATES, 'intake.confirm_place', 'id', { place: 'Sukadana, Kec. Kayu Agung' })).toContain('*Sukadana, Kec. Kayu Agung*');
    expect(say(SEED_TEMPLATES, 'intake.confirm_place', 'en', { place: 'X' })).toContain('Is the location *X*?');
  });

  it('fails with TEMPLATE.MISSING for a key nobody defined', () => {
    try {
      say(SEED_TEMPLATES, 'intake.no_such_text', 'id');
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('TEMPLATE.MISSING');
    }
  });

  it.each(Object.keys(DEFAULT_TEXTS).filter((k) => k.startsWith('ui.')))('label %s fits a WhatsApp row title (24) in both locales', (key) => {
    for (const locale of ['id', 'en'] as const) expect(say([], key, locale, { lat: '-3.40000', lng: '104.83000' }).length).toBeLessThanOrEqual(key === 'ui.place.pin' ? 72 : 24);
  });
});
