import { TZDate } from '@date-fns/tz';
import { DomainError } from '../errors.ts';
import { DEADLINE_STAGES, STAGE_RULES, stageOpen } from '../stage-deadlines.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkCalendar } from '../sla-clock.ts';
import {
  Audience,
  DEFAULT_SEND_WINDOW,
  QuietHours,
  ReminderStep,
  type Digest,
  type DigestEntry,
  type Directory,
  type EscalationPolicies,
  type Person,
  type Reminder,
  type ReminderPlan,
  type ReminderStage,
  type ScanItem,
} from './types.ts';

const DAY_MS = 86_400_000;

/** The policy's steps that parse; a malformed admin edit is skipped, not fatal. */
export function reminderSteps(escalation: unknown): ReminderStep[] {
  if (!Array.isArray(escalation)) return [];
  return escalation.flatMap((s) => {
    const r = ReminderStep.safeParse(s);
    return r.success ? [r.data] : [];
  });
}

/**
 * The escalation steps of every policy in use. `fallback` is the default
 * (SP4N) policy's raw `escalation`; `byCategory` maps a category code to its
 * policy's raw `escalation`. A category without a policy, with a policy that
 * no longer exists, or whose policy has no valid step (an admin saved it
 * empty) falls back: a report is never left without reminders by accident.
 */
export function escalationPolicies(fallback: unknown, byCategory: Readonly<Record<string, unknown>> = {}): EscalationPolicies {
  const out: Record<string, ReminderStep[]> = {};
  for (const [category, raw] of Object.entries(byCategory)) {
    const steps = reminderSteps(raw);
    if (steps.length) out[category] = steps;
  }
  return { fallback: reminderSteps(fallback), byCategory: out };
}

function isPolicies(x: unknown): x is EscalationPolicies {
  return !!x && typeof x === 'object' && !Array.isArray(x) && Array.isArray((x as EscalationPolicies).fallback);
}

/** One policy's raw steps, or already-resolved policies (per category). */
export function toPolicies(escalation: unknown): EscalationPolicies {
  return isPolicies(escalation) ? escalation : escalationPolicies(escalation);
}

/** The steps that apply to a report of this category. */
export function stepsFor(policies: EscalationPolicies, category: string | null | undefined): ReminderStep[] {
  return (category ? policies.byCategory[category] : undefined) ?? policies.fallback;
}

/** `level` as stored in the once-only key: `agency_head+0`, `verifikator-1`. */
export function levelName(step: Pick<ReminderStep, 'notify' | 'after_days'>): string {
  return `${step.notify}${step.after_days >= 0 ? '+' : ''}${step.after_days}`;
}

export function reminderKey(complaint: number, stage: ReminderStage, level: string): string {
  return `${complaint}:${stage}:${level}`;
}

/**
 * When a step fires: `after_days` working days from the due date, at the end
 * of that working day (the clock's deadlines are ends of days). -1 = the end
 * of the working day before the due day, so the reminder goes out on the
 * morning of the last day; 0 = the moment the deadline passes; 2 = two full
 * working days later.
 */
export function stepFiresAt(due: Date, afterDays: number, cal: WorkCalendar): Date {
  if (afterDays === 0) return due;
  if (afterDays > 0) return addWorkingDays(due, afterDays, cal);
  let t = due.getTime();
  for (let counted = 0, guard = 0; counted < -afterDays; guard++) {
    if (guard > 3660) break;
    t -= DAY_MS; // Indonesia has no daylight saving: a day is always 24 h.
    if (isWorkingDay(new Date(t), cal)) counted++;
  }
  return addWorkingDays(new Date(t), 0, cal);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The first moment at or after `now` when officers may get a WhatsApp:
 * between `send_from` and `send_until` local time, and only on working days
 * unless the instance lets reminders out on weekends and holidays. No message
 * at night (officers' rest is part of the SLA deal).
 */
export function nextSendTime(now: Date, cal: WorkCalendar, window: QuietHours = DEFAULT_SEND_WINDOW): Date {
  const from = minutesOf(window.send_from);
  const until = minutesOf(window.send_until);
  const local = new TZDate(now.getTime(), cal.timezone);
  const at = (dayOffset: number, minutes: number) =>
    new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, 0, minutes, 0, 0, cal.timezone).getTime());
  const open = (t: Date) => !window.quiet_days_off || isWorkingDay(t, cal);
  if (open(now)) {
    const minute = local.getHours() * 60 + local.getMinutes();
    if (minute >= from && minute < until) return now;
    if (minute < from) return at(0, from);
  }
  for (let d = 1; d < 3660; d++) {
    const candidate = at(d, from);
    if (open(candidate)) return candidate;
  }
  return now;
}

/**
 * The sending window from the settings singleton, with the n8n node's
 * overrides (empty = not overridden). A bad value is an error the admin can
 * read, never a silent switch to "always send".
 */
export function sendWindow(
  settings: { reminder_send_from?: string | null; reminder_send_until?: string | null; reminder_quiet_days_off?: boolean | null } | null | undefined,
  overrides: { send_from?: string; send_until?: string } = {},
): QuietHours {
  // A bare hour ("7", what the node's old numeric parameters held) means 07:00; a stored time "07:00:00" reads as 07:00.
  const norm = (t: string) => (/^\d{1,2}$/.test(t) ? `${t.padStart(2, '0')}:00` : t.slice(0, 5));
  const pick = (o: string | undefined, v: string | null | undefined) => (o?.trim() ? norm(o.trim()) : v?.trim() ? norm(v.trim()) : undefined);
  const parsed = QuietHours.safeParse({
    send_from: pick(overrides.send_from, settings?.reminder_send_from),
    send_until: pick(overrides.send_until, settings?.reminder_send_until),
    quiet_days_off: settings?.reminder_quiet_days_off ?? undefined,
  });
  if (!parsed.success) {
    throw new DomainError('SLA.BAD_SEND_WINDOW', `Jam kirim pengingat tidak valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`, {
      settings,
      overrides,
    });
  }
  return parsed.data;
}

/**
 * Clock answers for one scan, memoised by due date: deadlines are ends of
 * working days, so thousands of reports share a few hundred due dates, and the
 * time-zone arithmetic (Intl) is the expensive part of a scan.
 */
export class ScanClock {
  private fires = new Map<string, Date>();
  private late = new Map<string, number>();
  constructor(
    readonly calendar: WorkCalendar,
    readonly now: Date,
  ) {}
  firesAt(dueIso: string, afterDays: number): Date {
    const k = `${dueIso}|${afterDays}`;
    let v = this.fires.get(k);
    if (!v) this.fires.set(k, (v = stepFiresAt(new Date(dueIso), afterDays, this.calendar)));
    return v;
  }
  /** Working days from the due date to now (0 when not past). */
  daysLate(dueIso: string): number {
    let v = this.late.get(dueIso);
    if (v === undefined) this.late.set(dueIso, (v = workingDaysBetween(new Date(dueIso), this.now, this.calendar)));
    return v;
  }
}

/** Overdue flag and working days late for the admin views (the latest open stage counts). */
export function overdueState(
  item: Pick<ScanItem, 'status' | 'first_response_at' | 'verify_due' | 'respond_due' | 'resolve_due'>,
  now: Date,
  cal: WorkCalendar,
  clock: ScanClock = new ScanClock(cal, now),
): { overdue: boolean; days_late: number; stage: ReminderStage | null } {
  let stage: ReminderStage | null = null;
  let daysLate = 0;
  for (const s of DEADLINE_STAGES) {
    if (!stageOpen(item, s)) continue;
    const due = item[STAGE_RULES[s].due];
    if (!due || new Date(due) >= now) continue;
    const late = clock.daysLate(due);
    // The stage that is latest by the most days is the one to chase; on a tie the earlier stage (respond before resolve).
    if (stage === null || late > daysLate) {
      stage = s;
      daysLate = late;
    }
  }
  return { overdue: stage !== null, days_late: daysLate, stage };
}

const AUDIENCE_RANK: Record<Audience, number> = { verifikator: 0, agency_officers: 1, agency_head: 2, pimpinan: 3 };

function recipientsFor(notify: Audience, agency: string | null, dir: Directory): Person[] {
  const a = agency ? dir.agencies[agency] : undefined;
  switch (notify) {
    case 'verifikator':
      return dir.verifikator;
    case 'pimpinan':
      return dir.pimpinan;
    case 'agency_head':
      return a?.head ? [a.head] : [];
    case 'agency_officers':
      // An office without its own officers (a small kecamatan) is run by its head.
      return a ? (a.officers.length ? a.officers : a.head ? [a.head] : []) : [];
  }
}

export interface PlanInput {
  items: readonly ScanItem[];
  /**
   * Who is told when: one policy's raw `sla_policies.escalation` (parsed
   * here), or `escalationPolicies(...)` to pick each report's steps by its category.
   */
  escalation: unknown;
  directory: Directory;
  calendar: WorkCalendar;
  now: Date;
  /** Once-only keys already recorded (`reminders.id`). */
  alreadySent: ReadonlySet<string>;
  sendWindow?: QuietHours;
}

/**
 * Decides who must be told about what now. Pure: the caller claims each
 * `send` key (a unique insert, so a concurrent run loses), sends `digests`,
 * and records `superseded` keys without sending.
 */
export function planReminders(input: PlanInput): ReminderPlan {
  const { items, directory, calendar: cal, now, alreadySent } = input;
  const policies = toPolicies(input.escalation);
  const clock = new ScanClock(cal, now);
  const reached: Reminder[] = [];
  // Per complaint, stage and audience: the latest level some run already holds
  // (sent, or claimed and not yet stale). Anything earlier is overtaken even
  // when this run did not win that level (two scans at once).
  const heldTop = new Map<string, number>();
  for (const item of items) {
    for (const step of stepsFor(policies, item.category)) {
      if (!stageOpen(item, step.stage)) continue;
      const dueIso = item[STAGE_RULES[step.stage].due];
      if (!dueIso) continue;
      const fires = clock.firesAt(dueIso, step.after_days);
      if (fires > now) continue;
      const due = new Date(dueIso);
      const level = levelName(step);
      const key = reminderKey(item.id, step.stage, level);
      if (alreadySent.has(key)) {
        const g = `${item.id}:${step.stage}:${step.notify}`;
        heldTop.set(g, Math.max(heldTop.get(g) ?? -Infinity, step.after_days));
        continue;
      }
      const overdue = due < now;
      reached.push({
        key,
        complaint: item.id,
        ticket: item.ticket,
        stage: step.stage,
        level,
        notify: step.notify,
        after_days: step.after_days,
        agency: item.assigned_agency,
        agency_name: item.assigned_agency ? (directory.agencies[item.assigned_agency]?.name ?? item.assigned_agency) : null,
        due_at: due.toISOString(),
        fires_at: fires.toISOString(),
        days_late: overdue ? clock.daysLate(dueIso) : 0,
        overdue,
        recipients: recipientsFor(step.notify, item.assigned_agency, directory).filter((p) => !!p.wa_phone),
      });
    }
  }

  // When the scan was down (or the report arrived late), several levels for the
  // same people may be reached at once: tell them only the latest one.
  const latest = new Map<string, Reminder>();
  for (const r of reached) {
    const g = `${r.complaint}:${r.stage}:${r.notify}`;
    const cur = latest.get(g);
    if (!cur || r.after_days > cur.after_days) latest.set(g, r);
  }
  const isCurrent = (r: Reminder) => {
    const g = `${r.complaint}:${r.stage}:${r.notify}`;
    return latest.get(g) === r && r.after_days > (heldTop.get(g) ?? -Infinity);
  };
  const superseded = reached.filter((r) => !isCurrent(r));
  const current = reached.filter(isCurrent);

  const unreachable = current.filter((r) => r.recipients.length === 0);
  const deliverable = current.filter((r) => r.recipients.length > 0);
  const sendAt = nextSendTime(now, cal, input.sendWindow ?? DEFAULT_SEND_WINDOW);
  if (sendAt.getTime() !== now.getTime()) {
    return {
      send: [],
      superseded: [],
      deferred: deliverable.map((reminder) => ({ reminder, send_at: sendAt.toISOString() })),
      unreachable,
      digests: [],
    };
  }
  return { send: deliverable, superseded, deferred: [], unreachable, digests: groupDigests(deliverable) };
}

/** One digest per person, entries ordered by due date then ticket. */
export function groupDigests(reminders: readonly Reminder[]): Digest[] {
  const byPerson = new Map<string, Digest>();
  const slot = new Map<string, number>(); // person|complaint|stage -> index in that digest's entries
  for (const r of reminders) {
    for (const p of r.recipients) {
      let d = byPerson.get(p.id);
      if (!d) byPerson.set(p.id, (d = { person: p, audience: r.notify, entries: [] }));
      if (AUDIENCE_RANK[r.notify] > AUDIENCE_RANK[d.audience]) d.audience = r.notify;
      const entry: DigestEntry = {
        key: r.key,
        complaint: r.complaint,
        ticket: r.ticket,
        stage: r.stage,
        level: r.level,
        notify: r.notify,
        agency: r.agency,
        agency_name: r.agency_name,
        due_at: r.due_at,
        days_late: r.days_late,
        overdue: r.overdue,
      };
      // Someone told twice about the same ticket and stage (a Camat who is also
      // the office's officer) reads it once, at the higher level.
      const k = `${p.id}|${r.complaint}|${r.stage}`;
      const same = slot.get(k);
      if (same === undefined) slot.set(k, d.entries.push(entry) - 1);
      else if (AUDIENCE_RANK[r.notify] > AUDIENCE_RANK[d.entries[same]!.notify]) d.entries[same] = entry;
    }
  }
  const digests = [...byPerson.values()];
  // Plain code-unit order (ISO dates and tickets sort correctly that way); localeCompare is slow on big digests.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const d of digests) d.entries.sort((a, b) => cmp(a.due_at, b.due_at) || cmp(a.ticket, b.ticket) || cmp(a.stage, b.stage));
  return digests.sort((a, b) => cmp(a.person.id, b.person.id));
}

/**
 * The due-date horizon of each stage's query: a row whose due date is later
 * than this cannot have any level fired yet (the earliest step is the most
 * negative `after_days`). Lets the query use the due-date index as a range.
 */
export function scanHorizon(escalation: unknown, stage: ReminderStage, now: Date, cal: WorkCalendar): Date | null {
  const policies = toPolicies(escalation);
  // Every policy in use: the query must reach the earliest step of any of them.
  const steps = [policies.fallback, ...Object.values(policies.byCategory)].flat().filter((s) => s.stage === stage);
  if (!steps.length) return null;
  const earliest = Math.min(...steps.map((s) => s.after_days));
  return earliest >= 0 ? now : addWorkingDays(now, -earliest, cal);
}
