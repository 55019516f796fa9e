import { TZDate } from '@date-fns/tz';
import { DomainError } from './errors.ts';
import type { SlaPolicy } from './model.ts';

// SP4N-LAPOR counts deadlines in working days (hari kerja): Saturday, Sunday,
// national holidays and cuti bersama do not count, and neither does the day a
// report arrives. Days are local days of the regency (WIB, WITA or WIT), so
// the same instant can be Friday night in Palembang and Saturday in Makassar.

export interface WorkCalendar {
  /** IANA zone: 'Asia/Jakarta' (WIB), 'Asia/Makassar' (WITA), 'Asia/Jayapura' (WIT). */
  timezone: string;
  /** Non-working local dates, 'YYYY-MM-DD' (holidays collection). */
  holidays: ReadonlySet<string>;
}

/** Builds a calendar from `holidays` rows or plain dates. */
export function makeCalendar(timezone: string, holidays: Iterable<string | { date: string }>): WorkCalendar {
  assertTimezone(timezone);
  const set = new Set<string>();
  for (const h of holidays) set.add(typeof h === 'string' ? h : h.date);
  return { timezone, holidays: set };
}

function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new DomainError('SLA.BAD_TIMEZONE', `Zona waktu «${timezone}» tidak dikenal.`, { timezone });
  }
}

/** A local calendar date as a UTC-midnight day number, so stepping days ignores zones. */
type LocalDay = number;
const DAY_MS = 86_400_000;

function localDay(at: Date, timezone: string): LocalDay {
  const t = new TZDate(at.getTime(), timezone);
  if (Number.isNaN(t.getTime())) assertTimezone(timezone);
  return Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()) / DAY_MS;
}

function isoDate(day: LocalDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingLocalDay(day: LocalDay, cal: WorkCalendar): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(isoDate(day));
}

function endOfLocalDay(day: LocalDay, timezone: string): Date {
  const d = new Date(day * DAY_MS);
  const end = new TZDate(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59, 999, timezone);
  return new Date(end.getTime());
}

/** Whether the local day of `at` is a working day. */
export function isWorkingDay(at: Date, cal: WorkCalendar): boolean {
  return isWorkingLocalDay(localDay(at, cal.timezone), cal);
}

/**
 * End (23:59:59.999 local) of the `days`-th working day after the local day of
 * `from`; the day of `from` itself never counts. `days` = 0 gives the end of
 * the day of `from`.
 */
export function addWorkingDays(from: Date, days: number, cal: WorkCalendar): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new DomainError('SLA.BAD_DAYS', `Jumlah hari kerja harus bilangan bulat tidak negatif (diberikan: ${days}).`, {
      days,
    });
  }
  let day = localDay(from, cal.timezone);
  let counted = 0;
  // Guard against a calendar that marks everything as a holiday.
  for (let steps = 0; counted < days; steps++) {
    if (steps > 3660) throw new DomainError('SLA.NO_WORKING_DAYS', 'Kalender kerja tidak memiliki hari kerja.', {});
    day += 1;
    if (isWorkingLocalDay(day, cal)) counted += 1;
  }
  return endOfLocalDay(day, cal.timezone);
}

/**
 * Working days on local dates after `from` up to and including `to`
 * (negative when `to` is earlier; 0 on the same local day). With a due date
 * as `from` and now as `to`, it says how many working days a stage is late;
 * workingDaysBetween(x, addWorkingDays(x, n)) === n.
 */
export function workingDaysBetween(from: Date, to: Date, cal: WorkCalendar): number {
  const a = localDay(from, cal.timezone);
  const b = localDay(to, cal.timezone);
  if (b < a) return -workingDaysBetween(to, from, cal);
  let n = 0;
  for (let day = a + 1; day <= b; day++) if (isWorkingLocalDay(day, cal)) n += 1;
  return n;
}

export type SlaEvent = 'received' | 'dispositioned' | 'resolved';
export interface DueDates {
  verify_due: Date;
  respond_due: Date;
  resolve_due: Date;
  autoclose_due: Date;
}

/**
 * Deadlines an event starts (complaints fields of the same names):
 * received -> verify_due; dispositioned -> respond_due and resolve_due;
 * resolved -> autoclose_due (the citizen's silence closes the report).
 */
export function dueDates(
  policy: Pick<SlaPolicy, 'verify_days' | 'respond_days' | 'resolve_days' | 'autoclose_days'>,
  event: SlaEvent,
  at: Date,
  cal: WorkCalendar,
): Partial<DueDates> {
  switch (event) {
    case 'received':
      return { verify_due: addWorkingDays(at, policy.verify_days, cal) };
    case 'dispositioned':
      return {
        respond_due: addWorkingDays(at, policy.respond_days, cal),
        resolve_due: addWorkingDays(at, policy.resolve_days, cal),
      };
    case 'resolved':
      return { autoclose_due: addWorkingDays(at, policy.autoclose_days, cal) };
  }
}
