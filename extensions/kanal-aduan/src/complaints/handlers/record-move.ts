import { DomainError, isCitizenFacing, moveEventName, PUBLIC_UPDATE_KINDS } from '@kanal-aduan/core';
import type { KanalEvent } from '../../shared/events.ts';
import type { ComplaintUpdateInput, OutboxStore, OutboxTx } from '../../shared/store.ts';
import { movesOf, parseLastTransition, transitionEventId, transitionFor, type LastTransition, type Transition } from '../transition.ts';
import { recordAssignment } from './assignment-rows.ts';

export type RecordDeps = {
  now: () => Date;
  /** False when events are off (no URL or secret): rows are parked, never sent. */
  eventsOn: boolean;
};

/** RecordDeps plus the outbox, for the paths that open their own transaction (action fallback, sweep). */
export type OutboxRecordDeps = RecordDeps & { outbox: OutboxStore };

/** The `complaint_updates` row of a move: the status history is these rows. */
export function historyRow(t: Transition): ComplaintUpdateInput {
  return {
    complaint: t.complaintId,
    kind: 'status_change',
    status_from: t.from,
    status_to: t.to,
    body: t.note,
    public: isCitizenFacing(t.from, t.to),
    author: t.author,
    agency: t.agency,
  };
}

/** The signed body n8n gets for a move; `id` is the outbox row's. */
export function transitionEvent(t: Transition): KanalEvent {
  return {
    id: transitionEventId(t.id, t.complaintId),
    event: moveEventName(t.from, t.to),
    complaint_id: t.complaintId,
    ticket: t.ticket,
    status_from: t.from,
    status_to: t.to,
    at: t.at,
  };
}

/** The outbox ids a saved move may have written for these reports (for delivery after the commit). */
export function moveEventIds(last: LastTransition, keys: ReadonlyArray<string | number>): string[] {
  const ids: string[] = [];
  for (const key of keys) {
    for (const entry of movesOf(last)) if (transitionFor(entry, key)) ids.push(transitionEventId(entry.id, key));
  }
  return ids;
}

/** Message of COMPLAINT.CHANGED_MEANWHILE: two people moved the same report at the same moment. */
export const CHANGED_MEANWHILE =
  'Laporan ini baru saja diubah statusnya oleh pengguna lain. Muat ulang laporan, periksa statusnya, lalu coba lagi bila masih perlu.';

export type RecordResult = {
  /** Outbox ids written now, for delivery after the commit. */
  written: string[];
  /** `last_transition` is unreadable or does not match `pending_transition`: nothing can be derived from it. */
  unreadable: boolean;
};

/**
 * Records the report's unrecorded move(s) inside `tx`, the caller's transaction:
 * for each move (earlier unrecorded ones first) the outbox row, the history row
 * and the assignment change, then clears `pending_transition`. Everything the
 * rows depend on is read inside `tx`: the report's move state (row-locked on
 * Postgres) and the status its history last recorded.
 *
 * Called from the `activity.create` filter, which Directus runs inside the very
 * transaction that wrote the report, after the UPDATE/INSERT: the rows commit
 * with the status or not at all. Also called, in a transaction of their own,
 * by the action (writes Directus does not log: no activity row, no filter) and
 * the repair sweep.
 *
 * A move whose origin (`from`, read by the update filter before the
 * transaction) is not the status the history last recorded lost a race with
 * another save of the same report: COMPLAINT.CHANGED_MEANWHILE, and the whole
 * save rolls back instead of writing a history that skips a step.
 * A move already in the outbox is skipped (idempotent).
 */
export async function recordPendingMoves(complaintId: string | number, tx: OutboxTx, deps: RecordDeps): Promise<RecordResult> {
  const state = await tx.moveState(complaintId);
  if (!state || state.pending_transition === null) return { written: [], unreadable: false };
  const last = parseLastTransition(state.last_transition);
  if (!last || last.id !== state.pending_transition) return { written: [], unreadable: true };

  const written: string[] = [];
  // The status before these moves, as the history tells it (null: a report with no history, e.g. imported).
  let recorded = await tx.lastRecordedStatus(complaintId);
  for (const entry of movesOf(last)) {
    const t = transitionFor(entry, complaintId);
    if (!t) continue;
    const event = transitionEvent(t);
    if (await tx.outboxExists(event.id)) continue;
    if (recorded !== null && t.from !== recorded) {
      throw new DomainError('COMPLAINT.CHANGED_MEANWHILE', CHANGED_MEANWHILE, { complaint: complaintId, expected: t.from, recorded });
    }
    const createdAt = deps.now();
    // The outbox row first: its unique key makes a concurrent recorder of the same move wait, then fail.
    await tx.addOutbox({
      id: event.id,
      event: event.event,
      complaint: complaintId,
      payload: event,
      created_at: createdAt,
      next_attempt_at: deps.eventsOn ? createdAt : null,
    });
    await tx.createUpdate(historyRow(t));
    // Stamps carry the move's own time, so a repair minutes later still dates the assignment right.
    await recordAssignment(t, tx, new Date(t.at));
    recorded = t.to;
    written.push(event.id);
  }
  await tx.clearPendingTransition(complaintId, last.id);
  return { written, unreadable: false };
}

/**
 * The fallback for a save whose transaction did not record its move (Directus
 * logs no activity for writes without a user, so the filter never ran): records
 * it in a transaction of its own, after the commit. Already recorded: nothing.
 */
export async function recordAfterCommit(complaintId: string | number, deps: OutboxRecordDeps): Promise<RecordResult> {
  return deps.outbox.transaction((tx) => recordPendingMoves(complaintId, tx, deps));
}

/** A `complaint_updates` row the citizen hears about: a public follow-up (tindak lanjut) or the Pimpinan's message (core PUBLIC_UPDATE_KINDS). */
export function isPublicFollowUp(row: { kind?: unknown; public?: unknown }): boolean {
  return PUBLIC_UPDATE_KINDS.some((k) => k === row.kind) && isTrue(row.public);
}

/**
 * Queues `complaint.update_posted` for a public follow-up inside `tx`: the
 * outbox id `update:<id>` is the row's primary key, so it is queued once.
 * Returns the id written now, or null (already queued, or the report is gone).
 * `at` is when the follow-up was posted.
 */
export async function queueFollowUp(
  update: { id: string | number; complaint: string | number; at: Date },
  tx: OutboxTx,
  deps: RecordDeps,
): Promise<string | null> {
  const id = `update:${String(update.id)}`;
  if (await tx.outboxExists(id)) return null;
  const summary = await tx.complaintSummary(update.complaint);
  if (!summary) return null;
  const createdAt = deps.now();
  const event: KanalEvent = {
    id,
    event: 'complaint.update_posted',
    complaint_id: update.complaint,
    ticket: summary.ticket,
    status_from: null,
    status_to: summary.status,
    at: update.at.toISOString(),
    update_id: update.id,
  };
  await tx.addOutbox({ id, event: event.event, complaint: update.complaint, payload: event, created_at: createdAt, next_attempt_at: deps.eventsOn ? createdAt : null });
  return id;
}

/**
 * `complaint_updates.items.create` action, the fallback for a follow-up whose
 * transaction did not queue its event (saved without a user): a public
 * follow-up goes to the outbox (`update:<id>`) so it reaches the citizen on
 * WhatsApp even when n8n is down right now. Returns the outbox id written, or null.
 * A follow-up whose action never ran is queued by the sweep (enqueueFollowUp).
 */
export async function announceFollowUp(
  meta: { key: string | number; payload: Record<string, unknown> },
  deps: OutboxRecordDeps,
): Promise<string | null> {
  const { payload } = meta;
  if (!isPublicFollowUp(payload)) return null;
  const complaintId = payload['complaint'];
  if (typeof complaintId !== 'string' && typeof complaintId !== 'number') return null;
  return enqueueFollowUp({ id: meta.key, complaint: complaintId, at: deps.now() }, deps);
}

/**
 * queueFollowUp in a transaction of its own (the action fallback and the sweep).
 * When the action and the repair sweep race, the second insert fails on the
 * key (its transaction rolls back) and this returns null like a plain "already queued".
 */
export async function enqueueFollowUp(
  update: { id: string | number; complaint: string | number; at: Date },
  deps: OutboxRecordDeps,
): Promise<string | null> {
  const id = `update:${String(update.id)}`;
  try {
    return await deps.outbox.transaction((tx) => queueFollowUp(update, tx, deps));
  } catch (error) {
    // The other recorder committed the same key first: queued once, by it.
    if (await deps.outbox.transaction((tx) => tx.outboxExists(id)).catch(() => false)) return null;
    throw error;
  }
}

/** Booleans arrive as true, 1 or '1'/'true' depending on client and database. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
