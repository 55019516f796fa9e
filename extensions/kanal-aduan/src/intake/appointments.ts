import {
  ACTIVE_APPOINTMENT_STATUSES,
  AppointmentSlot,
  bookingWindow,
  makeCalendar,
  newBookingCode,
  openSlotDays,
  quotaRefusal,
  slotStart,
  takenKey,
  type DomainError,
  type NewBooking,
  type OpenDay,
  type OwnAppointment,
  type PlaceClaim,
  type SlotQuota,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { isSqlite } from '../shared/knex-dialect.ts';

// Temu Bupati in the intake transaction: the open days and the sender's own
// bookings for core's conversation step, and the booking itself. The quota
// holds under a race because every booking of a slot first takes that slot's
// row lock (Postgres SELECT … FOR UPDATE; SQLite has one writer), then counts
// the places taken with a fresh statement (READ COMMITTED sees the booking the
// other transaction committed while we waited), and only then writes.

type Items = {
  readByQuery(query: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  createOne(data: Record<string, unknown>): Promise<string | number>;
  updateOne(key: string | number, data: Record<string, unknown>): Promise<string | number>;
};

export interface AppointmentIo {
  trx: Knex;
  /** ItemsService with full rights in the transaction (the bot's writes are not an office edit). */
  items: (collection: string) => Items;
  sender: string;
  now: Date;
  timezone: string;
}

/** How far ahead the bot offers days. */
export const BOOKING_WEEKS = 4;
const ACTIVE = [...ACTIVE_APPOINTMENT_STATUSES];

/** A date column as 'YYYY-MM-DD' whichever way the driver returns it. */
export function dateOnly(v: unknown): string | null {
  if (v == null) return null;
  if (v instanceof Date) {
    // node-postgres parses a DATE as local midnight.
    return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  }
  return String(v).slice(0, 10);
}

async function slots(io: AppointmentIo, only?: number): Promise<AppointmentSlot[]> {
  const q = io.trx('appointment_slots').select('id', 'weekday', 'start_time', 'place', 'quota', 'active');
  if (only !== undefined) q.where({ id: only });
  const rows = await q;
  return rows.map((r: Record<string, unknown>) => AppointmentSlot.parse({ ...r, active: r['active'] === true || r['active'] === 1 || r['active'] === '1' }));
}

/** Open days (soonest first) counted now, leaving out the booking being moved. */
export async function openDays(io: AppointmentIo, opts: { only?: number; except?: string | null } = {}): Promise<OpenDay[]> {
  const list = await slots(io, opts.only);
  if (list.length === 0) return [];
  const { from, to } = bookingWindow(io.now, BOOKING_WEEKS, io.timezone);
  const holidays = (await io.trx('holidays').whereBetween('date', [from, to]).select('date')).map((h: { date: unknown }) => dateOnly(h.date)!);
  const q = io.trx('appointments').whereIn('status', ACTIVE).whereBetween('slot_date', [from, to]).whereNotNull('slot');
  if (opts.only !== undefined) q.where({ slot: opts.only });
  if (opts.except) q.where((w) => w.whereNull('code').orWhereNot({ code: opts.except! }));
  const counts = await q.groupBy('slot', 'slot_date').select('slot', 'slot_date').count({ n: '*' });
  const taken = new Map<string, number>();
  for (const c of counts as Array<{ slot: unknown; slot_date: unknown; n: unknown }>) taken.set(takenKey(Number(c.slot), dateOnly(c.slot_date)!), Number(c.n));
  return openSlotDays(list, { now: io.now, weeks: BOOKING_WEEKS, calendar: makeCalendar(io.timezone, holidays), taken });
}

/** The sender's bookings still on, soonest first. */
export async function ownAppointments(io: AppointmentIo): Promise<OwnAppointment[]> {
  const rows = await io.items('appointments').readByQuery({
    filter: { _and: [{ citizen: { wa_id: { _eq: io.sender } } }, { status: { _in: ACTIVE } }] },
    fields: ['code', 'status', 'topic', 'slot_date', 'place', 'slot.start_time'],
    sort: ['scheduled_at', 'id'],
    limit: 10,
  });
  return rows
    .filter((r) => typeof r['code'] === 'string')
    .map((r) => ({
      code: String(r['code']),
      status: r['status'] as OwnAppointment['status'],
      topic: String(r['topic'] ?? ''),
      date: dateOnly(r['slot_date']),
      start_time: ((r['slot'] as { start_time?: string } | null)?.start_time ?? null)?.slice(0, 5) ?? null,
      place: (r['place'] as string | null) ?? null,
    }));
}

export type BookingOutcome =
  | { kind: 'booked'; id: number; code: string; date: string; start_time: string; place: string; moved: boolean }
  | { kind: 'full' };

/**
 * Books (or moves) under the slot's lock. `full` when the slot is closed, the
 * date is no longer open, or its places went meanwhile; then nothing is written.
 */
export async function book(io: AppointmentIo, booking: NewBooking, citizenId: string): Promise<BookingOutcome> {
  const locked = io.trx('appointment_slots').where({ id: booking.slot }).first('id');
  if (!isSqlite(io.trx)) locked.forUpdate();
  if (!(await locked)) return { kind: 'full' };
  // Counted after the lock: a booking committed while we waited is in the count.
  const day = (await openDays(io, { only: booking.slot, except: booking.move })).find((d) => d.date === booking.date);
  if (!day) return { kind: 'full' };
  const row = {
    slot: booking.slot,
    slot_date: booking.date,
    scheduled_at: slotStart(booking.date, day.start_time, io.timezone).toISOString(),
    place: day.place,
    status: 'requested',
    reminded_at: null,
  };
  const appointments = io.items('appointments');
  if (booking.move) {
    const [mine] = await appointments.readByQuery({
      filter: { _and: [{ code: { _eq: booking.move } }, { citizen: { _eq: citizenId } }, { status: { _in: ACTIVE } }] },
      fields: ['id'],
      limit: 1,
    });
    if (mine) {
      await appointments.updateOne(mine['id'] as number, row);
      return { kind: 'booked', id: Number(mine['id']), code: booking.move, date: day.date, start_time: day.start_time, place: day.place, moved: true };
    }
  }
  const code = newBookingCode();
  const id = await appointments.createOne({ ...row, code, citizen: citizenId, topic: booking.topic, locale: booking.locale });
  return { kind: 'booked', id: Number(id), code, date: day.date, start_time: day.start_time, place: day.place, moved: false };
}

/** "batal temu": only the sender's own booking that is still on. */
export async function cancelOwn(io: AppointmentIo, code: string): Promise<boolean> {
  const appointments = io.items('appointments');
  const [mine] = await appointments.readByQuery({
    filter: { _and: [{ code: { _eq: code } }, { citizen: { wa_id: { _eq: io.sender } } }, { status: { _in: ACTIVE } }] },
    fields: ['id'],
    limit: 1,
  });
  if (!mine) return false;
  await appointments.updateOne(mine['id'] as number, { status: 'cancelled' });
  return true;
}

/**
 * An office move (core placesClaimed) checked against the slots' quotas, or
 * null when it fits. With `lock` (inside the save's own transaction, after its
 * write) each slot's row lock is taken first, in slot order, as the chat
 * booking takes it, and the places are counted after it: of two office moves
 * onto the last place, the second waits for the first to commit and then sees
 * it. The bookings being moved are left out of the count.
 */
export async function officeMoveRefusal(knex: Knex, claims: readonly PlaceClaim[], opts: { lock: boolean }): Promise<DomainError | null> {
  if (claims.length === 0) return null;
  const slotIds = [...new Set(claims.map((c) => c.slot))].sort((a, b) => a - b);
  const quotas = new Map<number, SlotQuota>();
  for (const id of slotIds) {
    const q = knex('appointment_slots').where({ id }).first('id', 'quota', 'start_time', 'place');
    if (opts.lock && !isSqlite(knex)) q.forUpdate();
    const row = (await q) as { quota: unknown; start_time: unknown; place: unknown } | undefined;
    if (row) quotas.set(id, { quota: Number(row.quota), start_time: String(row.start_time), place: String(row.place ?? '') });
  }
  const moving = claims.map((c) => Number(c.id));
  const taken = new Map<string, number>();
  for (const c of claims) {
    const key = takenKey(c.slot, c.date);
    if (taken.has(key)) continue;
    const [row] = (await knex('appointments')
      .whereIn('status', ACTIVE)
      .where({ slot: c.slot, slot_date: c.date })
      .whereNotIn('id', moving)
      .count({ n: '*' })) as Array<{ n: unknown }>;
    taken.set(key, Number(row?.n ?? 0));
  }
  return quotaRefusal(claims, quotas, taken);
}
