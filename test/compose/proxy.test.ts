// docker/proxy.mjs: the one Directus address in front of several instances (and the
// local topology's n8n front). Real sockets on loopback, no mocks.
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundRobin, startProxy, type Proxy } from '../../docker/proxy.mjs';
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
