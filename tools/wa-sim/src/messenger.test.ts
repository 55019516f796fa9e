import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@kanal-aduan/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';

// The simulator's Messenger and Instagram side: the person's messages posted
// as Meta's Messenger Platform webhooks, and a fake Send API that keeps Meta's
// windows (24 h RESPONSE, 7 days HUMAN_AGENT, ACCOUNT_UPDATE on Messenger only).

const SECRET = 'app-secret';
const PAGE_TOKEN = 'page-token';
const PSID = '7000123456789';

let sim: Simulator;
let server: Server;
const received: Array<{ headers: IncomingHttpHeaders; raw: string }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200).end('EVENT_RECEIVED');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sim = await startSimulator({
    port: 0,
    accessToken: 'wa-token',
    appSecret: SECRET,
    messengerPageToken: PAGE_TOKEN,
    messengerWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/messenger`,
  });
});

afterAll(async () => {
  await sim.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(async () => {
  await post('/sim/reset', {});
  received.length = 0;
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}
const sendApi = (body: unknown, token = PAGE_TOKEN) => post('/v23.0/me/messages', body, { authorization: `Bearer ${token}` });
const text = (id: string, messaging_type = 'RESPONSE', tag?: string) => ({ recipient: { id }, messaging_type, ...(tag ? { tag } : {}), message: { text: 'Laporan Anda sedang ditindaklanjuti.' } });

describe('Messenger and Instagram messages to the bot', () => {
  it('posts a signed `object: page` webhook for Messenger and `object: instagram` for Instagram, logged under fb:/ig:', async () => {
    const fb = await post('/sim/messenger/inbound', { from: PSID, text: 'Halo' });
    const ig = await post('/sim/messenger/inbound', { channel: 'instagram', from: '1784000111', text: 'Halo IG' });
    expect(fb.json.webhookStatus).toBe(200);
    expect(ig.json.webhookStatus).toBe(200);
    const [a, b] = received.map((r) => ({ ...r, body: JSON.parse(r.raw) }));
    expect(verifySignature(a!.raw, a!.headers['x-hub-signature-256'] as string, SECRET)).toBe(true);
    expect(a!.body).toMatchObject({ object: 'page', entry: [{ messaging: [{ sender: { id: PSID }, message: { text: 'Halo', mid: expect.stringMatching(/^m_/) } }] }] });
    expect(b!.body).toMatchObject({ object: 'instagram', entry: [{ messaging: [{ sender: { id: '1784000111' }, message: { text: 'Halo IG' } }] }] });
    const listed = (await fetch(`${sim.url}/sim/messages?direction=in&to=fb:${PSID}`).then((r) => r.json())) as any;
    expect(listed.messages.map((m: { id: string }) => m.id)).toEqual([fb.json.id]);
  });

  it('signs wrongly or not at all when asked, and replays the identical bytes', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'x', signature: 'invalid' });
    await post('/sim/messenger/inbound', { from: PSID, text: 'y', signature: 'missing' });
    expect(verifySignature(received[0]!.raw, received[0]!.headers['x-hub-signature-256'] as string, SECRET)).toBe(false);
    expect(received[1]!.headers['x-hub-signature-256']).toBeUndefined();
    const first = await post('/sim/messenger/inbound', { from: PSID, text: 'z' });
    await post('/sim/messenger/replay', { id: first.json.id });
    expect(received[3]!.raw).toBe(received[2]!.raw);
  });

  it('taps a quick reply of the bot\'s last message: its title as text, its payload as quick_reply', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo' });
    await sendApi({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Pilih', quick_replies: [{ content_type: 'text', title: 'Lapor pengaduan', payload: 'menu:report' }] } });
    await post('/sim/messenger/inbound', { from: PSID, quick_reply: 'menu:report' });
    expect(JSON.parse(received.at(-1)!.raw).entry[0].messaging[0].message).toMatchObject({ text: 'Lapor pengaduan', quick_reply: { payload: 'menu:report' } });
    expect((await post('/sim/messenger/inbound', { from: PSID, quick_reply: 'nope' })).status).toBe(409);
  });
});

describe('the fake Send API keeps Meta\'s windows', () => {
  it('takes a RESPONSE within 24 hours and logs it; refuses a bad token and a person who never wrote', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo' });
    const ok = await sendApi(text(PSID));
    expect(ok.json).toMatchObject({ recipient_id: PSID, message_id: expect.stringMatching(/^m_/) });
    expect(sim.messages({ to: `fb:${PSID}`, direction: 'out' })).toHaveLength(1);
    expect((await sendApi(text(PSID), 'wrong')).status).toBe(401);
    expect((await sendApi(text('999'))).json.error).toMatchObject({ code: 100, error_subcode: 2018001 });
  });

  it('after 24 hours needs the HUMAN_AGENT tag; after 7 days only ACCOUNT_UPDATE, and on Instagram nothing', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo' });
    await post('/sim/messenger/inbound', { channel: 'instagram', from: '1784000111', text: 'Halo' });
    await post('/sim/messenger/age', { channel: 'messenger', from: PSID, hours: 30 });
    expect((await sendApi(text(PSID))).json.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await sendApi(text(PSID, 'MESSAGE_TAG', 'HUMAN_AGENT'))).status).toBe(200);
    await post('/sim/messenger/age', { channel: 'messenger', from: PSID, hours: 24 * 8 });
    expect((await sendApi(text(PSID, 'MESSAGE_TAG', 'HUMAN_AGENT'))).status).toBe(400);
    expect((await sendApi(text(PSID, 'MESSAGE_TAG', 'ACCOUNT_UPDATE'))).status).toBe(200);
    await post('/sim/messenger/age', { channel: 'instagram', from: '1784000111', hours: 24 * 8 });
    expect((await sendApi(text('1784000111', 'MESSAGE_TAG', 'ACCOUNT_UPDATE'))).json.error.code).toBe(10);
  });
});
