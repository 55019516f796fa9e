import { deskChannelPhrase, isDeskChannel } from './desk-report.ts';
import { DomainError } from './errors.ts';
import { LEADER_MESSAGE_MAX, PUBLIC_UPDATE_KINDS } from './model.ts';
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
  /** The door the report came through (`complaints.channel`): a web or desk (phone, walk-in) report's reporter gets its ticket on WhatsApp. */
  channel?: string | null;
  /** The reporter's tracking code, read only for a web or desk report's first notice (the chat's reply carries it already). */
  tracking_code?: string | null;
  /** The posted update, for `complaint.update_posted`. */
  update?: {
    body: string | null; public: boolean | null; kind: string | null; agency: { name: string | null } | null;
    /** Who wrote it: a Pimpinan's message is signed with the author's title (e.g. "Bupati Ogan Komering Ilir"), else their name. */
    author?: { first_name: string | null; last_name: string | null; title: string | null } | null;
  } | null;
}

/** Why nothing is sent: the event is internal, nobody to tell, the reporter is blocked, or the update is not for the public. */
export type NoNoticeReason = 'not_for_citizen' | 'no_reporter' | 'blocked' | 'not_public';

/** A citizen whose report was joined into this one ("Gabungkan"): they follow it. */
export type Follower = { ticket: string | null; reporter: CitizenNoticeView['reporter'] };

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
  const leader = view.update?.kind === 'leader_message';
  const key = leader && event.event === 'complaint.update_posted' ? 'notify.leader_message' : citizenNoticeKey(event, view.status_reason, view.channel);
  if (!key) return { send: false, reason: 'not_for_citizen' };
  const to = view.reporter?.wa_id;
  if (!to) return { send: false, reason: 'no_reporter' };
  if (view.reporter?.blocked) return { send: false, reason: 'blocked' };
  const posted = key === 'notify.follow_up' || key === 'notify.leader_message';
  const publicFollowUp = PUBLIC_UPDATE_KINDS.some((k) => k === view.update?.kind) && !!view.update?.public;
  if (posted && !publicFollowUp) return { send: false, reason: 'not_public' };
  const locale = noticeLocale(view.reporter?.locale);
  const vars: Record<string, string> = {
    ticket: view.ticket ?? event.ticket ?? '',
    agency: (leader ? null : view.update?.agency?.name) ?? view.assigned_agency?.name ?? '',
    due: formatDay(view.respond_due, timezone, locale),
    body: (posted ? view.update?.body : view.status_note) ?? '',
    reason: view.status_note || reasonText(view.status_reason, locale),
    original_ticket: view.duplicate_of?.ticket ?? '',
    name: view.reporter?.display_name ?? '',
    ...(leader ? { leader: leaderSignature(view.update?.author) } : {}),
    ...(key === 'notify.web_received' || key === 'notify.desk_received' ? { tracking_code: view.tracking_code ?? '' } : {}),
    // "lewat telepon" / "dengan datang langsung ke kantor layanan": the desk's notice says how the report reached us.
    ...(key === 'notify.desk_received' && isDeskChannel(view.channel) ? { via: deskChannelPhrase(view.channel, locale) } : {}),
  };
  return {
    send: true,
    to,
    key,
    locale,
    vars,
    interactive: key === 'notify.resolved' ? 'satisfaction' : null,
    withPhotos: event.event === 'complaint.update_posted' && event.update_id !== undefined && publicFollowUp && !leader,
  };
}

/**
 * The text of a «Pesan pimpinan» as it will reach the citizen (trimmed), or
 * the reason it cannot be sent: an empty one would send only its label, and
 * one over LEADER_MESSAGE_MAX would not fit one WhatsApp message with its label.
 */
export function leaderMessageBody(body: unknown): string {
  const text = typeof body === 'string' ? body.trim() : '';
  if (!text) throw new DomainError('UPDATE.EMPTY_MESSAGE', 'Pesan pimpinan masih kosong: tulis isi pesan untuk pelapor.');
  if (text.length > LEADER_MESSAGE_MAX) {
    throw new DomainError(
      'UPDATE.MESSAGE_TOO_LONG',
      `Pesan pimpinan terlalu panjang (${text.length} karakter; paling banyak ${LEADER_MESSAGE_MAX}): persingkat agar muat dalam satu pesan WhatsApp.`,
    );
  }
  return text;
}

/** How a Pimpinan's message is signed: the author's title ("Bupati Ogan Komering Ilir"), else their name, else nothing (the template's label still says who). */
export function leaderSignature(author: { first_name: string | null; last_name: string | null; title: string | null } | null | undefined): string {
  const title = author?.title?.trim();
  if (title) return title;
  return [author?.first_name, author?.last_name].map((s) => s?.trim()).filter(Boolean).join(' ');
}

/**
 * What the citizens who follow a report (their own reports were joined into it
 * as duplicates) get about an event of that report: the same news as its
 * reporter, about its ticket, but never what only the reporter can answer (a
 * request for information), and the resolution without the satisfaction
 * question (the rating belongs to the reporter; a follower who finds the
 * problem not fixed sends a new report). One notice per WhatsApp number, none
 * to the reporter again (a citizen may have joined their own second report).
 */
export function followerNotices(event: KanalEvent, view: CitizenNoticeView, followers: readonly Follower[], timezone: string): CitizenNotice[] {
  const seen = new Set<string>(view.reporter?.wa_id ? [view.reporter.wa_id] : []);
  const out: CitizenNotice[] = [];
  for (const f of followers) {
    const notice = citizenNotice(event, { ...view, reporter: f.reporter }, timezone);
    if (!notice.send || seen.has(notice.to) || !FOR_FOLLOWERS.has(notice.key)) continue;
    seen.add(notice.to);
    out.push(
      notice.key === 'notify.resolved'
        ? { ...notice, key: 'notify.follower_resolved', vars: { ...notice.vars, own_ticket: f.ticket ?? '' }, interactive: null }
        : { ...notice, vars: { ...notice.vars, own_ticket: f.ticket ?? '' } },
    );
  }
  return out;
}

/** Notices about the original that concern its followers too (needs_info asks the reporter alone). */
const FOR_FOLLOWERS: ReadonlySet<CitizenNoticeKey> = new Set<CitizenNoticeKey>([
  'notify.verified', 'notify.rejected', 'notify.dispositioned', 'notify.follow_up', 'notify.leader_message', 'notify.resolved', 'notify.reopened', 'notify.closed',
]);

