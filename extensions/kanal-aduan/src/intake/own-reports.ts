import { citizenDeadline, isJoinedDuplicate, type OwnReport, type Status } from '@kanal-aduan/core';

// The sender's own reports, as "cek" shows them (core's OwnReport).

/** What "cek" reads of a report: its stage deadlines, category, agency and last public follow-up. */
interface ReportFacts {
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

export interface OwnReportRow extends ReportFacts {
  status_reason?: string | null;
  /** The original a joined report follows ("Gabungkan"). */
  duplicate_of?: (ReportFacts & { confidential?: boolean | null }) | null;
}

const FACT_FIELDS = [
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

export const OWN_REPORT_FIELDS = [...FACT_FIELDS, 'status_reason', ...FACT_FIELDS.map((f) => `duplicate_of.${f}`), 'duplicate_of.confidential'];

/** Only the last public follow-up of each report (complaint_updates rows with public = true), and of the original a joined one follows. */
const LAST_UPDATE_ONLY = { updates: { _filter: { public: { _eq: true }, kind: { _eq: 'follow_up' } }, _sort: ['-date_created'], _limit: 1 } };
export const LAST_PUBLIC_UPDATE = { ...LAST_UPDATE_ONLY, duplicate_of: LAST_UPDATE_ONLY };

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
    joined_to: joinedTo(r),
  };
}

function joinedTo(r: OwnReportRow): OwnReport['joined_to'] {
  const o = r.duplicate_of;
  if (!isJoinedDuplicate(r.status, r.status_reason) || !o?.ticket) return null;
  return {
    ticket: o.ticket,
    status: o.status,
    agency: o.assigned_agency?.name ?? o.assigned_agency?.short_name ?? null,
    // Of a confidential original, a follower learns the status and the office, not the officers' words.
    last_update: o.confidential ? null : (o.updates?.[0]?.body ?? null),
    due: citizenDeadline(o),
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
