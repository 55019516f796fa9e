import { isReturn, returnedInGrace } from '@kanal-aduan/core';
import type { AssignmentStore } from '../../shared/store.ts';
import type { Transition } from '../transition.ts';

/**
 * Keeps `assignments` in step with the report's moves (the rankings
 * read this table). Written by the hook, not by n8n, so an assignment exists
 * for every disposition even when n8n is down.
 *
 * - dispose: closes any earlier active row, opens one for the new agency;
 * - accept: accepted_at; resolve: resolved_at;
 * - return ("bukan wewenang"): returned_at, the reason, inactive. A return
 *   within `return_grace_days` working days (SP4N: 1) is marked so the
 *   ranking does not count the report against the agency:
 *   `return_reason` keeps the officer's text, `counted` = false.
 */
export async function recordAssignment(t: Transition, store: AssignmentStore, now: Date): Promise<void> {
  const iso = now.toISOString();
  if (t.to === 'dispositioned' && t.assignedAgency) {
    const previous = await store.activeAssignment(t.complaintId);
    if (previous) await store.updateAssignment(previous.id, { active: false });
    await store.createAssignment({
      complaint: t.complaintId,
      agency: t.assignedAgency,
      assigned_by: t.author,
      assigned_at: iso,
      respond_due: t.respondDue ?? null,
      active: true,
    });
    return;
  }
  const active = await store.activeAssignment(t.complaintId);
  if (!active) return;
  if (t.from === 'dispositioned' && t.to === 'in_progress') {
    if (!active.accepted_at) await store.updateAssignment(active.id, { accepted_at: iso, first_response_at: active.first_response_at ?? iso });
  } else if (t.to === 'resolved') {
    await store.updateAssignment(active.id, { resolved_at: iso });
  } else if (isReturn(t.from, t.to)) {
    const { days, calendar } = await store.returnGrace(t.complaintId, now);
    const assignedAt = active.assigned_at ? new Date(active.assigned_at) : now;
    const inGrace = returnedInGrace(assignedAt, now, { calendar, graceDays: days });
    await store.updateAssignment(active.id, {
      returned_at: iso,
      return_reason: t.note ?? 'Bukan wewenang',
      active: false,
      counted: !inGrace,
    });
  }
}
