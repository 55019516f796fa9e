import { z } from 'zod';
import { TEMPLATE_PARAMETER_MAX, templateParameterText, templateParameterTexts } from './whatsapp/template-parameter.ts';
import { isReturn, STATUSES, STATUS_REASON_LABELS, type Status, type StatusReason } from './statuses.ts';
import { isDeskChannel } from './desk-report.ts';
import { WEB_CHANNEL } from './web-report.ts';

// What the citizen and officers hear about a report, decided from the signed
// event the Directus hook sends (extensions/kanal-aduan/src/shared/events.ts).
// The n8n operations load the report and do the sending; the choice of text
// and its variables is domain, so it lives here.

const StatusEnum = z.enum(STATUSES);

/** The events Directus sends n8n about a report. */
export const KanalEventName = z.enum(['complaint.created', 'complaint.verified', 'complaint.status_changed', 'complaint.update_posted']);
export type KanalEventName = z.infer<typeof KanalEventName>;

/**
 * Moves the citizen does not need to hear about: an OPD handing a report back
 * ("bukan wewenang") is internal until the verifikator dispositions it again.
 * The move's history row is public exactly when this holds.
 */
export function isCitizenFacing(from: Status | null, to: Status): boolean {
  return !isReturn(from, to);
}

/**
 * The event a move is announced as. complaint.verified starts routing in n8n,
 * so only a first verification is one; a report an OPD handed back waits for
 * the verifikator's own disposition and is announced as a plain status change.
 */
export function moveEventName(from: Status | null, to: Status): KanalEventName {
  if (from === null) return 'complaint.created';
  return to === 'verified' && isCitizenFacing(from, to) ? 'complaint.verified' : 'complaint.status_changed';
}

/** Body of the signed `kanal-aduan-events` webhook (X-Kanal-Signature over the raw body). */
export const KanalEvent = z.object({
  /** Once-only id from Directus's event outbox (`<transition>:<complaint>`, `update:<id>`): n8n drops a second delivery. */
  id: z.string().min(1).max(120).optional(),
  event: KanalEventName,
  complaint_id: z.union([z.number().int(), z.string().min(1)]),
  ticket: z.string().nullable(),
  status_from: StatusEnum.nullable(),
  status_to: StatusEnum.nullable(),
  at: z.string(),
  update_id: z.union([z.number().int(), z.string().min(1)]).optional(),
});
export type KanalEvent = z.infer<typeof KanalEvent>;

/** The `message_templates` keys of citizen notifications (seeds/data/message-templates.ts). */
export type CitizenNoticeKey =
  | 'notify.web_received'
  | 'notify.desk_received'
  | 'notify.needs_info'
  | 'notify.verified'
  | 'notify.rejected'
  | 'notify.duplicate'
  | 'notify.dispositioned'
  | 'notify.follow_up'
  | 'notify.leader_message'
  | 'notify.resolved'
  | 'notify.follower_resolved'
  | 'notify.reopened'
  | 'notify.closed';

/**
 * Which text the reporter gets for an event, or null when the event is not
 * for them: a new report (the chat already answered with the ticket; a report
 * from the web form, or one the desk recorded from a phone call or a visit,
 * gets its ticket on WhatsApp too, when a number was given),
 * an OPD's return (internal until re-routed), an officer accepting (the
 * disposition told them who handles it), the citizen's own answer to needs_info.
 */
export function citizenNoticeKey(event: Pick<KanalEvent, 'event' | 'status_from' | 'status_to'>, statusReason?: string | null, channel?: string | null): CitizenNoticeKey | null {
  if (event.event === 'complaint.update_posted') return 'notify.follow_up';
  if (event.event === 'complaint.created') {
    if (channel === WEB_CHANNEL) return 'notify.web_received';
    return isDeskChannel(channel) ? 'notify.desk_received' : null;
  }
  const from = event.status_from;
  switch (event.status_to) {
    case 'needs_info':
      return 'notify.needs_info';
    case 'verified':
      return from === 'received' || from === 'needs_info' ? 'notify.verified' : null;
    case 'rejected':
      return statusReason === 'duplicate' ? 'notify.duplicate' : 'notify.rejected';
    case 'dispositioned':
      return 'notify.dispositioned';
    case 'in_progress':
      return from === 'resolved' ? 'notify.reopened' : null;
    case 'resolved':
      return 'notify.resolved';
    case 'closed':
      // A citizen who rated it has just been thanked (satisfaction.ts); no second message.
      return statusReason === 'citizen_confirmed' ? null : 'notify.closed';
    default:
      return null;
  }
}

/** Whether the officers of the assigned agency get a WhatsApp notice (a new disposition, or a reopen by the citizen). */
export function officerNoticeKey(event: Pick<KanalEvent, 'event' | 'status_from' | 'status_to'>): 'officer.disposition' | 'officer.reopened' | null {
  if (event.event !== 'complaint.status_changed') return null;
  if (event.status_to === 'dispositioned') return 'officer.disposition';
  if (event.status_to === 'in_progress' && event.status_from === 'resolved') return 'officer.reopened';
  return null;
}

/**
 * The sentence added to a follow-up notice that has to go as the approved
 * template (the citizen has not written in 24 hours): Meta accepts no photo
 * outside the window, so the citizen is told how many there are and why they
 * do not come, instead of a promise nobody keeps. The officer learns the same
 * from an internal note (workflows/flows/README.md).
 */
export function followUpPhotosHeldNote(count: number, locale: 'id' | 'en' = 'id'): string {
  if (!Number.isInteger(count) || count <= 0) return '';
  if (locale === 'en') {
    const photos = count === 1 ? '1 photo' : `${count} photos`;
    return `The officer also attached ${photos}. WhatsApp does not let us send photos because you have not written to this number in the last 24 hours.`;
  }
  return `Petugas juga melampirkan ${count} foto. WhatsApp tidak mengizinkan kami mengirim foto karena Anda belum mengirim pesan ke nomor ini dalam 24 jam terakhir.`;
}

/**
 * The notice text as the template's one-line parameter with the photo note
 * kept whole at its end: a long follow-up is shortened, never the note.
 */
export function withPhotosHeldNote(text: string, count: number, locale: 'id' | 'en' = 'id'): string {
  const note = followUpPhotosHeldNote(count, locale);
  if (!note) return text;
  const room = TEMPLATE_PARAMETER_MAX - Array.from(note).length - 3;
  const chars = Array.from(templateParameterText(text));
  const head = chars.length <= room ? chars.join('') : `${chars.slice(0, room - 1).join('')}…`;
  return `${head} · ${note}`;
}

/** Indonesian (or English) long date in the kabupaten's zone: "Senin, 9 November 2026". */
export function formatDay(iso: string | null | undefined, timezone: string, locale: 'id' | 'en' = 'id'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: timezone,
  }).format(d);
}

/** The place line of a notice: address, else the region name, else a dash. */
export function placeText(address: string | null | undefined, regionName: string | null | undefined): string {
  const parts = [address?.trim(), regionName?.trim()].filter((p): p is string => !!p);
  return parts.length ? [...new Set(parts)].join(', ') : '-';
}

export function reasonText(reason: string | null | undefined, locale: 'id' | 'en' = 'id'): string {
  const label = reason ? STATUS_REASON_LABELS[reason as StatusReason] : undefined;
  return label ? label[locale] : '';
}

/**
 * Body parameters for the approved template sent outside the 24-hour window
 * (Meta refuses free text there, error 131047). Our citizen templates take the
 * ticket as {{1}} and the whole notice on one line as {{2}}
 * (templateParameterText: no new lines, no runs of spaces, <= 1024 characters).
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages#template-object
 */
export function templateParameters(ticket: string | null, text: string): string[] {
  return templateParameterTexts([ticket ?? '-', text]);
}

/**
 * Texts whose approved template takes named variables instead of
 * [ticket, whole text]: the variable behind {{1}}, {{2}}, … in order. Whoever
 * registers the template with Meta copies this order (the seed writes it into
 * the row's description).
 */
export const WA_TEMPLATE_BODY_VARS: Readonly<Record<string, readonly string[]>> = {
  'officer.disposition': ['ticket', 'category', 'place', 'due'],
  'officer.reopened': ['ticket', 'category', 'place'],
  'reminder.verifikator_digest': ['name', 'count'],
  'reminder.officer_digest': ['name', 'count'],
  'reminder.head_digest': ['name', 'count'],
  'reminder.pimpinan_digest': ['name', 'count'],
};

/** Body parameters of the approved template for text `key` rendered as `text` from `vars`. */
export function noticeTemplateParameters(key: string, vars: Readonly<Record<string, unknown>>, text: string): string[] {
  const names = WA_TEMPLATE_BODY_VARS[key];
  if (!names) return templateParameters(typeof vars['ticket'] === 'string' ? vars['ticket'] : null, text);
  return templateParameterTexts(names.map((n) => vars[n]));
}

export type { Status };
