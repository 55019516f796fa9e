import { citizenDeadline, type OwnReport, type Status } from '@kanal-aduan/core';

// The sender's own reports, as "cek" shows them (core's OwnReport).

export interface OwnReportRow {
  ticket: string | null;
  status: Status;
  received_at: string | null;
  verify_due: string | null;
  respond_due: string | null;
  resolve_due: string | null;
  first_response_at?: string | null;
  category: { name: string | null; name_en: string | null } | null;
  assigned_agency: { name: string | null; short_name: string | null } | null;
  updates: Array<{ body: string | null }> | null;
}

export const OWN_REPORT_FIELDS = [
  'ticket',
  'status',
  'received_at',
  'verify_due',
  'respond_due',
  'resolve_due',
  'first_response_at',
  'category.name',
  'category.name_en',
  'assigned_agency.name',
  'assigned_agency.short_name',
  'updates.body',
];

/** Only the last public follow-up of each report (complaint_updates rows with public = true). */
export const LAST_PUBLIC_UPDATE = { updates: { _filter: { public: { _eq: true }, kind: { _eq: 'follow_up' } }, _sort: ['-date_created'], _limit: 1 } };

export function toOwnReport(r: OwnReportRow, locale: 'id' | 'en'): OwnReport | null {
  if (!r.ticket) return null;
  return {
    ticket: r.ticket,
    status: r.status,
    category: (locale === 'en' ? r.category?.name_en : null) ?? r.category?.name ?? null,
    agency: r.assigned_agency?.name ?? r.assigned_agency?.short_name ?? null,
    received_at: r.received_at,
    last_update: r.updates?.[0]?.body ?? null,
    // core's stage rule: the deadline of the first running stage, none while waiting for the citizen.
    due: citizenDeadline(r),
  };
}

/** Rows of the recent list and of the ticket a "cek ADU-…" names, newest first, each ticket once. */
export function ownReports(rows: OwnReportRow[], locale: 'id' | 'en'): OwnReport[] {
  const seen = new Set<string>();
  const out: OwnReport[] = [];
  for (const row of rows) {
    const r = toOwnReport(row, locale);
    if (!r || seen.has(r.ticket)) continue;
    seen.add(r.ticket);
    out.push(r);
  }
  return out;
}
