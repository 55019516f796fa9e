import type { SlaPolicy, Status, WorkCalendar } from '@kanal-aduan/core';

/** Instance settings the hooks need, already defaulted. */
export type KanalSettings = { ticketPrefix: string; timezone: string };

/** The fields of a complaint the status guard reads before an update. */
export type ComplaintSnapshot = {
  id: string | number;
  ticket: string | null;
  status: Status;
  category: string | null;
  assigned_agency: string | null;
  suggested_agency: string | null;
  verified_at: string | null;
  first_response_at: string | null;
  reopen_count: number | null;
};

/** A `complaint_updates` row as this bundle writes it (MODEL.md). */
export type ComplaintUpdateInput = {
  complaint: string | number;
  kind: 'status_change';
  status_from: Status | null;
  status_to: Status;
  body: string | null;
  public: boolean;
  author: string | null;
  agency: string | null;
};

/**
 * Port between the hook handlers (pure, unit-tested with fakes) and Directus
 * (services + knex, see directus-store.ts). Everything the handlers read or
 * write goes through here.
 */
export interface ComplaintStore {
  settings(): Promise<KanalSettings>;
  /** Next ticket sequence for a period ('2611'); atomic under concurrent creates. */
  nextTicketSeq(period: string): Promise<number>;
  /** The category's SLA policy, else the `SP4N` policy, else the built-in SP4N numbers. */
  slaPolicy(category: string | null): Promise<SlaPolicy>;
  /** Working-day calendar: the instance timezone plus holidays on or after `from`. */
  calendar(timezone: string, from: Date): Promise<WorkCalendar>;
  complaints(keys: ReadonlyArray<string | number>): Promise<ComplaintSnapshot[]>;
  /** The agency (code) a Directus user belongs to, null when none. */
  userAgency(userId: string): Promise<string | null>;
}

export interface HistoryStore {
  createUpdate(row: ComplaintUpdateInput): Promise<void>;
  /** Ticket and current status of a complaint, for events about follow-ups. */
  complaintSummary(id: string | number): Promise<{ ticket: string | null; status: Status } | null>;
}

/** An `assignments` row (MODEL.md): one per disposition; rankings read these. */
export type AssignmentRow = {
  id: string | number;
  agency: string;
  assigned_at: string | null;
  accepted_at: string | null;
  first_response_at: string | null;
  active: boolean;
};

export interface AssignmentStore {
  /** The complaint's active assignment (the current disposition), null when none. */
  activeAssignment(complaint: string | number): Promise<AssignmentRow | null>;
  createAssignment(row: {
    complaint: string | number;
    agency: string;
    assigned_by: string | null;
    assigned_at: string;
    respond_due: string | null;
    active: true;
  }): Promise<void>;
  updateAssignment(id: string | number, patch: Record<string, unknown>): Promise<void>;
  /** SP4N policy of the complaint's category (return grace days) and the working-day calendar. */
  returnGrace(complaint: string | number, at: Date): Promise<{ days: number; calendar: WorkCalendar }>;
  /** The agency a complaint is assigned to, for guarding officers' follow-ups. */
  complaintAgency(complaint: string | number): Promise<string | null>;
}
