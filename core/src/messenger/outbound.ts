import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { TelegramSendable } from '../telegram/outbound.ts';
import { addressOf, SendMessage } from '../whatsapp/outbound.ts';
import { messengerMessageId, parseMessengerAddress, type MessengerChannel } from './address.ts';
import type { MessengerDelivery } from './window.ts';

// Replies stay WhatsApp-shaped (SendMessage) everywhere; this file turns one
// into the Send API calls that show the same thing in a Messenger or Instagram
// conversation: POST /{version}/me/messages.
// https://developers.facebook.com/docs/messenger-platform/reference/send-api
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api

/**
 * What the Messenger send node takes: any SendMessage, or a WhatsApp location
 * request / CTA URL button (the same extra kinds the Telegram node accepts).
 */
export const MessengerSendable = TelegramSendable;
export type MessengerSendable = z.infer<typeof MessengerSendable>;

/** One Send API body. */
export interface MessengerRequest {
  recipient: { id: string };
  messaging_type: MessengerDelivery['messaging_type'];
  tag?: MessengerDelivery['tag'];
  message: Record<string, unknown>;
}

/** Limits of the Send API: text 2000 characters, quick replies 13 with titles of 20. https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies */
export const MESSENGER_TEXT_MAX = 2000;
export const MESSENGER_QUICK_REPLIES_MAX = 13;
export const MESSENGER_QUICK_REPLY_TITLE_MAX = 20;

const fail = (code: string, message: string, params?: Record<string, unknown>) => new DomainError(`MESSENGER.${code}`, message, params);

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Instagram takes a text of at most 1000 bytes of UTF-8 (Messenger: 2000
 * characters). https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api
 */
export const INSTAGRAM_TEXT_MAX_BYTES = 1000;

function cutBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength('…', 'utf8');
  let out = '';
  let used = 0;
  // By code point, so an emoji or a multi-byte letter is never split.
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return `${out}…`;
}

function recipientOf(message: MessengerSendable): { id: string; channel: MessengerChannel } {
  const address = addressOf(message as { to?: string; recipient?: string });
  const parsed = parseMessengerAddress(address);
  if (!parsed) throw fail('NOT_MESSENGER_ADDRESS', `Penerima "${address}" bukan alamat Messenger (fb:<PSID>) atau Instagram (ig:<IGSID>).`, { address });
  return parsed;
}

type Texts = { header?: { text?: string | undefined } | undefined; body: { text: string }; footer?: { text: string } | undefined };
const interactiveText = (i: Texts) =>
  cut([i.header?.text, i.body.text, i.footer?.text].filter((t): t is string => Boolean(t?.trim())).join('\n\n'), MESSENGER_TEXT_MAX);

function quickReplies(options: { id: string; title: string }[]): Record<string, unknown>[] {
  if (options.length > MESSENGER_QUICK_REPLIES_MAX) {
    throw fail(
      'TOO_MANY_OPTIONS',
      `Pesan ini punya ${options.length} pilihan; Messenger dan Instagram hanya menampilkan paling banyak ${MESSENGER_QUICK_REPLIES_MAX} tombol balasan cepat. Kurangi baris daftar.`,
      { count: options.length },
    );
  }
  // The payload comes back as message.quick_reply.payload: the id the conversation matches (inbound.ts).
  return options.map((o) => ({ content_type: 'text', title: cut(o.title, MESSENGER_QUICK_REPLY_TITLE_MAX), payload: o.id }));
}

/** A photo or document by URL; a WhatsApp or Telegram media id means nothing to the Send API. */
function attachment(type: 'image' | 'file', media: { id?: string; link?: string }, kind: string): Record<string, unknown> {
  if (!('link' in media) || !media.link) {
    throw fail('MEDIA_NOT_LINK', `Media ${kind} "${media.id ?? ''}" tidak dapat dikirim lewat Messenger/Instagram tanpa link (URL).`, { id: media.id ?? null });
  }
  // https://developers.facebook.com/docs/messenger-platform/send-messages#url
  return { attachment: { type, payload: { url: media.link, is_reusable: false } } };
}

function captionText(base: Omit<MessengerRequest, 'message'>, media: { caption?: string | undefined }): MessengerRequest[] {
  return media.caption?.trim() ? [{ ...base, message: { text: cut(media.caption, MESSENGER_TEXT_MAX) } }] : [];
}

function interactiveMessage(i: { type: string }): Record<string, unknown> {
  type Interactive = Extract<z.infer<typeof SendMessage>, { type: 'interactive' }>['interactive'];
  switch (i.type) {
    case 'button': {
      const b = i as Interactive & { type: 'button' };
      return { text: interactiveText(b), quick_replies: quickReplies(b.action.buttons.map((x) => x.reply)) };
    }
    case 'list': {
      const l = i as Interactive & { type: 'list' };
      // No list picker on Messenger: every row of every section is a quick reply of its own, in order.
      return { text: interactiveText(l), quick_replies: quickReplies(l.action.sections.flatMap((s) => s.rows)) };
    }
    case 'location_request_message': {
      // Messenger retired its location quick reply (2019) and Instagram never had one: ask in words.
      const r = i as unknown as { body: { text: string } };
      return { text: cut(`${r.body.text}\n\nKetik nama tempat atau alamatnya (jalan, desa/kelurahan, kecamatan).`, MESSENGER_TEXT_MAX) };
    }
    case 'cta_url': {
      const c = i as unknown as Texts & { action: { parameters: { display_text: string; url: string } } };
      return { text: cut(`${interactiveText(c)}\n\n${c.action.parameters.display_text}: ${c.action.parameters.url}`, MESSENGER_TEXT_MAX) };
    }
    default:
      throw fail('UNSUPPORTED_INTERACTIVE', `Pesan interaktif jenis "${i.type}" tidak dapat dikirim lewat Messenger/Instagram.`, { type: i.type });
  }
}

/**
 * The Send API bodies that deliver one WhatsApp-shaped reply (one, or two: an attachment, then its caption), with the delivery (messaging_type, tag) from messengerDelivery.
 * Throws a DomainError (code `MESSENGER.*`) for what Messenger cannot show: a
 * WhatsApp template, more than 13 options, media without a link, a recipient
 * that is not `fb:`/`ig:`.
 */
export function messengerRequests(message: MessengerSendable, delivery: MessengerDelivery): MessengerRequest[] {
  const { id, channel } = recipientOf(message);
  const base = { recipient: { id }, messaging_type: delivery.messaging_type, ...(delivery.tag ? { tag: delivery.tag } : {}) };
  const requests = requestsFor(message, base);
  if (channel !== 'instagram') return requests;
  return requests.map((r) => (typeof r.message.text === 'string' ? { ...r, message: { ...r.message, text: cutBytes(r.message.text, INSTAGRAM_TEXT_MAX_BYTES) } } : r));
}

function requestsFor(message: MessengerSendable, base: Omit<MessengerRequest, 'message'>): MessengerRequest[] {
  switch (message.type) {
    case 'text':
      return [{ ...base, message: { text: cut(message.text.body, MESSENGER_TEXT_MAX) } }];
    case 'interactive':
      return [{ ...base, message: interactiveMessage(message.interactive as { type: string }) }];
    // An attachment has no caption on the Send API: the caption follows as a text of its own.
    case 'image':
      return [{ ...base, message: attachment('image', message.image, 'foto') }, ...captionText(base, message.image)];
    case 'document':
      return [{ ...base, message: attachment('file', message.document, 'dokumen') }, ...captionText(base, message.document)];
    case 'template':
      throw fail(
        'TEMPLATE',
        `Template WhatsApp "${message.template.name}" tidak dapat dikirim lewat Messenger/Instagram: kirim pesan teks (dengan tag pesan bila di luar 24 jam).`,
        { template: message.template.name },
      );
  }
}

// Send API answers {recipient_id, message_id}; a refusal {error: {message, type, code, error_subcode, fbtrace_id}}.
// https://developers.facebook.com/docs/graph-api/guides/error-handling
export const MessengerSent = z.looseObject({ recipient_id: z.string().optional(), message_id: z.string() });
export const MessengerFailure = z.looseObject({
  error: z.looseObject({ message: z.string().optional(), type: z.string().optional(), code: z.number().optional(), error_subcode: z.number().optional() }),
});
export type MessengerFailure = z.infer<typeof MessengerFailure>;

/** The message id we log for a message the page sent: `fb:<message_id>` / `ig:<message_id>`. */
export function messengerSentId(address: string, answer: unknown): string {
  const sent = MessengerSent.safeParse(answer);
  const parsed = parseMessengerAddress(address);
  if (!sent.success || !parsed) throw fail('NO_MESSAGE_ID', 'Jawaban Send API tidak berisi message_id pesan yang terkirim.');
  return messengerMessageId(parsed.channel, sent.data.message_id);
}

/**
 * Whether Meta will refuse this send again whatever we wait.
 * https://developers.facebook.com/docs/messenger-platform/error-codes
 * - 10: outside the allowed window / the permission is missing for this send;
 * - 551: "This person isn't available right now" (blocked the page, left);
 * - 200 with subcode 2018108/2018278: the person cannot be messaged (policy / outside window);
 * - 100 with subcode 2018001: no matching user found.
 * A 4 / 613 (rate limits), 1200 (temporary send error) and 5xx clear by themselves.
 */
export function messengerRefusedForGood(failure: { httpStatus?: number | null; code?: number | null; subcode?: number | null }): boolean {
  const { code, subcode } = failure;
  if (code === 10 || code === 551) return true;
  if (code === 200 && (subcode === 2018108 || subcode === 2018278)) return true;
  return code === 100 && subcode === 2018001;
}
