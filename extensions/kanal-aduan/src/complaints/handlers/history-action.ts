import type { Status } from '@kanal-aduan/core';
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
  return !(to === 'verified' && (from === 'dispositioned' || from === 'in_progress'));
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
 */
export async function announceFollowUp(
  meta: { key: string | number; payload: Record<string, unknown> },
  deps: RecordDeps,
): Promise<string | null> {
  const { payload } = meta;
  if (payload['kind'] !== 'follow_up' || !isTrue(payload['public'])) return null;
  const complaintId = payload['complaint'];
  if (typeof complaintId !== 'string' && typeof complaintId !== 'number') return null;
  const id = `update:${String(meta.key)}`;
  return deps.outbox.transaction(async (tx) => {
    if (await tx.outboxExists(id)) return null;
    const summary = await tx.complaintSummary(complaintId);
    if (!summary) return null;
    const createdAt = deps.now();
    const event: KanalEvent = {
      id,
      event: 'complaint.update_posted',
      complaint_id: complaintId,
      ticket: summary.ticket,
      status_from: null,
      status_to: summary.status,
      at: createdAt.toISOString(),
      update_id: meta.key,
    };
    await tx.addOutbox({ id, event: event.event, complaint: complaintId, payload: event, created_at: createdAt, next_attempt_at: deps.eventsOn ? createdAt : null });
    return id;
  });
}

/** Booleans arrive as true, 1 or '1'/'true' depending on client and database. */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
