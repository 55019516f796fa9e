import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { OutboundMessage } from '@kanal-aduan/core';
import {
  invalidParameter,
  invalidToken,
  notFound,
  reEngagementRequired,
  unknownObject,
  type GraphErrorReply,
} from './graph-errors.ts';
import { hasBearer, readBody, sendBytes, sendJson } from './http-util.ts';
import { BSUID_PATTERN, toWaId } from './inbound.ts';
import { newWamid, type SimState } from './state.ts';
import type { WebhookPoster } from './webhook-poster.ts';

/** Any vNN.N in a path is accepted, as Meta serves several versions. */
export const GRAPH_VERSION = /^v\d+\.\d+$/;
const DAY_MS = 24 * 3600_000;

export function graphFail(res: ServerResponse, e: GraphErrorReply): void {
  sendJson(res, e.status, e.body);
}

export type GraphApi = {
  /** `/vNN.N/...`: send messages, upload, look up and delete media. */
  graph(req: IncomingMessage, res: ServerResponse, parts: string[], path: string): Promise<void>;
  /** `/whatsapp_business/attachments/?mid=...`: media bytes behind the lookup URL. */
  download(req: IncomingMessage, res: ServerResponse, url: URL): void;
};

/** The fake WhatsApp Cloud API the bot talks to: sends, media, and the delivery statuses that follow a send. */
export function createGraphApi(state: SimState, poster: WebhookPoster): GraphApi {
  const { business, config, faults, lastInbound, log, media, messages, numbers, options, readReceipts } = state;
  const known = (phoneNumberId: string) => numbers.some((n) => n.phoneNumberId === phoneNumberId);
  const { scheduleStatuses } = poster;

  async function sendMessage(req: IncomingMessage, res: ServerResponse, phoneNumberId: string): Promise<void> {
    if (!known(phoneNumberId)) return graphFail(res, unknownObject(phoneNumberId));
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
      phone_number_id: phoneNumberId,
    });
    log(`send #${entry.seq} ${msg.type} to ${waId}`);
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [msg.to !== undefined ? { input: msg.to, wa_id: waId } : { input: waId, user_id: waId }],
      messages: [{ id: wamid }],
    });
    // Meta echoes the sender's biz_opaque_callback_data in every status of the message.
    const callback = typeof (json as { biz_opaque_callback_data?: unknown }).biz_opaque_callback_data === 'string' ? (json as { biz_opaque_callback_data: string }).biz_opaque_callback_data : undefined;
    scheduleStatuses(wamid, waId, isTemplate ? 'utility' : 'service', callback);
  }

  async function uploadMedia(req: IncomingMessage, res: ServerResponse, phoneNumberId: string): Promise<void> {
    if (!known(phoneNumberId)) return graphFail(res, unknownObject(phoneNumberId));
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
    const origin = `http://${req.headers.host ?? `127.0.0.1:${state.port}`}`;
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

  return { graph, download };
}
