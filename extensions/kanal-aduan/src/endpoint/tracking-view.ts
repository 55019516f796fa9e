import { isJoinedDuplicate, STATUS_LABELS, statusKind, type Status } from '@kanal-aduan/core';
import { z } from 'zod';

/** The complaint fields the tracking route reads (with related names expanded). */
export const TrackedComplaint = z.object({
  id: z.union([z.number(), z.string()]),
  ticket: z.string(),
  type: z.string().nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  address: z.string().nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  confidential: z.union([z.boolean(), z.number()]).nullish(),
  status: z.string(),
  category: z.object({ name: z.string().nullish(), name_en: z.string().nullish() }).nullish(),
  region: z.object({ code: z.string(), name: z.string().nullish(), level: z.string().nullish() }).nullish(),
  assigned_agency: z.object({ name: z.string().nullish(), short_name: z.string().nullish(), kind: z.string().nullish() }).nullish(),
  received_at: z.string().nullish(),
  verified_at: z.string().nullish(),
  dispositioned_at: z.string().nullish(),
  first_response_at: z.string().nullish(),
  resolved_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  status_reason: z.string().nullish(),
  duplicate_of: z.object({ ticket: z.string().nullish(), status: z.string().nullish() }).nullish(),
});
export type TrackedComplaint = z.infer<typeof TrackedComplaint>;

export const PublicFollowUp = z.object({ body: z.string().nullish(), date_created: z.string().nullish() });
export type PublicFollowUp = z.infer<typeof PublicFollowUp>;

export type Locale = 'id' | 'en';

/** Names of the kinds of office (agencies.kind), as the schema's choices read. */
const OFFICE_KIND_LABELS: Record<string, { id: string; en: string }> = {
  opd: { id: 'OPD (dinas/badan)', en: 'Agency' },
  kecamatan: { id: 'Kantor kecamatan', en: 'District office' },
  kelurahan: { id: 'Kantor kelurahan', en: 'Urban village office' },
  desa: { id: 'Pemerintah desa', en: 'Village government' },
};

/**
 * What anyone who only knows a ticket number sees: its status and the kind of
 * office handling it (of a confidential report the status alone). Tickets are sequential, so this is what walking them
 * yields: no category, place, agency, dates, text or follow-up.
 */
export type PublicStatusView = {
  ticket: string;
  status: { code: string; label: string; kind: 'open' | 'fixed' | 'closed' };
  office: { kind: string; label: string } | null;
  /** False: the detail needs the tracking code sent to the reporter on WhatsApp. */
  detail: false;
};

export function publicStatusView(complaint: TrackedComplaint, locale: Locale): PublicStatusView {
  // A confidential report shows its status alone, not even the kind of office.
  const confidential = complaint.confidential === true || complaint.confidential === 1;
  const kind = confidential ? null : (complaint.assigned_agency?.kind ?? null);
  const label = kind ? OFFICE_KIND_LABELS[kind] : undefined;
  return {
    ticket: complaint.ticket,
    status: statusOf(complaint, locale),
    office: kind && label ? { kind, label: label[locale] } : null,
    detail: false,
  };
}

function statusOf(complaint: { status: string }, locale: Locale): PublicStatusView['status'] {
  const status = complaint.status as Status;
  const labels = STATUS_LABELS[status];
  return { code: status, label: labels ? labels[locale] : status, kind: labels ? statusKind(status) : 'open' };
}

/** What the holder of the ticket and its tracking code sees. Built by whitelisting, never by deleting fields. */
export type TrackingView = {
  ticket: string;
  detail: true;
  status: { code: string; label: string; kind: 'open' | 'fixed' | 'closed' };
  type: string | null;
  category: string | null;
  kecamatan: string | null;
  agency: string | null;
  dates: {
    received_at: string | null;
    verified_at: string | null;
    dispositioned_at: string | null;
    first_response_at: string | null;
    resolved_at: string | null;
    closed_at: string | null;
  };
  last_follow_up: { body: string; date: string | null } | null;
  confidential: boolean;
  /** Absent for confidential reports. */
  report?: {
    title: string | null;
    description: string | null;
    address: string | null;
    location: { latitude: number; longitude: number } | null;
  };
};

/**
 * Kemendagri codes nest by dots (16.02 kabupaten, 16.02.01 kecamatan,
 * 16.02.01.2001 desa/kelurahan), so the kecamatan of any region below it is
 * its first three segments.
 */
export function kecamatanCode(regionCode: string | null | undefined): string | null {
  if (!regionCode) return null;
  const parts = regionCode.split('.');
  return parts.length >= 3 ? parts.slice(0, 3).join('.') : null;
}

/**
 * Ticket tracking view for the citizen (who gave the tracking code). Never the reporter; for a confidential report
 * also nothing of what was reported or where (description, address,
 * coordinates), only its progress.
 */
export function trackingView(
  complaint: TrackedComplaint,
  kecamatanName: string | null,
  lastFollowUp: PublicFollowUp | null,
  locale: Locale,
): TrackingView {
  const confidential = complaint.confidential === true || complaint.confidential === 1;
  const category = locale === 'en' ? complaint.category?.name_en || complaint.category?.name : complaint.category?.name;

  const view: TrackingView = {
    ticket: complaint.ticket,
    detail: true,
    status: statusOf(complaint, locale),
    type: complaint.type ?? null,
    category: category ?? null,
    kecamatan: kecamatanName,
    agency: complaint.assigned_agency?.name ?? null,
    dates: {
      received_at: complaint.received_at ?? null,
      verified_at: complaint.verified_at ?? null,
      dispositioned_at: complaint.dispositioned_at ?? null,
      first_response_at: complaint.first_response_at ?? null,
      resolved_at: complaint.resolved_at ?? null,
      closed_at: complaint.closed_at ?? null,
    },
    last_follow_up: lastFollowUp?.body ? { body: lastFollowUp.body, date: lastFollowUp.date_created ?? null } : null,
    confidential,
  };
  if (!confidential) {
    const hasPoint = typeof complaint.latitude === 'number' && typeof complaint.longitude === 'number';
    view.report = {
      title: complaint.title ?? null,
      description: complaint.description ?? null,
      address: complaint.address ?? null,
      location: hasPoint ? { latitude: complaint.latitude as number, longitude: complaint.longitude as number } : null,
    };
  }
  return view;
}

/** A public update as the tracking page reads it (complaint_updates public, of core PUBLIC_UPDATE_KINDS: follow-ups and «Pesan pimpinan»). */
export const TimelineFollowUp = z.object({
  id: z.union([z.number(), z.string()]),
  kind: z.string().nullish(),
  body: z.string().nullish(),
  date_created: z.string().nullish(),
  agency: z.object({ name: z.string().nullish() }).nullish(),
});
export type TimelineFollowUp = z.infer<typeof TimelineFollowUp>;

/** A photo on a follow-up (complaint_media with its file's cleaning mark). */
export const TimelinePhoto = z.object({
  id: z.union([z.number(), z.string()]),
  update: z.union([z.number(), z.string()]).nullish(),
  caption: z.string().nullish(),
  file: z.object({ id: z.string(), type: z.string().nullish(), metadata_cleaned: z.union([z.boolean(), z.number()]).nullish() }).nullish(),
});
export type TimelinePhoto = z.infer<typeof TimelinePhoto>;

/** Image types a browser shows and the file hook cleans; anything else is not offered publicly. */
const PUBLIC_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Whether a photo may be shown on the public page: an image whose metadata the
 * bundle's file hook stripped (the same mark agencies' read rule requires), on
 * one of the public follow-ups shown. Citizens' own photos hang on no follow-up.
 */
export function isPublicPhoto(photo: TimelinePhoto, followUpIds: ReadonlySet<string>): boolean {
  const file = photo.file;
  if (!file || !(file.metadata_cleaned === true || file.metadata_cleaned === 1)) return false;
  if (!file.type || !PUBLIC_IMAGE_TYPES.has(file.type)) return false;
  return photo.update !== null && photo.update !== undefined && followUpIds.has(String(photo.update));
}

export type TimelineEntry = {
  date: string | null;
  kind: 'stage' | 'follow_up';
  label: string;
  body: string | null;
  agency: string | null;
  photos: Array<{ id: string; caption: string | null }>;
};

/** The report a joined one follows ("Gabungkan"): its ticket and status, as anyone may look them up. */
export type JoinedTo = { ticket: string; status: PublicStatusView['status'] };

/**
 * The tracking page's view for the holder of the code: the JSON tracker's view plus the public timeline
 * (or the status alone for a confidential report), and the report it follows when it was joined into another.
 */
export type TrackingPageView = ((TrackingView & { timeline: TimelineEntry[] }) | PublicStatusView) & { joined_to?: JoinedTo | null };

/** For the holder of the code: the report this one was joined into, whose news they now receive. */
export function joinedTo(complaint: TrackedComplaint, locale: Locale): JoinedTo | null {
  const original = complaint.duplicate_of;
  if (!isJoinedDuplicate(complaint.status, complaint.status_reason) || !original?.ticket || !original.status) return null;
  return { ticket: original.ticket, status: statusOf({ status: original.status }, locale) };
}

const STAGES: Array<{ field: keyof TrackingView['dates']; label: (l: Locale) => string }> = [
  { field: 'received_at', label: (l) => STATUS_LABELS.received[l] },
  { field: 'verified_at', label: (l) => STATUS_LABELS.verified[l] },
  { field: 'dispositioned_at', label: (l) => STATUS_LABELS.dispositioned[l] },
  { field: 'first_response_at', label: (l) => (l === 'en' ? 'First response from the office' : 'Tanggapan pertama dari instansi') },
  { field: 'resolved_at', label: (l) => STATUS_LABELS.resolved[l] },
  { field: 'closed_at', label: (l) => STATUS_LABELS.closed[l] },
];

/**
 * What the public tracking page shows. Without the code: the status (the
 * JSON tracker's `publicStatusView`). With it: the JSON tracker's detail plus a
 * timeline of the stages reached and the public follow-ups with their cleaned
 * photos, newest first. A confidential report shows only its status even with
 * the code: the page may be opened on a shared phone, and the reporter asked
 * for secrecy.
 */
export function trackingPageView(
  complaint: TrackedComplaint,
  proven: boolean,
  detail: { kecamatan: string | null; followUps: TimelineFollowUp[]; photos: TimelinePhoto[] } | null,
  locale: Locale,
): TrackingPageView {
  const confidential = complaint.confidential === true || complaint.confidential === 1;
  if (!proven) return publicStatusView(complaint, locale);
  if (confidential || !detail) return { ...publicStatusView(complaint, locale), joined_to: joinedTo(complaint, locale) };
  const latest = detail.followUps[0] ?? null;
  const view = trackingView(complaint, detail.kecamatan, latest ? { body: latest.body, date_created: latest.date_created } : null, locale);
  const ids = new Set(detail.followUps.map((u) => String(u.id)));
  const photosOf = new Map<string, Array<{ id: string; caption: string | null }>>();
  for (const p of detail.photos) {
    if (!isPublicPhoto(p, ids)) continue;
    const list = photosOf.get(String(p.update)) ?? [];
    list.push({ id: String(p.id), caption: p.caption ?? null });
    photosOf.set(String(p.update), list);
  }
  const entries: TimelineEntry[] = [];
  for (const stage of STAGES) {
    const date = view.dates[stage.field];
    if (date) entries.push({ date, kind: 'stage', label: stage.label(locale), body: null, agency: null, photos: [] });
  }
  for (const u of detail.followUps) {
    if (!u.body && !photosOf.has(String(u.id))) continue;
    const leader = u.kind === 'leader_message';
    entries.push({
      date: u.date_created ?? null,
      kind: 'follow_up',
      label: leader ? (locale === 'en' ? 'Message from the regional head' : 'Pesan pimpinan') : locale === 'en' ? 'Follow-up' : 'Tindak lanjut',
      body: u.body ?? null,
      agency: leader ? null : (u.agency?.name ?? null),
      photos: photosOf.get(String(u.id)) ?? [],
    });
  }
  // Newest first; a stage and a follow-up at the same instant keep the stage below.
  const at = (e: TimelineEntry) => (e.date ? Date.parse(e.date) : 0);
  entries.sort((a, b) => at(b) - at(a) || (a.kind === b.kind ? 0 : a.kind === 'follow_up' ? -1 : 1));
  return { ...view, timeline: entries, joined_to: joinedTo(complaint, locale) };
}
