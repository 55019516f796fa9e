import { z } from 'zod';
import type { MediaKind } from '../model.ts';

// Shapes of the Cloud API webhook notification, as documented in
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
// Known message types are checked strictly enough to be useful; unknown types
// still parse (type stays a string, other fields pass through) so an adapter
// can answer the citizen politely instead of failing the whole webhook.

const MessageContext = z.object({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: z.looseObject({}).optional(),
});

export const WebhookError = z.looseObject({
  code: z.number(),
  title: z.string(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});
export type WebhookError = z.infer<typeof WebhookError>;

// A sender who adopted a WhatsApp username may come without a phone number:
// `from` is then left out and `from_user_id` (the business-scoped user id,
// BSUID, e.g. "ID.1234567890123") is the only address.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
const base = {
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  from_parent_user_id: z.string().optional(),
  /** Set when the message was posted in a WhatsApp group the business is in. */
  group_id: z.string().optional(),
  id: z.string(),
  timestamp: z.string(),
  context: MessageContext.optional(),
  referral: z.looseObject({}).optional(),
  errors: z.array(WebhookError).optional(),
};

// Media objects: the webhook gives an id to fetch via GET /{media-id}.
const Media = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  url: z.string().optional(),
  animated: z.boolean().optional(),
  voice: z.boolean().optional(),
});

export const TextMessage = z.object({ ...base, type: z.literal('text'), text: z.object({ body: z.string() }) });

const ButtonReply = z.object({
  type: z.literal('button_reply'),
  button_reply: z.object({ id: z.string(), title: z.string() }),
});
const ListReply = z.object({
  type: z.literal('list_reply'),
  list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }),
});
const KNOWN_INTERACTIVE = ['button_reply', 'list_reply'];
// e.g. nfm_reply (flows): kept, not interpreted.
const OtherInteractive = z.looseObject({
  type: z.string().refine((t) => !KNOWN_INTERACTIVE.includes(t), 'known interactive type with a wrong shape'),
});
export const InteractiveMessage = z.object({
  ...base,
  type: z.literal('interactive'),
  interactive: z.union([z.discriminatedUnion('type', [ButtonReply, ListReply]), OtherInteractive]),
});

// Quick-reply button of a template message.
export const ButtonMessage = z.object({
  ...base,
  type: z.literal('button'),
  button: z.object({ payload: z.string().optional(), text: z.string() }),
});

export const ImageMessage = z.object({ ...base, type: z.literal('image'), image: Media });
export const VideoMessage = z.object({ ...base, type: z.literal('video'), video: Media });
export const AudioMessage = z.object({ ...base, type: z.literal('audio'), audio: Media });
export const DocumentMessage = z.object({ ...base, type: z.literal('document'), document: Media });
export const StickerMessage = z.object({ ...base, type: z.literal('sticker'), sticker: Media });

export const LocationMessage = z.object({
  ...base,
  type: z.literal('location'),
  location: z.object({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
});

export const ContactsMessage = z.object({
  ...base,
  type: z.literal('contacts'),
  contacts: z.array(z.looseObject({ name: z.looseObject({ formatted_name: z.string().optional() }).optional() })),
});

export const ReactionMessage = z.object({
  ...base,
  type: z.literal('reaction'),
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }),
});

// Meta sends type "unsupported" (errors[0].code 131051) for e.g. polls or
// view-once media.
export const UnsupportedMessage = z.object({ ...base, type: z.literal('unsupported') });

// The user opened the chat for the first time (no text of their own yet).
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
export const RequestWelcomeMessage = z.object({ ...base, type: z.literal('request_welcome') });

// The user changed number (`user_changed_number`; `customer_changed_number`
// in older payloads, which named the new id `new_wa_id`) or their BSUID
// changed (`user_changed_user_id`). No contacts array comes with it.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/system
export const SystemMessage = z.object({
  ...base,
  type: z.literal('system'),
  system: z.looseObject({
    body: z.string().optional(),
    type: z.string().optional(),
    wa_id: z.string().optional(),
    new_wa_id: z.string().optional(),
    user_id: z.string().optional(),
    parent_user_id: z.string().optional(),
    previous_user_id: z.string().optional(),
    previous_parent_user_id: z.string().optional(),
  }),
});

// The user edited (within 15 minutes) or deleted for everyone (within two
// days) a message they sent; `message` carries the edited content in the
// shape of an ordinary message (text.body, or a media object with caption).
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/edit
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/revoke
export const EditMessage = z.object({
  ...base,
  type: z.literal('edit'),
  edit: z.looseObject({ original_message_id: z.string(), message: z.looseObject({ type: z.string().optional() }).optional() }),
});
export const RevokeMessage = z.object({
  ...base,
  type: z.literal('revoke'),
  revoke: z.looseObject({ original_message_id: z.string() }),
});

export const KNOWN_MESSAGE_TYPES = [
  'text',
  'interactive',
  'button',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'unsupported',
  'request_welcome',
  'system',
  'edit',
  'revoke',
] as const;
export type KnownMessageType = (typeof KNOWN_MESSAGE_TYPES)[number];

export const KnownInboundMessage = z.discriminatedUnion('type', [
  TextMessage,
  InteractiveMessage,
  ButtonMessage,
  ImageMessage,
  VideoMessage,
  AudioMessage,
  DocumentMessage,
  StickerMessage,
  LocationMessage,
  ContactsMessage,
  ReactionMessage,
  UnsupportedMessage,
  RequestWelcomeMessage,
  SystemMessage,
  EditMessage,
  RevokeMessage,
]);
export type KnownInboundMessage = z.infer<typeof KnownInboundMessage>;

/** A type Meta added after this code was written (order, system, …). */
export const UnknownInboundMessage = z.looseObject({
  ...base,
  type: z
    .string()
    .refine((t) => !(KNOWN_MESSAGE_TYPES as readonly string[]).includes(t), 'known message type with a wrong shape'),
});
export type UnknownInboundMessage = z.infer<typeof UnknownInboundMessage>;

export const InboundMessage = z.union([KnownInboundMessage, UnknownInboundMessage]);
export type InboundMessage = z.infer<typeof InboundMessage>;

/** Narrow before `switch (m.type)`: TypeScript cannot exclude the unknown variant by itself. */
export function isKnownMessage(m: InboundMessage): m is KnownInboundMessage {
  return (KNOWN_MESSAGE_TYPES as readonly string[]).includes(m.type);
}

// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components#statuses-object
export const StatusUpdate = z.object({
  id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed', 'deleted', 'played']),
  timestamp: z.string(),
  // Left out when the message went to a BSUID and no phone number may be shared.
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  recipient_type: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: z
    .looseObject({
      id: z.string(),
      expiration_timestamp: z.string().optional(),
      origin: z.looseObject({ type: z.string() }).optional(),
    })
    .optional(),
  pricing: z
    .looseObject({ billable: z.boolean().optional(), pricing_model: z.string().optional(), category: z.string().optional() })
    .optional(),
  errors: z.array(WebhookError).optional(),
});
export type StatusUpdate = z.infer<typeof StatusUpdate>;

export const WebhookContact = z.object({
  /** Phone-number id; left out for a username user whose number may not be shared. */
  wa_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
  /** Business-scoped user id (BSUID). */
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
});
export type WebhookContact = z.infer<typeof WebhookContact>;

export const MessagesValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }),
  contacts: z.array(WebhookContact).optional(),
  messages: z.array(InboundMessage).optional(),
  statuses: z.array(StatusUpdate).optional(),
  errors: z.array(WebhookError).optional(),
});
export type MessagesValue = z.infer<typeof MessagesValue>;

const MessagesChange = z.object({ field: z.literal('messages'), value: MessagesValue });
// Other subscribed fields (account_update, message_template_status_update, …)
// are accepted and ignored by extractEvents.
const OtherChange = z.object({
  field: z.string().refine((f) => f !== 'messages', 'messages change with a wrong shape'),
  value: z.unknown(),
});

export const WebhookPayload = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.union([MessagesChange, OtherChange])),
    }),
  ),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export type EventContact = { wa_id?: string; user_id?: string; name?: string; username?: string };

export type WebhookEvent =
  | {
      kind: 'message';
      message: InboundMessage;
      contact?: EventContact;
      /** Where replies go and what the citizen is keyed on: the wa_id, else the BSUID; null when Meta gave neither. */
      sender: string | null;
      phoneNumberId: string;
    }
  | { kind: 'status'; status: StatusUpdate; phoneNumberId: string }
  /** `value.errors`: Meta could not deliver webhooks or hit a limit (e.g. 131056 pair rate limit). */
  | { kind: 'error'; errors: WebhookError[]; phoneNumberId: string };

function eventContact(c: WebhookContact): EventContact {
  const out: EventContact = {};
  if (c.wa_id !== undefined) out.wa_id = c.wa_id;
  if (c.user_id !== undefined) out.user_id = c.user_id;
  if (c.profile?.name !== undefined) out.name = c.profile.name;
  if (c.profile?.username !== undefined) out.username = c.profile.username;
  return out;
}

/**
 * The address of a message's sender: the phone-number wa_id when Meta shares
 * it (existing citizens are keyed on it), else the business-scoped user id.
 * Never a number made up from the BSUID's digits.
 */
export function senderAddress(message: InboundMessage, contact?: EventContact): string | null {
  return message.from ?? contact?.wa_id ?? message.from_user_id ?? contact?.user_id ?? null;
}

/** Flattens a notification into messages, delivery statuses and value-level errors, in payload order. */
export function extractEvents(payload: WebhookPayload): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = (change as z.infer<typeof MessagesChange>).value;
      const phoneNumberId = value.metadata.phone_number_id;
      const contacts = value.contacts ?? [];
      if (value.errors?.length) events.push({ kind: 'error', errors: value.errors, phoneNumberId });
      for (const message of value.messages ?? []) {
        const c =
          contacts.find(
            (x) =>
              (x.wa_id !== undefined && x.wa_id === message.from) ||
              (x.user_id !== undefined && x.user_id === message.from_user_id),
          ) ?? (contacts.length === 1 ? contacts[0] : undefined);
        const contact = c ? eventContact(c) : undefined;
        const event: WebhookEvent = { kind: 'message', message, sender: senderAddress(message, contact), phoneNumberId };
        if (contact) event.contact = contact;
        events.push(event);
      }
      for (const status of value.statuses ?? []) events.push({ kind: 'status', status, phoneNumberId });
    }
  }
  return events;
}

/**
 * What the citizen "said", as text: the body, a reply button/list title, or a
 * media caption. Null for messages with no text (location, sticker, …).
 */
export function messageText(m: InboundMessage): string | null {
  if (!isKnownMessage(m)) return null;
  switch (m.type) {
    case 'text':
      return m.text.body;
    case 'interactive': {
      const i = m.interactive as { type: string; button_reply?: { title: string }; list_reply?: { title: string } };
      return i.button_reply?.title ?? i.list_reply?.title ?? null;
    }
    case 'button':
      return m.button.text;
    case 'image':
      return m.image.caption ?? null;
    case 'video':
      return m.video.caption ?? null;
    case 'document':
      return m.document.caption ?? null;
    default:
      return null;
  }
}

/** The id of a reply button or list row the citizen tapped (or a template button payload). */
export function replyId(m: InboundMessage): string | null {
  if (!isKnownMessage(m)) return null;
  if (m.type === 'interactive') {
    const i = m.interactive as { button_reply?: { id: string }; list_reply?: { id: string } };
    return i.button_reply?.id ?? i.list_reply?.id ?? null;
  }
  if (m.type === 'button') return m.button.payload ?? null;
  return null;
}

/** Media to store as complaint_media (stickers are not evidence, so null). */
export function messageMedia(
  m: InboundMessage,
): { kind: MediaKind; id: string; mime_type?: string; caption?: string; filename?: string } | null {
  if (!isKnownMessage(m)) return null;
  if (m.type === 'image' || m.type === 'video' || m.type === 'audio' || m.type === 'document') {
    const media = (m as Record<string, unknown>)[m.type] as z.infer<typeof Media>;
    const out: { kind: MediaKind; id: string; mime_type?: string; caption?: string; filename?: string } = {
      kind: m.type,
      id: media.id,
    };
    if (media.mime_type !== undefined) out.mime_type = media.mime_type;
    if (media.caption !== undefined) out.caption = media.caption;
    if (media.filename !== undefined) out.filename = media.filename;
    return out;
  }
  return null;
}

/**
 * Answers Meta's GET verification handshake: returns hub.challenge when
 * hub.mode is "subscribe" and hub.verify_token matches, else null (answer 403).
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
 */
export function answerVerification(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
  if (verifyToken === '' || token !== verifyToken) return null;
  return challenge;
}
