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
// Bodies are piped, never buffered. The client's address is appended to X-Forwarded-For,
// so a service that believes exactly the hops in front of it (Directus IP_TRUST_PROXY,
// n8n N8N_PROXY_HOPS) sees the real client and a forged header buys nothing.
import { lookup } from 'node:dns/promises';
import { createServer, request } from 'node:http';
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

/**
 * Starts the proxy. `pick(req)` chooses the upstream ({ name, host?, port }; host
 * defaults to `o.upstreamHost`, then `o.host`). `served` counts requests per
 * upstream name, so a test can see the load spread.
 */
export async function startProxy(o) {
  const served = {};
  const choose = (req) => {
    const u = o.pick(req);
    served[u.name] = (served[u.name] ?? 0) + 1;
    return { ...u, host: u.host ?? o.upstreamHost ?? o.host };
  };
  const server = createServer((req, res) => {
    const upstream = choose(req);
    const out = request(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers: forwardedHeaders(req) },
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
    req.pipe(out);
  });
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
    const proxy = await startProxy({ name: 'kanal-aduan proxy', ...listen, pick });
    console.log(`kanal-aduan: proxy on ${proxy.url}, round-robin over ${upstream.host}:${upstream.port}`);
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => proxy.close().then(() => process.exit(0)));
  } catch (e) {
    console.error(`kanal-aduan: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
