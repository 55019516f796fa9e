import type { Status } from '@kanal-aduan/core';
import type { EventSink, KanalEventName } from '../../shared/events.ts';
import type { HistoryStore } from '../../shared/store.ts';
import type { PendingTransitions, Transition } from '../pending-transitions.ts';

export type HistoryDeps = {
  history: HistoryStore;
  emit: EventSink;
  now: () => Date;
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
function eventName(from: Status, to: Status): KanalEventName {
  return to === 'verified' && isCitizenFacing(from, to) ? 'complaint.verified' : 'complaint.status_changed';
}

/** `complaints.items.create` action: the first history row ('received') and complaint.created. */
export async function recordCreated(
  meta: { key: string | number; payload: Record<string, unknown> },
  author: string | null,
  deps: HistoryDeps,
): Promise<void> {
  const ticket = typeof meta.payload['ticket'] === 'string' ? meta.payload['ticket'] : null;
  await deps.history.createUpdate({
    complaint: meta.key,
    kind: 'status_change',
    status_from: null,
    status_to: 'received',
    body: null,
    public: true,
    author,
    agency: null,
  });
  await deps.emit({
    event: 'complaint.created',
    complaint_id: meta.key,
    ticket,
    status_from: null,
    status_to: 'received',
    at: deps.now().toISOString(),
  });
}

/** `complaints.items.update` action: one history row and one event per report whose status moved. */
export async function recordStatusChanges(
  meta: { keys: ReadonlyArray<string | number>; payload: Record<string, unknown> },
  pending: PendingTransitions,
  deps: HistoryDeps,
  /** Runs after the history row and before the event (the assignments row). */
  beforeEmit: (t: Transition) => Promise<void> = async () => {},
): Promise<Transition[]> {
  const done: Transition[] = [];
  for (const key of meta.keys) {
    const t = pending.take(key, meta.payload['status']);
    if (!t) continue;
    await deps.history.createUpdate({
      complaint: t.complaintId,
      kind: 'status_change',
      status_from: t.from,
      status_to: t.to,
      body: t.note,
      public: isCitizenFacing(t.from, t.to),
      author: t.author,
      agency: t.agency,
    });
    await beforeEmit(t);
    await deps.emit({
      event: eventName(t.from, t.to),
      complaint_id: t.complaintId,
      ticket: t.ticket,
      status_from: t.from,
      status_to: t.to,
      at: deps.now().toISOString(),
    });
    done.push(t);
  }
  return done;
}

/**
 * `complaint_updates.items.create` action: a public follow-up (tindak lanjut)
 * goes to n8n so it reaches the citizen on WhatsApp. Status-change rows are
 * announced by recordStatusChanges already.
 */
export async function announceFollowUp(
  meta: { key: string | number; payload: Record<string, unknown> },
  deps: HistoryDeps,
): Promise<boolean> {
  const { payload } = meta;
  if (payload['kind'] !== 'follow_up' || !isTrue(payload['public'])) return false;
  const complaintId = payload['complaint'];
  if (typeof complaintId !== 'string' && typeof complaintId !== 'number') return false;
  const summary = await deps.history.complaintSummary(complaintId);
  if (!summary) return false;
  await deps.emit({
    event: 'complaint.update_posted',
    complaint_id: complaintId,
    ticket: summary.ticket,
    status_from: null,
    status_to: summary.status,
    at: deps.now().toISOString(),
    update_id: meta.key,
  });
  return true;
}

/** Booleans arrive as true, 1 or '1'/'true' depending on client and database. */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
