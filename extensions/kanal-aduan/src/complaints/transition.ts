import { ROLES, STATUSES, type Role, type Status } from '@kanal-aduan/core';
import { z } from 'zod';

const StatusEnum = z.enum(STATUSES);
/** A chain this long means recording is broken; the sweep warns about stuck rows anyway. */
const MAX_EARLIER = 10;

/** Per report of one save: bulk saves share the move but not where each report came from. */
export const TransitionRow = z.object({
  from: StatusEnum.nullable(),
  ticket: z.string().nullable(),
  /** return ("bukan wewenang"): the agency that handed the report back. */
  previous_agency: z.string().nullable().optional(),
});
export type TransitionRow = z.infer<typeof TransitionRow>;

const TransitionCore = z.object({
  /** Once-only id (uuid) of this save's move; with the report id it keys the history row's outbox entry. */
  id: z.string().min(1).max(64),
  at: z.string(),
  to: StatusEnum,
  role: z.enum(ROLES),
  author: z.string().nullable(),
  /** The author's agency (OPD/Camat users), for the history row. */
  agency: z.string().nullable(),
  note: z.string().nullable(),
  /** dispose: the agency the report now goes to, and the respond deadline the filter computed. */
  assigned_agency: z.string().nullable().optional(),
  respond_due: z.string().nullable().optional(),
  /** Create only (no `rows`): the new report's ticket. */
  ticket: z.string().nullable().optional(),
  /** By report key (String(id)); absent on create, where the key is not known yet and `from` is null. */
  rows: z.record(z.string(), TransitionRow).optional(),
});

/**
 * `complaints.last_transition`: the status move the hook's filter writes in the
 * same UPDATE/INSERT as the status itself, so it commits (or not) with it. The
 * `activity.create` filter (same transaction), or for saves Directus does not
 * log the action and the outbox sweep, derive the history row, the assignment
 * and the event from it; nothing about a move lives only in memory.
 *
 * `earlier`: moves of this report still unrecorded when this one was saved
 * (`pending_transition` was set: a save without a user whose action had not
 * run, or Directus stopped before it). Recorded first, in order, so a quick
 * dispose-then-accept never loses the disposition's assignment.
 */
export const LastTransition = TransitionCore.extend({
  earlier: z.array(TransitionCore).max(MAX_EARLIER).optional(),
});
export type LastTransition = z.infer<typeof LastTransition>;
export type TransitionEntry = z.infer<typeof TransitionCore>;

/** What one report's move means for its history row, assignment and event. */
export type Transition = {
  /** The move's once-only id (LastTransition.id). */
  id: string;
  complaintId: string | number;
  ticket: string | null;
  from: Status | null;
  to: Status;
  role: Role;
  author: string | null;
  agency: string | null;
  note: string | null;
  at: string;
  assignedAgency?: string;
  respondDue?: string | null;
  previousAgency?: string | null;
};

/** The outbox id (= event id n8n dedupes on) of one report's move. */
export function transitionEventId(transitionId: string, complaintId: string | number): string {
  return `${transitionId}:${String(complaintId)}`;
}

/** One report's view of a (possibly bulk) move; null when the move did not include that report. */
export function transitionFor(entry: TransitionEntry, complaintId: string | number): Transition | null {
  const row = entry.rows ? entry.rows[String(complaintId)] : { from: null, ticket: entry.ticket ?? null };
  if (!row) return null;
  return {
    id: entry.id,
    complaintId,
    ticket: row.ticket,
    from: row.from,
    to: entry.to,
    role: entry.role,
    author: entry.author,
    agency: entry.agency,
    note: entry.note,
    at: entry.at,
    ...(entry.assigned_agency ? { assignedAgency: entry.assigned_agency } : {}),
    ...(entry.respond_due !== undefined ? { respondDue: entry.respond_due } : {}),
    ...(row.previous_agency !== undefined ? { previousAgency: row.previous_agency } : {}),
  };
}

/** The moves to record for a report, oldest first: the unrecorded earlier ones, then this one. */
export function movesOf(last: LastTransition): TransitionEntry[] {
  const { earlier, ...current } = last;
  return [...(earlier ?? []), current];
}

/**
 * The `earlier` list a new move carries: the report's previous move and what it
 * carried, when the report's `pending_transition` says it is still unrecorded.
 * Capped (oldest dropped).
 */
export function carryUnrecorded(previous: LastTransition | null, pendingId: string | null): TransitionEntry[] {
  if (!previous || !pendingId || previous.id !== pendingId) return [];
  return movesOf(previous).slice(-MAX_EARLIER);
}

/** Reads `last_transition` as the database returns it (an object, or a JSON string on SQLite); null when absent or unreadable. */
export function parseLastTransition(value: unknown): LastTransition | null {
  if (value === null || value === undefined || value === '') return null;
  let raw = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const parsed = LastTransition.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
