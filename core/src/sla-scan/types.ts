import { z } from 'zod';
import { StatusSchema } from '../model.ts';

/**
 * Shapes of the SLA scan. A reminder level is one escalation step of
 * `sla_policies.escalation`: a stage, who is told (`notify`) and when
 * (`after_days` working days relative to the stage's due date, negative =
 * before it).
 */
export const ReminderStage = z.enum(['verify', 'respond', 'resolve']);
export type ReminderStage = z.infer<typeof ReminderStage>;

export const Audience = z.enum(['verifikator', 'agency_officers', 'agency_head', 'pimpinan']);
export type Audience = z.infer<typeof Audience>;

/** A validated escalation step (the policy JSON is admin-edited, so it is parsed, not trusted). */
export const ReminderStep = z.object({
  stage: ReminderStage,
  after_days: z.number().int().min(-30).max(60),
  notify: Audience,
});
export type ReminderStep = z.infer<typeof ReminderStep>;

const iso = z.string().min(1);

/** The complaint columns the scan reads (one row of the per-stage queries). */
export const ScanItem = z.object({
  id: z.number().int(),
  ticket: z.string(),
  status: StatusSchema,
  assigned_agency: z.string().nullable(),
  category: z.string().nullable().optional(),
  verify_due: iso.nullable(),
  respond_due: iso.nullable(),
  resolve_due: iso.nullable(),
  first_response_at: iso.nullable().optional(),
  overdue: z.boolean().nullable().optional(),
  days_late: z.number().int().nullable().optional(),
  overdue_stage: ReminderStage.nullable().optional(),
  /** How far each stage's reminders are recorded (marks.ts); null before the first level. */
  reminder_mark_verify: z.number().int().nullable().optional(),
  reminder_mark_respond: z.number().int().nullable().optional(),
  reminder_mark_resolve: z.number().int().nullable().optional(),
});
export type ScanItem = z.infer<typeof ScanItem>;

/** Someone who may be reminded (a directus_users row with its WhatsApp number). */
export const Person = z.object({
  id: z.string(),
  name: z.string(),
  wa_phone: z.string().nullable(),
  locale: z.enum(['id', 'en']).default('id'),
});
export type Person = z.infer<typeof Person>;

/** Who stands behind each audience. */
export const Directory = z.object({
  verifikator: z.array(Person),
  pimpinan: z.array(Person),
  agencies: z.record(
    z.string(),
    z.object({ name: z.string(), officers: z.array(Person), head: Person.nullable() }),
  ),
});
export type Directory = z.infer<typeof Directory>;

/** A local time of day, `HH:MM` (24 h); `24:00` closes a window at midnight. */
export const LocalTime = z
  .string()
  .trim()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Jam harus berformat JJ:MM, mis. 07:00 atau 18:30.');
export type LocalTime = z.infer<typeof LocalTime>;

/**
 * When officers may receive a reminder on WhatsApp: local times [from, until)
 * and whether weekends and holidays are quiet all day. One window for the
 * whole instance (settings singleton), not per policy: a person's digest lists
 * reports of every category, so it can only have one sending time.
 */
export const QuietHours = z
  .object({
    send_from: LocalTime.default('07:00'),
    send_until: LocalTime.default('18:00'),
    quiet_days_off: z.boolean().default(true),
  })
  .refine((w) => w.send_from < w.send_until, { message: 'Jam mulai kirim harus lebih awal dari jam selesai kirim.' });
export type QuietHours = z.infer<typeof QuietHours>;
export const DEFAULT_SEND_WINDOW: QuietHours = { send_from: '07:00', send_until: '18:00', quiet_days_off: true };

/**
 * Escalation steps per category: a category whose `sla_policy` has
 * valid steps uses them; every other report uses `fallback` (the SP4N policy).
 */
export interface EscalationPolicies {
  fallback: ReminderStep[];
  byCategory: Readonly<Record<string, ReminderStep[]>>;
}

/** A row of `reminders` as the scan reads it back (to skip what is done and retry what is stuck). */
export const ReminderRecord = z.object({
  key: z.string(),
  status: z.enum(['claimed', 'sent', 'failed', 'superseded']),
  attempts: z.number().int().nullable().optional(),
  claimed_at: iso.nullable().optional(),
  date_created: iso.nullable().optional(),
});
export type ReminderRecord = z.infer<typeof ReminderRecord>;

/** When an unsent claim counts as abandoned (n8n died, WhatsApp failed) and may be claimed again. */
export const RetryRule = z.object({
  stale_minutes: z.number().int().min(1).max(1440).default(15),
  max_attempts: z.number().int().min(1).max(20).default(5),
});
export type RetryRule = z.infer<typeof RetryRule>;
export const DEFAULT_RETRY: RetryRule = { stale_minutes: 15, max_attempts: 5 };

/** One (complaint, stage, level) that has come due. `key` is the once-only key. */
export interface Reminder {
  key: string;
  complaint: number;
  ticket: string;
  stage: ReminderStage;
  level: string;
  notify: Audience;
  after_days: number;
  agency: string | null;
  agency_name: string | null;
  /** The stage's due date (ISO). */
  due_at: string;
  /** When this level came due (ISO). */
  fires_at: string;
  /** Working days past the due date (0 on the due day or before). */
  days_late: number;
  overdue: boolean;
  recipients: Person[];
}

/** One ticket in a digest: the reminder without its step and recipients. */
export type DigestEntry = Pick<Reminder, 'key' | 'complaint' | 'ticket' | 'stage' | 'level' | 'notify' | 'agency' | 'agency_name' | 'due_at' | 'days_late' | 'overdue'>;

/** One WhatsApp per person listing every ticket they are told about in this run. */
export interface Digest {
  person: Person;
  /** The highest audience in the digest picks the template (pimpinan > head > officers > verifikator). */
  audience: Audience;
  entries: DigestEntry[];
}

export interface ReminderPlan {
  /** Levels to claim (insert the once-only row) and send now. */
  send: Reminder[];
  /** Levels reached but not sent because a later level for the same people is also due: record, do not send. */
  superseded: Reminder[];
  /** Levels reached during quiet hours: left alone, the scan at `send_at` sends them. */
  deferred: { reminder: Reminder; send_at: string }[];
  /** Levels nobody can be told about (no user with a WhatsApp number): not recorded, so they go out once someone has one. */
  unreachable: Reminder[];
  digests: Digest[];
}
