import { TZDate } from '@date-fns/tz';
import { DomainError } from '../errors.ts';
import type { WorkCalendar } from '../sla-clock.ts';

/** Half-open window [from, to): an assignment counts when from <= assigned_at < to. */
export type RankingWindow = { from: Date; to: Date };

const DAY_MS = 86_400_000;

/**
 * The last `days` local days up to `now` (today counts as the last day, so the
 * window starts at local midnight `days - 1` days ago and ends now), and the
 * window of the same length just before it (the trend's comparison).
 * Local midnight, so a Bupati in WITA sees the same days as the data.
 */
export function rankingWindows(days: number, now: Date, timezone: string): { current: RankingWindow; previous: RankingWindow } {
  if (!Number.isInteger(days) || days < 1 || days > 731) {
    throw new DomainError('RANKING.BAD_WINDOW', `Rentang peringkat harus 1–731 hari (diberikan: ${days}).`, { days });
  }
  const local = new TZDate(now.getTime(), timezone);
  const start = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - (days - 1), 0, 0, 0, 0, timezone);
  const prevStart = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - (2 * days - 1), 0, 0, 0, 0, timezone);
  const from = new Date(start.getTime());
  return { current: { from, to: new Date(now.getTime()) }, previous: { from: new Date(prevStart.getTime()), to: from } };
}

/** A calendar month [first day 00:00, first day of next month 00:00) local, for the monthly evaluation meeting. */
export function monthWindow(month: string, timezone: string): RankingWindow {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new DomainError('RANKING.BAD_WINDOW', `Bulan harus berformat YYYY-MM (diberikan: ${month}).`, { month });
  }
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return {
    from: new Date(new TZDate(y, mo, 1, 0, 0, 0, 0, timezone).getTime()),
    to: new Date(new TZDate(y, mo + 1, 1, 0, 0, 0, 0, timezone).getTime()),
  };
}

/** The window of the same length just before `w`. */
export function previousWindow(w: RankingWindow): RankingWindow {
  const len = w.to.getTime() - w.from.getTime();
  return { from: new Date(w.from.getTime() - len), to: w.from };
}

/**
 * UTC offset of an Indonesian zone in seconds. WIB/WITA/WIT have no daylight
 * saving, so one offset holds for every date; SQL uses it to find local days.
 */
export function fixedUtcOffsetSeconds(timezone: string, at: Date = new Date()): number {
  const t = new TZDate(at.getTime(), timezone);
  return -t.getTimezoneOffset() * 60;
}

/** Local day number (days since 1970-01-01 local) of an instant: floor((epoch + offset) / day). */
export function localDayNumber(at: Date, offsetSeconds: number): number {
  return Math.floor((at.getTime() / 1000 + offsetSeconds) / 86_400);
}

/**
 * Cumulative working-day index per local day from `from` to `to` (inclusive):
 * `wd(b) - wd(a)` is the number of working days after day a up to and
 * including day b, i.e. core's workingDaysBetween. SQL joins this small table
 * to turn two timestamps into working days without knowing the holidays.
 */
export function workingDayTable(from: Date, to: Date, cal: WorkCalendar): { offsetSeconds: number; days: Array<[day: number, wd: number]> } {
  const offsetSeconds = fixedUtcOffsetSeconds(cal.timezone, from);
  const first = localDayNumber(from, offsetSeconds);
  const last = localDayNumber(to, offsetSeconds);
  const days: Array<[number, number]> = [];
  let wd = 0;
  for (let d = first; d <= last; d++) {
    const date = new Date(d * DAY_MS);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !cal.holidays.has(date.toISOString().slice(0, 10))) wd += 1;
    days.push([d, wd]);
  }
  return { offsetSeconds, days };
}
