import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { signBody } from '@kanal-aduan/core';
import { FaultRequest } from './faults.ts';
import { sendBytes, sendJson } from './http-util.ts';
import {
  InboundRequest,
  MEDIA_DEFAULTS,
  inboundMessage,
  inboundProblem,
  inboundTime,
  inboundType,
  isMediaType,
  senderKey,
  senderOf,
} from './inbound.ts';
import type { MediaStore } from './media-store.ts';
import { parseSince, type LogQuery } from './message-log.ts';
import { SimError, newWamid, parseWith, readJson, resetState, type SimState } from './state.ts';
import type { WebhookPoster } from './webhook-poster.ts';
import { signatureFor } from './webhook-sender.ts';
import { unixSeconds, webhookBody } from './webhook-payload.ts';

/** Body of `POST /sim/config`. */
export const ConfigRequest = z.object({
  webhookUrl: z.url().nullable().optional(),
  statusWebhooks: z.boolean().optional(),
  statusDelayMs: z.number().int().min(0).max(60_000).optional(),
  enforceWindow: z.boolean().optional(),
  telegramWebhookUrl: z.url().nullable().optional(),
  messengerWebhookUrl: z.url().nullable().optional(),
});
export type ConfigRequest = z.infer<typeof ConfigRequest>;

/** Body of `POST /sim/raw`: any body, signed correctly, wrongly, or not at all. */
export const RawRequest = z.object({
  body: z.union([z.string(), z.record(z.string(), z.unknown())]),
  signature: z.enum(['valid', 'invalid', 'missing']).default('valid'),
  /** Exact X-Hub-Signature-256 value to send instead (overrides `signature`). */
  signatureHeader: z.string().optional(),
});
export type RawRequest = z.infer<typeof RawRequest>;

export const ReplayRequest = z.object({ wamid: z.string().min(1) });

/** `POST /sim/value-errors`: Meta reports a problem at the `value` level (default: 131056 pair rate limit). */
export const ValueErrorsRequest = z.object({
  errors: z
    .array(z.looseObject({ code: z.number(), title: z.string(), message: z.string().optional(), error_data: z.looseObject({}).optional() }))
    .min(1)
    .default([
      {
        code: 131056,
        title: '(Business Account, Consumer Account) pair rate limit hit',
        message: '(Business Account, Consumer Account) pair rate limit hit',
        error_data: { details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
      },
    ]),
});

/** `POST /sim/status`: a status webhook for a message the bot sent (e.g. `failed` with Meta's error, default 131026). */
export const StatusRequest = z.object({
  wamid: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']).default('failed'),
  errors: z.array(z.looseObject({ code: z.number(), title: z.string() })).optional(),
});


const WAIT_DEFAULT_MS = 10_000;
const WAIT_MAX_MS = 120_000;

export type ControlApi = {
  /** `/sim/...`: what tests and the chat page use to play the citizen and inspect the bot. */
  sim(req: IncomingMessage, res: ServerResponse, parts: string[], url: URL): Promise<void>;
};

/** The `/sim` control API: inbound messages, replays, raw and status webhooks, faults, the message log. */
/** Accounts a person can write to on a channel (the chat page's «Kirim ke»): id as the inbound request names it, and a label. */
export type ChannelAccounts = Record<string, Array<{ id: string; label: string }>>;

export function createControlApi(state: SimState, poster: WebhookPoster, otherAccounts: () => ChannelAccounts = () => ({})): ControlApi {
  const { business, config, deliveries, faults, inboundBodies, lastInbound, media, messages, numbers, options, readReceipts } = state;
  const { deliver, deliverSigned } = poster;

  function repliedTo(waId: string, replyId: string, type: 'interactive' | 'button'): string | undefined {
    const sent = messages.list({ to: waId }).reverse();
    for (const e of sent) {
      const body = e.body as { type?: string; interactive?: Record<string, unknown> };
      if (type === 'button' && body.type === 'template') return e.id;
      if (type !== 'interactive' || body.type !== 'interactive') continue;
      const action = body.interactive?.action as
        | { buttons?: Array<{ reply?: { id?: string } }>; sections?: Array<{ rows?: Array<{ id?: string }> }> }
        | undefined;
      const ids = [
        ...(action?.buttons ?? []).map((b) => b.reply?.id),
        ...(action?.sections ?? []).flatMap((s) => (s.rows ?? []).map((r) => r.id)),
      ];
      if (ids.includes(replyId)) return e.id;
    }
    return undefined;
  }

  async function inbound(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const input = parseWith(InboundRequest, await readJson(req));
    const problem = inboundProblem(input);
    if (problem) throw new SimError(400, 'SIM.INVALID_REQUEST', problem);
    const type = inboundType(input);
    const to = input.to_phone_number_id === undefined ? business : numbers.find((n) => n.phoneNumberId === input.to_phone_number_id);
    if (!to) throw new SimError(400, 'SIM.UNKNOWN_NUMBER', `Nomor bisnis ${input.to_phone_number_id} tidak dikenal simulator (lihat GET /sim/config → numbers).`);
    const waId = senderKey(input.from)!;
    const sender = senderOf(input.from)!;
    const wamid = input.wamid ?? newWamid();
    const at = inboundTime(input, new Date());

    let stored: ReturnType<MediaStore['put']> | undefined;
    if (isMediaType(type)) {
      const fallback = MEDIA_DEFAULTS[type];
      const given = input.media?.bytes_base64;
      stored = media.put(
        Buffer.from(given ?? fallback.bytes_base64, 'base64'),
        input.media?.mime_type ?? fallback.mime_type,
        input.media?.filename,
      );
    }
    const replyId = input.button_reply?.id ?? input.list_reply?.id ?? input.button?.payload;
    const contextId =
      input.context?.id ??
      (replyId !== undefined && (type === 'interactive' || type === 'button')
        ? repliedTo(waId, replyId, type)
        : undefined);
    const message = inboundMessage(input, {
      wamid,
      at,
      ...(stored
        ? {
            media: {
              id: stored.id,
              mime_type: stored.mime_type,
              sha256: stored.sha256,
              ...(stored.filename ? { filename: stored.filename } : {}),
            },
          }
        : {}),
      ...(contextId ? { context: { from: to.displayPhoneNumber, id: contextId } } : {}),
    });
    // Meta sends the sender's profile (name, and username when they have one) with every
    // message except system notices; a username user without a shared number has only `user_id`.
    const profile = { name: input.name ?? `Warga ${waId.slice(-4)}`, ...(input.username ? { username: input.username } : {}) };
    const payload = webhookBody(to, {
      ...(type === 'system' ? {} : { contacts: [{ profile, ...sender }] }),
      messages: [message],
    });
    const raw = JSON.stringify(payload);
    const signature = signBody(raw, options.appSecret);
    const entry = messages.append({
      direction: 'in',
      id: wamid,
      wa_id: waId,
      at: new Date().toISOString(),
      type,
      status: 'received',
      body: message,
      phone_number_id: to.phoneNumberId,
    });
    lastInbound.set(waId, at);
    inboundBodies.set(wamid, { raw, signature });
    const result = await deliver('message', wamid, raw, signature);
    sendJson(res, 200, { wamid, seq: entry.seq, ...result, payload });
  }

  async function replay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { wamid } = parseWith(ReplayRequest, await readJson(req));
    const stored = inboundBodies.get(wamid);
    if (!stored) throw new SimError(404, 'SIM.UNKNOWN_WAMID', `Pesan ${wamid} tidak pernah dikirim lewat simulator.`);
    // Meta retries deliver the identical bytes and signature.
    const result = await deliver('replay', wamid, stored.raw, stored.signature);
    sendJson(res, 200, { wamid, ...result });
  }

  async function raw(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const input = parseWith(RawRequest, await readJson(req));
    const body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    const signature = signatureFor(
      body,
      options.appSecret,
      input.signatureHeader !== undefined ? { header: input.signatureHeader } : input.signature,
    );
    const result = await deliver('raw', undefined, body, signature);
    sendJson(res, 200, { ...result, signature: signature ?? null });
  }

  async function verifyWebhook(res: ServerResponse, url: URL): Promise<void> {
    if (!config.webhookUrl) throw new SimError(409, 'SIM.NO_WEBHOOK', 'URL webhook belum diatur.');
    const token = url.searchParams.get('verify_token') ?? options.verifyToken;
    if (!token) throw new SimError(400, 'SIM.NO_VERIFY_TOKEN', 'Verify token belum diatur (WA_VERIFY_TOKEN).');
    const challenge = url.searchParams.get('challenge') ?? String(1e9 + Math.floor(Math.random() * 9e9));
    // https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
    const target = new URL(config.webhookUrl);
    target.searchParams.set('hub.mode', 'subscribe');
    target.searchParams.set('hub.verify_token', token);
    target.searchParams.set('hub.challenge', challenge);
    try {
      const r = await fetch(target, { signal: AbortSignal.timeout(15_000) });
      const text = await r.text();
      sendJson(res, 200, { ok: r.status === 200 && text.trim() === challenge, status: r.status, challenge, body: text.slice(0, 500) });
    } catch (err) {
      sendJson(res, 200, { ok: false, status: 0, challenge, error: String(err) });
    }
  }

  function logQuery(url: URL, defaultSince?: number): LogQuery {
    const q: LogQuery = {};
    const to = url.searchParams.get('to');
    if (to) {
      // A Telegram chat, a Messenger or an Instagram user is logged under its tg:/fb:/ig: key; anything else is a WhatsApp number.
      const waId = /^(tg|fb|ig):\d+$/.test(to) ? to : senderKey(to);
      if (!waId) throw new SimError(400, 'SIM.INVALID_REQUEST', `'to' bukan nomor yang valid: ${to}`);
      q.to = waId;
    }
    const since = parseSince(url.searchParams.get('since'));
    if (since === 'invalid') throw new SimError(400, 'SIM.INVALID_REQUEST', "'since' harus nomor urut atau tanggal ISO.");
    if (since !== undefined) q.since = since;
    else if (defaultSince !== undefined) q.since = defaultSince;
    const direction = url.searchParams.get('direction');
    if (direction === 'in' || direction === 'out' || direction === 'all') q.direction = direction;
    else if (direction) throw new SimError(400, 'SIM.INVALID_REQUEST', "'direction' harus in, out atau all.");
    return q;
  }

  async function waitMessages(res: ServerResponse, url: URL): Promise<void> {
    const query = logQuery(url, messages.lastSeq);
    const rawTimeout = Number(url.searchParams.get('timeout') ?? WAIT_DEFAULT_MS);
    const timeout = Number.isFinite(rawTimeout) ? Math.min(Math.max(rawTimeout, 0), WAIT_MAX_MS) : WAIT_DEFAULT_MS;
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const found = await messages.wait(query, timeout, gone.signal);
    if (gone.signal.aborted && !res.writable) return;
    sendJson(res, 200, { messages: found, lastSeq: messages.lastSeq, timedOut: found.length === 0 });
  }

  async function sim(req: IncomingMessage, res: ServerResponse, parts: string[], url: URL): Promise<void> {
    const route = `${req.method ?? 'GET'} /${parts.slice(1).join('/')}`;
    switch (route) {
      case 'GET /health':
        return sendJson(res, 200, { ok: true });
      case 'GET /config':
        return sendJson(res, 200, {
          ...config, phoneNumberId: business.phoneNumberId, displayPhoneNumber: business.displayPhoneNumber,
          numbers: numbers.map((n) => ({ phoneNumberId: n.phoneNumberId, displayPhoneNumber: n.displayPhoneNumber })),
          accounts: {
            whatsapp: numbers.map((n) => ({ id: n.phoneNumberId, label: `+${n.displayPhoneNumber}` })),
            // A bot is its token's id (the digits before ':'); the page sends it as `bot`.
            telegram: [state.options.telegramBotToken, ...(state.options.telegramDeskBotTokens ?? [])]
              .flatMap((token) => /^(\d{1,20}):/.exec(token ?? '')?.slice(1, 2) ?? [])
              .map((id) => ({ id, label: `Bot ${id}` })),
            ...otherAccounts(),
          },
        });
      case 'POST /config': {
        const patch = parseWith(ConfigRequest, await readJson(req));
        if (patch.webhookUrl !== undefined) config.webhookUrl = patch.webhookUrl;
        if (patch.statusWebhooks !== undefined) config.statusWebhooks = patch.statusWebhooks;
        if (patch.statusDelayMs !== undefined) config.statusDelayMs = patch.statusDelayMs;
        if (patch.enforceWindow !== undefined) config.enforceWindow = patch.enforceWindow;
        if (patch.telegramWebhookUrl !== undefined) config.telegramWebhookUrl = patch.telegramWebhookUrl;
        if (patch.messengerWebhookUrl !== undefined) config.messengerWebhookUrl = patch.messengerWebhookUrl;
        return sendJson(res, 200, config);
      }
      case 'POST /inbound':
        return inbound(req, res);
      case 'POST /replay':
        return replay(req, res);
      case 'POST /raw':
        return raw(req, res);
      case 'POST /value-errors': {
        const { errors } = parseWith(ValueErrorsRequest, await readJson(req));
        const body = JSON.stringify(webhookBody(business, { errors }));
        return sendJson(res, 200, await deliverSigned('raw', undefined, body));
      }
      case 'POST /status': {
        const input = parseWith(StatusRequest, await readJson(req));
        const sent = messages.list({ direction: 'out' }).find((e) => e.id === input.wamid);
        if (!sent) throw new SimError(404, 'SIM.UNKNOWN_WAMID', `Pesan keluar ${input.wamid} tidak ada di simulator.`);
        const errors = input.errors ?? (input.status === 'failed' ? [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] : undefined);
        messages.setStatus(input.wamid, input.status);
        const entry = { id: input.wamid, status: input.status, timestamp: unixSeconds(new Date()), ...(/^\d+$/.test(sent.wa_id) ? { recipient_id: sent.wa_id } : { recipient_user_id: sent.wa_id }), ...(errors ? { errors } : {}) };
        const body = JSON.stringify(webhookBody(business, { statuses: [entry] }));
        return sendJson(res, 200, await deliverSigned('status', input.wamid, body));
      }
      case 'GET /faults':
        return sendJson(res, 200, { faults: faults.pending() });
      case 'POST /faults': {
        const f = parseWith(FaultRequest, await readJson(req));
        faults.arm(f.status, f.count, f.delay_ms, f.target, f.for_ms);
        return sendJson(res, 200, { faults: faults.pending() });
      }
      case 'POST /reset':
        resetState(state);
        return sendJson(res, 200, { ok: true, lastSeq: messages.lastSeq });
      case 'GET /messages':
        return sendJson(res, 200, { messages: messages.list(logQuery(url)), lastSeq: messages.lastSeq });
      case 'GET /wait':
        return waitMessages(res, url);
      case 'GET /deliveries': {
        const wamid = url.searchParams.get('wamid');
        const kind = url.searchParams.get('kind');
        return sendJson(res, 200, {
          deliveries: deliveries.filter((d) => (!wamid || d.wamid === wamid) && (!kind || d.kind === kind)),
        });
      }
      case 'GET /reads': {
        // ?message_id=wamid: whether (and when) the bot marked that message read.
        const id = url.searchParams.get('message_id');
        return sendJson(res, 200, { reads: id ? readReceipts.filter((r) => r.message_id === id) : readReceipts });
      }
      case 'GET /verify-webhook':
        return verifyWebhook(res, url);
    }
    // Unauthenticated media bytes for the chat page (a local tool, like the rest of /sim).
    if (req.method === 'GET' && parts.length === 3 && parts[1] === 'media') {
      const item = media.get(parts[2]!);
      if (item) return sendBytes(res, item.mime_type, item.bytes);
    }
    throw new SimError(404, 'SIM.NOT_FOUND', `Tidak ada ${route} di simulator.`);
  }

  return { sim };
}
