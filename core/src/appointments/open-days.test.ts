import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../sla-clock.ts';
import { bookingWindow, meetingDayLabel, openSlotDays, slotStart, takenKey } from './open-days.ts';

const slots = [
  { id: 1, weekday: 2, start_time: '09:00', place: 'Pendopo Kabupaten', quota: 5, active: true },
  { id: 2, weekday: 4, start_time: '09:00', place: 'Pendopo Kabupaten', quota: 5, active: true },
  { id: 3, weekday: 1, start_time: '13:00', place: 'Ruang Rapat Bupati', quota: 3, active: false },
];
// Thursday 3 December 2026, 10:00 WIB.
const now = new Date('2026-12-03T03:00:00Z');

describe('open Temu Bupati days', () => {
  it('offers each active slot on its weekday from tomorrow for the weeks asked, soonest first', () => {
    const days = openSlotDays(slots, { now, weeks: 2, calendar: makeCalendar('Asia/Jakarta', []), taken: new Map() });
    expect(days.map((d) => `${d.date} ${d.start_time}`)).toEqual(['2026-12-08 09:00', '2026-12-10 09:00', '2026-12-15 09:00', '2026-12-17 09:00']);
    expect(days[0]).toMatchObject({ slot: 1, place: 'Pendopo Kabupaten', remaining: 5, starts_at: '2026-12-08T02:00:00.000Z' });
  });

  it('never offers today, even before the meeting starts (the reminder goes out the day before)', () => {
    const tuesdayMorning = new Date('2026-12-08T00:00:00Z');
    const days = openSlotDays(slots, { now: tuesdayMorning, weeks: 1, calendar: makeCalendar('Asia/Jakarta', []), taken: new Map() });
    expect(days[0]!.date).toBe('2026-12-10');
  });

  it('skips holidays and cuti bersama, and a slot whose quota is taken', () => {
    const calendar = makeCalendar('Asia/Jakarta', ['2026-12-24', '2026-12-08']);
    const taken = new Map([[takenKey(2, '2026-12-10'), 5], [takenKey(1, '2026-12-15'), 3]]);
    const days = openSlotDays(slots, { now, weeks: 3, calendar, taken });
    expect(days.map((d) => d.date)).toEqual(['2026-12-15', '2026-12-17', '2026-12-22']);
    expect(days[0]!.remaining).toBe(2);
  });

  it('counts days in the regency zone: 23:30 WIB on Monday is still Monday', () => {
    expect(bookingWindow(new Date('2026-12-07T16:30:00Z'), 1, 'Asia/Jakarta')).toEqual({ from: '2026-12-08', to: '2026-12-14' });
    expect(slotStart('2026-12-08', '09:00', 'Asia/Makassar').toISOString()).toBe('2026-12-08T01:00:00.000Z');
  });

  it('names the day in Indonesian and English', () => {
    expect(meetingDayLabel('2026-12-08', 'id')).toBe('Selasa, 8 Desember 2026');
    expect(meetingDayLabel('2026-12-08', 'en')).toBe('Tuesday, 8 December 2026');
    expect(meetingDayLabel('2026-12-08', 'id', 'short')).toBe('Selasa, 8 Des');
  });
});
