import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { OutboundMessage, signBody } from '@kanal-aduan/core';
import { FaultQueue, FaultRequest } from './faults.ts';
import {
  invalidParameter,
  invalidToken,
  notFound,
  reEngagementRequired,
  unknownObject,
  type GraphErrorReply,
} from './graph-errors.ts';
import { BodyTooLarge, hasBearer, readBody, sendBytes, sendJson } from './http-util.ts';
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
  BSUID_PATTERN,
  toWaId,
} from './inbound.ts';
import { MediaStore } from './media-store.ts';
import { MessageLog, parseSince, type LogEntry, type LogQuery } from './message-log.ts';
import { postWebhook, signatureFor, type Delivery, type PostResult } from './webhook-sender.ts';
import { statusEntry, unixSeconds, webhookBody, type Business, type OutboundStatus } from './webhook-payload.ts';

export type SimulatorOptions = {
  /** 0 picks a free port. Default 8090. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer token the bot must send to the fake Graph API. */
  accessToken: string;
  /** Default '100000000000001'. */
  phoneNumberId?: string;
  /** Signs webhooks (X-Hub-Signature-256). */
  appSecret: string;
  /** Where inbound and status webhooks go; can be set later via POST /sim/config. */
  webhookUrl?: string;
  /** Token for the GET verification handshake (GET /sim/verify-webhook). */
  verifyToken?: string;
  /** Default 'v23.0'; any vNN.N in a path is accepted, as Meta serves several versions. */
  apiVersion?: string;
  /** The business number shown in webhook metadata. Default '15550000001'. */
  displayPhoneNumber?: string;
  /** WhatsApp Business Account id (`entry[].id`). Default '200000000000001'. */
  wabaId?: string;
  /** Post sent/delivered status webhooks after each accepted message. Default true. */
  statusWebhooks?: boolean;
  /** Pause before the status webhooks (Meta's come shortly after the send). Default 50 ms. */
  statusDelayMs?: number;
  /** Refuse free-form messages (131047) to numbers that have not written in the last 24 h. Default false. */
  enforceWindow?: boolean;
  /** One line per request-worthy event; default silent. */
  log?: (line: string) => void;
};

export type SimConfig = {
  webhookUrl: string | null;
  statusWebhooks: boolean;
  statusDelayMs: number;
  enforceWindow: boolean;
};

/** Body of `POST /sim/config`. */
export const ConfigRequest = z.object({
  webhookUrl: z.url().nullable().optional(),
  statusWebhooks: z.boolean().optional(),
  statusDelayMs: z.number().int().min(0).max(60_000).optional(),
  enforceWindow: z.boolean().optional(),
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

export type Simulator = {
  /** Base URL, e.g. http://127.0.0.1:8090 (use as WA_API_BASE_URL). */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Forget messages, media, faults and deliveries (config is kept). */
  reset(): void;
  messages(query?: LogQuery): LogEntry[];
  deliveries(): Delivery[];
  config(): SimConfig;
};

const GRAPH_VERSION = /^v\d+\.\d+$/;
const DAY_MS = 24 * 3600_000;
const WAIT_DEFAULT_MS = 10_000;
const WAIT_MAX_MS = 120_000;

const chatPage = readFileSync(new URL('./chat-page.html', import.meta.url));

/** A Meta-looking message id: 'wamid.' + base64. */
export function newWamid(): string {
  return `wamid.HBgN${randomBytes(27).toString('base64')}`;
}

class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const business: Business = {
    wabaId: options.wabaId ?? '200000000000001',
    phoneNumberId: options.phoneNumberId ?? '100000000000001',
    displayPhoneNumber: options.displayPhoneNumber ?? '15550000001',
  };
  const config: SimConfig = {
    webhookUrl: options.webhookUrl ?? null,
    statusWebhooks: options.statusWebhooks ?? true,
    statusDelayMs: options.statusDelayMs ?? 50,
    enforceWindow: options.enforceWindow ?? false,
  };
  const log = options.log ?? (() => {});
  const messages = new MessageLog();
  const media = new MediaStore();
  const faults = new FaultQueue();
  const inboundBodies = new Map<string, { raw: string; signature: string }>();
  const lastInbound = new Map<string, Date>();
  const conversationIds = new Map<string, string>();
  const readReceipts: Array<{ message_id: string; at: string }> = [];
  let deliveries: Delivery[] = [];
  let deliverySeq = 0;
  let statusChain: Promise<void> = Promise.resolve();
  let closed = false;

  async function deliver(
    kind: Delivery['kind'],
    wamid: string | undefined,
    rawBody: string,
    signature: string | undefined,
  ): Promise<PostResult> {
    const url = config.webhookUrl;
    const result: PostResult = url
      ? await postWebhook(url, rawBody, signature)
      : { webhookStatus: 0, error: 'no webhook URL configured (WA_WEBHOOK_URL or POST /sim/config)' };
    deliverySeq += 1;
    deliveries.push({
      seq: deliverySeq,
      kind,
      ...(wamid ? { wamid } : {}),
      at: new Date().toISOString(),
      url: url ?? '',
      rawBody,
      signature,
      ...result,
    });
    if (deliveries.length > 1000) deliveries = deliveries.slice(-1000);
    log(`webhook ${kind} ${wamid ?? ''} -> ${result.webhookStatus}${result.error ? ` (${result.error})` : ''}`);
    return result;
  }

  /** Meta reports sent, then delivered, shortly after accepting a message. */
  function scheduleStatuses(wamid: string, waId: string, category: 'service' | 'utility'): void {
    const post = async (status: OutboundStatus) => {
      if (closed) return;
      messages.setStatus(wamid, status);
      if (!config.statusWebhooks || !config.webhookUrl) return;
      let conversationId = conversationIds.get(waId);
      if (!conversationId) {
        conversationId = randomBytes(16).toString('hex');
        conversationIds.set(waId, conversationId);
      }
      const body = webhookBody(business, {
        statuses: [statusEntry({ wamid, recipientId: waId, status, at: new Date(), conversationId, category })],
      });
      const raw = JSON.stringify(body);
      await deliver('status', wamid, raw, signBody(raw, options.appSecret));
    };
    // One chain for all messages keeps status webhooks in send order.
    statusChain = statusChain
      .then(() => new Promise<void>((r) => setTimeout(r, config.statusDelayMs)))
      .then(() => post('sent'))
      .then(() => post('delivered'))
      .catch((err: unknown) => log(`status webhook failed: ${String(err)}`));
  }

  function graphFail(res: ServerResponse, e: GraphErrorReply): void {
    sendJson(res, e.status, e.body);
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const raw = await readBody(req);
    try {
      return JSON.parse(raw.toString('utf8') || 'null');
    } catch {
      throw new SimError(400, 'SIM.INVALID_JSON', 'Body bukan JSON yang valid.');
    }
  }

  function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new SimError(400, 'SIM.INVALID_REQUEST', z.prettifyError(parsed.error));
    return parsed.data;
  }

  // ---- fake Graph API -------------------------------------------------------

  async function sendMessage(req: IncomingMessage, res: ServerResponse, phoneNumberId: string): Promise<void> {
    if (phoneNumberId !== business.phoneNumberId) return graphFail(res, unknownObject(phoneNumberId));
    let json: unknown;
    try {
      json = JSON.parse((await readBody(req)).toString('utf8'));
    } catch {
      return graphFail(res, invalidParameter('Request body is not valid JSON.'));
    }
    const parsed = OutboundMessage.safeParse(json);
    if (!parsed.success) return graphFail(res, invalidParameter(z.prettifyError(parsed.error)));
    const msg = parsed.data;

    if ('status' in msg) {
      // Mark-as-read does not use up armed faults: they are meant for sends.
      messages.setStatus(msg.message_id, 'read');
      readReceipts.push({ message_id: msg.message_id, at: new Date().toISOString() });
      return sendJson(res, 200, { success: true });
    }

    const isTemplate = msg.type === 'template';
    const { delayMs, error: fault } = faults.next(isTemplate);
    if (delayMs > 0) {
      log(`send to ${msg.to ?? msg.recipient}: injected slow response (${delayMs} ms)`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
    if (fault) {
      log(`send to ${msg.to ?? msg.recipient}: injected fault ${fault.body.error.code}`);
      return graphFail(res, fault);
    }
    // `to` is a phone number; `recipient` a business-scoped user id (username users). Meta prefers `to`.
    const waId = msg.to !== undefined ? toWaId(msg.to) : msg.recipient !== undefined && BSUID_PATTERN.test(msg.recipient) ? msg.recipient : null;
    if (waId === null) return graphFail(res, invalidParameter(`Invalid parameter 'to'/'recipient': ${msg.to ?? msg.recipient}`));
    // Media sent by id must be one this number uploaded (or received), as on Meta, so a bot that skips the upload fails here.
    const sentMedia: object | undefined = msg.type === 'image' ? msg.image : msg.type === 'document' ? msg.document : undefined;
    const byId = sentMedia && 'id' in sentMedia ? String(sentMedia.id) : undefined;
    if (byId !== undefined && !media.get(byId)) return graphFail(res, invalidParameter(`Unknown media id ${byId}: upload it first (POST /${business.phoneNumberId}/media).`));
    if (config.enforceWindow && !isTemplate) {
      const last = lastInbound.get(waId);
      if (!last || Date.now() - last.getTime() > DAY_MS) return graphFail(res, reEngagementRequired());
    }
    const wamid = newWamid();
    const entry = messages.append({
      direction: 'out',
      id: wamid,
      wa_id: waId,
      at: new Date().toISOString(),
      type: msg.type,
      status: 'accepted',
      body: json,
    });
    log(`send #${entry.seq} ${msg.type} to ${waId}`);
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [msg.to !== undefined ? { input: msg.to, wa_id: waId } : { input: waId, user_id: waId }],
      messages: [{ id: wamid }],
    });
    scheduleStatuses(wamid, waId, isTemplate ? 'utility' : 'service');
  }

  async function uploadMedia(req: IncomingMessage, res: ServerResponse, phoneNumberId: string): Promise<void> {
    if (phoneNumberId !== business.phoneNumberId) return graphFail(res, unknownObject(phoneNumberId));
    // Faults armed with target 'media' hit uploads only (131047 never applies to an upload).
    const { delayMs, error: fault } = faults.next(true, 'media');
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (fault) {
      log(`media upload: injected fault ${fault.body.error.code}`);
      await readBody(req);
      return graphFail(res, fault);
    }
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return graphFail(res, invalidParameter('Media upload must be multipart/form-data.'));
    }
    let form: FormData;
    try {
      // undici's multipart parser, built into Node: no hand-written parsing.
      form = await new Request('http://wa-sim/upload', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(await readBody(req)),
      }).formData();
    } catch {
      return graphFail(res, invalidParameter('Could not parse the multipart body.'));
    }
    if (form.get('messaging_product') !== 'whatsapp') {
      return graphFail(res, invalidParameter('The parameter messaging_product is required.'));
    }
    const file = form.get('file');
    if (!(file instanceof File)) return graphFail(res, invalidParameter('The parameter file is required.'));
    const typeField = form.get('type');
    const mimeType = (typeof typeField === 'string' && typeField) || file.type;
    if (!mimeType) return graphFail(res, invalidParameter('The parameter type is required.'));
    const stored = media.put(new Uint8Array(await file.arrayBuffer()), mimeType, file.name || undefined);
    log(`media upload ${stored.id} ${mimeType} ${stored.file_size} B`);
    sendJson(res, 200, { id: stored.id });
  }

  function mediaInfo(req: IncomingMessage, res: ServerResponse, mediaId: string): void {
    const item = media.get(mediaId);
    if (!item) return graphFail(res, unknownObject(mediaId));
    // Meta's URL is on lookaside.fbsbx.com and needs the same bearer token; ours
    // mirrors its path on the host the caller used to reach the simulator.
    const origin = `http://${req.headers.host ?? `127.0.0.1:${port}`}`;
    const url = `${origin}/whatsapp_business/attachments/?mid=${item.id}&ext=${Math.floor(Date.now() / 1000)}&hash=${item.sha256.slice(0, 22)}`;
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      url,
      mime_type: item.mime_type,
      sha256: item.sha256,
      file_size: item.file_size,
      id: item.id,
    });
  }

  async function graph(req: IncomingMessage, res: ServerResponse, parts: string[], path: string): Promise<void> {
    if (!hasBearer(req, options.accessToken)) return graphFail(res, invalidToken());
    const method = req.method ?? 'GET';
    const [, node, edge] = parts;
    if (parts.length === 3 && edge === 'messages' && method === 'POST') return sendMessage(req, res, node!);
    if (parts.length === 3 && edge === 'media' && method === 'POST') return uploadMedia(req, res, node!);
    if (parts.length === 2 && method === 'GET') return mediaInfo(req, res, node!);
    if (parts.length === 2 && method === 'DELETE') {
      return media.delete(node!) ? sendJson(res, 200, { success: true }) : graphFail(res, unknownObject(node!));
    }
    return graphFail(res, notFound(path));
  }

  function download(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!hasBearer(req, options.accessToken)) return graphFail(res, invalidToken());
    const item = media.get(url.searchParams.get('mid') ?? '');
    if (!item) return sendJson(res, 404, { error: { code: 'SIM.MEDIA_NOT_FOUND', message: 'Media tidak ditemukan.' } });
    sendBytes(res, item.mime_type, item.bytes);
  }

  // ---- simulator control API ------------------------------------------------

  /** wamid of the latest bot message offering this reply id, for the reply's `context`. */
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
      ...(contextId ? { context: { from: business.displayPhoneNumber, id: contextId } } : {}),
    });
    // Meta sends the sender's profile (name, and username when they have one) with every
    // message except system notices; a username user without a shared number has only `user_id`.
    const profile = { name: input.name ?? `Warga ${waId.slice(-4)}`, ...(input.username ? { username: input.username } : {}) };
    const payload = webhookBody(business, {
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
      const waId = senderKey(to);
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

  function reset(): void {
    messages.clear();
    media.clear();
    faults.clear();
    inboundBodies.clear();
    lastInbound.clear();
    conversationIds.clear();
    readReceipts.length = 0;
    deliveries = [];
  }

  async function sim(req: IncomingMessage, res: ServerResponse, parts: string[], url: URL): Promise<void> {
    const route = `${req.method ?? 'GET'} /${parts.slice(1).join('/')}`;
    switch (route) {
      case 'GET /health':
        return sendJson(res, 200, { ok: true });
      case 'GET /config':
        return sendJson(res, 200, { ...config, phoneNumberId: business.phoneNumberId, displayPhoneNumber: business.displayPhoneNumber });
      case 'POST /config': {
        const patch = parseWith(ConfigRequest, await readJson(req));
        if (patch.webhookUrl !== undefined) config.webhookUrl = patch.webhookUrl;
        if (patch.statusWebhooks !== undefined) config.statusWebhooks = patch.statusWebhooks;
        if (patch.statusDelayMs !== undefined) config.statusDelayMs = patch.statusDelayMs;
        if (patch.enforceWindow !== undefined) config.enforceWindow = patch.enforceWindow;
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
        return sendJson(res, 200, await deliver('raw', undefined, body, signBody(body, options.appSecret)));
      }
      case 'POST /status': {
        const input = parseWith(StatusRequest, await readJson(req));
        const sent = messages.list({ direction: 'out' }).find((e) => e.id === input.wamid);
        if (!sent) throw new SimError(404, 'SIM.UNKNOWN_WAMID', `Pesan keluar ${input.wamid} tidak ada di simulator.`);
        const errors = input.errors ?? (input.status === 'failed' ? [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] : undefined);
        messages.setStatus(input.wamid, input.status);
        const entry = { id: input.wamid, status: input.status, timestamp: unixSeconds(new Date()), ...(/^\d+$/.test(sent.wa_id) ? { recipient_id: sent.wa_id } : { recipient_user_id: sent.wa_id }), ...(errors ? { errors } : {}) };
        const body = JSON.stringify(webhookBody(business, { statuses: [entry] }));
        return sendJson(res, 200, await deliver('status', input.wamid, body, signBody(body, options.appSecret)));
      }
      case 'GET /faults':
        return sendJson(res, 200, { faults: faults.pending() });
      case 'POST /faults': {
        const f = parseWith(FaultRequest, await readJson(req));
        faults.arm(f.status, f.count, f.delay_ms, f.target);
        return sendJson(res, 200, { faults: faults.pending() });
      }
      case 'POST /reset':
        reset();
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
      case 'GET /reads':
        return sendJson(res, 200, { reads: readReceipts });
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://wa-sim');
    const parts = url.pathname.split('/').filter(Boolean);
    try {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(chatPage);
      }
      if (parts[0] === 'sim') return await sim(req, res, parts, url);
      if (parts[0] === 'whatsapp_business' && parts[1] === 'attachments') return download(req, res, url);
      if (parts[0] && GRAPH_VERSION.test(parts[0])) return await graph(req, res, parts, url.pathname);
      return graphFail(res, notFound(url.pathname));
    } catch (err) {
      if (res.headersSent) return void res.end();
      if (err instanceof SimError) return sendJson(res, err.status, { error: { code: err.code, message: err.message } });
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: { code: 'SIM.TOO_LARGE', message: err.message } });
      log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return sendJson(res, 500, { error: { code: 'SIM.INTERNAL', message: String(err) } });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8090, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    reset,
    messages: (query) => messages.list(query),
    deliveries: () => [...deliveries],
    config: () => ({ ...config }),
    async close() {
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      await statusChain;
    },
  };
}
