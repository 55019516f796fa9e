/**
 * The first weekly schedule of Temu Bupati (meeting the regional head): admins
 * change it in Directus («Jadwal Temu Bupati»). Holidays and cuti bersama are
 * skipped by the bot on their own.
 */
export const APPOINTMENT_SLOTS = [
  { id: 1, weekday: 2, start_time: '09:00', place: 'Pendopo Kabupaten', quota: 5, active: true },
  { id: 2, weekday: 4, start_time: '09:00', place: 'Pendopo Kabupaten', quota: 5, active: true },
] as const;
