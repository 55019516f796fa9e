import { citizenNoticeKey, formatDay, reasonText, type CitizenNoticeKey, type KanalEvent } from './notifications.ts';

// Which notice a reporter gets for an event about their report, and what it
// says: the decision the n8n operation "Prepare Citizen Notice" makes after
// loading the report (workflows/nodes/.../notice-citizen.ts only reads and sends).

/** What the operation loads about the report (nested fields come from Directus relations). */
export interface CitizenNoticeView {
  ticket: string | null;
  status_reason: string | null;
  status_note: string | null;
  respond_due: string | null;
  reporter: { wa_id: string | null; locale: string | null; blocked: boolean | null; display_name: string | null } | null;
  assigned_agency: { name: string | null; short_name: string | null } | null;
  duplicate_of: { ticket: string | null } | null;
  /** The posted update, for `complaint.update_posted`. */
  update?: { body: string | null; public: boolean | null; kind: string | null; agency: { name: string | null } | null } | null;
}

/** Why nothing is sent: the event is internal, nobody to tell, the reporter is blocked, or the update is not for the public. */
export type NoNoticeReason = 'not_for_citizen' | 'no_reporter' | 'blocked' | 'not_public';

export type CitizenNotice =
  | { send: false; reason: NoNoticeReason }
  | {
      send: true;
      to: string;
      key: CitizenNoticeKey;
      locale: 'id' | 'en';
      /** The template's variables (seeds/data/message-templates.ts). */
      vars: Record<string, string>;
      /** 'satisfaction': sent as a list of ratings (WhatsApp reply buttons allow only 3). */
      interactive: 'satisfaction' | null;
      /** The officer's photos follow the text (a public follow-up). */
      withPhotos: boolean;
    };

/** The reporter's language; anything but English reads Indonesian. */
const noticeLocale = (v: unknown): 'id' | 'en' => (v === 'en' ? 'en' : 'id');

/** Whether and what to tell the reporter about `event`; due dates in `timezone`. */
export function citizenNotice(event: KanalEvent, view: CitizenNoticeView, timezone: string): CitizenNotice {
  const key = citizenNoticeKey(event, view.status_reason);
  if (!key) return { send: false, reason: 'not_for_citizen' };
  const to = view.reporter?.wa_id;
  if (!to) return { send: false, reason: 'no_reporter' };
  if (view.reporter?.blocked) return { send: false, reason: 'blocked' };
  const publicFollowUp = view.update?.kind === 'follow_up' && !!view.update.public;
  if (key === 'notify.follow_up' && !publicFollowUp) return { send: false, reason: 'not_public' };
  const locale = noticeLocale(view.reporter?.locale);
  const vars: Record<string, string> = {
    ticket: view.ticket ?? event.ticket ?? '',
    agency: view.update?.agency?.name ?? view.assigned_agency?.name ?? '',
    due: formatDay(view.respond_due, timezone, locale),
    body: (key === 'notify.follow_up' ? view.update?.body : view.status_note) ?? '',
    reason: view.status_note || reasonText(view.status_reason, locale),
    original_ticket: view.duplicate_of?.ticket ?? '',
    name: view.reporter?.display_name ?? '',
  };
  return {
    send: true,
    to,
    key,
    locale,
    vars,
    interactive: key === 'notify.resolved' ? 'satisfaction' : null,
    withPhotos: event.event === 'complaint.update_posted' && event.update_id !== undefined && publicFollowUp,
  };
}
