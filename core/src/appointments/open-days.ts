import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import type { AppointmentSlot, Locale } from '../model.ts';
import { isWorkingDay, type WorkCalendar } from '../sla-clock.ts';

// The days a citizen may book (Temu Bupati): each active weekly slot on its
// weekday, from tomorrow on for `weeks` weeks, skipping holidays and cuti
// bersama through the working-day clock, and dates whose quota is taken.
// Booking starts the day before at the latest, so the reminder the day before
// always has a day to go out on.

/** One bookable meeting: a slot on a date, with the places left. */
export const OpenDay = z.object({
  slot: z.number().int(),
  /** Local date 'YYYY-MM-DD'. */
  date: z.string(),
  start_time: z.string(),
  place: z.string(),
  /** The meeting's start as an instant (ISO). */
  starts_at: z.string(),
  remaining: z.number().int(),
});
export type OpenDay = z.infer<typeof OpenDay>;

const DAY_MS = 86_400_000;

/** `slot|date` → bookings holding a place (requested or scheduled). */
export type TakenCount = ReadonlyMap<string, number>;
export const takenKey = (slot: number, date: string): string => `${slot}|${date}`;

/** The instant a slot starts on a local date ('2026-12-08', '09:00', 'Asia/Jakarta' → 02:00Z). */
export function slotStart(date: string, startTime: string, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = startTime.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, timezone).getTime());
}

/** The local date (YYYY-MM-DD) of an instant in the regency's zone. */
export function localDate(at: Date, timezone: string): string {
  const t = new TZDate(at.getTime(), timezone);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

/** Whether a meeting may be held on a local date: weekdays must be working days; a weekend slot skips only holidays. */
function meetingDay(date: string, weekday: number, cal: WorkCalendar): boolean {
  if (cal.holidays.has(date)) return false;
  // Noon UTC of that date lies on the same local date in every Indonesian zone.
  return weekday >= 6 || isWorkingDay(new Date(`${date}T05:00:00Z`), cal);
}

/** The window the adapter must count bookings over: tomorrow up to `weeks` weeks ahead (local dates, inclusive). */
export function bookingWindow(now: Date, weeks: number, timezone: string): { from: string; to: string } {
  const today = localDate(now, timezone);
  const base = Date.parse(`${today}T00:00:00Z`);
  return { from: iso(base + DAY_MS), to: iso(base + weeks * 7 * DAY_MS) };
}
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Open days, soonest first (ties: earlier start, then slot id). */
export function openSlotDays(
  slots: readonly AppointmentSlot[],
  opts: { now: Date; weeks: number; calendar: WorkCalendar; taken: TakenCount; limit?: number },
): OpenDay[] {
  const { from, to } = bookingWindow(opts.now, opts.weeks, opts.calendar.timezone);
  const out: OpenDay[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) {
    const date = iso(ms);
    const weekday = new Date(ms).getUTCDay() || 7;
    for (const slot of slots) {
      if (!slot.active || slot.weekday !== weekday || !meetingDay(date, weekday, opts.calendar)) continue;
      const remaining = slot.quota - (opts.taken.get(takenKey(slot.id, date)) ?? 0);
      if (remaining <= 0) continue;
      const start = slot.start_time.slice(0, 5);
      out.push({ slot: slot.id, date, start_time: start, place: slot.place, starts_at: slotStart(date, start, opts.calendar.timezone).toISOString(), remaining });
    }
  }
  out.sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.slot - b.slot);
  return opts.limit ? out.slice(0, opts.limit) : out;
}

/** "Selasa, 8 Desember 2026" / "Tuesday, 8 December 2026". */
export function meetingDayLabel(date: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const d = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    weekday: 'long', day: 'numeric', month: style === 'long' ? 'long' : 'short', ...(style === 'long' ? { year: 'numeric' } : {}), timeZone: 'UTC',
  }).format(d).replace(/\./g, '');
}
