import { renderTemplate, pickTemplate } from '../templates.ts';
import type { MessageTemplate } from '../model.ts';
import { WA_TEXT_MAX } from '../whatsapp/outbound.ts';
import type { Audience, Digest, Reminder, ReminderStage } from './types.ts';

export const DIGEST_TEMPLATE: Record<Audience, string> = {
  verifikator: 'reminder.verifikator_digest',
  agency_officers: 'reminder.officer_digest',
  agency_head: 'reminder.head_digest',
  pimpinan: 'reminder.pimpinan_digest',
};

const STAGE_LABEL: Record<ReminderStage, { id: string; en: string }> = {
  verify: { id: 'verifikasi', en: 'verification' },
  respond: { id: 'tanggapan', en: 'response' },
  resolve: { id: 'penyelesaian', en: 'resolution' },
};

const AUDIENCE_LABEL: Record<Audience, string> = {
  verifikator: 'verifikator',
  agency_officers: 'petugas instansi',
  agency_head: 'kepala instansi',
  pimpinan: 'pimpinan',
};

export interface DigestTextOptions {
  templates: MessageTemplate[];
  timezone: string;
  /** Directus view listing these reports (e.g. the overdue bookmark); shown as a link. */
  url?: string | null;
}

function formatDue(iso: string, timezone: string, locale: 'id' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: timezone,
  }).format(new Date(iso));
}

/** The WhatsApp text of one digest, from the audience's `reminder.*_digest` template. */
export function digestText(digest: Digest, opts: DigestTextOptions): { key: string; text: string } {
  return { key: DIGEST_TEMPLATE[digest.audience], text: digestRenderer(digest, opts)(0, digest.entries.length) };
}

/** One WhatsApp message of a digest: the entries it lists, its text, and where it stands among the parts. */
export interface DigestPart {
  digest: Digest;
  text: string;
  part: number;
  parts: number;
}

/**
 * A digest as WhatsApp messages that each fit Meta's text limit. A long one (a
 * Bupati told about a hundred late reports at once) is cut between entries into
 * parts, each its own digest of the entries it lists, so each is sent and
 * recorded on its own and none is lost to a refused oversize send. Every part
 * keeps the whole digest's count and per-agency summary and starts with
 * "(k/n)". One entry too long for a message alone (an admin's template) is
 * cut at the limit.
 */
export function digestParts(digest: Digest, opts: DigestTextOptions, max = WA_TEXT_MAX): DigestPart[] {
  const render = digestRenderer(digest, opts);
  const n = digest.entries.length;
  const whole = render(0, n);
  if (whole.length <= max) return [{ digest, text: whole, part: 1, parts: 1 }];
  // Room for the "(k/n) " prefix, whatever n turns out to be.
  const room = max - `(${n}/${n}) `.length;
  const ranges: [number, number][] = [];
  let from = 0;
  for (let to = 1; to <= n; to++) {
    if (to - from > 1 && render(from, to).length > room) {
      ranges.push([from, to - 1]);
      from = to - 1;
    }
  }
  ranges.push([from, n]);
  return ranges.map(([a, b], i) => {
    const text = `(${i + 1}/${ranges.length}) ${render(a, b)}`;
    return {
      digest: { ...digest, entries: digest.entries.slice(a, b) },
      text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
      part: i + 1,
      parts: ranges.length,
    };
  });
}

/**
 * Renders the audience's template listing the entries `from` to `to`; the
 * count and the per-agency summary are always the whole digest's. The entries'
 * words (dates in the reader's locale) are worked out once.
 */
function digestRenderer(digest: Digest, opts: DigestTextOptions): (from: number, to: number) => string {
  const locale = digest.person.locale;
  const tpl = pickTemplate(opts.templates, DIGEST_TEMPLATE[digest.audience], locale);
  const items = digest.entries.map((e) => ({
    ticket: e.ticket,
    due: formatDue(e.due_at, opts.timezone, locale),
    overdue: e.overdue,
    days_late: e.days_late,
    stage: STAGE_LABEL[e.stage][locale],
    agency: e.agency_name ?? e.agency ?? '',
  }));
  const perAgency = new Map<string, number>();
  for (const i of items) perAgency.set(i.agency, (perAgency.get(i.agency) ?? 0) + 1);
  const agencies = [...perAgency].map(([agency, count]) => ({ agency, count }));
  return (from, to) =>
    renderTemplate(tpl.body, {
      name: digest.person.name,
      agency: items[0]?.agency ?? '',
      count: items.length,
      items: items.slice(from, to),
      agencies,
      url: opts.url ?? null,
    });
}

/** The internal history line on the report (complaint_updates kind reminder). */
export function reminderHistoryText(r: Pick<Reminder, 'stage' | 'notify' | 'overdue' | 'days_late' | 'recipients'>): string {
  const who = r.recipients.map((p) => p.name).join(', ');
  const when = r.overdue ? `terlambat ${r.days_late} hari kerja` : 'sebelum batas waktu';
  const what = r.notify === 'agency_head' || r.notify === 'pimpinan' ? 'Eskalasi' : 'Pengingat';
  return `${what} batas ${STAGE_LABEL[r.stage].id} ke ${AUDIENCE_LABEL[r.notify]}${who ? ` (${who})` : ''}, ${when}.`;
}
