import type { Status } from './statuses.ts';
import type { ReminderStage } from './sla-scan/types.ts';

/** The complaints fields that hold a stage's deadline. */
export type DeadlineField = 'verify_due' | 'respond_due' | 'resolve_due';

export interface StageRule {
  /** The due date the stage watches. */
  readonly due: DeadlineField;
  /** The statuses in which the stage's clock runs. */
  readonly statuses: readonly Status[];
  /** A stamp that ends the stage early, while the status still counts (null: none). */
  readonly endedBy: 'first_response_at' | null;
}

/**
 * Which deadline applies in which status: the one rule behind the SLA scan
 * (reminders, overdue flag), the "Lewat batas waktu" views, the dashboard and
 * the bot's "cek" answer. The SP4N-LAPOR clock, on core's status machine:
 *
 * - verify (3 working days): runs only while the verifikator can act, in
 *   `received`. In `needs_info` the report waits for the citizen (SP4N's
 *   "tunda"): that time is not the verifikator's, so the clock stops, and
 *   when the citizen answers (back to `received`) it starts again from the
 *   answer (see `restartsVerifyClock`). Verification ends it: `verified`
 *   counts no verify deadline, and a report an agency returns to `verified`
 *   is not late against a verify date met long ago.
 * - respond (5 working days): starts at disposition and runs in
 *   `dispositioned` until the agency's first response (acceptance stamps
 *   first_response_at and moves the report on).
 * - resolve (the policy's target): starts at disposition too and runs until
 *   the report is resolved.
 *
 * No deadline runs in `verified` (waiting for disposition: the respond and
 * resolve dates still there belong to an agency that returned the report),
 * nor once the report is resolved, closed or rejected.
 */
export const STAGE_RULES: Readonly<Record<ReminderStage, StageRule>> = {
  verify: { due: 'verify_due', statuses: ['received'], endedBy: null },
  respond: { due: 'respond_due', statuses: ['dispositioned'], endedBy: 'first_response_at' },
  resolve: { due: 'resolve_due', statuses: ['dispositioned', 'in_progress'], endedBy: null },
};

/** Stages in the order a report meets them. */
export const DEADLINE_STAGES: readonly ReminderStage[] = ['verify', 'respond', 'resolve'];

/** Statuses in which some deadline runs (a report in any other status is never late). */
export const DEADLINE_STATUSES: readonly Status[] = [...new Set(DEADLINE_STAGES.flatMap((s) => STAGE_RULES[s].statuses))];

export type StageItem = { status: Status; first_response_at?: string | null };
export type DeadlineItem = StageItem & Partial<Record<DeadlineField, string | null>>;

/** Whether `stage`'s clock runs for this report now. */
export function stageOpen(item: StageItem, stage: ReminderStage): boolean {
  const rule = STAGE_RULES[stage];
  if (!rule.statuses.includes(item.status)) return false;
  return rule.endedBy === null || !item[rule.endedBy];
}

/** The stages whose clock runs for this report, in order. */
export function openStages(item: StageItem): ReminderStage[] {
  return DEADLINE_STAGES.filter((s) => stageOpen(item, s));
}

/**
 * The deadline the citizen is waiting on: the first open stage that has a
 * date (in `dispositioned` the agency's response comes before resolution);
 * null when no clock runs (waiting for the citizen, for disposition, or done).
 */
export function citizenDeadline(item: DeadlineItem): string | null {
  for (const stage of openStages(item)) {
    const due = item[STAGE_RULES[stage].due];
    if (due) return due;
  }
  return null;
}

/**
 * A move that starts the verify clock again: the citizen answered the
 * verifikator's question (`needs_info` -> `received`), so the verifikator
 * gets the full verify period from the answer (the wait was the citizen's).
 */
export function restartsVerifyClock(from: Status, to: Status): boolean {
  return to === 'received' && from === 'needs_info';
}
