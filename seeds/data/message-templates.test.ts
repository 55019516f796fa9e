import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TEXTS } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './message-templates.ts';

// Every text the WhatsApp bot says must be editable by admins, so each key the
// conversation has a built-in default for is seeded into message_templates.
describe('message templates for the intake conversation', () => {
  it('seeds every key the conversation uses, in Indonesian and English', () => {
    const seeded = new Map(TEMPLATES.map((t) => [t.key, t]));
    for (const key of Object.keys(DEFAULT_TEXTS)) {
      const t = seeded.get(key);
      expect(t, key).toBeDefined();
      expect(t!.id.trim(), key).not.toBe('');
      expect(t!.en.trim(), key).not.toBe('');
    }
  });

  it('keeps button and list labels within WhatsApp limits (rows 24 characters, buttons 20)', () => {
    const buttons = ['ui.menu.button', 'ui.type.button', 'ui.category.button', 'ui.place.yes', 'ui.place.no', 'ui.place.button', 'ui.media.skip', 'ui.media.done', 'ui.confidential.yes', 'ui.confidential.no', 'ui.summary.send', 'ui.summary.edit', 'ui.summary.cancel', 'ui.edit.button', 'ui.status.button', 'ui.appointment.button', 'ui.appointment.book', 'ui.appointment.change', 'ui.appointment.cancel'];
    for (const t of TEMPLATES.filter((t) => t.key.startsWith('ui.') && t.key !== 'ui.place.pin' && t.key !== 'ui.appointment.row')) {
      const max = buttons.includes(t.key) ? 20 : 24;
      expect(t.id.length, `${t.key}.id`).toBeLessThanOrEqual(max);
      expect(t.en.length, `${t.key}.en`).toBeLessThanOrEqual(max);
    }
  });

  it("seeds core's default as the first version of each conversation text, and owns only the bodies core does not know", () => {
    for (const t of TEMPLATES) {
      const core = DEFAULT_TEXTS[t.key];
      if (core) expect({ id: t.id, en: t.en }, t.key).toEqual(core);
    }
    // The seed file writes no body for a core key (withBody refuses one), so the two cannot drift apart.
    const source = readFileSync(fileURLToPath(new URL('./message-templates.ts', import.meta.url)), 'utf8');
    for (const body of Object.values(DEFAULT_TEXTS).flatMap((t) => [t.id, t.en])) {
      const literal = `'${body.replaceAll('\n', '\\n').replaceAll("'", "\\'")}'`;
      expect(source.includes(literal), literal).toBe(false);
    }
    expect(TEMPLATES.filter((t) => !DEFAULT_TEXTS[t.key]).map((t) => t.key)).toContain('notify.resolved');
  });

  it('has each key once', () => {
    const keys = TEMPLATES.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
