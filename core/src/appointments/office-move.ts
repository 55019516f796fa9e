import { DomainError } from '../errors.ts';
import { ACTIVE_APPOINTMENT_STATUSES, type AppointmentStatus } from '../model.ts';
import { localDate, meetingDayLabel, takenKey, type TakenCount } from './open-days.ts';

// The quota of a Temu Bupati slot holds for the office too: when an officer
// moves a booking in Directus (its slot, its date, or its meeting time onto
// another day) or brings a cancelled one back, the booking takes a place in
// that slot on that date, and the slot's quota (appointment_slots.quota) is
// the same limit the chat booking obeys. The adapter counts the places under
// the slot's row lock, as the chat booking does.

/** A booking as the quota sees it. `slot_date` is the local date 'YYYY-MM-DD' whose place it holds. */
export type BookingPlace = {
  id: string | number;
  status: AppointmentStatus;
  slot: number | null;
  slot_date: string | null;
  scheduled_at: string | null;
};

/** A place an edit makes a booking take that it did not hold before. */
export type PlaceClaim = { id: string; slot: number; date: string };

/** What the refusal names: the slot's time, place and quota. */
export type SlotQuota = { quota: number; start_time: string; place: string };

const holdsPlace = (b: Pick<BookingPlace, 'status' | 'slot' | 'slot_date'>) =>
  ACTIVE_APPOINTMENT_STATUSES.includes(b.status) && b.slot !== null && !!b.slot_date;

/**
 * The edit as it will be saved: a meeting time moved onto another local day
 * (the calendar view drags `scheduled_at` only) takes the booking's date with
 * it, so the place it holds in the quota is on the day it is actually held.
 * An edit that names `slot_date` itself is left as the officer wrote it.
 */
export function withMeetingDay<P extends { scheduled_at?: string | null; slot_date?: string | null }>(
  befores: readonly Pick<BookingPlace, 'slot_date'>[],
  patch: P,
  timezone: string,
): P {
  if ('slot_date' in patch || !patch.scheduled_at || Number.isNaN(Date.parse(patch.scheduled_at))) return patch;
  const day = localDate(new Date(patch.scheduled_at), timezone);
  return befores.some((b) => b.slot_date !== day) ? { ...patch, slot_date: day } : patch;
}

/**
 * The places an edit of these bookings claims: each booking that will be on
 * (requested or scheduled) in a slot on a date where it was not on before.
 * A note, a status between requested and scheduled, a new time the same day:
 * no claim, so a slot that is over its quota already (the quota was lowered)
 * still takes those edits.
 */
export function placesClaimed(
  befores: readonly BookingPlace[],
  patch: Partial<Pick<BookingPlace, 'status' | 'slot' | 'slot_date'>>,
): PlaceClaim[] {
  const out: PlaceClaim[] = [];
  for (const before of befores) {
    const after = { ...before, ...patch };
    if (!holdsPlace(after)) continue;
    if (holdsPlace(before) && before.slot === after.slot && before.slot_date === after.slot_date) continue;
    out.push({ id: String(before.id), slot: after.slot!, date: after.slot_date! });
  }
  return out;
}

/**
 * The refusal when the claims do not fit: `taken` counts the bookings on in
 * each slot and date without the ones being moved (a booking never counts
 * against itself; cancelled and done ones never count). Null when they fit,
 * or when the slot is not known (a slot deleted meanwhile has no quota left to keep).
 */
export function quotaRefusal(
  claims: readonly PlaceClaim[],
  slots: ReadonlyMap<number, SlotQuota>,
  taken: TakenCount,
): DomainError | null {
  const wanted = new Map<string, { claim: PlaceClaim; n: number }>();
  for (const c of claims) {
    const key = takenKey(c.slot, c.date);
    const seen = wanted.get(key);
    wanted.set(key, { claim: c, n: (seen?.n ?? 0) + 1 });
  }
  for (const [key, { claim, n }] of wanted) {
    const slot = slots.get(claim.slot);
    if (!slot) continue;
    const held = taken.get(key) ?? 0;
    if (held + n <= slot.quota) continue;
    const day = meetingDayLabel(claim.date, 'id');
    const left = Math.max(slot.quota - held, 0);
    const many = n > 1 ? ` Sisa tempat ${left}, yang dipindahkan ${n}.` : '';
    return new DomainError(
      'APPOINTMENT.SLOT_FULL',
      `Jadwal ${day} pukul ${slot.start_time.slice(0, 5)} di ${slot.place} sudah penuh (kuota ${slot.quota}).${many} Pilih hari atau jam lain.`,
      { slot: claim.slot, date: claim.date, quota: slot.quota, taken: held, moving: n },
    );
  }
  return null;
}
