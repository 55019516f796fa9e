import type { JoinOriginal } from '@kanal-aduan/core';
import type { SlaPolicy, Status, WorkCalendar } from '@kanal-aduan/core';
import type { LastTransition } from '../complaints/transition.ts';
import type { OutboxPolicy, OutboxRow, StaleSummary } from '../complaints/outbox/policy.ts';

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
  status_reason?: string | null;
  /** The intake desk the report is at (complaints.desk). */
  desk?: string | null;
  /** The original it was joined into ("Gabungkan"), and the intake's guess of one. */
  duplicate_of?: string | number | null;
  duplicate_suggestion?: string | number | null;
  /** The report's last recorded-or-not move and, while unrecorded, its id. */
  last_transition: LastTransition | null;
  pending_transition: string | null;
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
  /** What the join rule reads of a chosen original (core JoinOriginal); null when no such report. */
  joinOriginal(id: string | number): Promise<JoinOriginal | null>;
  /** The agency (code) a Directus user belongs to, null when none. */
  userAgency(userId: string): Promise<string | null>;
  /** Every intake desk (a handful of rows); [] before the schema has them. */
  desks?(): Promise<DeskRow[]>;
  /** The intake desk (code) a Tim Meja Pengaduan member screens, null when none. */
  userDesk?(userId: string): Promise<string | null>;
}

/** An intake desk as the hooks read it. */
export type DeskRow = { code: string; name: string; active: boolean; is_default: boolean };

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

/** A new `event_outbox` row (the body is the signed event). */
export type NewOutboxRow = {
  id: string;
  event: string;
  complaint: string | number | null;
  payload: Record<string, unknown>;
  created_at: Date;
  /** created_at (send now), or null when events are off (parked, never sent). */
  next_attempt_at: Date | null;
};

/** A report's move record as stored: what the move recorder derives the rows from. */
export type MoveState = { status: Status; last_transition: unknown; pending_transition: string | null };

/**
 * Reads and writes inside one database transaction (the save's own, or one
 * the outbox opened): the history row, the assignment and the outbox row of
 * one move commit together.
 */
export interface OutboxTx extends HistoryStore, AssignmentStore {
  outboxExists(id: string): Promise<boolean>;
  addOutbox(row: NewOutboxRow): Promise<void>;
  /** The report's status and move record; on Postgres the row is locked until the commit (a concurrent recorder waits). Null when absent. */
  moveState(complaint: string | number): Promise<MoveState | null>;
  /** `status_to` of the report's latest status-change history row; null when it has none. */
  lastRecordedStatus(complaint: string | number): Promise<Status | null>;
  /** Clears `pending_transition` if it still names `transitionId` (a newer move keeps its own). */
  clearPendingTransition(complaint: string | number, transitionId: string): Promise<void>;
  /** A `complaint_updates` row as saved (for a follow-up's event); null when absent. */
  updateRow(id: string | number): Promise<{ complaint: string | number; kind: unknown; public: unknown } | null>;
  /** When the report is a joined duplicate, recounts the citizens of the original it follows (complaints/join/reporters.ts). */
  recountReporters(complaint: string | number): Promise<void>;
}

/** A report whose move is not recorded yet (`pending_transition` set). */
export type UnrecordedComplaint = { id: string | number; last_transition: unknown; pending_transition: string };

/** A public follow-up (`complaint_updates`, kind follow_up, public) saved through Directus whose event is not in the outbox. */
export type UnannouncedFollowUp = { id: string | number; complaint: string | number; created_at: Date };

/**
 * Port of the durable outbox: the transaction the action fallback and the
 * repair sweep record a move in (a save Directus logs records it in the
 * save's own, see OutboxTx), and the claim/settle steps of delivery. The
 * Directus adapter (outbox-store.ts) does this with knex; the fake in
 * test-support keeps rows in memory with the same rules (complaints/outbox/policy.ts).
 */
export interface OutboxStore {
  /** Runs `fn` in one database transaction: everything or nothing. */
  transaction<T>(fn: (tx: OutboxTx) => Promise<T>): Promise<T>;
  /** Clears `pending_transition` if it still names `transitionId` (a newer move keeps its own). */
  clearPendingTransition(complaint: string | number, transitionId: string): Promise<void>;
  /** Reports with an unrecorded move saved before `before`. */
  unrecorded(before: Date, limit: number): Promise<UnrecordedComplaint[]>;
  /** Atomically claims the row for one attempt if it is claimable; null when delivered, claimed by another sender, parked or absent. */
  claim(id: string, now: Date, policy: OutboxPolicy): Promise<OutboxRow | null>;
  /** Ids of rows due now, oldest first. */
  dueIds(now: Date, limit: number): Promise<string[]>;
  settle(id: string, patch: Record<string, unknown>): Promise<void>;
  /** Undelivered (not parked) rows created before `before`. */
  undeliveredSince(before: Date): Promise<StaleSummary>;
  /** n8n's trigger says it got the event: 'first' once, then 'duplicate'; 'unknown' when there is no such row. */
  markReceived(id: string, at: Date): Promise<'first' | 'duplicate' | 'unknown'>;
  /**
   * Public follow-ups created in [since, before) through Directus (a `directus_activity`
   * create row, written in the follow-up's own transaction) with no `update:<id>`
   * outbox row: their action never ran. Rows imported straight into the database
   * (seeds, backfills) have no activity row and are never announced. Oldest first.
   */
  unannouncedFollowUps(since: Date, before: Date, limit: number): Promise<UnannouncedFollowUp[]>;
  /** Deletes at most `batch` delivered rows with `delivered_at` before `before` (never an undelivered one); returns how many. */
  pruneDelivered(before: Date, batch: number): Promise<number>;
}
