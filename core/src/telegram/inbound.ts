import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { EventContact, InboundMessage } from '../whatsapp/webhook.ts';
import { telegramAddress, telegramMediaId, telegramMessageId } from './address.ts';

// Telegram Bot API updates, translated into the WhatsApp-Cloud-shaped message
// the rest of Kanal Aduan already handles (the intake, the conversation, the
// message log): one shape of inbound message, whatever the channel.
// https://core.telegram.org/bots/api#update
// Objects are loose: Telegram adds fields often, and an unknown field must
// never turn a citizen's message into a 400.

export const TelegramUser = z.looseObject({
  id: z.number(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
export type TelegramUser = z.infer<typeof TelegramUser>;

// https://core.telegram.org/bots/api#chat
export const TelegramChat = z.looseObject({
  id: z.number(),
  type: z.string(), // private, group, supergroup, channel
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  title: z.string().optional(),
});
export type TelegramChat = z.infer<typeof TelegramChat>;

const File = {
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  file_size: z.number().optional(),
};
// https://core.telegram.org/bots/api#photosize
const PhotoSize = z.looseObject({ ...File, width: z.number(), height: z.number() });
const MediaFile = z.looseObject({ ...File, mime_type: z.string().optional(), file_name: z.string().optional() });

// https://core.telegram.org/bots/api#inlinekeyboardbutton
const InlineKeyboardButton = z.looseObject({ text: z.string(), callback_data: z.string().optional(), url: z.string().optional() });

// https://core.telegram.org/bots/api#message
export const TelegramMessage = z.looseObject({
  message_id: z.number(),
  from: TelegramUser.optional(),
  chat: TelegramChat,
  date: z.number(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(PhotoSize).optional(),
  document: MediaFile.optional(),
  video: MediaFile.optional(),
  video_note: MediaFile.optional(),
  voice: MediaFile.optional(),
  audio: MediaFile.optional(),
  sticker: z.looseObject({ ...File, emoji: z.string().optional(), is_animated: z.boolean().optional(), is_video: z.boolean().optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  venue: z.looseObject({ title: z.string().optional(), address: z.string().optional() }).optional(),
  // https://core.telegram.org/bots/api#contact
  contact: z
    .looseObject({
      phone_number: z.string(),
      first_name: z.string(),
      last_name: z.string().optional(),
      user_id: z.number().optional(),
      vcard: z.string().optional(),
    })
    .optional(),
  reply_to_message: z.looseObject({ message_id: z.number() }).optional(),
  reply_markup: z.looseObject({ inline_keyboard: z.array(z.array(InlineKeyboardButton)).optional() }).optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessage>;

// https://core.telegram.org/bots/api#callbackquery
// `message` may be an InaccessibleMessage (date 0, no content) when the message is older than 48 hours.
export const TelegramCallbackQuery = z.looseObject({
  id: z.string(),
  from: TelegramUser,
  message: z.looseObject({ message_id: z.number(), chat: TelegramChat, date: z.number().optional(), reply_markup: TelegramMessage.shape.reply_markup }).optional(),
  inline_message_id: z.string().optional(),
  chat_instance: z.string().optional(),
  data: z.string().optional(),
});
export type TelegramCallbackQuery = z.infer<typeof TelegramCallbackQuery>;

/** An update: exactly one of the optional fields is present; kinds we do not read stay unparsed. */
export const TelegramUpdate = z.looseObject({
  update_id: z.number(),
  message: TelegramMessage.optional(),
  callback_query: TelegramCallbackQuery.optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

export type TelegramEvent =
  | {
      kind: 'message';
      /** Where replies go and what the citizen is keyed on: `tg:<chat_id>`. */
      sender: string;
      contact: EventContact;
      message: InboundMessage;
      /** Set for a callback query: the id the webhook answer must acknowledge (answerCallbackQuery). */
      callbackQueryId?: string;
    }
  | {
      kind: 'ignored';
      /** Why, in English, for the logs. */
      reason: string;
      /** Set for a callback query that is ignored: it is still acknowledged, so the button stops spinning. */
      callbackQueryId?: string;
    };

/** The update kind, for an "ignored" reason: the first field besides update_id. */
function updateKind(update: TelegramUpdate): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
}

function contactOf(sender: string, user: TelegramUser | undefined, chat: TelegramChat): EventContact {
  const name = [user?.first_name ?? chat.first_name, user?.last_name ?? chat.last_name].filter(Boolean).join(' ').trim();
  const username = user?.username ?? chat.username;
  return { wa_id: sender, ...(name ? { name } : {}), ...(username ? { username: `@${username}` } : {}) };
}

/** The WhatsApp `context` of a message that answers another one (a quote, or the keyboard a button sat on). */
function contextOf(chatId: number, repliedTo: number | undefined): { context?: { id: string } } {
  return repliedTo === undefined ? {} : { context: { id: telegramMessageId(chatId, repliedTo) } };
}

const caption = (m: TelegramMessage) => (m.caption !== undefined ? { caption: m.caption } : {});
const mime = (f: { mime_type?: string | undefined }) => (f.mime_type !== undefined ? { mime_type: f.mime_type } : {});

/**
 * The WhatsApp-shaped content of a private message: type plus its typed field.
 * A type the bot cannot read becomes WhatsApp's `unsupported` (Meta's error
 * 131051), which the conversation already answers politely.
 */
function messageContent(m: TelegramMessage): Record<string, unknown> {
  if (m.text !== undefined) return { type: 'text', text: { body: m.text } };
  if (m.location) {
    const venue = m.venue ? { ...(m.venue.title ? { name: m.venue.title } : {}), ...(m.venue.address ? { address: m.venue.address } : {}) } : {};
    return { type: 'location', location: { latitude: m.location.latitude, longitude: m.location.longitude, ...venue } };
  }
  if (m.photo && m.photo.length > 0) {
    // Telegram sends every size it made; the largest is the one worth keeping as evidence.
    const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { type: 'image', image: { id: telegramMediaId(largest.file_id), mime_type: 'image/jpeg', ...caption(m) } };
  }
  if (m.video) return { type: 'video', video: { id: telegramMediaId(m.video.file_id), ...mime(m.video), ...caption(m) } };
  // A round video message has no mime type of its own; Telegram records them as MPEG-4.
  if (m.video_note) return { type: 'video', video: { id: telegramMediaId(m.video_note.file_id), mime_type: m.video_note.mime_type ?? 'video/mp4' } };
  if (m.voice) return { type: 'audio', audio: { id: telegramMediaId(m.voice.file_id), ...mime(m.voice), voice: true } };
  if (m.audio) return { type: 'audio', audio: { id: telegramMediaId(m.audio.file_id), ...mime(m.audio) } };
  if (m.document) {
    const filename = m.document.file_name !== undefined ? { filename: m.document.file_name } : {};
    return { type: 'document', document: { id: telegramMediaId(m.document.file_id), ...mime(m.document), ...filename, ...caption(m) } };
  }
  if (m.sticker) {
    const animated = Boolean(m.sticker.is_animated || m.sticker.is_video);
    return { type: 'sticker', sticker: { id: telegramMediaId(m.sticker.file_id), mime_type: m.sticker.is_video ? 'video/webm' : m.sticker.is_animated ? 'application/x-tgsticker' : 'image/webp', animated } };
  }
  if (m.contact) {
    // WhatsApp's contacts message: https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components#messages-object
    const c = m.contact;
    const formatted = [c.first_name, c.last_name].filter(Boolean).join(' ');
    return {
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: formatted, first_name: c.first_name, ...(c.last_name ? { last_name: c.last_name } : {}) },
          phones: [{ phone: c.phone_number, type: 'CELL', ...(c.user_id !== undefined ? { wa_id: telegramAddress(c.user_id) } : {}) }],
        },
      ],
    };
  }
  return { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown', message: 'Telegram message kind the bot does not read' }] };
}

function fromMessage(m: TelegramMessage): TelegramEvent {
  if (m.chat.type !== 'private') return { kind: 'ignored', reason: `message in a ${m.chat.type} chat, not a private one` };
  if (m.from?.is_bot) return { kind: 'ignored', reason: 'message from a bot' };
  const sender = telegramAddress(m.chat.id);
  const message = {
    from: sender,
    id: telegramMessageId(m.chat.id, m.message_id),
    timestamp: String(m.date),
    ...contextOf(m.chat.id, m.reply_to_message?.message_id),
    ...messageContent(m),
  } as InboundMessage;
  return { kind: 'message', sender, contact: contactOf(sender, m.from, m.chat), message };
}

/** The text of the inline button whose callback_data is `data`, if the keyboard is still there. */
function tappedTitle(q: TelegramCallbackQuery, data: string): string | null {
  for (const row of q.message?.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) if (button.callback_data === data) return button.text;
  }
  return null;
}

function fromCallback(q: TelegramCallbackQuery, nowSeconds: number): TelegramEvent {
  const ack = { callbackQueryId: q.id };
  if (q.from.is_bot) return { kind: 'ignored', reason: 'callback query from a bot', ...ack };
  if (!q.message) return { kind: 'ignored', reason: 'callback query of an inline-mode message (no chat)', ...ack };
  if (q.message.chat.type !== 'private') return { kind: 'ignored', reason: `callback query in a ${q.message.chat.type} chat, not a private one`, ...ack };
  if (q.data === undefined || q.data === '') return { kind: 'ignored', reason: 'callback query without data (game button)', ...ack };
  const chatId = q.message.chat.id;
  const sender = telegramAddress(chatId);
  // Buttons and list rows are both inline buttons on Telegram (outbound.ts), and the
  // conversation matches a reply by its id alone (replyId), so every tap is a button_reply.
  const message = {
    from: sender,
    id: `tg:cb:${q.id}`,
    timestamp: String(nowSeconds),
    ...contextOf(chatId, q.message.message_id),
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id: q.data, title: tappedTitle(q, q.data) ?? q.data } },
  } as InboundMessage;
  return { kind: 'message', sender, contact: contactOf(sender, q.from, q.message.chat), message, ...ack };
}

/**
 * What an update means to Kanal Aduan: a citizen's message in WhatsApp's shape,
 * or a reason to ignore it. Only private chats are citizens; groups, channels,
 * edits, membership changes and other kinds are ignored (and acknowledged).
 */
export function telegramEvent(update: TelegramUpdate, now: Date = new Date()): TelegramEvent {
  if (update.message) return fromMessage(update.message);
  if (update.callback_query) return fromCallback(update.callback_query, Math.floor(now.getTime() / 1000));
  const kind = updateKind(update);
  // An edit is not a new message: the report keeps what the citizen first sent.
  return { kind: 'ignored', reason: `update kind "${kind}" is not a citizen's message` };
}

/**
 * Checks the `X-Telegram-Bot-Api-Secret-Token` header against the secret_token
 * given to setWebhook, in constant time; false when no secret is configured
 * (anyone could post updates then).
 * https://core.telegram.org/bots/api#setwebhook
 */
export function verifyTelegramSecret(headerValue: string | string[] | undefined, secret: string): boolean {
  const given = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  if (typeof given !== 'string' || secret === '') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(secret, 'utf8');
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of where they differ.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(b, b), false);
}
