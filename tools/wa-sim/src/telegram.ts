import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, sendBytes, sendJson } from './http-util.ts';
import { MEDIA_DEFAULTS } from './inbound.ts';
import type { LogEntry } from './message-log.ts';
import { SimError, parseWith, readJson, type SimState } from './state.ts';

// The Telegram side of the simulator: a fake Bot API the bot sends to
// (`${url}/bot<token>/<method>`, files at `${url}/file/bot<token>/<path>`) and
// updates posted to the bot's webhook with the `X-Telegram-Bot-Api-Secret-Token`
// header, as Telegram does when a person writes to the bot.
// https://core.telegram.org/bots/api#setwebhook
// Entries go into the same message log as WhatsApp's, keyed `tg:<chat id>`,
// with the bot as the number (`phone_number_id: 'tg:<bot id>'`). Besides the
// main bot, intake desks may own bots (`telegramDeskBotTokens`): each is a bot
// of its own, as on Telegram: a person's updates to it go to the webhook URL
// with `?bot=<bot id>`, it sends only to people who wrote to it, and it alone
// can download the files they sent it.

/** Log key of a Telegram chat, the same address the bot uses for the person. */
export const telegramKey = (chatId: number | string) => `tg:${chatId}`;

/** Body of `POST /sim/telegram/inbound`: the person writes, taps a button, shares a place or sends a photo. */
export const TelegramInboundRequest = z
  .object({
    /** The person's Telegram user id (= the private chat id). */
    from: z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/)]).transform(Number),
    name: z.string().max(64).default('Warga Telegram'),
    username: z.string().max(32).optional(),
    text: z.string().max(4096).optional(),
    /** Tap on an inline keyboard button of the bot's last message carrying it. */
    callback_data: z.string().max(64).optional(),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
    /** A photo (a 1×1 image) with an optional caption. */
    photo: z.object({ caption: z.string().max(1024).optional() }).optional(),
    /** The bot written to, by id (digits before ':' in its token): a desk's bot; none: the main bot. Sent as `?bot=` on the webhook URL. */
    bot: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String).optional(),
    /** Post it into a group instead of the private chat (the bot must ignore it). */
    group: z.boolean().optional(),
    /** The secret header: right (default), wrong or absent. */
    secret: z.enum(['valid', 'invalid', 'missing']).default('valid'),
  })
  .refine((r) => [r.text, r.callback_data, r.location, r.photo].filter((v) => v !== undefined).length === 1, {
    message: 'Isi tepat satu dari text, callback_data, location atau photo.',
  });
export type TelegramInboundRequest = z.input<typeof TelegramInboundRequest>;

export type TelegramState = {
  /** Each update as posted, and the desk bot it went to (none: the main bot), for replay. */
  updates: Map<number, { raw: string; bot?: string }>;
  updateSeq: number;
  /** Per chat: the last message id used (both directions share Telegram's numbering). */
  messageIds: Map<number, number>;
  /** By file_id; `bot` is the id of the bot it was sent to, the only one that can download it. */
  files: Map<string, { bytes: Uint8Array; mime_type: string; path: string; bot: string }>;
  /** `<bot id>:<chat id>` of chats that have written to a bot (Telegram answers "chat not found" for others). */
  chats: Set<string>;
  callbackAnswers: Array<{ callback_query_id: string; via: 'webhook' | 'api' }>;
};

export function createTelegramState(): TelegramState {
  return { updates: new Map(), updateSeq: 100_000, messageIds: new Map(), files: new Map(), chats: new Set(), callbackAnswers: [] };
}

export function resetTelegramState(t: TelegramState): void {
  t.updates.clear();
  t.messageIds.clear();
  t.files.clear();
  t.chats.clear();
  t.callbackAnswers.length = 0;
}

/** The main bot's id when its token does not start with one. */
const BOT_ID = 7_000_000_001;

/** A bot's id: the digits before ':' in its token. */
const botIdOf = (token: string) => /^(\d{1,20}):/.exec(token)?.[1] ?? null;

function nextMessageId(t: TelegramState, chatId: number): number {
  const id = (t.messageIds.get(chatId) ?? 0) + 1;
  t.messageIds.set(chatId, id);
  return id;
}

const botError = (res: ServerResponse, status: number, description: string) => sendJson(res, status, { ok: false, error_code: status, description });

type InlineButton = { text: string; callback_data?: string; url?: string };

/** The bot's last message to the chat whose inline keyboard has a button with this data. */
function keyboardMessage(state: SimState, chatId: number, data: string): LogEntry | undefined {
  return state.messages
    .list({ to: telegramKey(chatId), direction: 'out' })
    .reverse()
    .find((e) => {
      const rows = ((e.body as { reply_markup?: { inline_keyboard?: InlineButton[][] } }).reply_markup?.inline_keyboard ?? []) as InlineButton[][];
      return rows.some((row) => row.some((b) => b.callback_data === data));
    });
}

/** A file the bot uploaded in a multipart call, as the log keeps it: its name, type and size, not its bytes. */
export type UploadedFile = { filename: string; mime_type: string; size: number };

/**
 * The parameters of a Bot API call: a JSON body, or multipart/form-data when
 * the bot uploads a file (sendPhoto with the photo's bytes). Text parts are
 * strings on the wire; an integer chat_id is read back as a number so the log
 * shows it as a JSON send would. https://core.telegram.org/bots/api#making-requests
 */
async function readBotParams(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  if (req.method !== 'POST') return null;
  const contentType = String(req.headers['content-type'] ?? '');
  if (!contentType.startsWith('multipart/form-data')) return (await readJson(req)) as Record<string, unknown> | null;
  let form: FormData;
  try {
    // undici's multipart parser, built into Node, as the Graph API's media upload uses.
    form = await new Request('http://wa-sim/bot', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(await readBody(req)) }).formData();
  } catch {
    throw new SimError(400, 'SIM.INVALID_MULTIPART', 'Body multipart/form-data tidak dapat dibaca.');
  }
  const params: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') params[name] = name === 'chat_id' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
    else params[name] = { filename: value.name, mime_type: value.type, size: value.size } satisfies UploadedFile;
  }
  return params;
}

const isUpload = (value: unknown): value is UploadedFile => typeof value === 'object' && value !== null && 'size' in value && 'filename' in value;

export function createTelegramApi(state: SimState) {
  const t = state.telegram;
  const mainId = () => botIdOf(state.options.telegramBotToken ?? '') ?? String(BOT_ID);

  /** The bot a `bot<token>` path part names: the main bot or a desk's; null for an unknown token. */
  function botOfPart(part: string | undefined): { id: string } | null {
    const main = state.options.telegramBotToken ?? '';
    if (main && part === `bot${main}`) return { id: mainId() };
    for (const desk of state.options.telegramDeskBotTokens ?? []) {
      const id = botIdOf(desk);
      if (desk && id !== null && part === `bot${desk}`) return { id };
    }
    return null;
  }

  /** `POST /bot<token>/<method>`: what the bot calls. */
  async function bot(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const sender = botOfPart(parts[0]);
    if (!sender) return botError(res, 401, 'Unauthorized');
    const method = parts[1] ?? '';
    const body = await readBotParams(req);
    const chatId = Number(body?.['chat_id']);
    switch (method) {
      case 'getMe':
        return sendJson(res, 200, { ok: true, result: { id: Number(sender.id), is_bot: true, first_name: 'Kanal Aduan', username: sender.id === mainId() ? 'KanalAduanSimBot' : `KanalAduan${sender.id}SimBot` } });
      case 'setWebhook':
      case 'deleteWebhook':
        return sendJson(res, 200, { ok: true, result: true });
      case 'answerCallbackQuery':
        t.callbackAnswers.push({ callback_query_id: String(body?.['callback_query_id'] ?? ''), via: 'api' });
        return sendJson(res, 200, { ok: true, result: true });
      case 'getFile': {
        const file = t.files.get(String(body?.['file_id'] ?? ''));
        // A file_id is unique to the bot it was sent to: https://core.telegram.org/bots/api#sending-files
        if (!file || file.bot !== sender.id) return botError(res, 400, 'Bad Request: invalid file_id');
        return sendJson(res, 200, { ok: true, result: { file_id: body?.['file_id'], file_unique_id: `u${body?.['file_id']}`, file_size: file.bytes.byteLength, file_path: file.path } });
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        if (!Number.isSafeInteger(chatId) || !t.chats.has(`${sender.id}:${chatId}`)) return botError(res, 400, 'Bad Request: chat not found');
        if (method === 'sendMessage' && !String(body?.['text'] ?? '').trim()) return botError(res, 400, 'Bad Request: message text is empty');
        if (method === 'sendPhoto' && !body?.['photo']) return botError(res, 400, 'Bad Request: there is no photo in the request');
        // An uploaded file part without bytes: Telegram refuses it.
        const upload = body?.[method === 'sendPhoto' ? 'photo' : 'document'];
        if (isUpload(upload) && upload.size === 0) return botError(res, 400, 'Bad Request: file must be non-empty');
        // The same armed faults as the Graph API's sends (429, 500; 131047 is WhatsApp's own and passes).
        const fault = state.faults.take(true);
        if (fault?.status === 429) return sendJson(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
        if (fault && fault.status >= 500) return botError(res, 500, 'Internal Server Error');
        const messageId = nextMessageId(t, chatId);
        const markup = body?.['reply_markup'] as { inline_keyboard?: unknown } | undefined;
        const type = method === 'sendPhoto' ? 'image' : method === 'sendDocument' ? 'document' : markup?.inline_keyboard ? 'interactive' : 'text';
        state.messages.append({
          direction: 'out',
          id: `${telegramKey(chatId)}:${messageId}`,
          wa_id: telegramKey(chatId),
          at: new Date().toISOString(),
          type,
          status: 'sent',
          body,
          phone_number_id: `tg:${sender.id}`,
        });
        state.log(`telegram ${method} → ${chatId} #${messageId} (bot ${sender.id})`);
        const date = Math.floor(Date.now() / 1000);
        return sendJson(res, 200, { ok: true, result: { message_id: messageId, date, chat: { id: chatId, type: 'private' }, ...(typeof body?.['text'] === 'string' ? { text: body['text'] } : {}) } });
      }
      default:
        return botError(res, 404, 'Not Found: method not found');
    }
  }

  /** `GET /file/bot<token>/<path>`: a file the person sent, after getFile. */
  function file(res: ServerResponse, parts: string[]): void {
    const sender = botOfPart(parts[1]);
    if (!sender) return botError(res, 401, 'Unauthorized');
    const path = parts.slice(2).join('/');
    const found = [...t.files.values()].find((f) => f.path === path && f.bot === sender.id);
    if (!found) return botError(res, 404, 'Not Found');
    sendBytes(res, found.mime_type, found.bytes);
  }

  /** Posts an update to the webhook; a desk bot's webhook is the same URL with `?bot=<bot id>`. */
  async function post(raw: string, secret: 'valid' | 'invalid' | 'missing', bot?: string): Promise<{ webhookStatus: number; webhookResponse?: string; error?: string }> {
    const webhook = state.config.telegramWebhookUrl;
    if (!webhook) throw new SimError(409, 'SIM.NO_WEBHOOK', 'URL webhook Telegram belum diatur (telegramWebhookUrl di /sim/config).');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const configured = state.options.telegramSecret ?? '';
    if (secret === 'valid') headers['x-telegram-bot-api-secret-token'] = configured;
    if (secret === 'invalid') headers['x-telegram-bot-api-secret-token'] = `${configured}-salah`;
    try {
      const url = new URL(webhook);
      if (bot !== undefined) url.searchParams.set('bot', bot);
      const r = await fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(30_000) });
      const text = await r.text();
      // Telegram runs a method given in the webhook's answer (e.g. answerCallbackQuery).
      try {
        const answer = JSON.parse(text) as { method?: string; callback_query_id?: string };
        if (answer.method === 'answerCallbackQuery') t.callbackAnswers.push({ callback_query_id: String(answer.callback_query_id), via: 'webhook' });
      } catch {
        /* plain text answer */
      }
      return { webhookStatus: r.status, webhookResponse: text.slice(0, 2000) };
    } catch (err) {
      return { webhookStatus: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }

  /** The update a person's action becomes, logged as an inbound entry. */
  function updateOf(r: z.output<typeof TelegramInboundRequest>): { update: Record<string, unknown>; id: string } {
    const user = { id: r.from, is_bot: false, first_name: r.name, ...(r.username ? { username: r.username } : {}), language_code: 'id' };
    const update_id = ++t.updateSeq;
    const date = Math.floor(Date.now() / 1000);
    if (r.callback_data !== undefined) {
      const shown = keyboardMessage(state, r.from, r.callback_data);
      if (!shown) throw new SimError(409, 'SIM.NO_BUTTON', `Tidak ada tombol dengan data "${r.callback_data}" pada pesan bot ke ${r.from}.`);
      const queryId = `${r.from}${update_id}`;
      const shownBody = shown.body as Record<string, unknown>;
      const message = { message_id: Number(shown.id.split(':').pop()), from: { id: Number(r.bot ?? mainId()), is_bot: true, first_name: 'Kanal Aduan' }, chat: { id: r.from, type: 'private' }, date, text: shownBody['text'], reply_markup: shownBody['reply_markup'] };
      return { update: { update_id, callback_query: { id: queryId, from: user, message, chat_instance: `ci${r.from}`, data: r.callback_data } }, id: `tg:cb:${queryId}` };
    }
    const chat = r.group ? { id: -1_000_000_000_000 - r.from, type: 'supergroup', title: 'Grup warga' } : { id: r.from, type: 'private', first_name: r.name };
    const message_id = nextMessageId(t, chat.id);
    const message: Record<string, unknown> = { message_id, from: user, chat, date };
    if (r.text !== undefined) message['text'] = r.text;
    if (r.location) message['location'] = r.location;
    if (r.photo) {
      const fileId = `AgACAgUAAxk${update_id}`;
      const bytes = Buffer.from(MEDIA_DEFAULTS.image.bytes_base64, 'base64');
      t.files.set(fileId, { bytes, mime_type: 'image/jpeg', path: `photos/file_${update_id}.jpg`, bot: r.bot ?? mainId() });
      message['photo'] = [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 1, height: 1, file_size: bytes.byteLength }];
      if (r.photo.caption) message['caption'] = r.photo.caption;
    }
    return { update: { update_id, message }, id: `${telegramKey(chat.id)}:${message_id}` };
  }

  /** `/sim/telegram/*`: the person's side. */
  async function control(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const action = parts[2];
    if (req.method === 'POST' && action === 'inbound') {
      const r = parseWith(TelegramInboundRequest, await readJson(req));
      const { update, id } = updateOf(r);
      const raw = JSON.stringify(update);
      const updateId = update['update_id'] as number;
      t.updates.set(updateId, { raw, ...(r.bot !== undefined ? { bot: r.bot } : {}) });
      if (!r.group) t.chats.add(`${r.bot ?? mainId()}:${r.from}`);
      state.messages.append({ direction: 'in', id, wa_id: telegramKey(r.from), at: new Date().toISOString(), type: r.text !== undefined ? 'text' : r.callback_data !== undefined ? 'interactive' : r.location ? 'location' : 'image', status: 'received', body: update, phone_number_id: `tg:${r.bot ?? mainId()}` });
      const result = await post(raw, r.secret, r.bot);
      return sendJson(res, 200, { update_id: updateId, id, ...result });
    }
    if (req.method === 'POST' && action === 'replay') {
      const { update_id } = parseWith(z.object({ update_id: z.number().int() }), await readJson(req));
      const sent = t.updates.get(update_id);
      if (!sent) throw new SimError(404, 'SIM.UNKNOWN_UPDATE', `Update ${update_id} tidak pernah dikirim simulator.`);
      return sendJson(res, 200, { update_id, ...(await post(sent.raw, 'valid', sent.bot)) });
    }
    if (req.method === 'GET' && action === 'callback-answers') return sendJson(res, 200, { answers: t.callbackAnswers });
    throw new SimError(404, 'SIM.NOT_FOUND', `Tidak ada /sim/telegram/${action ?? ''}.`);
  }

  return { bot, file, control };
}
