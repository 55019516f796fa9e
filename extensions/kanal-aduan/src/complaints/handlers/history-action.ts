import { isReturn, type Status } from '@kanal-aduan/core';
import type { KanalEvent, KanalEventName } from '../../shared/events.ts';
import type { ComplaintUpdateInput, OutboxStore } from '../../shared/store.ts';
import { movesOf, transitionEventId, transitionFor, type LastTransition, type Transition } from '../transition.ts';
import { recordAssignment } from './assignment-action.ts';

export type RecordDeps = {
  outbox: OutboxStore;
  now: () => Date;
  /** False when events are off (no URL or secret): rows are parked, never sent. */
  eventsOn: boolean;
};

/**
 * Moves the citizen does not need to hear about: an OPD handing a report back
 * ("bukan wewenang") is internal until the verifikator dispositions it again.
 */
export function isCitizenFacing(from: Status | null, to: Status): boolean {
  return !isReturn(from, to);
}

/**
 * complaint.verified starts routing in n8n, so only a first verification is
 * one; a report an OPD handed back ("bukan wewenang") waits for the
 * verifikator's own disposition and is announced as a plain status change.
 */
export function eventName(from: Status | null, to: Status): KanalEventName {
  if (from === null) return 'complaint.created';
  return to === 'verified' && isCitizenFacing(from, to) ? 'complaint.verified' : 'complaint.status_changed';
}

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
    event: eventName(t.from, t.to),
    complaint_id: t.complaintId,
    ticket: t.ticket,
    status_from: t.from,
    status_to: t.to,
    at: t.at,
  };
}

/**
 * Records a report's move (and any earlier unrecorded ones, oldest first) from
 * `complaints.last_transition`: for each, ONE transaction writes the outbox
 * row, the history row and the assignment change, keyed by the outbox id
 * `<move>:<report>`. A move already in the outbox is skipped, so the action
 * and the repair sweep may both run it (two at once: the second insert of the
 * same key fails and rolls its transaction back). Then the report's
 * `pending_transition` is cleared. Returns the outbox ids written now, for
 * immediate delivery.
 *
 * Used by the `complaints.items.create/update` actions and by the sweep.
 */
export async function recordTransition(complaintId: string | number, last: LastTransition, deps: RecordDeps): Promise<string[]> {
  const written: string[] = [];
  for (const entry of movesOf(last)) {
    const t = transitionFor(entry, complaintId);
    if (!t) continue;
    const event = transitionEvent(t);
    const done = await deps.outbox.transaction(async (tx) => {
      if (await tx.outboxExists(event.id)) return false;
      // The outbox row first: its unique key makes a concurrent recorder of the same move wait, then fail.
      const createdAt = deps.now();
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
      return true;
    });
    if (done) written.push(event.id);
  }
  await deps.outbox.clearPendingTransition(complaintId, last.id);
  return written;
}

/**
 * `complaint_updates.items.create` action: a public follow-up (tindak lanjut)
 * goes to the outbox (`update:<id>`) so it reaches the citizen on WhatsApp
 * even when n8n is down right now. Status-change rows are announced by
 * recordTransition already. Returns the outbox id written, or null.
 * A follow-up whose action never ran is queued by the sweep (enqueueFollowUp).
 */
export async function announceFollowUp(
  meta: { key: string | number; payload: Record<string, unknown> },
  deps: RecordDeps,
): Promise<string | null> {
  const { payload } = meta;
  if (payload['kind'] !== 'follow_up' || !isTrue(payload['public'])) return null;
  const complaintId = payload['complaint'];
  if (typeof complaintId !== 'string' && typeof complaintId !== 'number') return null;
  return enqueueFollowUp({ id: meta.key, complaint: complaintId, at: deps.now() }, deps);
}

/**
 * Queues `complaint.update_posted` for a public follow-up exactly once: the
 * outbox id `update:<id>` is the row's primary key, so when the action and the
 * repair sweep race, the second insert fails on it (its transaction rolls back)
 * and this returns null like a plain "already queued". Returns the id written now.
 * `at` is when the follow-up was posted (the action: now; the sweep: its date_created).
 */
export async function enqueueFollowUp(
  update: { id: string | number; complaint: string | number; at: Date },
  deps: RecordDeps,
): Promise<string | null> {
  const id = `update:${String(update.id)}`;
  try {
    return await deps.outbox.transaction(async (tx) => {
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
    });
  } catch (error) {
    // The other recorder committed the same key first: queued once, by it.
    if (await deps.outbox.transaction((tx) => tx.outboxExists(id)).catch(() => false)) return null;
    throw error;
  }
}

/** Booleans arrive as true, 1 or '1'/'true' depending on client and database. */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
