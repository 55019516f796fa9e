import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signBody } from '@kanal-aduan/core';
import { z } from 'zod';
import { sendJson } from './http-util.ts';
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
    /** A photo: Meta sends its CDN URL. */
    image: z.boolean().optional(),
    /** The person's own message coming back as an echo of ours (the bot must ignore it). */
    echo: z.boolean().optional(),
    signature: z.enum(['valid', 'invalid', 'missing']).default('valid'),
  })
  .refine((r) => [r.text, r.quick_reply, r.image].filter((v) => v !== undefined).length === 1, {
    message: 'Isi tepat satu dari text, quick_reply atau image.',
  })
  .refine((r) => !r.channel || !r.page || !/^(fb|ig):/.test(r.page) || r.page.startsWith(`${PREFIX[r.channel]}:`), {
    message: 'page tidak cocok dengan channel: fb: untuk messenger, ig: untuk instagram.',
  })
  .transform(({ page, ...r }) => ({
    ...r,
    channel: r.channel ?? (page?.startsWith('ig:') ? ('instagram' as const) : ('messenger' as const)),
    /** The bare id of the account written to, if not the main one. */
    pageId: page?.replace(/^(fb|ig):/, ''),
  }));

export type MessengerState = {
  bodies: Map<string, string>;
  /** When each person last wrote (the windows), by log key. */
  lastInbound: Map<string, number>;
};

export function createMessengerState(): MessengerState {
  return { bodies: new Map(), lastInbound: new Map() };
}

export function resetMessengerState(m: MessengerState): void {
  m.bodies.clear();
  m.lastInbound.clear();
}

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

  /** `POST /:version/me/messages`: the bot's Send API call. */
  async function send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = knownToken(req.headers.authorization);
    if (!token) return graphError(res, 401, 190, 'Invalid OAuth access token.');
    const body = (await readJson(req)) as { recipient?: { id?: string }; messaging_type?: string; tag?: string; message?: { text?: string; quick_replies?: QuickReply[] } } | null;
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
    const fault = state.faults.take(false);
    if (fault) return sendJson(res, fault.status, fault.body);
    const messageId = mid();
    state.messages.append({
      direction: 'out',
      id: `${PREFIX[channel]}:${messageId}`,
      wa_id: key,
      at: new Date().toISOString(),
      type: body.message.quick_replies?.length ? 'interactive' : 'text',
      status: 'sent',
      body,
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
      } else if (r.image) {
        message = { mid: messageId, attachments: [{ type: 'image', payload: { url: `https://scontent.xx.fbcdn.net/v/t1.15752-9/${messageId}.jpg?stp=dst-jpg&oh=00_sim&oe=67890ABC` } }] };
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
        state.messages.append({ direction: 'in', id: logId, wa_id: key, at: new Date(now).toISOString(), type: r.image ? 'image' : r.quick_reply !== undefined ? 'interactive' : 'text', status: 'received', body: event, phone_number_id: account });
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
    throw new SimError(404, 'SIM.NOT_FOUND', `Tidak ada /sim/messenger/${action ?? ''}.`);
  }

  return { send, control };
}
