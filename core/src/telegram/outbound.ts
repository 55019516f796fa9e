import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { addressOf, SendMessage } from '../whatsapp/outbound.ts';
import { parseTelegramMessageId, telegramChatId, telegramFileId, telegramMessageId } from './address.ts';

// Replies stay WhatsApp-shaped (SendMessage) everywhere; this file turns one
// into the Bot API calls that show the same thing in a Telegram chat.
// https://core.telegram.org/bots/api#available-methods

/** One Bot API call: POST {base}/bot<token>/<method> with a JSON body. */
export interface TelegramRequest {
  method: 'sendMessage' | 'sendPhoto' | 'sendDocument';
  body: Record<string, unknown>;
}

// WhatsApp interactive kinds the core's SendMessage does not build yet, accepted
// here so a flow may send them to a Telegram citizen (and the send node tells
// them apart from a malformed body).
// https://developers.facebook.com/docs/whatsapp/cloud-api/messages/location-request-messages
const LocationRequest = z.looseObject({
  type: z.literal('location_request_message'),
  body: z.object({ text: z.string().min(1) }),
  action: z.looseObject({ name: z.literal('send_location') }),
});
// https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-cta-url-messages
const CtaUrl = z.looseObject({
  type: z.literal('cta_url'),
  header: z.looseObject({ type: z.string(), text: z.string().optional() }).optional(),
  body: z.object({ text: z.string().min(1) }),
  footer: z.object({ text: z.string() }).optional(),
  action: z.looseObject({ name: z.literal('cta_url'), parameters: z.object({ display_text: z.string().min(1), url: z.url() }) }),
});
const ExtraInteractive = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: z.string().min(1).optional(),
  recipient: z.string().min(1).optional(),
  context: z.object({ message_id: z.string() }).optional(),
  type: z.literal('interactive'),
  interactive: z.discriminatedUnion('type', [LocationRequest, CtaUrl]),
});

/** What the Telegram send node takes: any SendMessage, or a WhatsApp location request / CTA URL button. */
export const TelegramSendable = z.union([SendMessage, ExtraInteractive]);
export type TelegramSendable = z.infer<typeof TelegramSendable>;

/** Telegram's limit on callback_data, in bytes. https://core.telegram.org/bots/api#inlinekeyboardbutton */
export const TELEGRAM_CALLBACK_DATA_MAX = 64;

const fail = (code: string, message: string, params?: Record<string, unknown>) => new DomainError(`TELEGRAM.${code}`, message, params);

function chatIdOf(message: TelegramSendable): number | string {
  const address = addressOf(message as { to?: string; recipient?: string });
  const chatId = telegramChatId(address);
  if (chatId === null) throw fail('NOT_TELEGRAM_ADDRESS', `Penerima "${address}" bukan alamat Telegram (tg:<chat_id>).`, { address });
  // Integer when it is one, as the Bot API documents chat_id; a string otherwise (never for a private chat).
  const n = Number(chatId);
  return Number.isSafeInteger(n) ? n : chatId;
}

/** Quote the message answered, when it is a Telegram message of the same chat; tolerate its deletion. */
function replyParameters(message: TelegramSendable, chatId: number | string): Record<string, unknown> {
  const quoted = message.context?.message_id ? parseTelegramMessageId(message.context.message_id) : null;
  if (!quoted || quoted.chatId !== String(chatId)) return {};
  // https://core.telegram.org/bots/api#replyparameters
  return { reply_parameters: { message_id: quoted.messageId, allow_sending_without_reply: true } };
}

function callbackData(id: string): string {
  if (Buffer.byteLength(id, 'utf8') > TELEGRAM_CALLBACK_DATA_MAX) {
    throw fail(
      'CALLBACK_DATA_TOO_LONG',
      `Id tombol "${id}" lebih dari ${TELEGRAM_CALLBACK_DATA_MAX} byte; Telegram tidak menerima callback_data sepanjang itu. Perpendek id tombol atau baris daftar.`,
      { id },
    );
  }
  return id;
}

/** Telegram's limit on a message text, in characters. https://core.telegram.org/bots/api#sendmessage */
export const TELEGRAM_TEXT_MAX = 4096;

/** Telegram's limit on a photo or document caption, in characters. https://core.telegram.org/bots/api#sendphoto */
export const TELEGRAM_CAPTION_MAX = 1024;

/**
 * A caption Telegram accepts: a longer one is cut with an ellipsis rather than
 * refused ("Bad Request: message caption is too long"). Lengths are UTF-16
 * code units as Telegram counts them; a cut never splits an emoji's surrogate pair.
 */
export function telegramCaption(caption: string): string {
  if (caption.length <= TELEGRAM_CAPTION_MAX) return caption;
  const head = caption.slice(0, TELEGRAM_CAPTION_MAX - 1);
  return `${/[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/**
 * Header, body and footer of an interactive message, as one Telegram text. A
 * WhatsApp list body may already be 4096 characters, so with its header and
 * footer the text is cut (with an ellipsis) rather than refused by Telegram.
 */
function interactiveText(i: { header?: { text?: string | undefined } | undefined; body: { text: string }; footer?: { text: string } | undefined }): string {
  const text = [i.header?.text, i.body.text, i.footer?.text].filter((t): t is string => Boolean(t?.trim())).join('\n\n');
  return text.length > TELEGRAM_TEXT_MAX ? `${text.slice(0, TELEGRAM_TEXT_MAX - 1)}…` : text;
}

/** A photo or document to send: a link as is, a Telegram file by its file_id; a WhatsApp media id means nothing to Telegram. */
function fileRef(media: { id?: string; link?: string }, kind: string): string {
  if ('link' in media && media.link) return media.link;
  const fileId = media.id ? telegramFileId(media.id) : null;
  if (!fileId) {
    throw fail('MEDIA_NOT_TELEGRAM', `Media ${kind} "${media.id ?? ''}" bukan file Telegram (tg:<file_id>); kirim lewat link.`, { id: media.id ?? null });
  }
  return fileId;
}

/**
 * The Bot API calls that deliver one WhatsApp-shaped reply to a Telegram chat,
 * in order (today always one). Throws a DomainError (code `TELEGRAM.*`) for
 * what Telegram cannot show: a template (Telegram has neither templates nor a
 * 24-hour window, so the caller sends text), an unknown interactive kind, a
 * button id longer than 64 bytes, a WhatsApp media id.
 */
export function telegramRequests(message: TelegramSendable): TelegramRequest[] {
  const chat_id = chatIdOf(message);
  const reply = replyParameters(message, chat_id);
  switch (message.type) {
    case 'text':
      return [
        {
          method: 'sendMessage',
          // Link previews off unless asked for, as on WhatsApp (preview_url).
          // https://core.telegram.org/bots/api#linkpreviewoptions
          body: { chat_id, text: message.text.body, ...(message.text.preview_url ? {} : { link_preview_options: { is_disabled: true } }), ...reply },
        },
      ];
    case 'interactive':
      return [{ method: 'sendMessage', body: { chat_id, ...interactiveBody(message.interactive as { type: string }), ...reply } }];
    case 'image':
      return [{ method: 'sendPhoto', body: { chat_id, photo: fileRef(message.image, 'foto'), ...captionOf(message.image), ...reply } }];
    case 'document':
      return [{ method: 'sendDocument', body: { chat_id, document: fileRef(message.document, 'dokumen'), ...captionOf(message.document), ...reply } }];
    case 'template':
      throw fail(
        'TEMPLATE',
        `Template WhatsApp "${message.template.name}" tidak dapat dikirim lewat Telegram: Telegram tidak punya template maupun batas 24 jam, kirim pesan teks.`,
        { template: message.template.name },
      );
  }
}

const captionOf = (m: { caption?: string | undefined }) => (m.caption ? { caption: m.caption } : {});

function interactiveBody(i: { type: string }): Record<string, unknown> {
  switch (i.type) {
    case 'button': {
      const b = i as Extract<z.infer<typeof SendMessage>, { type: 'interactive' }>['interactive'] & { type: 'button' };
      return {
        text: interactiveText(b),
        // https://core.telegram.org/bots/api#inlinekeyboardmarkup
        reply_markup: { inline_keyboard: b.action.buttons.map((x) => [{ text: x.reply.title, callback_data: callbackData(x.reply.id) }]) },
      };
    }
    case 'list': {
      const l = i as Extract<z.infer<typeof SendMessage>, { type: 'interactive' }>['interactive'] & { type: 'list' };
      // Telegram has no list picker: every row of every section is a button of its own, in order.
      const rows = l.action.sections.flatMap((s) => s.rows);
      return { text: interactiveText(l), reply_markup: { inline_keyboard: rows.map((r) => [{ text: r.title, callback_data: callbackData(r.id) }]) } };
    }
    case 'location_request_message': {
      const r = i as z.infer<typeof LocationRequest>;
      // https://core.telegram.org/bots/api#keyboardbutton (request_location works in private chats only)
      return {
        text: r.body.text,
        reply_markup: { keyboard: [[{ text: '📍 Kirim lokasi', request_location: true }]], one_time_keyboard: true, resize_keyboard: true },
      };
    }
    case 'cta_url': {
      const c = i as z.infer<typeof CtaUrl>;
      return { text: interactiveText(c), reply_markup: { inline_keyboard: [[{ text: c.action.parameters.display_text, url: c.action.parameters.url }]] } };
    }
    default:
      throw fail('UNSUPPORTED_INTERACTIVE', `Pesan interaktif jenis "${i.type}" tidak dapat dikirim lewat Telegram.`, { type: i.type });
  }
}

// Bot API answers: {ok: true, result} or {ok: false, error_code, description, parameters}.
// https://core.telegram.org/bots/api#making-requests
export const TelegramSentMessage = z.looseObject({ message_id: z.number(), chat: z.looseObject({ id: z.number() }).optional() });
export const TelegramOk = z.looseObject({ ok: z.literal(true), result: z.unknown() });
export const TelegramFailure = z.looseObject({
  ok: z.literal(false),
  error_code: z.number().optional(),
  description: z.string().optional(),
  // https://core.telegram.org/bots/api#responseparameters
  parameters: z.looseObject({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
});
export type TelegramFailure = z.infer<typeof TelegramFailure>;

/** The message id we log for a message the bot sent (its Message `result`): `tg:<chat>:<message_id>`. */
export function telegramSentId(chatId: number | string, result: unknown): string {
  const sent = TelegramSentMessage.safeParse(result);
  if (!sent.success) throw fail('NO_MESSAGE_ID', 'Jawaban Telegram tidak berisi message_id pesan yang terkirim.');
  return telegramMessageId(sent.data.chat?.id ?? chatId, sent.data.message_id);
}

/**
 * Whether Telegram will refuse this send again whatever we wait: 403 (the user
 * blocked the bot, or the account is deactivated) and 400 "chat not found"
 * (the user never started the bot, or the id is wrong). A 429, a 5xx or a
 * network failure clears by itself; a 401 is a token an admin can fix.
 */
export function telegramRefusedForGood(failure: { httpStatus?: number | null; description?: string | null }): boolean {
  if (failure.httpStatus === 403) return true;
  return failure.httpStatus === 400 && /chat not found/i.test(failure.description ?? '');
}
