import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { takenKey } from './open-days.ts';
import { placesClaimed, quotaRefusal, withMeetingDay, type BookingPlace } from './office-move.ts';

const booking = (over: Partial<BookingPlace> = {}): BookingPlace => ({
  id: 7, status: 'requested', slot: 1, slot_date: '2026-12-08', scheduled_at: '2026-12-08T02:00:00.000Z', ...over,
});
const slots = new Map([[2, { quota: 2, start_time: '09:00', place: 'Pendopo Kabupaten' }]]);

describe('an office move and the slot quota', () => {
  it('a move to another date or slot claims a place there; a note, an approval or a new time the same day claims none', () => {
    expect(placesClaimed([booking()], { slot_date: '2026-12-10', slot: 2 })).toEqual([{ id: '7', slot: 2, date: '2026-12-10' }]);
    expect(placesClaimed([booking()], { slot_date: '2026-12-15' })).toEqual([{ id: '7', slot: 1, date: '2026-12-15' }]);
    expect(placesClaimed([booking()], { status: 'scheduled' })).toEqual([]);
    expect(placesClaimed([booking()], { slot: 1, slot_date: '2026-12-08' })).toEqual([]);
    expect(placesClaimed([booking()], {})).toEqual([]);
  });

  it('a cancelled booking brought back claims its place; cancelling or finishing one claims none; a booking without a slot has no quota', () => {
    expect(placesClaimed([booking({ status: 'cancelled' })], { status: 'scheduled' })).toEqual([{ id: '7', slot: 1, date: '2026-12-08' }]);
    expect(placesClaimed([booking()], { status: 'cancelled', slot_date: '2026-12-10' })).toEqual([]);
    expect(placesClaimed([booking()], { status: 'done' })).toEqual([]);
    expect(placesClaimed([booking({ slot: null })], { slot_date: '2026-12-10' })).toEqual([]);
  });

  it('refuses in Indonesian, naming the day, time, place and quota, when the slot is full without the booking being moved', () => {
    const claims = placesClaimed([booking()], { slot: 2, slot_date: '2026-12-10' });
    const refused = quotaRefusal(claims, slots, new Map([[takenKey(2, '2026-12-10'), 2]]));
    expect(isDomainError(refused, 'APPOINTMENT.SLOT_FULL')).toBe(true);
    expect(refused!.message).toBe('Jadwal Kamis, 10 Desember 2026 pukul 09:00 di Pendopo Kabupaten sudah penuh (kuota 2). Pilih hari atau jam lain.');
  });

  it('lets the move through onto the last place, and on another date of the same slot', () => {
    const claims = placesClaimed([booking()], { slot: 2, slot_date: '2026-12-10' });
    expect(quotaRefusal(claims, slots, new Map([[takenKey(2, '2026-12-10'), 1]]))).toBeNull();
    expect(quotaRefusal(claims, slots, new Map([[takenKey(2, '2026-12-17'), 2]]))).toBeNull();
  });

  it('moving several bookings at once needs a place for each', () => {
    const claims = placesClaimed([booking({ id: 7 }), booking({ id: 8 })], { slot: 2, slot_date: '2026-12-10' });
    expect(claims).toHaveLength(2);
    expect(quotaRefusal(claims, slots, new Map())).toBeNull();
    const refused = quotaRefusal(claims, slots, new Map([[takenKey(2, '2026-12-10'), 1]]));
    expect(refused!.message).toContain('sudah penuh (kuota 2). Sisa tempat 1, yang dipindahkan 2.');
  });

  it('a meeting time dragged to another day takes the booking\'s date along (local day, not UTC)', () => {
    // 23 December 2026 18:00 UTC is already the 24th in WIB.
    expect(withMeetingDay([booking()], { scheduled_at: '2026-12-23T18:00:00.000Z' }, 'Asia/Jakarta')).toEqual({ scheduled_at: '2026-12-23T18:00:00.000Z', slot_date: '2026-12-24' });
    expect(withMeetingDay([booking()], { scheduled_at: '2026-12-08T03:00:00.000Z' }, 'Asia/Jakarta')).toEqual({ scheduled_at: '2026-12-08T03:00:00.000Z' });
    expect(withMeetingDay([booking()], { scheduled_at: '2026-12-23T18:00:00.000Z', slot_date: '2026-12-22' }, 'Asia/Jakarta')).toMatchObject({ slot_date: '2026-12-22' });
    expect(withMeetingDay([booking()], { scheduled_at: null }, 'Asia/Jakarta')).toEqual({ scheduled_at: null });
  });
});
