import { renderTemplate, pickTemplate } from '../templates.ts';
import type { MessageTemplate } from '../model.ts';
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
  const locale = digest.person.locale;
  const key = DIGEST_TEMPLATE[digest.audience];
  const tpl = pickTemplate(opts.templates, key, locale);
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
  const text = renderTemplate(tpl.body, {
    name: digest.person.name,
    agency: items[0]?.agency ?? '',
    count: items.length,
    items,
    agencies: [...perAgency].map(([agency, count]) => ({ agency, count })),
    url: opts.url ?? null,
  });
  return { key, text };
}

/** The internal history line on the report (complaint_updates kind reminder). */
export function reminderHistoryText(r: Pick<Reminder, 'stage' | 'notify' | 'overdue' | 'days_late' | 'recipients'>): string {
  const who = r.recipients.map((p) => p.name).join(', ');
  const when = r.overdue ? `terlambat ${r.days_late} hari kerja` : 'sebelum batas waktu';
  const what = r.notify === 'agency_head' || r.notify === 'pimpinan' ? 'Eskalasi' : 'Pengingat';
  return `${what} batas ${STAGE_LABEL[r.stage].id} ke ${AUDIENCE_LABEL[r.notify]}${who ? ` (${who})` : ''}, ${when}.`;
}
