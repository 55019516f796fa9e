import { z } from 'zod';
import { STATUSES } from './statuses.ts';

// One zod schema per collection of schema/MODEL.md, named after it in
// PascalCase singular, fields exactly as the model. A schema describes an
// item as read from Directus with plain keys for relations; use `.partial()`
// or `.pick()` for writes. Timestamps stay strings: Directus returns
// `timestamp` with a zone and `dateTime` without one, and both must parse.

const timestamp = z.string().min(1);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'tanggal harus berformat YYYY-MM-DD');
const uuid = z.string().min(1);

export const Locale = z.enum(['id', 'en']);
export type Locale = z.infer<typeof Locale>;

export const Timezone = z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);
export type Timezone = z.infer<typeof Timezone>;

export const Settings = z.object({
  instance_name: z.string(),
  regency_code: z.string(),
  timezone: Timezone,
  ticket_prefix: z.string().regex(/^[A-Z]{2,6}$/),
  public_ranking_enabled: z.boolean(),
  ranking_min_volume: z.number().int().nonnegative(),
  ranking_weights: z.record(z.string(), z.number()).nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const RegionLevel = z.enum(['provinsi', 'kabupaten', 'kota', 'kecamatan', 'kelurahan', 'desa']);
export type RegionLevel = z.infer<typeof RegionLevel>;

export const Region = z.object({
  code: z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'kode wilayah Kemendagri tidak valid'),
  name: z.string(),
  level: RegionLevel,
  parent: z.string().nullable(),
  /** The kelurahan/desa's centroid (seeds: the `geografis` package), for a pin's nearest desa and the public map. */
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
});
export type Region = z.infer<typeof Region>;

export const AgencyKind = z.enum(['opd', 'kecamatan', 'kelurahan', 'desa']);
export type AgencyKind = z.infer<typeof AgencyKind>;

export const Agency = z.object({
  code: z.string().min(1),
  name: z.string(),
  short_name: z.string().nullable(),
  kind: AgencyKind,
  region: z.string().nullable(),
  head: uuid.nullable(),
  wa_group: z.string().nullable(),
  active: z.boolean(),
  sort: z.number().int().nullable(),
});
export type Agency = z.infer<typeof Agency>;

/** One escalation step (who is reminded when a stage is overdue by N working days). */
export const EscalationStep = z.looseObject({
  stage: z.enum(['verify', 'respond', 'resolve']).optional(),
  after_days: z.number().optional(),
  notify: z.string().optional(),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const SlaPolicy = z.object({
  code: z.string().min(1),
  name: z.string(),
  verify_days: z.number().int().nonnegative(),
  respond_days: z.number().int().nonnegative(),
  resolve_days: z.number().int().nonnegative(),
  autoclose_days: z.number().int().nonnegative(),
  return_grace_days: z.number().int().nonnegative(),
  escalation: z.array(EscalationStep).nullable(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const Category = z.object({
  code: z.string().min(1),
  name: z.string(),
  name_en: z.string().nullable(),
  description: z.string().nullable(),
  keywords: z.array(z.string()).nullable(),
  default_agency: z.string().nullable(),
  sla_policy: z.string().nullable(),
  active: z.boolean(),
  sort: z.number().int().nullable(),
});
export type Category = z.infer<typeof Category>;

export const RoutingRule = z.object({
  id: z.number().int(),
  category: z.string().nullable(),
  region: z.string().nullable(),
  agency: z.string().min(1),
  priority: z.number().int(),
  note: z.string().nullable(),
  active: z.boolean(),
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const HolidayKind = z.enum(['national', 'cuti_bersama', 'regional']);
export type HolidayKind = z.infer<typeof HolidayKind>;

export const Holiday = z.object({ date, name: z.string(), kind: HolidayKind });
export type Holiday = z.infer<typeof Holiday>;

export const MessageTemplate = z.object({
  id: z.string().min(1),
  key: z.string().min(1),
  locale: Locale,
  body: z.string(),
  wa_template_name: z.string().nullable(),
  wa_template_language: z.string().nullable(),
  description: z.string().nullable(),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

export const Citizen = z.object({
  id: uuid,
  wa_id: z.string().regex(/^\d+$/),
  phone: z.string().regex(/^\+\d{6,15}$/).nullable(),
  display_name: z.string().nullable(),
  locale: Locale.nullable(),
  blocked: z.boolean(),
  date_created: timestamp.nullable(),
});
export type Citizen = z.infer<typeof Citizen>;

export const Conversation = z.object({
  id: uuid,
  wa_id: z.string().regex(/^\d+$/),
  state: z.string(),
  draft: z.record(z.string(), z.unknown()).nullable(),
  locale: Locale.nullable(),
  last_inbound_at: timestamp.nullable(),
  flood: z.record(z.string(), z.unknown()).nullable(),
  date_updated: timestamp.nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const WaDirection = z.enum(['in', 'out']);
export type WaDirection = z.infer<typeof WaDirection>;
export const WaMessageStatus = z.enum(['received', 'sent', 'delivered', 'read', 'failed']);
export type WaMessageStatus = z.infer<typeof WaMessageStatus>;

export const WaMessage = z.object({
  id: uuid,
  wamid: z.string().min(1),
  direction: WaDirection,
  wa_id: z.string(),
  type: z.string(),
  payload: z.unknown(),
  status: WaMessageStatus,
  error: z.unknown().nullable(),
  complaint: z.number().int().nullable(),
  date_created: timestamp.nullable(),
});
export type WaMessage = z.infer<typeof WaMessage>;

export const ComplaintType = z.enum(['pengaduan', 'aspirasi', 'saran', 'informasi']);
export type ComplaintType = z.infer<typeof ComplaintType>;
export const Channel = z.enum(['whatsapp', 'telegram', 'messenger', 'instagram', 'web', 'admin', 'phone', 'walk_in', 'open311']);
export type Channel = z.infer<typeof Channel>;
export const StatusSchema = z.enum(STATUSES);

export const Complaint = z.object({
  id: z.number().int(),
  ticket: z.string().min(1),
  type: ComplaintType,
  category: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string(),
  region: z.string().nullable(),
  /** Stamped from `region` on every write (core `regionStamp`); the dashboard groups by it. */
  kecamatan: z.string().nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  address: z.string().nullable(),
  channel: Channel,
  reporter: uuid.nullable(),
  confidential: z.boolean(),
  locale: Locale.nullable(),
  status: StatusSchema,
  // Open set (MODEL.md lists the known values followed by "…").
  status_reason: z.string().nullable(),
  status_note: z.string().nullable(),
  assigned_agency: z.string().nullable(),
  suggested_agency: z.string().nullable(),
  verify_due: timestamp.nullable(),
  respond_due: timestamp.nullable(),
  resolve_due: timestamp.nullable(),
  autoclose_due: timestamp.nullable(),
  received_at: timestamp.nullable(),
  verified_at: timestamp.nullable(),
  dispositioned_at: timestamp.nullable(),
  first_response_at: timestamp.nullable(),
  resolved_at: timestamp.nullable(),
  closed_at: timestamp.nullable(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  reopen_count: z.number().int().nonnegative(),
  duplicate_of: z.number().int().nullable(),
  spam_score: z.number().nullable(),
  date_created: timestamp.nullable(),
  date_updated: timestamp.nullable(),
});
export type Complaint = z.infer<typeof Complaint>;

export const TicketCounter = z.object({ period: z.string().regex(/^\d{4}$/), last: z.number().int().nonnegative() });
export type TicketCounter = z.infer<typeof TicketCounter>;

export const Assignment = z.object({
  id: z.number().int(),
  complaint: z.number().int(),
  agency: z.string(),
  assigned_by: uuid.nullable(),
  assigned_at: timestamp,
  respond_due: timestamp.nullable(),
  accepted_at: timestamp.nullable(),
  first_response_at: timestamp.nullable(),
  returned_at: timestamp.nullable(),
  return_reason: z.string().nullable(),
  resolved_at: timestamp.nullable(),
  active: z.boolean(),
});
export type Assignment = z.infer<typeof Assignment>;

/** `leader_message`: the Pimpinan's own words to the reporter ("Pesan pimpinan"); public like a follow-up, never an agency's response. */
export const UpdateKind = z.enum(['status_change', 'follow_up', 'internal_note', 'reminder', 'citizen_message', 'leader_message']);

/** Update kinds that reach the reporter on WhatsApp when public: an officer's follow-up and the Pimpinan's message. */
export const PUBLIC_UPDATE_KINDS: readonly UpdateKind[] = ['follow_up', 'leader_message'];

/** Longest «Pesan pimpinan», in characters: with its label and the ticket it stays well inside WhatsApp's 4,096 per text. */
export const LEADER_MESSAGE_MAX = 2000;
export type UpdateKind = z.infer<typeof UpdateKind>;

export const ComplaintUpdate = z.object({
  id: z.number().int(),
  complaint: z.number().int(),
  kind: UpdateKind,
  status_from: StatusSchema.nullable(),
  status_to: StatusSchema.nullable(),
  body: z.string().nullable(),
  public: z.boolean(),
  author: uuid.nullable(),
  agency: z.string().nullable(),
  date_created: timestamp.nullable(),
});
export type ComplaintUpdate = z.infer<typeof ComplaintUpdate>;

export const MediaKind = z.enum(['image', 'video', 'audio', 'document']);
export type MediaKind = z.infer<typeof MediaKind>;

export const ComplaintMedia = z.object({
  id: z.number().int(),
  complaint: z.number().int(),
  update: z.number().int().nullable(),
  file: uuid.nullable(),
  kind: MediaKind,
  wa_media_id: z.string().nullable(),
  mime_type: z.string().nullable(),
  caption: z.string().nullable(),
});
export type ComplaintMedia = z.infer<typeof ComplaintMedia>;

/** A booking holds a place in its slot's quota while requested or scheduled. */
export const APPOINTMENT_STATUSES = ['requested', 'scheduled', 'done', 'cancelled'] as const;
export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;
export const ACTIVE_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['requested', 'scheduled'];

/** One weekly meeting of the regional head with citizens (appointment_slots). */
export const AppointmentSlot = z.object({
  id: z.number().int(),
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: z.coerce.number().int().min(1).max(7),
  /** Local time 'HH:MM'. */
  start_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d/, 'jam harus berformat JJ:MM'),
  place: z.string(),
  quota: z.coerce.number().int().min(0),
  active: z.boolean().default(true),
});
export type AppointmentSlot = z.infer<typeof AppointmentSlot>;

export const Appointment = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  citizen: uuid.nullable(),
  topic: z.string(),
  slot: z.number().int().nullable(),
  slot_date: date.nullable(),
  status: AppointmentStatus,
  scheduled_at: timestamp.nullable(),
  place: z.string().nullable(),
  locale: Locale.nullable(),
  note: z.string().nullable(),
  complaint: z.number().int().nullable(),
  reminded_at: timestamp.nullable(),
});
export type Appointment = z.infer<typeof Appointment>;
