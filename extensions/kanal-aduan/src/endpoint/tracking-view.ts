import { STATUS_LABELS, statusKind, type Status } from '@kanal-aduan/core';
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
 * office handling it. Tickets are sequential, so this is what walking them
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
  const kind = complaint.assigned_agency?.kind ?? null;
  const label = kind ? OFFICE_KIND_LABELS[kind] : undefined;
  return {
    ticket: complaint.ticket,
    status: statusOf(complaint, locale),
    office: kind && label ? { kind, label: label[locale] } : null,
    detail: false,
  };
}

function statusOf(complaint: TrackedComplaint, locale: Locale): PublicStatusView['status'] {
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
