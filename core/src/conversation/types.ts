import { z } from 'zod';
import { CHAT_ADDRESS_PATTERN } from '../channels.ts';
import { AppointmentStatus, Category, ComplaintType, Locale, MediaKind, MessageTemplate, Region } from '../model.ts';
import { OpenDay } from '../appointments/open-days.ts';
import { STATUSES } from '../statuses.ts';
import { InboundMessage } from '../whatsapp/webhook.ts';
import { SendMessage } from '../whatsapp/outbound.ts';
import type { CategoryReader } from '../triage/learned-route.ts';
import { FloodState } from './flood.ts';
import { PlaceMatch } from './place-match.ts';

// Shapes of conversationStep's input and output. The state mirrors the
// `conversations` row (MODEL.md: state, draft, locale, last_inbound_at,
// flood); `.catch` turns a row written by an older version into a fresh
// start instead of a crash in front of a citizen.

/** What the bot is waiting for. */
export const ConversationStepName = z.enum([
  'idle',
  'menu',
  'ask_type',
  'ask_description',
  'ask_category',
  'ask_place',
  'confirm_place',
  'choose_place',
  'ask_media',
  'ask_confidential',
  'confirm',
  'choose_edit',
  // Temu Bupati: topic, day, confirmation.
  'appt_topic',
  'appt_day',
  'appt_confirm',
]);
export type ConversationStepName = z.infer<typeof ConversationStepName>;

export const DraftMedia = z.object({
  wa_media_id: z.string(),
  kind: MediaKind,
  mime_type: z.string().nullable(),
  caption: z.string().nullable(),
});
export type DraftMedia = z.infer<typeof DraftMedia>;

/** A report being written (conversations.draft). */
export const Draft = z.object({
  type: ComplaintType.nullable(),
  category: z.string().nullable(),
  /** Page of the category list shown last, and the text that ordered it (typed numbers point into it). */
  category_page: z.number().int().nonnegative(),
  category_hint: z.string().nullable(),
  region: z.string().nullable(),
  place_label: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  address: z.string().nullable(),
  /** A place guessed from text, waiting for the citizen's yes. */
  pending_place: PlaceMatch.nullable(),
  /** Namesakes offered in a list. */
  place_options: z.array(PlaceMatch),
  /** Each message of the story, joined on submit. */
  description: z.array(z.string()),
  media: z.array(DraftMedia),
  media_done: z.boolean(),
  confidential: z.boolean().nullable(),
  started_at: z.string(),
  updated_at: z.string(),
});
export type Draft = z.infer<typeof Draft>;

/** A Temu Bupati booking being made (conversations.appointment). */
export const AppointmentDraft = z.object({
  topic: z.string().nullable(),
  slot: z.number().int().nullable(),
  date: z.string().nullable(),
  /** The booking code being moved to another day, else null (a new booking). */
  move: z.string().nullable(),
  /** The days listed last, in order (typed numbers point into it). */
  options: z.array(z.object({ slot: z.number().int(), date: z.string() })),
  started_at: z.string(),
  updated_at: z.string(),
});
export type AppointmentDraft = z.infer<typeof AppointmentDraft>;

export const ConversationState = z.object({
  state: ConversationStepName.catch('idle'),
  draft: Draft.nullable().catch(null),
  appointment: AppointmentDraft.nullish().catch(null),
  locale: Locale.nullable().catch(null),
  last_inbound_at: z.string().nullable().catch(null),
  flood: FloodState.nullable().catch(null),
});
export type ConversationState = z.infer<typeof ConversationState>;

/** One inbound message (WhatsApp-shaped; a Telegram update is translated into one) with its sender. */
export const InboundEvent = z.object({
  /** Where replies go: the wa_id (digits), a business-scoped user id ("ID.1234…") or a Telegram chat (`tg:<id>`). */
  wa_id: z.string().regex(CHAT_ADDRESS_PATTERN),
  name: z.string().nullish(),
  message: InboundMessage,
});
export type InboundEvent = z.infer<typeof InboundEvent>;

/** One of the sender's own reports, as the adapter loaded it for "cek". */
export const OwnReport = z.object({
  ticket: z.string(),
  status: z.enum(STATUSES),
  category: z.string().nullable(),
  agency: z.string().nullable(),
  received_at: z.string().nullable(),
  /** Last public follow-up text (complaint_updates with public = true). */
  last_update: z.string().nullable(),
  /** The next deadline that matters to the citizen (respond_due, else verify_due). */
  due: z.string().nullable(),
  /**
   * Set when the report was joined into another one about the same matter
   * ("Gabungkan"): that original, whose news the citizen now follows.
   */
  joined_to: z
    .object({
      ticket: z.string(),
      status: z.enum(STATUSES),
      agency: z.string().nullable(),
      last_update: z.string().nullable(),
      due: z.string().nullable(),
    })
    .nullish(),
});
export type OwnReport = z.infer<typeof OwnReport>;

/** One of the sender's own bookings that is still on (requested or scheduled), for "batal temu" / "pindah temu". */
export const OwnAppointment = z.object({
  code: z.string(),
  status: AppointmentStatus,
  topic: z.string(),
  date: z.string().nullable(),
  start_time: z.string().nullable(),
  place: z.string().nullable(),
});
export type OwnAppointment = z.infer<typeof OwnAppointment>;

export const ConversationLimits = z.object({
  flood_per_minute: z.number().int().positive().default(20),
  draft_ttl_hours: z.number().positive().default(24),
  min_description: z.number().int().positive().default(20),
});
export type ConversationLimits = z.infer<typeof ConversationLimits>;

export const StepContext = z.object({
  now: z.union([z.date(), z.string()]),
  instance_name: z.string(),
  timezone: z.string().default('Asia/Jakarta'),
  ticket_prefix: z.string().default('ADU'),
  categories: z.array(Category),
  /** The regency's regions (kecamatan, kelurahan, desa; higher levels are ignored). */
  regions: z.array(Region),
  templates: z.array(MessageTemplate),
  /** The sender's own reports: only these are answered by "cek". */
  reports: z.array(OwnReport).default([]),
  blocked: z.boolean().default(false),
  /** citizens.locale, used until the conversation has its own. */
  citizen_locale: Locale.nullish(),
  limits: ConversationLimits.default({ flood_per_minute: 20, draft_ttl_hours: 24, min_description: 20 }),
  /**
   * The active routing model's category part (core triage confidentCategory): when the
   * keywords do not decide, a story the model reads with confidence needs no category question.
   * Not validated here: it is large, and the adapter reads it from triage_models as stored.
   */
  /** Bookable Temu Bupati days (core openSlotDays), loaded when wantsAppointmentContext says so. */
  appointment_days: z.array(OpenDay).default([]),
  /** The sender's bookings still on. */
  appointments: z.array(OwnAppointment).default([]),
  category_reader: z.custom<CategoryReader>((v) => typeof v === 'object' && v !== null && 'category' in v).nullish(),
});
export type StepContext = z.input<typeof StepContext>;
export type ParsedStepContext = z.output<typeof StepContext>;

/** A finished report for the adapter to store as complaints + complaint_media. */
export const NewReport = z.object({
  type: ComplaintType,
  category: z.string(),
  region: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  address: z.string().nullable(),
  description: z.string(),
  media: z.array(DraftMedia),
  confidential: z.boolean(),
  locale: Locale,
  channel: z.enum(['whatsapp', 'telegram', 'messenger', 'instagram']),
  reporter_wa_id: z.string(),
  reporter_name: z.string().nullable(),
});
export type NewReport = z.infer<typeof NewReport>;

/** A Temu Bupati booking (or a move of one) for the adapter to make under the slot's lock. */
export const NewBooking = z.object({
  topic: z.string(),
  slot: z.number().int(),
  date: z.string(),
  move: z.string().nullable(),
  locale: Locale,
  reporter_wa_id: z.string(),
  reporter_name: z.string().nullable(),
});
export type NewBooking = z.infer<typeof NewBooking>;

export const Effect = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create_report'), report: NewReport }),
  z.object({ kind: z.literal('book_appointment'), booking: NewBooking }),
  z.object({ kind: z.literal('cancel_appointment'), code: z.string() }),
  z.object({ kind: z.literal('ignore'), reason: z.enum(['blocked', 'flood', 'duplicate', 'not_a_turn']) }),
]);
export type Effect = z.infer<typeof Effect>;

export const StepResult = z.object({
  state: ConversationState,
  replies: z.array(SendMessage),
  effects: z.array(Effect),
});
export type StepResult = z.infer<typeof StepResult>;
