import { z } from 'zod';
import type { EventContact, InboundMessage } from '../whatsapp/webhook.ts';
import { messengerAccount } from './account.ts';
import { messengerAddress, messengerMessageId, type MessengerChannel } from './address.ts';
import { messengerMediaId } from './media-id.ts';

// Messenger Platform and Instagram messaging webhooks, translated into the
// WhatsApp-Cloud-shaped message the rest of Kanal Aduan already handles (the
// intake, the conversation, the message log): one shape of inbound message,
// whatever the channel.
// https://developers.facebook.com/docs/messenger-platform/webhooks
// https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
// https://developers.facebook.com/docs/instagram-platform/webhooks
// Objects are loose: Meta adds fields often, and an unknown field must never
// turn a citizen's message into a 400.

const Party = z.looseObject({ id: z.string() });

// https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
const Attachment = z.looseObject({
  type: z.string(), // image, video, audio, file, location, fallback, template; Instagram also share, story_mention, ig_reel, reel…
  payload: z
    .looseObject({
      url: z.string().optional(),
      sticker_id: z.number().optional(),
      title: z.string().optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

export const MessengerMessage = z.looseObject({
  mid: z.string(),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  reply_to: z.looseObject({ mid: z.string().optional() }).optional(),
  attachments: z.array(Attachment).optional(),
  // Instagram: a message the person deleted, or one the API cannot show.
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
});
export type MessengerMessage = z.infer<typeof MessengerMessage>;

// https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messaging_postbacks
export const MessengerPostback = z.looseObject({ title: z.string().optional(), payload: z.string().optional(), mid: z.string().optional() });

/** One entry of `entry[].messaging[]`: sender, recipient, timestamp (ms) and one event field. */
export const MessagingEvent = z.looseObject({
  sender: Party.optional(),
  recipient: Party.optional(),
  timestamp: z.number().optional(),
  message: MessengerMessage.optional(),
  postback: MessengerPostback.optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEvent>;

export const MessengerEntry = z.looseObject({
  id: z.string(),
  time: z.number().optional(),
  messaging: z.array(z.unknown()).optional(),
  // Events delivered while another app holds the thread (handover protocol): never ours to answer.
  standby: z.array(z.unknown()).optional(),
});

/** The webhook body: `object` is `page` for Messenger, `instagram` for Instagram messaging. */
export const MessengerWebhook = z.looseObject({
  object: z.enum(['page', 'instagram']),
  entry: z.array(MessengerEntry),
});
export type MessengerWebhook = z.infer<typeof MessengerWebhook>;

export type MessengerEvent =
  | {
      kind: 'message';
      /** Where replies go and what the citizen is keyed on: `fb:<psid>` / `ig:<igsid>`. */
      sender: string;
      /** The webhook carries no name (a profile lookup is another permission), so only the address. */
      contact: EventContact;
      message: InboundMessage;
      channel: MessengerChannel;
      /** The page / Instagram account it was written to (`fb:<entry.id>` / `ig:<entry.id>`): replies go out from it. */
      account: string;
    }
  | {
      kind: 'ignored';
      /** Why, in English, for the logs. */
      reason: string;
    };

export const channelOfObject = (object: 'page' | 'instagram'): MessengerChannel => (object === 'page' ? 'messenger' : 'instagram');

const unsupported = (what: string) => ({
  type: 'unsupported',
  // WhatsApp's "message type unknown" (131051), which the conversation already answers politely.
  errors: [{ code: 131051, title: 'Message type unknown', message: what }],
});

/** Attachment type → the WhatsApp message type it becomes; the rest (location, fallback, share, story_mention, reels…) is not media we keep. */
const MEDIA_TYPES: Record<string, 'image' | 'video' | 'audio' | 'document'> = { image: 'image', video: 'video', audio: 'audio', file: 'document' };

/** By extension, for the types the webhook does not state (it gives a URL only). */
const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
};

/** What each kind is when the URL says nothing: Messenger's photos are JPEG, videos and voice notes MP4. */
const DEFAULT_TYPES: Record<'image' | 'video' | 'audio' | 'document', string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/mp4',
  document: 'application/octet-stream',
};

/** The last path segment of a CDN URL (Messenger keeps a file's own name there), if it looks like a file name. */
function urlFileName(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return /^[^/\\]{1,200}\.[a-z0-9]{1,5}$/i.test(last) ? last : undefined;
  } catch {
    return undefined;
  }
}

/** The mime type of a media attachment: the URL's extension when known (an audio .mp4 is audio/mp4), else the kind's default. */
function mediaMimeType(kind: 'image' | 'video' | 'audio' | 'document', fileName: string | undefined): string {
  const byExtension = EXTENSION_TYPES[fileName?.split('.').pop()?.toLowerCase() ?? ''];
  if (!byExtension) return DEFAULT_TYPES[kind];
  if (kind === 'audio' && byExtension === 'video/mp4') return 'audio/mp4';
  return kind === 'document' || byExtension.startsWith(`${kind}/`) ? byExtension : DEFAULT_TYPES[kind];
}

/**
 * The first photo, video, voice note or file of a message as a WhatsApp media
 * message (`{id: fb:<mid>#<n>, mime_type}`, the text as caption). A WhatsApp
 * message carries one media, so a message with several keeps only the first:
 * the others are not copied (Messenger sends a multi-photo message as one
 * message, WhatsApp and Telegram as one per photo).
 */
function mediaContent(m: MessengerMessage, channel: MessengerChannel): Record<string, unknown> | null {
  const attachments = m.attachments ?? [];
  // A sticker (the thumbs-up "like" is sticker 369239263222822) comes as an image with a sticker_id: not a photo of anything.
  const index = attachments.findIndex((a) => MEDIA_TYPES[a.type] !== undefined && a.payload?.sticker_id === undefined);
  if (index < 0) return null;
  const attachment = attachments[index]!;
  const id = messengerMediaId(channel, m.mid, index);
  if (id === null) return null;
  const kind = MEDIA_TYPES[attachment.type]!;
  const fileName = urlFileName(attachment.payload?.url ?? undefined);
  const media: Record<string, unknown> = { id, mime_type: mediaMimeType(kind, fileName) };
  if (kind === 'document' && fileName) media['filename'] = fileName;
  if (m.text !== undefined && m.text !== '') media['caption'] = m.text;
  return { type: kind, [kind]: media };
}

/** The WhatsApp-shaped content of one message: type plus its typed field. */
function messageContent(m: MessengerMessage, channel: MessengerChannel, channelName: string): Record<string, unknown> {
  // A quick reply tap carries the payload we set as the button id; the text is the button title.
  if (m.quick_reply) {
    return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: m.quick_reply.payload, title: m.text ?? m.quick_reply.payload } } };
  }
  const media = mediaContent(m, channel);
  if (media) return media;
  if (m.text !== undefined && m.text !== '') return { type: 'text', text: { body: m.text } };
  const attachment = m.attachments?.[0];
  if (attachment) {
    const coordinates = attachment.payload?.coordinates;
    if (attachment.type === 'location' && coordinates) {
      const name = attachment.payload?.title ? { name: attachment.payload.title } : {};
      return { type: 'location', location: { latitude: coordinates.lat, longitude: coordinates.long, ...name } };
    }
    if (attachment.payload?.sticker_id !== undefined) return unsupported(`${channelName} sticker`);
    // Shares, story mentions, reels, fallbacks (a link), templates: nothing of the citizen's own to keep,
    // so the conversation asks the person to write instead. A media whose id would not fit the column lands here too.
    return unsupported(`${channelName} attachment "${attachment.type}"`);
  }
  return unsupported(`${channelName} message without text or attachment`);
}

const seconds = (ms: number) => String(Math.floor(ms / 1000));

/**
 * What one `messaging[]` event means to Kanal Aduan: a citizen's message in
 * WhatsApp's shape, or a reason to ignore it. Only messages and postbacks
 * from a person are citizens' messages; echoes of our own sends, reads,
 * deliveries, reactions, referrals, opt-ins and unknown kinds are ignored.
 * `pageId` is the entry id (the page / Instagram account): an event whose
 * sender is the page itself is ours.
 */
export function messengerEvent(channel: MessengerChannel, pageId: string, raw: unknown, now: Date = new Date()): MessengerEvent {
  const parsed = MessagingEvent.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: 'messaging event of an unknown shape' };
  const e = parsed.data;
  const channelName = channel === 'messenger' ? 'Messenger' : 'Instagram';
  if (e.message?.is_echo) return { kind: 'ignored', reason: 'echo of a message the page sent' };
  if (!e.message && !e.postback) {
    const kind = Object.keys(e).find((k) => !['sender', 'recipient', 'timestamp'].includes(k)) ?? 'empty';
    return { kind: 'ignored', reason: `event kind "${kind}" is not a citizen's message` };
  }
  const senderId = e.sender?.id;
  if (!senderId || !/^\d{1,20}$/.test(senderId)) return { kind: 'ignored', reason: 'event without a person as sender' };
  if (senderId === pageId) return { kind: 'ignored', reason: 'message from the page itself' };
  const sender = messengerAddress(channel, senderId);
  const account = messengerAccount(channel, pageId);
  const ms = e.timestamp ?? now.getTime();
  const contact: EventContact = { wa_id: sender };

  if (e.message) {
    const m = e.message;
    if (m.is_deleted) return { kind: 'ignored', reason: 'a deleted message' };
    const quoted = m.reply_to?.mid ? { context: { id: messengerMessageId(channel, m.reply_to.mid) } } : {};
    const content = m.is_unsupported ? unsupported(`${channelName} message the API cannot show`) : messageContent(m, channel, channelName);
    const message = { from: sender, id: messengerMessageId(channel, m.mid), timestamp: seconds(ms), ...quoted, ...content } as InboundMessage;
    return { kind: 'message', sender, contact, message, channel, account };
  }

  const p = e.postback!;
  if (!p.payload) return { kind: 'ignored', reason: 'postback without payload' };
  // A postback has no id of its own on every version: the person and the moment make one.
  const prefix = channel === 'messenger' ? 'fb' : 'ig';
  const message = {
    from: sender,
    id: `${prefix}:pb:${senderId}:${ms}`,
    timestamp: seconds(ms),
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id: p.payload, title: p.title ?? p.payload } },
  } as InboundMessage;
  return { kind: 'message', sender, contact, message, channel, account };
}

/** Every messaging event of a webhook body, in order. `standby` events (another app owns the thread) are ignored. */
export function messengerEvents(body: MessengerWebhook, now: Date = new Date()): MessengerEvent[] {
  const channel = channelOfObject(body.object);
  const out: MessengerEvent[] = [];
  for (const entry of body.entry) {
    for (const raw of entry.messaging ?? []) out.push(messengerEvent(channel, entry.id, raw, now));
    for (const _ of entry.standby ?? []) out.push({ kind: 'ignored', reason: 'standby event (another app owns the thread)' });
  }
  return out;
}
