import { addWorkingDays, type WorkCalendar } from '../sla-clock.ts';
import { DEADLINE_STAGES, STAGE_RULES, stageOpen } from '../stage-deadlines.ts';
import { levelName, reminderKey, stepFiresAt, stepsFor, toPolicies } from './plan.ts';
import type { EscalationPolicies, ReminderStage, ReminderStep, ScanItem } from './types.ts';

// The reminder mark: per report and stage, how far its reminders are settled.
//
// Every pass of the scan used to read every open report past a step's due
// date, and every reminder row of those reports, to find the few levels that
// had come due since the last pass: at 1,000,000 reports that is ~14,000
// reports and their history every five minutes, nearly all of them already
// told everything they can be told (bench/sla-scan). The mark lets the query
// leave those out: `reminder_mark_<stage>` on the report holds the highest
// `after_days` up to which every level of the report's policy in that stage
// is recorded in `reminders` (sent, superseded, or claimed by some run). The
// scan then asks only for reports where a level beyond the mark has fired.
//
// The mark is written in the same transaction as the reminder rows it counts
// (the bundle's POST /kanal-aduan/reminders/claim) and only ever raised, so it
// never claims more than the rows hold: a report the query returns is planned
// from its rows as before, and the rows' primary key still decides who sends
// (exactly once). A level left out by the mark is one that is recorded; a
// recorded level that must be tried again (a stale claim, a failed send) is
// found from the reminders table itself (`retryable` rows), not from the mark.

/** The complaints column holding a stage's mark. */
export const REMINDER_MARK_FIELD: Readonly<Record<ReminderStage, 'reminder_mark_verify' | 'reminder_mark_respond' | 'reminder_mark_resolve'>> = {
  verify: 'reminder_mark_verify',
  respond: 'reminder_mark_respond',
  resolve: 'reminder_mark_resolve',
};

export type ReminderMarks = Partial<Record<ReminderStage, number>>;

/** The marks as read from a report row (null = nothing recorded yet). */
export type MarkedItem = Pick<ScanItem, 'id' | 'category' | 'status' | 'first_response_at' | 'verify_due' | 'respond_due' | 'resolve_due'> &
  Partial<Record<(typeof REMINDER_MARK_FIELD)[ReminderStage], number | null>>;

/**
 * The stage marks of one report once `recorded` keys are in `reminders`: per
 * stage, the highest `after_days` such that every level of the report's policy
 * at or before it is recorded. A stage whose first level is not recorded has
 * no mark. Two audiences at the same `after_days` (kilat: officers and pimpinan
 * at +0) count only when both are recorded.
 */
export function reminderMarks(
  item: Pick<ScanItem, 'id' | 'category'>,
  escalation: unknown,
  recorded: ReadonlySet<string>,
): ReminderMarks {
  const steps = stepsFor(toPolicies(escalation), item.category);
  const out: ReminderMarks = {};
  for (const stage of DEADLINE_STAGES) {
    for (const a of distinctDays(steps, stage)) {
      const atA = steps.filter((s) => s.stage === stage && s.after_days === a);
      if (!atA.every((s) => recorded.has(reminderKey(item.id, stage, levelName(s))))) break;
      out[stage] = a;
    }
  }
  return out;
}

function distinctDays(steps: readonly ReminderStep[], stage: ReminderStage): number[] {
  return [...new Set(steps.filter((s) => s.stage === stage).map((s) => s.after_days))].sort((x, y) => x - y);
}

/**
 * The latest due date whose step `afterDays` has fired by `now`: for every due
 * date d, `stepFiresAt(d, afterDays) <= now` exactly when `d <= stepCutoff(...)`.
 * A step other than 0 fires at the end of a working day counted from the due
 * date's local day, so the answer is the end of a local day; step 0 fires at
 * the due date itself.
 */
export function stepCutoff(afterDays: number, now: Date, cal: WorkCalendar): Date {
  if (afterDays === 0) return now;
  const DAY = 86_400_000; // Indonesian zones keep no daylight saving.
  const endOfDay = (t: number) => addWorkingDays(new Date(t), 0, cal);
  const fired = (d: Date) => stepFiresAt(d, afterDays, cal) <= now;
  let d = endOfDay(now.getTime());
  if (fired(d)) {
    for (let i = 0; i < 3660; i++) {
      const next = endOfDay(d.getTime() + DAY);
      if (!fired(next)) break;
      d = next;
    }
    return d;
  }
  for (let i = 0; i < 3660 && !fired(d); i++) d = endOfDay(d.getTime() - DAY);
  return d;
}

/** One step's condition in the scan query: its due date has fired and the mark is below it. */
export interface MarkLevel {
  after_days: number;
  /** Due dates up to this one have the step fired (`stepCutoff`). */
  cutoff: Date;
}

/**
 * The reports of some categories (or, `categories: null`, every category no
 * other group names, and reports without one) and the levels of their policy
 * in one stage. Grouped by the set of `after_days`, which is all the query
 * compares: categories whose policy has the default's days share its group.
 */
export interface MarkGroup {
  categories: string[] | null;
  /** Categories the `null` group leaves to the other groups. */
  except: string[];
  levels: MarkLevel[];
}

/** The groups of one stage's query at `now`; empty when no policy has a step in that stage. */
export function markGroups(escalation: unknown, stage: ReminderStage, now: Date, cal: WorkCalendar): MarkGroup[] {
  const policies: EscalationPolicies = toPolicies(escalation);
  const fallbackDays = distinctDays(policies.fallback, stage);
  const byDays = new Map<string, { days: number[]; categories: string[] }>();
  for (const [category, steps] of Object.entries(policies.byCategory)) {
    const days = distinctDays(steps, stage);
    const k = days.join(',');
    if (k === fallbackDays.join(',')) continue;
    if (!byDays.has(k)) byDays.set(k, { days, categories: [] });
    byDays.get(k)!.categories.push(category);
  }
  const cutoffs = new Map<number, Date>();
  const levels = (days: number[]) =>
    days.map((a) => {
      if (!cutoffs.has(a)) cutoffs.set(a, stepCutoff(a, now, cal));
      return { after_days: a, cutoff: cutoffs.get(a)! };
    });
  const named = [...byDays.values()];
  const except = named.flatMap((g) => g.categories).sort();
  return [
    { categories: null, except, levels: levels(fallbackDays) },
    ...named.map((g) => ({ categories: g.categories.sort(), except: [], levels: levels(g.days) })),
  ].filter((g) => g.levels.length > 0);
}

/**
 * What the scan query selects, as a predicate (the adapter turns the same
 * groups into a database filter): the stage is open and some level beyond the
 * report's mark has fired.
 */
export function levelPastMark(item: MarkedItem, stage: ReminderStage, groups: readonly MarkGroup[]): boolean {
  if (!stageOpen(item, stage)) return false;
  const due = item[STAGE_RULES[stage].due];
  if (!due) return false;
  const category = item.category ?? null;
  const group = groups.find((g) =>
    g.categories === null ? category === null || !g.except.includes(category) : category !== null && g.categories.includes(category),
  );
  if (!group) return false;
  const mark = item[REMINDER_MARK_FIELD[stage]] ?? null;
  const d = new Date(due);
  return group.levels.some((l) => d <= l.cutoff && (mark === null || mark < l.after_days));
}
