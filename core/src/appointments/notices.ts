import { ACTIVE_APPOINTMENT_STATUSES, type AppointmentStatus } from '../model.ts';
import { localDate } from './open-days.ts';

// What the citizen is told when the office edits a booking in Directus
// (approve, move, cancel), and which bookings get the reminder the day before.

export type AppointmentEditView = {
  status: AppointmentStatus;
  slot_date: string | null;
  scheduled_at: string | null;
  place: string | null;
};

export type OfficeNoticeKey = 'appointment.scheduled' | 'appointment.office_moved' | 'appointment.office_cancelled';

const active = (s: AppointmentStatus) => ACTIVE_APPOINTMENT_STATUSES.includes(s);
const sameInstant = (a: string | null, b: string | null) => (a && b ? Date.parse(a) === Date.parse(b) : a === b);

/** The notice an office edit calls for, or null (notes, topic, "done" are not news to the citizen). */
export function officeNotice(before: AppointmentEditView, after: AppointmentEditView): OfficeNoticeKey | null {
  if (after.status === 'cancelled') return before.status === 'cancelled' ? null : 'appointment.office_cancelled';
  if (!active(after.status)) return null;
  const moved = before.slot_date !== after.slot_date || !sameInstant(before.scheduled_at, after.scheduled_at) || (before.place ?? '') !== (after.place ?? '');
  if (moved) return 'appointment.office_moved';
  if (before.status !== 'scheduled' && after.status === 'scheduled') return 'appointment.scheduled';
  return null;
}

export type ReminderCandidate = { id: number; status: AppointmentStatus; scheduled_at: string | null; reminded_at: string | null };

/**
 * Bookings to remind now: still on (requested or scheduled), not reminded yet,
 * and meeting on the local day after `now`'s.
 */
export function dueAppointmentReminders<T extends ReminderCandidate>(rows: readonly T[], now: Date, timezone: string): T[] {
  const tomorrow = localDate(new Date(Date.parse(`${localDate(now, timezone)}T12:00:00Z`) + 86_400_000), 'UTC');
  return rows.filter((r) => active(r.status) && !r.reminded_at && r.scheduled_at && localDate(new Date(r.scheduled_at), timezone) === tomorrow);
}

/**
 * The one notice an office edit of one or more bookings calls for, as the
 * pending notice the edit stores with itself (the reminders flow sends it).
 * A batch edit stores one value for every booking it touches, so it must mean
 * the same news for each: `mixed` when it would not (e.g. approving a
 * requested booking and an already scheduled one together).
 */
export function officeEditNotice(
  befores: readonly AppointmentEditView[],
  patch: Partial<AppointmentEditView>,
): { key: OfficeNoticeKey | null } | { mixed: true } {
  const keys = new Set(befores.map((before) => officeNotice(before, { ...before, ...patch })));
  if (keys.size > 1) return { mixed: true };
  return { key: [...keys][0] ?? null };
}
