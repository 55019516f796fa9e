import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControlApi } from './control-api.ts';
import { notFound } from './graph-errors.ts';
import { GRAPH_VERSION, createGraphApi, graphFail } from './graph-api.ts';
import { BodyTooLarge, sendJson } from './http-util.ts';
import type { LogEntry, LogQuery } from './message-log.ts';
import { SimError, createState, resetState, type SimConfig, type SimState, type SimulatorOptions } from './state.ts';
import { createMessengerApi } from './messenger.ts';
import { createTelegramApi } from './telegram.ts';
import { createWebhookPoster } from './webhook-poster.ts';
import type { Delivery } from './webhook-sender.ts';

export { ConfigRequest, RawRequest, ReplayRequest, StatusRequest, ValueErrorsRequest } from './control-api.ts';
export { newWamid } from './state.ts';
export type { SimConfig, SimulatorOptions } from './state.ts';

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

const chatPage = readFileSync(new URL('./chat-page.html', import.meta.url));

/** Wires the shared state, the webhook poster and both APIs into one request handler (no server yet). */
export function createSimulator(options: SimulatorOptions): {
  state: SimState;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
} {
  const state = createState(options);
  const { log } = state;
  const poster = createWebhookPoster(state);
  const { graph, download } = createGraphApi(state, poster);
  const telegram = createTelegramApi(state);
  const messenger = createMessengerApi(state);
  const { sim } = createControlApi(state, poster, () => ({ messenger: messenger.accounts('messenger'), instagram: messenger.accounts('instagram') }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://wa-sim');
    const parts = url.pathname.split('/').filter(Boolean);
    try {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(chatPage);
      }
      if (parts[0] === 'sim' && parts[1] === 'telegram') return await telegram.control(req, res, parts);
      if (parts[0] === 'sim' && parts[1] === 'messenger') return await messenger.control(req, res, parts);
      if (parts[0] === 'sim') return await sim(req, res, parts, url);
      if (parts[0]?.startsWith('bot')) return await telegram.bot(req, res, parts);
      if (parts[0] === 'file') return telegram.file(res, parts);
      if (parts[0] === 'whatsapp_business' && parts[1] === 'attachments') return download(req, res, url);
      if (parts[0] && GRAPH_VERSION.test(parts[0]) && parts[1] === 'me' && parts[2] === 'messages' && req.method === 'POST') return await messenger.send(req, res);
      if (parts[0] && GRAPH_VERSION.test(parts[0]) && parts[1] === 'me' && parts[2] === 'message_attachments' && req.method === 'POST') return await messenger.upload(req, res);
      // A Messenger/Instagram message's attachments edge (the WhatsApp side has none).
      if (parts[0] && GRAPH_VERSION.test(parts[0]) && parts.length === 3 && parts[2] === 'attachments' && req.method === 'GET') return messenger.attachments(req, res, decodeURIComponent(parts[1]!));
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

  return { state, handle };
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { state, handle } = createSimulator(options);
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8090, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  const host = options.host ?? '127.0.0.1';
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    reset: () => resetState(state),
    messages: (query) => state.messages.list(query),
    deliveries: () => [...state.deliveries],
    config: () => ({ ...state.config }),
    async close() {
      state.closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      await Promise.all(state.pendingStatuses);
    },
  };
}
