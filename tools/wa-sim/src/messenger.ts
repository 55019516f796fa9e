import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signBody } from '@kanal-aduan/core';
import { z } from 'zod';
import { MEDIA_DEFAULTS } from './inbound.ts';
import { readBody, sendBytes, sendJson } from './http-util.ts';
import { SimError, parseWith, readJson, type SimState } from './state.ts';

// Facebook Messenger and Instagram DMs in the simulator: a fake Send API the
// bot posts to (`POST /:version/me/messages`, bearer page token) and the
// person's messages posted to the bot's webhook as Meta's Messenger Platform
// does (`object: page | instagram`, `entry[].messaging[]`, X-Hub-Signature-256).
// https://developers.facebook.com/docs/messenger-platform/reference/send-api/
// https://developers.facebook.com/docs/messenger-platform/webhooks
// Meta's windows are enforced: a RESPONSE within 24 hours of the person's last
// message, a HUMAN_AGENT tag within 7 days, ACCOUNT_UPDATE on Messenger only.
// Besides the main page (and its Instagram account), intake desks may own
// pages and Instagram accounts (`messengerDeskPages`): a person may write to
// any of them, the Send API takes each one's token, and the log says which
// account a message was written to or sent from (`phone_number_id`:
// `fb:<page id>` / `ig:<account id>`, the webhook's `entry[].id`).
// A person's photo, video, voice note or file comes as Meta sends it: a CDN
// URL in `payload.url` that expires (`oe`, hex seconds, as fbcdn's), served
// here at /sim/messenger/cdn/…; the bot gets fresh URLs from the message's
// attachments edge (`GET /:version/:mid/attachments`, the token of the account
// written to), as the Graph API answers it.
// https://developers.facebook.com/docs/graph-api/reference/message/attachments
// The bot sends a file of its own (an officer's follow-up photo) in two steps,
// as Meta takes it: the bytes to the Attachment Upload API
// (`POST /:version/me/message_attachments`, multipart `message` + `filedata`,
// `platform=instagram` for an Instagram account), which answers an
// attachment_id, then a Send API message carrying that id. The sent message's
// attachment is then on its attachments edge like a person's.
// https://developers.facebook.com/docs/messenger-platform/reference/attachment-upload-api

export type MetaChannel = 'messenger' | 'instagram';
const PREFIX: Record<MetaChannel, string> = { messenger: 'fb', instagram: 'ig' };
/** Log key of a person, the same address the bot uses for them. */
export const metaKey = (channel: MetaChannel, id: number | string) => `${PREFIX[channel]}:${id}`;

export const MessengerInboundRequest = z
  .object({
    /** Default: `instagram` when `page` is an `ig:` key, else `messenger`. */
    channel: z.enum(['messenger', 'instagram']).optional(),
    /** The page / Instagram account written to: `fb:<id>`, `ig:<id>` or the bare id. Default: the main one. */
    page: z.string().trim().regex(/^((fb|ig):)?\d{1,32}$/, 'page harus fb:<ID halaman>, ig:<ID akun Instagram> atau ID-nya saja.').optional(),
    /** The person's page-scoped id (PSID) or Instagram-scoped id (IGSID). */
    from: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String),
    text: z.string().max(2000).optional(),
    /** Tap on a quick reply of the bot's last message carrying it. */
    quick_reply: z.string().max(1000).optional(),
    /** A photo: Meta sends its CDN URL (the same as `attachment: 'image'`). */
    image: z.boolean().optional(),
    /** A photo, video, voice note or file, as Meta's attachment types; `text` may come with it in the same message. */
    attachment: z.enum(['image', 'video', 'audio', 'file']).optional(),
    /** How many of that attachment in one message (Messenger sends several photos as one message). */
    count: z.number().int().min(1).max(10).optional(),
    /** The person's own message coming back as an echo of ours (the bot must ignore it). */
    echo: z.boolean().optional(),
    signature: z.enum(['valid', 'invalid', 'missing']).default('valid'),
  })
  .refine((r) => !(r.image && r.attachment), { message: 'Isi image atau attachment, tidak keduanya.' })
  .refine(
    (r) => {
      const media = r.image === true || r.attachment !== undefined;
      if (r.quick_reply !== undefined) return r.text === undefined && !media;
      return media || r.text !== undefined;
    },
    { message: 'Isi tepat satu dari text, quick_reply atau image/attachment (text boleh menyertai lampiran).' },
  )
  .refine((r) => r.count === undefined || r.image || r.attachment, { message: 'count hanya untuk image/attachment.' })
  .refine((r) => !r.channel || !r.page || !/^(fb|ig):/.test(r.page) || r.page.startsWith(`${PREFIX[r.channel]}:`), {
    message: 'page tidak cocok dengan channel: fb: untuk messenger, ig: untuk instagram.',
  })
  .transform(({ page, ...r }) => ({
    ...r,
    channel: r.channel ?? (page?.startsWith('ig:') ? ('instagram' as const) : ('messenger' as const)),
    /** The bare id of the account written to, if not the main one. */
    pageId: page?.replace(/^(fb|ig):/, ''),
  }));

const ATTACHMENT_KINDS = ['image', 'video', 'audio', 'file'] as const;
type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
type StoredAttachment = { type: AttachmentKind; mime_type: string; name: string; bytes: Buffer };

/** A file the bot uploaded as a part of a multipart call, as the log keeps it: its name, type and size (as Telegram's sendPhoto). */
export type UploadedAttachment = { filename: string; mime_type: string; size: number };

export type MessengerState = {
  bodies: Map<string, string>;
  /** When each person last wrote (the windows), by log key. */
  lastInbound: Map<string, number>;
  /** The attachments of each person's message, by mid, with the account it was written to (only its token reads them). */
  attachments: Map<string, { account: string; items: StoredAttachment[] }>;
  /** What the bot uploaded (Attachment Upload API), by attachment_id, with the account it belongs to (only its token sends it). */
  uploads: Map<string, StoredAttachment & { account: string }>;
};

export function createMessengerState(): MessengerState {
  return { bodies: new Map(), lastInbound: new Map(), attachments: new Map(), uploads: new Map() };
}

export function resetMessengerState(m: MessengerState): void {
  m.bodies.clear();
  m.lastInbound.clear();
  m.attachments.clear();
  m.uploads.clear();
}

/** The bytes of an attachment: the WhatsApp side's media, with the types and names Messenger gives them. */
function simAttachment(type: AttachmentKind, n: number, at: number): StoredAttachment {
  const of = (media: keyof typeof MEDIA_DEFAULTS) => Buffer.from(MEDIA_DEFAULTS[media].bytes_base64, 'base64');
  if (type === 'image') return { type, mime_type: MEDIA_DEFAULTS.image.mime_type, name: `image-${n}.png`, bytes: of('image') };
  if (type === 'video') return { type, mime_type: 'video/mp4', name: `video-${n}.mp4`, bytes: of('video') };
  // Messenger's voice notes are MP4 audio clips.
  if (type === 'audio') return { type, mime_type: 'audio/mp4', name: `audioclip-${at}-${n}.mp4`, bytes: of('audio') };
  return { type, mime_type: 'application/pdf', name: `laporan-${n}.pdf`, bytes: of('document') };
}

/** A form field holding a JSON object, or null (absent, a file, not JSON, not an object). */
function parseJsonObject(value: FormDataEntryValue | null): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** How long a CDN URL lives; Meta's last days, the simulator's an hour. */
const CDN_TTL_S = 3600;

const DAY = 24 * 3600_000;
const mid = () => `m_${randomBytes(24).toString('base64url')}`;
const graphError = (res: ServerResponse, status: number, code: number, message: string, subcode?: number) =>
  sendJson(res, status, { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: `A${randomBytes(8).toString('base64url')}` } });

type QuickReply = { content_type: string; title: string; payload: string };

export function createMessengerApi(state: SimState) {
  const m = state.messenger;
  const pageId = () => state.options.messengerPageId ?? '300000000000001';
  const igId = () => state.options.instagramAccountId ?? '178400000000001';
  const mainId = (channel: MetaChannel) => (channel === 'instagram' ? igId() : pageId());
  const deskPages = () => Object.entries(state.options.messengerDeskPages ?? {}).filter(([key, token]) => /^(fb|ig):\d+$/.test(key) && token);

  /** Whether Meta knows the bearer token: the main page's or a desk's. */
  function knownToken(authorization: string | undefined): string | null {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return null;
    return token === state.options.messengerPageToken || deskPages().some(([, t]) => t === token) ? token : null;
  }

  /** The account a token writes to a person on `channel` from; null: none of its accounts is on that channel. */
  function sendingAccount(token: string, channel: MetaChannel): string | null {
    const desk = deskPages().find(([key, t]) => t === token && key.startsWith(`${PREFIX[channel]}:`));
    if (desk) return desk[0];
    return token === state.options.messengerPageToken ? metaKey(channel, mainId(channel)) : null;
  }

  /** A signed-looking CDN URL of a message's n-th attachment on the host the caller used, expiring like fbcdn's (`oe`). */
  function cdnUrl(req: IncomingMessage, mid: string, n: number, name: string): string {
    const origin = `http://${req.headers.host ?? `127.0.0.1:${state.port}`}`;
    const oe = Math.floor(Date.now() / 1000 + CDN_TTL_S).toString(16).toUpperCase();
    return `${origin}/sim/messenger/cdn/${encodeURIComponent(mid)}/${n}/${encodeURIComponent(name)}?_nc_cat=1&oh=00_sim&oe=${oe}`;
  }

  /**
   * `GET /:version/:mid/attachments`: the message's attachments with fresh URLs, to the token of
   * the account it was written to only (Meta: Graph 100/33 for another page's message or an unknown one).
   * https://developers.facebook.com/docs/graph-api/reference/message/attachments
   */
  function attachments(req: IncomingMessage, res: ServerResponse, messageId: string): void {
    const token = knownToken(req.headers.authorization);
    if (!token) return graphError(res, 401, 190, 'Invalid OAuth access token.');
    const stored = m.attachments.get(messageId);
    const channel: MetaChannel = stored?.account.startsWith('ig:') ? 'instagram' : 'messenger';
    if (!stored || sendingAccount(token, channel) !== stored.account) {
      return graphError(res, 400, 100, `Unsupported get request. Object with ID '${messageId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33);
    }
    state.log(`${channel} attachments ${messageId.slice(0, 12)}… → ${stored.account}`);
    const data = stored.items.map((a, n) => {
      const url = cdnUrl(req, messageId, n, a.name);
      const where = a.type === 'image' ? { image_data: { url, preview_url: url, width: 1, height: 1 } } : a.type === 'video' ? { video_data: { url, preview_url: url, width: 1, height: 1 } } : { file_url: url };
      return { id: `${n + 1}${messageId.length}`, mime_type: a.mime_type, name: a.name, size: a.bytes.length, ...where };
    });
    return sendJson(res, 200, { data, paging: { cursors: { before: 'QVFI', after: 'QVFI' } } });
  }

  /** `GET /sim/messenger/cdn/:mid/:n/:name?oe=…`: the bytes, until the URL expires (403 as fbcdn's "URL signature expired"). */
  function cdn(req: IncomingMessage, res: ServerResponse, parts: string[]): void {
    const url = new URL(req.url ?? '/', 'http://wa-sim');
    const item = m.attachments.get(decodeURIComponent(parts[3] ?? ''))?.items[Number(parts[4])];
    if (!item) return sendJson(res, 404, { error: { code: 'SIM.MEDIA_NOT_FOUND', message: 'Lampiran tidak ditemukan.' } });
    const expires = Number.parseInt(url.searchParams.get('oe') ?? '0', 16);
    if (!(expires * 1000 > Date.now())) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('URL signature expired');
    }
    sendBytes(res, item.mime_type, item.bytes);
  }

  /**
   * `POST /:version/me/message_attachments`: the bot uploads a file's bytes for the page of its token
   * (or, with `platform=instagram`, that page's Instagram account); answers `{attachment_id}`.
   * Checked as Meta does: multipart/form-data, `message` a JSON attachment of a known type,
   * `filedata` a non-empty file; a URL upload (JSON body) is not simulated.
   */
  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const token = knownToken(req.headers.authorization);
    if (!token) return graphError(res, 401, 190, 'Invalid OAuth access token.');
    // Faults armed with target 'media' hit uploads, as the WhatsApp media upload.
    const { delayMs, error: fault } = state.faults.next(true, 'media');
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (fault) return sendJson(res, fault.status, fault.body);
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('multipart/form-data')) {
      return graphError(res, 400, 100, '(#100) Upload attachment failure: send the file as multipart/form-data with a filedata part.');
    }
    let form: FormData;
    try {
      // undici's multipart parser, built into Node, as the Graph API's media upload uses.
      form = await new Request('http://wa-sim/upload', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    } catch {
      return graphError(res, 400, 100, '(#100) Upload attachment failure: the multipart body could not be parsed.');
    }
    const platform = form.get('platform');
    if (platform !== null && platform !== 'instagram' && platform !== 'messenger') return graphError(res, 400, 100, '(#100) Param platform must be one of {messenger, instagram}');
    const message = parseJsonObject(form.get('message'));
    if (!message) return graphError(res, 400, 100, '(#100) param message must be a JSON object');
    const type = (message['attachment'] as { type?: unknown } | undefined)?.type;
    if (!ATTACHMENT_KINDS.includes(type as AttachmentKind)) return graphError(res, 400, 100, '(#100) param message[attachment][type] must be one of {image, video, audio, file}');
    const file = form.get('filedata');
    if (!(file instanceof File)) return graphError(res, 400, 100, '(#100) Upload attachment failure: the request has no filedata.');
    if (file.size === 0) return graphError(res, 400, 100, '(#100) Upload attachment failure: the file is empty.');
    const channel: MetaChannel = platform === 'instagram' ? 'instagram' : 'messenger';
    const account = sendingAccount(token, channel);
    if (!account) return graphError(res, 400, 100, `(#100) This token has no ${channel === 'instagram' ? 'Instagram account' : 'Page'} to upload for.`);
    let id: string;
    do id = String(randomInt(1, 10)) + Array.from({ length: 15 }, () => randomInt(10)).join('');
    while (m.uploads.has(id));
    m.uploads.set(id, { account, type: type as AttachmentKind, mime_type: file.type || 'application/octet-stream', name: file.name || `upload-${id}`, bytes: Buffer.from(await file.arrayBuffer()) });
    state.log(`${channel} attachment upload ${id} ${file.type} ${file.size} B → ${account}`);
    return sendJson(res, 200, { attachment_id: id });
  }

  /** `POST /:version/me/messages`: the bot's Send API call. */
  async function send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = knownToken(req.headers.authorization);
    if (!token) return graphError(res, 401, 190, 'Invalid OAuth access token.');
    const body = (await readJson(req)) as {
      recipient?: { id?: string };
      messaging_type?: string;
      tag?: string;
      message?: { text?: string; quick_replies?: QuickReply[]; attachment?: { type?: string; payload?: { attachment_id?: unknown; url?: unknown } } };
    } | null;
    const id = String(body?.recipient?.id ?? '');
    const channel: MetaChannel | null = m.lastInbound.has(metaKey('instagram', id)) ? 'instagram' : m.lastInbound.has(metaKey('messenger', id)) ? 'messenger' : null;
    if (!channel) return graphError(res, 400, 100, '(#100) No matching user found', 2018001);
    // A desk's token listed only for its page cannot reach an Instagram person (and the other way round).
    const account = sendingAccount(token, channel);
    if (!account) return graphError(res, 400, 100, '(#100) No matching user found', 2018001);
    const key = metaKey(channel, id);
    const since = Date.now() - m.lastInbound.get(key)!;
    const type = body?.messaging_type;
    const allowed =
      (type === 'RESPONSE' && since < DAY) ||
      (type === 'MESSAGE_TAG' && body?.tag === 'HUMAN_AGENT' && since < 7 * DAY) ||
      (type === 'MESSAGE_TAG' && body?.tag === 'ACCOUNT_UPDATE' && channel === 'messenger');
    if (!allowed) return graphError(res, 400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
    if (!body?.message || (!body.message.text && !('attachment' in body.message))) return graphError(res, 400, 100, '(#100) Message cannot be empty');
    // An attachment sent by id must be one this account uploaded, of the type it was uploaded as.
    const attachment = body.message.attachment;
    const byId = attachment?.payload?.attachment_id;
    const uploaded = byId !== undefined ? m.uploads.get(String(byId)) : undefined;
    if (byId !== undefined && (!uploaded || uploaded.account !== account || uploaded.type !== attachment?.type)) {
      return graphError(res, 400, 100, `(#100) Param message[attachment][payload][attachment_id] must be an attachment uploaded by this ${channel === 'instagram' ? 'Instagram account' : 'Page'}: ${String(byId).slice(0, 40)}`);
    }
    const fault = state.faults.take(false);
    if (fault) return sendJson(res, fault.status, fault.body);
    const messageId = mid();
    // The attachment of a sent message is on its attachments edge as a person's is, so the bytes can be read back.
    if (uploaded) m.attachments.set(messageId, { account, items: [{ type: uploaded.type, mime_type: uploaded.mime_type, name: uploaded.name, bytes: uploaded.bytes }] });
    const kind = attachment?.type;
    state.messages.append({
      direction: 'out',
      id: `${PREFIX[channel]}:${messageId}`,
      wa_id: key,
      at: new Date().toISOString(),
      type: kind ? (kind === 'file' ? 'document' : kind) : body.message.quick_replies?.length ? 'interactive' : 'text',
      status: 'sent',
      body: uploaded ? { ...body, filedata: { filename: uploaded.name, mime_type: uploaded.mime_type, size: uploaded.bytes.byteLength } satisfies UploadedAttachment } : body,
      phone_number_id: account,
    });
    state.log(`${channel} send ${account} → ${id}`);
    return sendJson(res, 200, { recipient_id: id, message_id: messageId });
  }

  async function post(raw: string, signature: 'valid' | 'invalid' | 'missing') {
    const url = state.config.messengerWebhookUrl;
    if (!url) throw new SimError(409, 'SIM.NO_WEBHOOK', 'URL webhook Messenger belum diatur (messengerWebhookUrl di /sim/config).');
    const secret = state.options.appSecret;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
    if (signature === 'valid') headers['x-hub-signature-256'] = signBody(raw, secret);
    if (signature === 'invalid') headers['x-hub-signature-256'] = signBody(raw, `${secret}-salah`);
    try {
      const r = await fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(30_000) });
      return { webhookStatus: r.status, webhookResponse: (await r.text()).slice(0, 2000) };
    } catch (err) {
      return { webhookStatus: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }

  /** The quick reply of the bot's last message to this person with this payload. */
  function quickReply(key: string, payload: string): QuickReply | undefined {
    for (const e of state.messages.list({ to: key, direction: 'out' }).reverse()) {
      const found = ((e.body as { message?: { quick_replies?: QuickReply[] } }).message?.quick_replies ?? []).find((q) => q.payload === payload);
      if (found) return found;
    }
    return undefined;
  }

  /** `/sim/messenger/*`: the person's side. */
  async function control(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const action = parts[2];
    if (req.method === 'POST' && action === 'inbound') {
      const r = parseWith(MessengerInboundRequest, await readJson(req));
      const key = metaKey(r.channel, r.from);
      const own = r.pageId ?? mainId(r.channel);
      const account = metaKey(r.channel, own);
      const messageId = mid();
      let message: Record<string, unknown>;
      if (r.quick_reply !== undefined) {
        const q = quickReply(key, r.quick_reply);
        if (!q) throw new SimError(409, 'SIM.NO_BUTTON', `Tidak ada balasan cepat "${r.quick_reply}" pada pesan bot ke ${key}.`);
        message = { mid: messageId, text: q.title, quick_reply: { payload: q.payload } };
      } else if (r.image || r.attachment) {
        const type = r.attachment ?? 'image';
        const items = Array.from({ length: r.count ?? 1 }, (_, n) => simAttachment(type, n + 1, Date.now()));
        if (!r.echo) m.attachments.set(messageId, { account, items });
        message = {
          mid: messageId,
          ...(r.text !== undefined ? { text: r.text } : {}),
          attachments: items.map((a, n) => ({ type, payload: { url: cdnUrl(req, messageId, n, a.name) } })),
        };
      } else message = { mid: messageId, text: r.text };
      if (r.echo) message['is_echo'] = true;
      const now = Date.now();
      const event = r.echo
        ? { sender: { id: own }, recipient: { id: r.from }, timestamp: now, message }
        : { sender: { id: r.from }, recipient: { id: own }, timestamp: now, message };
      const raw = JSON.stringify({ object: r.channel === 'instagram' ? 'instagram' : 'page', entry: [{ id: own, time: now, messaging: [event] }] });
      const logId = `${PREFIX[r.channel]}:${messageId}`;
      m.bodies.set(logId, raw);
      if (!r.echo) {
        m.lastInbound.set(key, now);
        state.messages.append({ direction: 'in', id: logId, wa_id: key, at: new Date(now).toISOString(), type: r.image || r.attachment === 'image' ? 'image' : r.attachment === 'file' ? 'document' : (r.attachment ?? (r.quick_reply !== undefined ? 'interactive' : 'text')), status: 'received', body: event, phone_number_id: account });
      }
      return sendJson(res, 200, { id: logId, ...(await post(raw, r.signature)) });
    }
    if (req.method === 'POST' && action === 'replay') {
      const { id } = parseWith(z.object({ id: z.string().min(1) }), await readJson(req));
      const raw = m.bodies.get(id);
      if (!raw) throw new SimError(404, 'SIM.UNKNOWN_MESSAGE', `Pesan ${id} tidak pernah dikirim simulator.`);
      return sendJson(res, 200, { id, ...(await post(raw, 'valid')) });
    }
    if (req.method === 'POST' && action === 'age') {
      // Moves the person's last message into the past, to test the 24-hour and 7-day windows.
      const { channel, from, hours } = parseWith(z.object({ channel: z.enum(['messenger', 'instagram']), from: z.string().regex(/^\d+$/), hours: z.number().min(0).max(24 * 60) }), await readJson(req));
      const key = metaKey(channel, from);
      if (!m.lastInbound.has(key)) throw new SimError(404, 'SIM.UNKNOWN_PERSON', `${key} belum pernah menulis.`);
      m.lastInbound.set(key, Date.now() - hours * 3600_000);
      return sendJson(res, 200, { key, lastInbound: new Date(m.lastInbound.get(key)!).toISOString() });
    }
    if (req.method === 'GET' && action === 'cdn') return cdn(req, res, parts);
    throw new SimError(404, 'SIM.NOT_FOUND', `Tidak ada /sim/messenger/${action ?? ''}.`);
  }

  /** The accounts a person can write to on `channel`: the main page (or Instagram account) first, then desks' own. */
  function accounts(channel: MetaChannel): Array<{ id: string; label: string }> {
    const noun = channel === 'instagram' ? 'Akun Instagram' : 'Halaman';
    const keys = [metaKey(channel, mainId(channel)), ...deskPages().map(([key]) => key).filter((key) => key.startsWith(`${PREFIX[channel]}:`))];
    return keys.map((id) => ({ id, label: `${noun} ${id.slice(3)}` }));
  }

  return { send, upload, control, attachments, accounts };
}
