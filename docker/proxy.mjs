#!/usr/bin/env node
// A small streaming reverse proxy on node:http: the one address in front of several
// Directus instances (round-robin, request by request), and in the local production
// topology also n8n's front (/webhook/* to the webhook processor, the rest to main).
// Plain JavaScript without dependencies: docker-compose runs it in the stock Node
// image (service `directus-proxy`), and scripts/stack imports it for the local topology.
//
//   KANAL_PROXY_LISTEN=0.0.0.0:8055 KANAL_PROXY_UPSTREAM=directus:8055 node proxy.mjs
//
// With compose, KANAL_PROXY_UPSTREAM names the Directus service: every address Docker's
// DNS gives for it (one per replica, `docker compose up --scale directus=N`) takes turns,
// re-read every few seconds so replicas that come and go are followed.
//
// With KANAL_PROXY_STATUSES (a URL), it is also the front for Meta's WhatsApp webhook: a
// POST to KANAL_PROXY_STATUSES_PATH (default /webhook/whatsapp) that carries delivery
// statuses and nothing else goes there (our Directus endpoint checks Meta's signature and
// records them) instead of n8n; any other answer there and the call goes on to the upstream
// as it came (see statusShortcut below).
//
// Bodies are piped, never buffered (except those the statuses shortcut reads). The client's address is appended to X-Forwarded-For,
// so a service that believes exactly the hops in front of it (Directus IP_TRUST_PROXY,
// n8n N8N_PROXY_HOPS) sees the real client and a forged header buys nothing.
import { lookup } from 'node:dns/promises';
import { Agent, createServer, request } from 'node:http';
import { request as requestTls } from 'node:https';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, not to the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** Round-robin over a fixed list of upstreams, request by request. */
export function roundRobin(upstreams) {
  if (upstreams.length === 0) throw new Error('roundRobin needs at least one upstream');
  let next = 0;
  return () => upstreams[next++ % upstreams.length];
}

/**
 * Round-robin over every address `host` resolves to (Docker's DNS answers one per
 * replica), re-resolved every `refreshMs`. Resolves once the first lookup succeeds.
 */
export async function roundRobinDns(host, port, refreshMs = 5_000) {
  let upstreams = [];
  const refresh = async () => {
    const found = await lookup(host, { all: true });
    upstreams = found.map((a, i) => ({ name: `${host}#${i + 1} (${a.address})`, host: a.address, port }));
  };
  await refresh();
  setInterval(() => refresh().catch(() => undefined), refreshMs).unref();
  let next = 0;
  return () => upstreams[next++ % upstreams.length];
}

function forwardedHeaders(req) {
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  const peer = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${peer}` : peer;
  headers['x-forwarded-host'] ??= req.headers.host ?? '';
  headers['x-forwarded-proto'] ??= 'http';
  return headers;
}

function stripHopByHop(raw) {
  const kept = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) kept.push(raw[i], raw[i + 1]);
  return kept;
}

/** A webhook body that carries WhatsApp delivery statuses and nothing else (the front's guess; Directus decides again). */
export function isStatusesOnly(body) {
  let json;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  if (json?.object !== 'whatsapp_business_account' || !Array.isArray(json.entry) || json.entry.length === 0) return false;
  return json.entry.every(
    (e) =>
      Array.isArray(e?.changes) &&
      e.changes.length > 0 &&
      e.changes.every((c) => c?.field === 'messages' && Array.isArray(c.value?.statuses) && c.value.statuses.length > 0 && !c.value.messages && !c.value.errors),
  );
}

/** Calls the shortcut reads whole; a bigger one is piped to the upstream unread. */
const SHORTCUT_MAX_BYTES = 3 * 1024 * 1024;
/** How long the statuses' endpoint may take before the call goes to the upstream instead. */
const SHORTCUT_TIMEOUT_MS = 3_000;

/**
 * Posts a statuses-only webhook to the shortcut's endpoint with Meta's signature; resolves
 * true when it answered 200 (recorded), false on anything else (then n8n gets the call).
 */
function postStatuses(target, agent, req, body) {
  const url = new URL(target.url);
  const search = new URL(req.url ?? '/', 'http://front').search;
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
  const sig = req.headers['x-hub-signature-256'];
  if (sig) headers['x-hub-signature-256'] = Array.isArray(sig) ? sig[0] : sig;
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? requestTls : request;
    const out = send(url, { method: 'POST', path: `${url.pathname}${search}`, headers, agent: url.protocol === 'https:' ? undefined : agent, timeout: SHORTCUT_TIMEOUT_MS }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode === 200));
      answer.on('error', () => resolve(false));
    });
    out.on('timeout', () => out.destroy(new Error('timeout')));
    out.on('error', () => resolve(false));
    out.end(body);
  });
}

/** Reads a request body up to `max` bytes; null when it is longer (what was read is returned with it for piping). */
function readBody(req, max) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const onData = (c) => {
      chunks.push(c);
      size += c.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        resolve({ body: null, head: Buffer.concat(chunks) });
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve({ body: Buffer.concat(chunks), head: null }));
    req.on('error', reject);
  });
}

/**
 * Starts the proxy. `pick(req)` chooses the upstream ({ name, host?, port }; host
 * defaults to `o.upstreamHost`, then `o.host`). `served` counts requests per
 * upstream name, so a test can see the load spread.
 */
export async function startProxy(o) {
  const served = {};
  const shortcut = o.statusShortcut ?? null;
  const agent = new Agent({ keepAlive: true });
  const choose = (req) => {
    const u = o.pick(req);
    served[u.name] = (served[u.name] ?? 0) + 1;
    return { ...u, host: u.host ?? o.upstreamHost ?? o.host };
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${o.name}: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  const handle = async (req, res) => {
    let body = null;
    if (shortcut && req.method === 'POST' && shortcut.match(req)) {
      try {
        const read = await readBody(req, SHORTCUT_MAX_BYTES);
        if (read.body === null) {
          // Too big to be statuses: piped on below, after what was read.
          body = { head: read.head };
        } else {
          if (isStatusesOnly(read.body) && (await postStatuses(shortcut, agent, req, read.body))) {
            served[shortcut.name] = (served[shortcut.name] ?? 0) + 1;
            res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-kanal-route': 'statuses' });
            res.end('EVENT_RECEIVED');
            return;
          }
          body = { whole: read.body };
        }
      } catch (e) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${o.name}: the request body could not be read (${e instanceof Error ? e.message : String(e)})`);
        return;
      }
    }
    const upstream = choose(req);
    const headers = forwardedHeaders(req);
    if (body?.whole) {
      headers['content-length'] = String(body.whole.length);
      delete headers['transfer-encoding'];
    }
    const out = request(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        // rawHeaders is a flat [name, value, …] list, which writeHead takes as it is.
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, stripHopByHop(answer.rawHeaders));
        answer.pipe(res);
      },
    );
    out.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${o.name}: ${upstream.name} did not answer (${e.message})`);
    });
    // The client went away before the answer ended: stop the upstream's work too.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    if (body?.whole) out.end(body.whole);
    else {
      if (body?.head) out.write(body.head);
      req.pipe(out);
      req.resume();
    }
  };
  // n8n's editor keeps a WebSocket open for its live view: upgrades pass through as raw bytes.
  server.on('upgrade', (req, socket, head) => {
    const upstream = choose(req);
    const back = connect(upstream.port, upstream.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, 'connection: Upgrade', `upgrade: ${req.headers.upgrade ?? 'websocket'}`];
      for (const [k, v] of Object.entries(forwardedHeaders(req))) for (const value of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${value}`);
      back.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) back.write(head);
      back.pipe(socket).pipe(back);
    });
    const close = () => (socket.destroy(), back.destroy());
    back.on('error', close);
    socket.on('error', close);
  });
  // Clients keep connections alive longer than Node's 5 s default: let them close first, never mid-request.
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    url: `http://${o.host}:${o.port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `host:port`, the port required. */
function hostPort(value, name) {
  const m = /^(.+):(\d+)$/.exec(value ?? '');
  if (!m) throw new Error(`${name} must be host:port (got "${value ?? ''}")`);
  return { host: m[1], port: Number(m[2]) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const listen = hostPort(process.env.KANAL_PROXY_LISTEN ?? '0.0.0.0:8055', 'KANAL_PROXY_LISTEN');
    const upstream = hostPort(process.env.KANAL_PROXY_UPSTREAM, 'KANAL_PROXY_UPSTREAM');
    const pick = await roundRobinDns(upstream.host, upstream.port);
    const statuses = process.env.KANAL_PROXY_STATUSES;
    const path = process.env.KANAL_PROXY_STATUSES_PATH || '/webhook/whatsapp';
    const statusShortcut = statuses
      ? { name: 'statuses', url: new URL(statuses).href, match: (req) => new URL(req.url ?? '/', 'http://front').pathname === path }
      : undefined;
    const proxy = await startProxy({ name: 'kanal-aduan proxy', ...listen, pick, statusShortcut });
    console.log(`kanal-aduan: proxy on ${proxy.url}, round-robin over ${upstream.host}:${upstream.port}`);
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => proxy.close().then(() => process.exit(0)));
  } catch (e) {
    console.error(`kanal-aduan: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
