import { z } from 'zod';
import { workingDaysBetween, type WorkCalendar } from '../sla-clock.ts';
import { isFixed, isOpen, isStatus } from '../statuses.ts';
import type { RankingWindow } from './window.ts';

/**
 * What the ranking counts per unit and window. The SQL aggregate in the
 * Directus bundle produces exactly this; `tallyAssignments` below is the same
 * definition over plain rows (the slow reference the tests compare with).
 *
 * Rules (FixMyStreet's league-table lessons):
 * - an assignment counts for the window its `assigned_at` falls in;
 * - a return "bukan wewenang" within `graceDays` working days is kept apart
 *   (`returned_in_grace`) and counts neither for nor against the unit; a
 *   later return stays counted (it held the report too long) and is never fixed;
 * - the response time is the first response, else acceptance, else a late
 *   return (that too answers the report); on time = at or before `respond_due`;
 *   an assignment still waiting whose deadline has not passed is not judged yet;
 * - fixed = core `isFixed` (resolved, or closed after resolution): "closed,
 *   not fixed" is not fixed;
 * - satisfaction, reopens and fixes belong to the assignment the report was
 *   not returned from.
 */
export type UnitTally = {
  /** Every assignment in the window. */
  assigned: number;
  returned_in_grace: number;
  returned_late: number;
  /** assigned - returned_in_grace: the unit's volume. */
  counted: number;
  sla_judged: number;
  sla_met: number;
  fixed: number;
  /** Fixed now or ever resolved and reopened: the reopen rate's base. */
  reached_resolution: number;
  reopened: number;
  rated: number;
  satisfaction_sum: number;
  /** Working days from assignment to response -> how many. */
  response_days: Record<number, number>;
  /** Working days from assignment to resolution (fixed only) -> how many. */
  resolution_days: Record<number, number>;
};

export function emptyTally(): UnitTally {
  return {
    assigned: 0, returned_in_grace: 0, returned_late: 0, counted: 0, sla_judged: 0, sla_met: 0, fixed: 0,
    reached_resolution: 0, reopened: 0, rated: 0, satisfaction_sum: 0, response_days: {}, resolution_days: {},
  };
}

const ts = z.union([z.string(), z.date()]).nullish().transform((v) => (v === null || v === undefined ? null : new Date(v)));
const bool = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');

/** One assignment with the parts of its complaint the ranking reads (REST: fields=*,complaint.*). */
export const RankingAssignmentRow = z.object({
  agency: z.string(),
  assigned_at: ts,
  respond_due: ts,
  accepted_at: ts,
  first_response_at: ts,
  returned_at: ts,
  resolved_at: ts,
  active: bool,
  complaint: z.object({
    status: z.string(),
    status_reason: z.string().nullish(),
    satisfaction: z.number().nullish(),
    reopen_count: z.number().nullish(),
    resolve_due: ts,
    resolved_at: ts,
  }),
});
export type RankingAssignmentRow = z.infer<typeof RankingAssignmentRow>;

export type TallyContext = {
  calendar: WorkCalendar;
  graceDays: number;
  /** When an unanswered assignment's respond deadline is judged. */
  now: Date;
  /**
   * Judge the window as it stood at this instant (the trend's previous window:
   * its own end), not as it stands now. Otherwise the previous window's
   * reports had weeks more to be answered and fixed than the current one's,
   * and every trend leans down. With `asOf`, events at or after it did not
   * happen yet: responses, returns and resolutions by their timestamps,
   * deadlines judged at `asOf`. Ratings and reopens carry no timestamp of
   * their own: they count when the report had been resolved before `asOf`
   * (a rating or reopen that came after it is counted — the only foresight
   * left, and it follows the resolution it belongs to).
   */
  asOf?: Date;
};

const bump = (h: Record<number, number>, k: number) => {
  h[k] = (h[k] ?? 0) + 1;
};

/** Whether a return counts as "within the grace": returned within `graceDays` working days of assignment. */
export function returnedInGrace(assignedAt: Date, returnedAt: Date, ctx: Pick<TallyContext, 'calendar' | 'graceDays'>): boolean {
  return workingDaysBetween(assignedAt, returnedAt, ctx.calendar) <= ctx.graceDays;
}

/** The slow, row-by-row definition of the tally (tests and small data). */
export function tallyAssignments(rows: readonly RankingAssignmentRow[], window: RankingWindow, ctx: TallyContext): Map<string, UnitTally> {
  const out = new Map<string, UnitTally>();
  const asOf = ctx.asOf;
  // Known by asOf: a timestamp strictly before it (windows are half-open too).
  const known = (t: Date | null) => (t && (!asOf || t < asOf) ? t : null);
  const judgeAt = asOf ?? ctx.now;
  for (const raw of rows) {
    if (!raw.assigned_at || raw.assigned_at < window.from || raw.assigned_at >= window.to) continue;
    const a = asOf ? { ...raw, accepted_at: known(raw.accepted_at), first_response_at: known(raw.first_response_at), returned_at: known(raw.returned_at) } : raw;
    const assignedAt = raw.assigned_at;
    let t = out.get(a.agency);
    if (!t) out.set(a.agency, (t = emptyTally()));
    t.assigned += 1;
    if (a.returned_at && returnedInGrace(assignedAt, a.returned_at, ctx)) {
      t.returned_in_grace += 1;
      continue;
    }
    t.counted += 1;
    if (a.returned_at) t.returned_late += 1;

    const responded = a.first_response_at ?? a.accepted_at ?? a.returned_at;
    if (responded) {
      t.sla_judged += 1;
      if (!a.respond_due || responded <= a.respond_due) t.sla_met += 1;
      bump(t.response_days, workingDaysBetween(assignedAt, responded, ctx.calendar));
    } else if (a.respond_due && a.respond_due < judgeAt) {
      t.sla_judged += 1;
    }

    if (a.returned_at) continue;
    const c = a.complaint;
    const resolvedAt = a.resolved_at ?? c.resolved_at;
    const fixedNow = isStatus(c.status) && isFixed(c.status, c.status_reason ?? null);
    const reopenedNow = (c.reopen_count ?? 0) > 0;
    // As of an instant: resolved before it (fixed now, or reopened since: it was fixed then).
    const resolvedBefore = !asOf || known(resolvedAt) !== null;
    const fixed = asOf ? resolvedBefore && (fixedNow || reopenedNow) : fixedNow;
    const reopened = reopenedNow && resolvedBefore;
    if (fixed) {
      t.fixed += 1;
      if (resolvedAt) bump(t.resolution_days, workingDaysBetween(assignedAt, resolvedAt, ctx.calendar));
    }
    if (fixed || reopened) t.reached_resolution += 1;
    if (reopened) t.reopened += 1;
    if (typeof c.satisfaction === 'number' && resolvedBefore) {
      t.rated += 1;
      t.satisfaction_sum += c.satisfaction;
    }
  }
  return out;
}

/**
 * Overdue now (a snapshot, not windowed): the unit's active, unreturned
 * assignments of open reports that passed the respond deadline without an
 * answer, or the report's resolve target.
 */
export function overdueNow(rows: readonly RankingAssignmentRow[], now: Date): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of rows) {
    if (!a.active || a.returned_at || !isStatus(a.complaint.status) || !isOpen(a.complaint.status)) continue;
    const responded = a.first_response_at ?? a.accepted_at;
    const late = (!responded && a.respond_due !== null && a.respond_due < now) || (a.complaint.resolve_due !== null && a.complaint.resolve_due < now);
    if (late) out.set(a.agency, (out.get(a.agency) ?? 0) + 1);
  }
  return out;
}

/** Median of a histogram {value: count}; the mean of the two middle values for an even count; null when empty. */
export function histogramMedian(h: Readonly<Record<number, number>>): number | null {
  const entries = Object.entries(h).map(([k, n]) => [Number(k), n] as const).filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const at = (i: number) => {
    let seen = 0;
    for (const [v, n] of entries) {
      seen += n;
      if (i < seen) return v;
    }
    return entries[entries.length - 1]![0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
