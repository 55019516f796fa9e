import Handlebars from 'handlebars';
import { DomainError } from './errors.ts';
import type { MessageTemplate } from './model.ts';

// Every bot text lives in `message_templates` (admins edit them in Directus).
// WhatsApp is plain text, so HTML escaping is off: "Jl. A & B" must stay as is.
const hb = Handlebars.create();

// {{tanggal due_at "Asia/Jakarta"}} -> "25 November 2026"; {{jam due_at "Asia/Jakarta"}} -> "23.59".
hb.registerHelper('tanggal', (value: unknown, tz: unknown) =>
  formatLocal(value, typeof tz === 'string' ? tz : 'Asia/Jakarta', { day: 'numeric', month: 'long', year: 'numeric' }),
);
hb.registerHelper('jam', (value: unknown, tz: unknown) =>
  formatLocal(value, typeof tz === 'string' ? tz : 'Asia/Jakarta', { hour: '2-digit', minute: '2-digit' }),
);
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);

function formatLocal(value: unknown, timeZone: string, opts: Intl.DateTimeFormatOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat('id-ID', { ...opts, timeZone }).format(d);
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function renderTemplate(body: string, vars: Record<string, unknown>): string {
  let compiled = cache.get(body);
  try {
    if (!compiled) {
      compiled = hb.compile(body, { noEscape: true });
      if (cache.size > 500) cache.clear();
      cache.set(body, compiled);
    }
    return compiled(vars);
  } catch (err) {
    cache.delete(body);
    throw new DomainError('TEMPLATE.INVALID', `Templat pesan tidak valid: ${(err as Error).message}`, {
      cause: (err as Error).message,
    });
  }
}

/** The template for `key` in `locale`, falling back to Indonesian. */
export function pickTemplate(templates: MessageTemplate[], key: string, locale: 'id' | 'en'): MessageTemplate {
  const found =
    templates.find((t) => t.key === key && t.locale === locale) ?? templates.find((t) => t.key === key && t.locale === 'id');
  if (!found) {
    throw new DomainError('TEMPLATE.MISSING', `Templat pesan «${key}» belum tersedia.`, { key, locale });
  }
  return found;
}
