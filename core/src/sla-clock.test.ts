import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  dueDates,
  isWorkingDay,
  makeCalendar,
  workingDaysBetween,
  type WorkCalendar,
} from './sla-clock.ts';

// Indonesian holidays per SKB 3 Menteri (2025 and 2026) around the tested dates.
const HOLIDAYS = [
  '2025-12-25', // Natal
  '2025-12-26', // cuti bersama Natal
  '2026-01-01', // Tahun Baru Masehi
  '2026-03-18', // cuti bersama Nyepi
  '2026-03-19', // Nyepi (Tahun Baru Saka 1948)
  '2026-03-20', // Idul Fitri 1447 H
  '2026-03-21', // Idul Fitri 1447 H (Saturday)
  '2026-03-23', // cuti bersama Idul Fitri
  '2026-03-24', // cuti bersama Idul Fitri
  '2026-04-03', // Wafat Yesus Kristus (Good Friday)
];
const WIB = makeCalendar('Asia/Jakarta', HOLIDAYS);
const WITA = makeCalendar('Asia/Makassar', HOLIDAYS);
const WIT = makeCalendar('Asia/Jayapura', HOLIDAYS);

// Local wall time -> instant, to keep the tables readable.
const at = (local: string, offset: '+07:00' | '+08:00' | '+09:00' = '+07:00') => new Date(`${local}${offset}`);
const endOf = (date: string, offset: '+07:00' | '+08:00' | '+09:00' = '+07:00') => at(`${date}T23:59:59.999`, offset);

describe('addWorkingDays', () => {
  it('worked example: Friday 22:00 WIB + 3 working days is end of Wednesday', () => {
    expect(addWorkingDays(at('2026-11-20T22:00:00'), 3, WIB)).toEqual(new Date('2026-11-25T16:59:59.999Z'));
  });

  it.each<[string, string, number, WorkCalendar, string]>([
    ['Monday morning', '2026-11-16T08:00:00', 3, WIB, '2026-11-19'],
    ['Monday just after midnight', '2026-11-16T00:00:00', 1, WIB, '2026-11-17'],
    ['Saturday', '2026-11-21T10:00:00', 1, WIB, '2026-11-23'],
    ['Sunday night', '2026-11-22T23:59:00', 3, WIB, '2026-11-25'],
    ['zero days is the end of the same day', '2026-11-20T08:00:00', 0, WIB, '2026-11-20'],
    // Lebaran 2026: 18–24 March are all off (cuti bersama, Nyepi, Idul Fitri, weekend).
    ['Tuesday before Lebaran', '2026-03-17T09:00:00', 3, WIB, '2026-03-27'],
    ['Tuesday before Lebaran, 1 day', '2026-03-17T09:00:00', 1, WIB, '2026-03-25'],
    ['Monday before Lebaran', '2026-03-16T09:00:00', 3, WIB, '2026-03-26'],
    ['during cuti bersama', '2026-03-23T10:00:00', 1, WIB, '2026-03-25'],
    // 16, 17, 25, 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Apr Good Friday), 6 Apr.
    ['Lebaran, 10 days to auto-close', '2026-03-13T15:00:00', 10, WIB, '2026-04-06'],
    // Year end: Natal, cuti bersama, Tahun Baru.
    ['Christmas Eve', '2025-12-24T10:00:00', 3, WIB, '2025-12-31'],
    ['Christmas Eve, 5 days', '2025-12-24T10:00:00', 5, WIB, '2026-01-05'],
    ['New Year Eve', '2025-12-31T20:00:00', 1, WIB, '2026-01-02'],
  ])('%s (%s + %i)', (_name, from, days, cal, due) => {
    expect(addWorkingDays(at(from), days, cal)).toEqual(endOf(due));
  });

  it('counts days in the regency timezone at the midnight edge', () => {
    // Thursday 23:30 WIB is already Friday 00:30 WITA and 01:30 WIT.
    const instant = new Date('2026-11-19T16:30:00Z');
    expect(addWorkingDays(instant, 3, WIB)).toEqual(endOf('2026-11-24', '+07:00'));
    expect(addWorkingDays(instant, 3, WITA)).toEqual(endOf('2026-11-25', '+08:00'));
    expect(addWorkingDays(instant, 3, WIT)).toEqual(endOf('2026-11-25', '+09:00'));
    expect(addWorkingDays(instant, 3, WITA).toISOString()).toBe('2026-11-25T15:59:59.999Z');
  });

  it('rejects negative or fractional days and unknown zones', () => {
    expect(() => addWorkingDays(new Date(), -1, WIB)).toThrow(expect.objectContaining({ code: 'SLA.BAD_DAYS' }));
    expect(() => addWorkingDays(new Date(), 1.5, WIB)).toThrow(expect.objectContaining({ code: 'SLA.BAD_DAYS' }));
    expect(() => makeCalendar('Asia/Atlantis', [])).toThrow(expect.objectContaining({ code: 'SLA.BAD_TIMEZONE' }));
  });
});

describe('isWorkingDay', () => {
  it.each<[string, WorkCalendar, boolean]>([
    ['2026-11-20T12:00:00Z', WIB, true], // Friday
    ['2026-11-21T03:00:00Z', WIB, false], // Saturday
    ['2026-03-20T03:00:00Z', WIB, false], // Idul Fitri
    ['2026-03-25T03:00:00Z', WIB, true], // first day back after Lebaran
    ['2025-12-26T03:00:00Z', WIB, false], // cuti bersama
    // Friday 23:30 WIB is Saturday 00:30 WITA.
    ['2026-11-20T16:30:00Z', WIB, true],
    ['2026-11-20T16:30:00Z', WITA, false],
    // Sunday 23:30 WITA is Monday 00:30 WIT.
    ['2026-11-22T15:30:00Z', WITA, false],
    ['2026-11-22T15:30:00Z', WIT, true],
  ])('%s', (iso, cal, working) => expect(isWorkingDay(new Date(iso), cal)).toBe(working));
});

describe('workingDaysBetween', () => {
  it.each<[string, string, string, number]>([
    ['same day', '2026-11-25T23:59:59.999', '2026-11-25T08:00:00', 0],
    ['one day late', '2026-11-25T23:59:59.999', '2026-11-26T08:00:00', 1],
    ['over a weekend', '2026-11-25T23:59:59.999', '2026-11-30T08:00:00', 3],
    ['weekend does not add lateness', '2026-11-27T23:59:59.999', '2026-11-29T20:00:00', 0],
    ['across Lebaran', '2026-03-17T23:59:59.999', '2026-03-26T10:00:00', 2],
    ['across year end', '2025-12-24T23:59:59.999', '2026-01-02T10:00:00', 4],
    ['early is negative', '2026-11-30T10:00:00', '2026-11-25T10:00:00', -3],
  ])('%s', (_n, from, to, days) => {
    expect(workingDaysBetween(at(from), at(to), WIB)).toBe(days);
  });

  it('inverts addWorkingDays', () => {
    const start = at('2026-03-13T15:00:00');
    for (const n of [0, 1, 3, 5, 10, 14]) {
      expect(workingDaysBetween(start, addWorkingDays(start, n, WIB), WIB)).toBe(n);
    }
  });
});

describe('dueDates', () => {
  const policy = { verify_days: 3, respond_days: 5, resolve_days: 14, autoclose_days: 10 };
  const friday = at('2026-11-20T22:00:00');

  it('received starts the verification clock only', () => {
    expect(dueDates(policy, 'received', friday, WIB)).toEqual({ verify_due: endOf('2026-11-25') });
  });

  it('dispositioned starts respond and resolve', () => {
    expect(dueDates(policy, 'dispositioned', friday, WIB)).toEqual({
      respond_due: endOf('2026-11-27'),
      resolve_due: endOf('2026-12-10'),
    });
  });

  it('resolved starts the 10-working-day auto-close', () => {
    expect(dueDates(policy, 'resolved', friday, WIB)).toEqual({ autoclose_due: endOf('2026-12-04') });
  });
});
