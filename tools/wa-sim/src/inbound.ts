import { KNOWN_MESSAGE_TYPES } from '@kanal-aduan/core';
import { z } from 'zod';
import { unixSeconds } from './webhook-payload.ts';

/**
 * Body of `POST /sim/inbound`: what the simulated citizen sends. The simulator
 * turns it into the `messages[]` entry Meta would deliver.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components#messages-object
 */
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];

// Every type Meta sends that the platform knows, chat turns or not (core's list).
export const InboundType = z.enum(KNOWN_MESSAGE_TYPES);
export type InboundType = z.infer<typeof InboundType>;

const Reply = z.object({ id: z.string().min(1), title: z.string().min(1) });

export const InboundRequest = z.object({
  from: z.string().min(1),
  /** The business number written to (its phone_number_id); default the simulator's first number. */
  to_phone_number_id: z.string().regex(/^\d+$/).optional(),
  name: z.string().min(1).optional(),
  type: InboundType.optional(),
  text: z.string().optional(),
  button_reply: Reply.optional(),
  list_reply: Reply.extend({ description: z.string().optional() }).optional(),
  /** Quick-reply button of a template message. */
  button: z.object({ payload: z.string(), text: z.string() }).optional(),
  location: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  media: z
    .object({
      mime_type: z.string().min(1).optional(),
      bytes_base64: z.string().optional(),
      caption: z.string().optional(),
      filename: z.string().optional(),
    })
    .optional(),
  contacts: z.array(z.looseObject({ name: z.looseObject({ formatted_name: z.string() }) })).optional(),
  /** A removed reaction leaves `emoji` out, as Meta does. */
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  /** Number change: the citizen's new number (Meta's `system.wa_id`). */
  system: z.object({ new_wa_id: z.string().min(1) }).optional(),
  /** Edit of an earlier message: its wamid and the new text (or caption, for a photo). */
  edit: z.object({ original_message_id: z.string().min(1), text: z.string().optional(), caption: z.string().optional() }).optional(),
  /** Delete for everyone of an earlier message. */
  revoke: z.object({ original_message_id: z.string().min(1) }).optional(),
  /** Posted in this WhatsApp group. */
  group_id: z.string().min(1).optional(),
  /** A username user: shown as `profile.username`; with a business-scoped id as `from`, no phone number is sent. */
  username: z.string().min(1).optional(),
  /** wamid of the bot message this replies to; found automatically for button/list replies. */
  context: z.object({ id: z.string() }).optional(),
  /** Override the generated wamid (e.g. to test dedupe across senders). */
  wamid: z.string().min(1).optional(),
  /** Override the message time: ISO string or unix seconds. */
  timestamp: z.union([z.string(), z.number()]).optional(),
});
export type InboundRequest = z.infer<typeof InboundRequest>;

/** The message type: explicit, or implied by which part is present. */
export function inboundType(req: InboundRequest): InboundType {
  if (req.type) return req.type;
  if (req.button_reply || req.list_reply) return 'interactive';
  if (req.button) return 'button';
  if (req.location) return 'location';
  if (req.reaction) return 'reaction';
  if (req.system) return 'system';
  if (req.edit) return 'edit';
  if (req.revoke) return 'revoke';
  if (req.contacts) return 'contacts';
  if (req.media) return 'image';
  return 'text';
}

/** Why a request cannot become a message of its type, or null when it can. */
export function inboundProblem(req: InboundRequest): string | null {
  const type = inboundType(req);
  if (senderOf(req.from) === null) return `'from' bukan nomor WhatsApp atau user id (BSUID) yang valid: ${req.from}`;
  switch (type) {
    case 'text':
      return req.text === undefined || req.text === '' ? "type 'text' butuh 'text'" : null;
    case 'interactive':
      return req.button_reply || req.list_reply
        ? null
        : "type 'interactive' butuh 'button_reply' atau 'list_reply'";
    case 'button':
      return req.button ? null : "type 'button' butuh 'button'";
    case 'location':
      return req.location ? null : "type 'location' butuh 'location'";
    case 'reaction':
      return req.reaction ? null : "type 'reaction' butuh 'reaction'";
    case 'contacts':
      return req.contacts?.length ? null : "type 'contacts' butuh 'contacts'";
    case 'system':
      return req.system && toWaId(req.system.new_wa_id) ? null : "type 'system' butuh 'system.new_wa_id' (nomor baru)";
    case 'edit':
      return req.edit ? null : "type 'edit' butuh 'edit.original_message_id'";
    case 'revoke':
      return req.revoke ? null : "type 'revoke' butuh 'revoke.original_message_id'";
    default:
      return null;
  }
}

/**
 * wa_id (digits, country code first) from what a tester typed:
 * '+62 812-3456-7890', '6281234567890' or the local '081234567890'.
 * Deliberately lenient (no number-plan check): the simulator should accept any
 * test number WhatsApp could report.
 */
export function toWaId(input: string): string | null {
  const digits = input.replace(/\D/g, '');
  const international = input.trim().startsWith('+') || !digits.startsWith('0');
  const waId = international ? digits : `62${digits.replace(/^0+/, '')}`;
  return /^[1-9]\d{7,14}$/.test(waId) ? waId : null;
}

/** A business-scoped user id (BSUID): country code, a dot, letters and digits ("ID.1502576394655843"). */
export const BSUID_PATTERN = /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/;

/** The sender as Meta addresses them: a wa_id, or a BSUID for a username user without a shared number. */
export function senderOf(input: string): { wa_id: string } | { user_id: string } | null {
  if (BSUID_PATTERN.test(input.trim())) return { user_id: input.trim() };
  const waId = toWaId(input);
  return waId ? { wa_id: waId } : null;
}

/** The key the log, replies and the window use for this sender: the wa_id, else the BSUID. */
export function senderKey(input: string): string | null {
  const s = senderOf(input);
  return s === null ? null : 'wa_id' in s ? s.wa_id : s.user_id;
}

export function isMediaType(type: InboundType): type is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

/** What a media message carries when the tester gave no bytes. */
export const MEDIA_DEFAULTS: Record<MediaType, { mime_type: string; bytes_base64: string }> = {
  // 1x1 PNG: a real image so downloads can be decoded.
  image: {
    mime_type: 'image/png',
    // Split in two so secret scanners do not mistake the base64 for a Meta token.
    bytes_base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB' + 'CAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  },
  video: { mime_type: 'video/mp4', bytes_base64: Buffer.from('sim-video').toString('base64') },
  audio: {
    mime_type: 'audio/ogg; codecs=opus',
    bytes_base64: Buffer.from('sim-voice-note').toString('base64'),
  },
  document: {
    mime_type: 'application/pdf',
    bytes_base64: Buffer.from('%PDF-1.4\n% sim\n').toString('base64'),
  },
  sticker: { mime_type: 'image/webp', bytes_base64: Buffer.from('sim-sticker').toString('base64') },
};

export type InboundContext = {
  wamid: string;
  at: Date;
  /** Stored media (for media types): id, mime type and hash as Meta reports them. */
  media?: { id: string; mime_type: string; sha256: string; filename?: string };
  /** The message this one replies to. */
  context?: { from: string; id: string };
};

/** The `messages[]` entry of the webhook for this request. */
export function inboundMessage(req: InboundRequest, ctx: InboundContext): Record<string, unknown> {
  const type = inboundType(req);
  const sender = senderOf(req.from);
  if (sender === null) throw new Error(`invalid sender ${req.from}`);
  const msg: Record<string, unknown> = {
    ...('wa_id' in sender ? { from: sender.wa_id } : { from_user_id: sender.user_id }),
    ...(req.group_id ? { group_id: req.group_id } : {}),
    id: ctx.wamid,
    timestamp: unixSeconds(ctx.at),
    type,
  };
  if (ctx.context) msg.context = ctx.context;
  switch (type) {
    case 'text':
      msg.text = { body: req.text ?? '' };
      break;
    case 'interactive':
      msg.interactive = req.button_reply
        ? { type: 'button_reply', button_reply: req.button_reply }
        : { type: 'list_reply', list_reply: req.list_reply };
      break;
    case 'button':
      msg.button = req.button;
      break;
    case 'location':
      msg.location = req.location;
      break;
    case 'contacts':
      msg.contacts = req.contacts;
      break;
    case 'reaction':
      msg.reaction = req.reaction;
      break;
    case 'request_welcome':
      break;
    case 'system': {
      const to = toWaId(req.system!.new_wa_id)!;
      const from = 'wa_id' in sender ? sender.wa_id : sender.user_id;
      msg.system = { body: `User ${req.name ?? 'Warga'} changed from ${from} to ${to}`, wa_id: to, type: 'user_changed_number' };
      break;
    }
    case 'edit': {
      const e = req.edit!;
      msg.edit = {
        original_message_id: e.original_message_id,
        message:
          e.caption !== undefined
            ? { type: 'image', image: { id: `${ctx.wamid}.media`, caption: e.caption } }
            : { type: 'text', text: { body: e.text ?? '' } },
      };
      break;
    }
    case 'revoke':
      msg.revoke = { original_message_id: req.revoke!.original_message_id };
      break;
    case 'unsupported':
      msg.errors = [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ];
      break;
    default: {
      const media = ctx.media;
      if (!media) throw new Error(`media message without stored media`);
      const part: Record<string, unknown> = {
        mime_type: media.mime_type,
        sha256: media.sha256,
        id: media.id,
      };
      if (req.media?.caption && (type === 'image' || type === 'video' || type === 'document')) {
        part.caption = req.media.caption;
      }
      if (type === 'document') part.filename = media.filename ?? 'dokumen.pdf';
      if (type === 'audio') part.voice = true;
      if (type === 'sticker') part.animated = false;
      msg[type] = part;
    }
  }
  return msg;
}

/** Message time from the request override, else now. */
export function inboundTime(req: InboundRequest, now: Date): Date {
  if (req.timestamp === undefined) return now;
  if (typeof req.timestamp === 'number') return new Date(req.timestamp * 1000);
  if (/^\d+$/.test(req.timestamp)) return new Date(Number(req.timestamp) * 1000);
  const t = Date.parse(req.timestamp);
  return Number.isNaN(t) ? now : new Date(t);
}
