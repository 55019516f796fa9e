// docker/proxy.mjs: the one Directus address in front of several instances (and the
// local topology's n8n front). Real sockets on loopback, no mocks.
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusesOnly, roundRobin, startProxy, type Proxy } from '../../docker/proxy.mjs';
import { freePort } from '../../scripts/stack/processes.ts';

type Seen = { body: string; xff: string | undefined; url: string | undefined };

function upstream(name: string, seen: Seen[]): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ body: Buffer.concat(chunks).toString(), xff: req.headers['x-forwarded-for'] as string | undefined, url: req.url });
        res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': name });
        res.end(name);
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

function call(url: string, o: { method?: string; body?: string; localAddress?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; text: string; upstream?: string }>((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', localAddress: o.localAddress, headers: o.headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, upstream: res.headers['x-upstream'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('docker/proxy.mjs', () => {
  const seenA: Seen[] = [];
  const seenB: Seen[] = [];
  let a: { server: Server; port: number };
  let b: { server: Server; port: number };
  let proxy: Proxy;

  beforeAll(async () => {
    a = await upstream('a', seenA);
    b = await upstream('b', seenB);
    proxy = await startProxy({ name: 'test proxy', host: '127.0.0.1', port: await freePort(), pick: roundRobin([{ name: 'a', port: a.port }, { name: 'b', port: b.port }]) });
  });
  afterAll(async () => {
    await proxy.close();
    a.server.close();
    b.server.close();
  });

  it('takes turns over the instances, request by request, with bodies and paths intact', async () => {
    const answers = [];
    for (let n = 0; n < 6; n += 1) answers.push(await call(`${proxy.url}/items/x?n=${n}`, { method: 'POST', body: `body ${n}` }));
    expect(answers.map((r) => r.text)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(answers.every((r) => r.status === 200 && r.upstream === r.text)).toBe(true);
    expect(seenA.map((s) => s.body)).toEqual(['body 0', 'body 2', 'body 4']);
    expect(seenB.map((s) => s.url)).toEqual(['/items/x?n=1', '/items/x?n=3', '/items/x?n=5']);
    expect(proxy.served).toEqual({ a: 3, b: 3 });
  });

  it('appends the address it saw to X-Forwarded-For, so one trusted hop names the real client whatever it forged', async () => {
    seenA.length = 0;
    seenB.length = 0;
    await call(`${proxy.url}/`, { localAddress: '127.0.0.7' });
    await call(`${proxy.url}/`, { localAddress: '127.0.0.8', headers: { 'x-forwarded-for': '10.1.2.3' } });
    const xff = [...seenA, ...seenB].map((s) => s.xff).sort();
    expect(xff).toEqual(['10.1.2.3, 127.0.0.8', '127.0.0.7']);
  });

  it('answers 502 in plain words when an instance is down', async () => {
    const port = await freePort();
    const lonely = await startProxy({ name: 'Directus proxy', host: '127.0.0.1', port: await freePort(), pick: () => ({ name: 'Directus 9', port }) });
    try {
      const res = await call(`${lonely.url}/server/health`);
      expect(res.status).toBe(502);
      expect(res.text).toContain('Directus 9 did not answer');
    } finally {
      await lonely.close();
    }
  });
});

describe("docker/proxy.mjs as the front of Meta's WhatsApp webhook", () => {
  type Got = { url: string | undefined; body: string; signature: string | undefined };
  const n8nSeen: Got[] = [];
  const directusSeen: Got[] = [];
  let directusAnswer = 200;
  const listen = (seen: Got[], answer: () => [number, string]) =>
    new Promise<{ server: Server; port: number }>((resolve) => {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          seen.push({ url: req.url, body: Buffer.concat(chunks).toString(), signature: req.headers['x-hub-signature-256'] as string | undefined });
          const [status, text] = answer();
          res.writeHead(status, { 'content-type': 'text/plain', 'x-upstream': seen === n8nSeen ? 'n8n' : 'directus' });
          res.end(text);
        });
      });
      server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
    });
  let n8n: { server: Server; port: number };
  let directus: { server: Server; port: number };
  let front: Proxy;
  const value = (v: Record<string, unknown>) => ({ messaging_product: 'whatsapp', metadata: { display_phone_number: '628111', phone_number_id: '100' }, ...v });
  const hook = (...values: Record<string, unknown>[]) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: values.map((v) => ({ field: 'messages', value: value(v) })) }] });
  const statuses = hook({ statuses: [{ id: 'wamid.A', status: 'delivered', timestamp: '1', recipient_id: '62812' }] });
  const message = hook({ messages: [{ from: '62812', id: 'wamid.IN', timestamp: '1', type: 'text', text: { body: 'halo' } }], contacts: [{ wa_id: '62812', profile: { name: 'B' } }] });
  const post = (path: string, body: string) => call(`${front.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=abc' } });

  beforeAll(async () => {
    n8n = await listen(n8nSeen, () => [200, 'EVENT_RECEIVED by n8n']);
    directus = await listen(directusSeen, () => [directusAnswer, '{}']);
    front = await startProxy({
      name: 'n8n front',
      host: '127.0.0.1',
      port: await freePort(),
      pick: () => ({ name: 'n8n webhook', port: n8n.port }),
      statusShortcut: { name: 'statuses', url: `http://127.0.0.1:${directus.port}/kanal-aduan/wa-webhook/statuses`, match: (req) => (req.url ?? '').startsWith('/webhook/whatsapp') },
    });
  });
  afterAll(async () => {
    await front.close();
    n8n.server.close();
    directus.server.close();
  });

  it('knows a statuses-only call from one with a message, an error or another field', () => {
    expect(isStatusesOnly(Buffer.from(statuses))).toBe(true);
    expect(isStatusesOnly(Buffer.from(message))).toBe(false);
    expect(isStatusesOnly(Buffer.from(hook({ statuses: [{ id: 'w', status: 'sent' }] }, { errors: [{ code: 130429 }] })))).toBe(false);
    expect(isStatusesOnly(Buffer.from(hook({ statuses: [{ id: 'w', status: 'sent' }], errors: [{ code: 1 }] })))).toBe(false);
    expect(isStatusesOnly(Buffer.from('not json'))).toBe(false);
  });

  it('answers a statuses-only call once Directus recorded it, with the signature and the query passed on; n8n never sees it', async () => {
    n8nSeen.length = 0;
    directusSeen.length = 0;
    const r = await post('/webhook/whatsapp?bot=2', statuses);
    expect(r).toMatchObject({ status: 200, text: 'EVENT_RECEIVED' });
    expect(directusSeen).toEqual([{ url: '/kanal-aduan/wa-webhook/statuses?bot=2', body: statuses, signature: 'sha256=abc' }]);
    expect(n8nSeen).toEqual([]);
    expect(front.served['statuses']).toBe(1);
  });

  it('passes to n8n, body and signature intact, a message, a statuses call Directus did not take, and other paths', async () => {
    n8nSeen.length = 0;
    directusSeen.length = 0;
    expect(await post('/webhook/whatsapp', message)).toMatchObject({ status: 200, upstream: 'n8n' });
    directusAnswer = 500;
    expect(await post('/webhook/whatsapp', statuses)).toMatchObject({ status: 200, upstream: 'n8n', text: 'EVENT_RECEIVED by n8n' });
    directusAnswer = 200;
    expect(await post('/webhook/telegram', statuses)).toMatchObject({ upstream: 'n8n' });
    expect(n8nSeen.map((g) => [g.url, g.body, g.signature])).toEqual([
      ['/webhook/whatsapp', message, 'sha256=abc'],
      ['/webhook/whatsapp', statuses, 'sha256=abc'],
      ['/webhook/telegram', statuses, 'sha256=abc'],
    ]);
    expect(directusSeen.map((g) => g.url)).toEqual(['/kanal-aduan/wa-webhook/statuses']);
  });

  it('passes the call to n8n when Directus is down', async () => {
    const down = await startProxy({
      name: 'n8n front',
      host: '127.0.0.1',
      port: await freePort(),
      pick: () => ({ name: 'n8n webhook', port: n8n.port }),
      statusShortcut: { name: 'statuses', url: `http://127.0.0.1:${await freePort()}/kanal-aduan/wa-webhook/statuses`, match: () => true },
    });
    try {
      n8nSeen.length = 0;
      const r = await call(`${down.url}/webhook/whatsapp`, { method: 'POST', body: statuses, headers: { 'x-hub-signature-256': 'sha256=abc' } });
      expect(r).toMatchObject({ status: 200, upstream: 'n8n' });
      expect(n8nSeen.map((g) => g.body)).toEqual([statuses]);
    } finally {
      await down.close();
    }
  });
});
