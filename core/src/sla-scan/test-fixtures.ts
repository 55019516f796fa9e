// Shared fixtures of the SLA scan's tests (plan.test.ts, marks.test.ts).
import { makeCalendar } from '../sla-clock.ts';

// SKB 3 Menteri 2026 around Lebaran: 18–24 March are all off.
export const CAL = makeCalendar('Asia/Jakarta', ['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24', '2026-12-25']);
/** A WIB local time. */
export const at = (local: string) => new Date(`${local}+07:00`);
/** The end of a WIB day, as the clock's deadlines are. */
export const endOf = (date: string) => at(`${date}T23:59:59.999`).toISOString();

/** The SP4N escalation steps as seeded (sla_policies.escalation). */
export const SP4N = [
  { stage: 'verify', after_days: -1, notify: 'verifikator' },
  { stage: 'verify', after_days: 0, notify: 'verifikator' },
  { stage: 'respond', after_days: -1, notify: 'agency_officers' },
  { stage: 'respond', after_days: 0, notify: 'agency_head' },
  { stage: 'respond', after_days: 2, notify: 'pimpinan' },
  { stage: 'resolve', after_days: 0, notify: 'agency_head' },
];
