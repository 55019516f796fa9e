import vm from 'node:vm';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GraphError,
  SendMessageResponse,
  WebhookPayload,
  buttonMessage,
  extractEvents,
  listMessage,
  markAsRead,
  replyId,
  templateMessage,
  textMessage,
  imageMessage,
  verifySignature,
} from '@kanal-aduan/core';
import { startSimulator, type Simulator } from './simulator.ts';

const TOKEN = 'test-access-token';
const SECRET = 'test-app-secret';
const VERIFY = 'test-verify-token';
const PNID = '100000000000001';
const PNID_2 = '100000000000002';
const CITIZEN = '6281234567890';

type Received = { method: string; url: string; headers: IncomingHttpHeaders; raw: string };

/** The bot's webhook endpoint, as a test double that records every request. */
class Receiver {
  received: Received[] = [];
  status = 200;
  #server: Server;
  #waiters: Array<() => void> = [];

  constructor() {
    this.#server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      this.received.push({ method: req.method!, url: req.url!, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      for (const w of this.#waiters.splice(0)) w();
      if (req.method === 'GET') {
        // Meta's verification handshake, answered like the n8n trigger does.
        const q = new URL(req.url!, 'http://x').searchParams;
        const ok = q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === VERIFY;
        res.writeHead(ok ? 200 : 403).end(ok ? q.get('hub.challenge') : 'forbidden');
        return;
      }
      res.writeHead(this.status).end('ok');
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/webhook/whatsapp`;
  }

  posts(): Received[] {
    return this.received.filter((r) => r.method === 'POST');
  }

  /** Resolves once `n` POSTs have arrived in total. */
  async waitForPosts(n: number, timeoutMs = 3000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.posts().length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} webhook posts, got ${this.posts().length}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.posts();
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((r) => this.#server.close(() => r()));
  }
}

let receiver: Receiver;
let sim: Simulator;

beforeAll(async () => {
  receiver = new Receiver();
  const webhookUrl = await receiver.start();
  sim = await startSimulator({
    port: 0,
    accessToken: TOKEN,
    appSecret: SECRET,
    verifyToken: VERIFY,
    phoneNumberId: PNID,
    webhookUrl,
    displayPhoneNumber: '6271100000',
    extraNumbers: [{ phoneNumberId: PNID_2, displayPhoneNumber: '6271100099' }],
    statusDelayMs: 0,
  });
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

beforeEach(async () => {
  await post('/sim/reset', {});
  await post('/sim/config', { statusWebhooks: false, enforceWindow: false });
  receiver.received = [];
  receiver.status = 200;
});

afterEach(async () => {
  // Let queued status webhooks finish before the next test clears the receiver.
  await new Promise((r) => setTimeout(r, 20));
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sim.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(sim.url + path, { headers });
  return { status: res.status, json: (await res.json()) as any };
}

const auth = { authorization: `Bearer ${TOKEN}` };
const send = (body: unknown, headers: Record<string, string> = auth) => post(`/v23.0/${PNID}/messages`, body, headers);

describe('inbound: the simulated citizen writes', () => {
  it('posts a Meta-shaped webhook signed with the app secret', async () => {
    const r = await post('/sim/inbound', { from: '+62 812-3456-7890', name: 'Budi', text: 'Jalan di desa kami rusak' });
    expect(r.status).toBe(200);
    expect(r.json.webhookStatus).toBe(200);
    expect(r.json.wamid).toMatch(/^wamid\./);

    const [hit] = receiver.posts();
    expect(hit!.url).toBe('/webhook/whatsapp');
    expect(hit!.headers['content-type']).toBe('application/json');
    expect(verifySignature(hit!.raw, hit!.headers['x-hub-signature-256'] as string, SECRET)).toBe(true);
    expect(verifySignature(hit!.raw, hit!.headers['x-hub-signature-256'] as string, 'other-secret')).toBe(false);

    const payload = WebhookPayload.parse(JSON.parse(hit!.raw));
    expect(JSON.parse(hit!.raw)).toEqual(r.json.payload);
    const events = extractEvents(payload);
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    expect(ev.kind).toBe('message');
    if (ev.kind !== 'message') return;
    expect(ev.phoneNumberId).toBe(PNID);
    expect(ev.contact).toEqual({ wa_id: CITIZEN, name: 'Budi' });
    expect(ev.message).toMatchObject({ from: CITIZEN, id: r.json.wamid, type: 'text', text: { body: 'Jalan di desa kami rusak' } });
    expect(ev.message.timestamp).toMatch(/^\d{10}$/);
  });

  it('sends a location and reports the webhook status it got', async () => {
    receiver.status = 500;
    const r = await post('/sim/inbound', {
      from: '081234567890',
      location: { latitude: -3.3994, longitude: 104.8334, name: 'Kayuagung' },
    });
    expect(r.json.webhookStatus).toBe(500);
    const msg = r.json.payload.entry[0].changes[0].value.messages[0];
    expect(msg).toMatchObject({ from: CITIZEN, type: 'location', location: { latitude: -3.3994, longitude: 104.8334, name: 'Kayuagung' } });
  });

  it('rejects a request that cannot become a message', async () => {
    const r = await post('/sim/inbound', { from: CITIZEN, type: 'interactive' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('SIM.INVALID_REQUEST');
    expect(receiver.posts()).toHaveLength(0);
  });

  it('replay posts the identical body and signature again, like a Meta retry', async () => {
    const first = await post('/sim/inbound', { from: CITIZEN, text: 'halo' });
    const again = await post('/sim/replay', { wamid: first.json.wamid });
    expect(again.json.webhookStatus).toBe(200);
    const [a, b] = receiver.posts();
    expect(b!.raw).toBe(a!.raw);
    expect(b!.headers['x-hub-signature-256']).toBe(a!.headers['x-hub-signature-256']);
    expect((await post('/sim/replay', { wamid: 'wamid.nope' })).status).toBe(404);
  });

  it('raw posts any body with a valid, invalid or missing signature', async () => {
    await post('/sim/raw', { body: '{"object":"x"}', signature: 'invalid' });
    await post('/sim/raw', { body: { object: 'y' }, signature: 'missing' });
    await post('/sim/raw', { body: '{"object":"z"}' });
    const [bad, none, good] = receiver.posts();
    expect(bad!.raw).toBe('{"object":"x"}');
    expect(verifySignature(bad!.raw, bad!.headers['x-hub-signature-256'] as string, SECRET)).toBe(false);
    expect(bad!.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(none!.headers['x-hub-signature-256']).toBeUndefined();
    expect(verifySignature(good!.raw, good!.headers['x-hub-signature-256'] as string, SECRET)).toBe(true);
  });

  it('a button reply carries the context of the bot message that offered it', async () => {
    const sent = await send(buttonMessage(CITIZEN, 'Kirim laporan ini?', [{ id: 'confirm.yes', title: 'Ya, kirim' }, { id: 'confirm.no', title: 'Batal' }]));
    const r = await post('/sim/inbound', { from: CITIZEN, button_reply: { id: 'confirm.yes', title: 'Ya, kirim' } });
    const payload = WebhookPayload.parse(r.json.payload);
    const ev = extractEvents(payload)[0]!;
    if (ev.kind !== 'message') throw new Error('expected message');
    expect(ev.message.context).toEqual({ from: '6271100000', id: sent.json.messages[0].id });
    expect(replyId(ev.message)).toBe('confirm.yes');
  });

  it('a list reply carries the row id and description', async () => {
    await send(listMessage(CITIZEN, 'Pilih kategori', 'Kategori', [{ title: 'Infrastruktur', rows: [{ id: 'cat.JALAN', title: 'Jalan', description: 'Jalan rusak' }] }]));
    const r = await post('/sim/inbound', { from: CITIZEN, list_reply: { id: 'cat.JALAN', title: 'Jalan', description: 'Jalan rusak' } });
    const msg = WebhookPayload.parse(r.json.payload).entry[0]!.changes[0]!;
    expect((msg.value as any).messages[0].interactive).toEqual({
      type: 'list_reply',
      list_reply: { id: 'cat.JALAN', title: 'Jalan', description: 'Jalan rusak' },
    });
  });
});

describe('fake Graph API: the bot sends', () => {
  it('answers Meta\'s response shape and records the message', async () => {
    const r = await send(textMessage('+6281234567890', '*Laporan diterima.* Nomor tiket ADU-2611-00042'));
    expect(r.status).toBe(200);
    const body = SendMessageResponse.parse(r.json);
    expect(body.contacts).toEqual([{ input: '+6281234567890', wa_id: CITIZEN }]);
    expect(body.messages[0]!.id).toMatch(/^wamid\./);

    const list = await get(`/sim/messages?to=${CITIZEN}`);
    expect(list.json.messages).toHaveLength(1);
    expect(list.json.messages[0]).toMatchObject({
      seq: expect.any(Number),
      direction: 'out',
      id: body.messages[0]!.id,
      wa_id: CITIZEN,
      type: 'text',
      body: { text: { body: '*Laporan diterima.* Nomor tiket ADU-2611-00042' } },
    });
    expect((await get('/sim/messages?to=6289999999999')).json.messages).toEqual([]);
  });

  it('refuses a missing or wrong bearer token with 401 and OAuth code 190', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
      const r = await send(textMessage(CITIZEN, 'x'), headers as Record<string, string>);
      expect(r.status).toBe(401);
      expect(GraphError.parse(r.json).error).toMatchObject({ type: 'OAuthException', code: 190 });
    }
    expect(sim.messages()).toHaveLength(0);
  });

  it('answers 400 code 100 for a body that breaks the Cloud API rules', async () => {
    const fourButtons = {
      messaging_product: 'whatsapp',
      to: CITIZEN,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pilih' },
        action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) },
      },
    };
    for (const bad of [fourButtons, { messaging_product: 'whatsapp', to: CITIZEN, type: 'text' }, 'not json']) {
      const r = await send(bad);
      expect(r.status).toBe(400);
      const err = GraphError.parse(r.json).error;
      expect(err).toMatchObject({ type: 'OAuthException', code: 100 });
      expect(err.error_data?.details).toBeTruthy();
    }
    expect(sim.messages()).toHaveLength(0);
  });

  it('serves a second business number: citizens write to it, and the bot answers from it', async () => {
    const r = await post('/sim/inbound', { from: CITIZEN, text: 'Halo meja kecamatan', to_phone_number_id: PNID_2 });
    expect(r.status).toBe(200);
    expect(r.json.payload.entry[0].changes[0].value.metadata).toEqual({ display_phone_number: '6271100099', phone_number_id: PNID_2 });
    const sent = await post(`/v23.0/${PNID_2}/messages`, textMessage(CITIZEN, 'Terima kasih'), auth);
    expect(sent.status).toBe(200);
    const log = (await get(`/sim/messages?to=${CITIZEN}&direction=all`)).json.messages;
    expect(log.map((m: { direction: string; phone_number_id: string }) => [m.direction, m.phone_number_id])).toEqual([['in', PNID_2], ['out', PNID_2]]);
    expect((await get('/sim/config')).json.numbers.map((n: { phoneNumberId: string }) => n.phoneNumberId)).toEqual([PNID, PNID_2]);
    expect((await post('/sim/inbound', { from: CITIZEN, text: 'x', to_phone_number_id: '999' })).status).toBe(400);
  });

  it('answers 400 subcode 33 for another phone number id', async () => {
    const r = await post('/v23.0/999/messages', textMessage(CITIZEN, 'x'), auth);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('mark-as-read answers {success:true} and marks the inbound message read', async () => {
    const inbound = await post('/sim/inbound', { from: CITIZEN, text: 'halo' });
    await post('/sim/faults', { status: 500, count: 1 });
    const r = await send(markAsRead(inbound.json.wamid));
    expect(r).toEqual({ status: 200, json: { success: true } });
    const [entry] = (await get(`/sim/messages?to=${CITIZEN}&direction=in`)).json.messages;
    expect(entry.status).toBe('read');
    // The read receipt of one message, as a test waits for the bot to be done with it.
    const other = await post('/sim/inbound', { from: CITIZEN, text: 'lagi' });
    expect((await get(`/sim/reads?message_id=${encodeURIComponent(inbound.json.wamid)}`)).json.reads).toEqual([{ message_id: inbound.json.wamid, at: expect.any(String) }]);
    expect((await get(`/sim/reads?message_id=${encodeURIComponent(other.json.wamid)}`)).json.reads).toEqual([]);
    // The armed fault is still there for the next real send.
    expect((await send(textMessage(CITIZEN, 'x'))).status).toBe(500);
  });

  it('posts signed sent then delivered status webhooks after a send', async () => {
    await post('/sim/config', { statusWebhooks: true });
    const r = await send(textMessage(CITIZEN, 'Terima kasih'));
    const wamid = r.json.messages[0].id;
    const posts = await receiver.waitForPosts(2);
    const statuses = posts.map((p) => {
      expect(verifySignature(p.raw, p.headers['x-hub-signature-256'] as string, SECRET)).toBe(true);
      const events = extractEvents(WebhookPayload.parse(JSON.parse(p.raw)));
      expect(events).toHaveLength(1);
      if (events[0]!.kind !== 'status') throw new Error('expected status');
      return events[0]!.status;
    });
    expect(statuses.map((s) => [s.id, s.status, s.recipient_id])).toEqual([
      [wamid, 'sent', CITIZEN],
      [wamid, 'delivered', CITIZEN],
    ]);
    const [entry] = (await get(`/sim/messages?to=${CITIZEN}`)).json.messages;
    expect(entry.status).toBe('delivered');
  });

  it("echoes the send's biz_opaque_callback_data in each of its statuses, as Meta does", async () => {
    await post('/sim/config', { statusWebhooks: true });
    const before = receiver.posts().length;
    await send({ ...textMessage(CITIZEN, 'Dengan penanda'), biz_opaque_callback_data: 'kanal-reply:abc' });
    const posts = (await receiver.waitForPosts(before + 2)).slice(before);
    const statuses = posts.map((p) => JSON.parse(p.raw).entry[0].changes[0].value.statuses[0]);
    expect(statuses.map((s: { status: string; biz_opaque_callback_data?: string }) => [s.status, s.biz_opaque_callback_data])).toEqual([
      ['sent', 'kanal-reply:abc'],
      ['delivered', 'kanal-reply:abc'],
    ]);
  });
});

describe('every webhook kind Meta sends', () => {
  const only = async () => {
    const [hit] = receiver.posts();
    expect(verifySignature(hit!.raw, hit!.headers['x-hub-signature-256'] as string, SECRET)).toBe(true);
    const events = extractEvents(WebhookPayload.parse(JSON.parse(hit!.raw)));
    expect(events).toHaveLength(1);
    return events[0]!;
  };

  it.each([
    ['a reaction', { reaction: { message_id: 'wamid.OUT', emoji: '👍' } }, { type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '👍' } }],
    ['a removed reaction (no emoji)', { reaction: { message_id: 'wamid.OUT' } }, { type: 'reaction', reaction: { message_id: 'wamid.OUT' } }],
    ['request_welcome', { type: 'request_welcome' }, { type: 'request_welcome' }],
    ['an edit', { edit: { original_message_id: 'wamid.A', text: 'baru' } }, { type: 'edit', edit: { original_message_id: 'wamid.A', message: { type: 'text', text: { body: 'baru' } } } }],
    ['a revoke', { revoke: { original_message_id: 'wamid.A' } }, { type: 'revoke', revoke: { original_message_id: 'wamid.A' } }],
    ['a group post', { text: 'halo', group_id: 'G1' }, { type: 'text', group_id: 'G1' }],
  ])('%s', async (_, req, expected) => {
    const r = await post('/sim/inbound', { from: CITIZEN, ...req });
    expect(r.status).toBe(200);
    const ev = await only();
    expect(ev).toMatchObject({ kind: 'message', sender: CITIZEN, message: { from: CITIZEN, ...expected } });
  });

  it('a number change comes without contacts and names the new wa_id', async () => {
    await post('/sim/inbound', { from: CITIZEN, system: { new_wa_id: '6281399998888' } });
    const ev = await only();
    expect(JSON.parse(receiver.posts()[0]!.raw).entry[0].changes[0].value.contacts).toBeUndefined();
    expect(ev).toMatchObject({ kind: 'message', message: { type: 'system', system: { type: 'user_changed_number', wa_id: '6281399998888' } } });
  });

  it('a username user has no phone number anywhere, and the bot can answer at the BSUID', async () => {
    const bsuid = 'ID.1502576394655843';
    await post('/sim/inbound', { from: bsuid, name: 'Siti', username: '@siti.oki', text: 'halo' });
    const raw = receiver.posts()[0]!.raw;
    expect(raw).not.toMatch(/"(from|wa_id)"/);
    const ev = await only();
    expect(ev).toMatchObject({ kind: 'message', sender: bsuid, contact: { user_id: bsuid, username: '@siti.oki' }, message: { from_user_id: bsuid } });
    expect(ev.kind === 'message' && ev.message.from).toBeUndefined();

    const r = await send(textMessage(bsuid, 'Halo Siti'));
    expect(r.status).toBe(200);
    expect(SendMessageResponse.parse(r.json).contacts).toEqual([{ input: bsuid, user_id: bsuid }]);
    expect((await get(`/sim/messages?to=${bsuid}`)).json.messages).toHaveLength(1);
  });

  it('value-level errors: a signed notice with value.errors (131056 by default)', async () => {
    const r = await post('/sim/value-errors', {});
    expect(r.json.webhookStatus).toBe(200);
    expect(await only()).toMatchObject({ kind: 'error', errors: [{ code: 131056 }] });
  });

  it('a failed status for a sent message carries Meta\'s error', async () => {
    const sent = await send(textMessage(CITIZEN, 'Terima kasih'));
    const wamid = sent.json.messages[0].id;
    const r = await post('/sim/status', { wamid });
    expect(r.json.webhookStatus).toBe(200);
    expect(await only()).toMatchObject({ kind: 'status', status: { id: wamid, status: 'failed', recipient_id: CITIZEN, errors: [{ code: 131026 }] } });
    expect((await post('/sim/status', { wamid: 'wamid.nope' })).status).toBe(404);
  });
});

describe('fault injection', () => {
  it('fails exactly the next N sends with 429 code 130429', async () => {
    await post('/sim/faults', { status: 429, count: 2 });
    const a = await send(textMessage(CITIZEN, '1'));
    const b = await send(textMessage(CITIZEN, '2'));
    const c = await send(textMessage(CITIZEN, '3'));
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(GraphError.parse(a.json).error.code).toBe(130429);
    expect(sim.messages().map((m) => (m.body as any).text.body)).toEqual(['3']);
  });

  it('fails with 500 code 131000', async () => {
    await post('/sim/faults', { status: 500, count: 1 });
    const r = await send(textMessage(CITIZEN, '1'));
    expect(r.status).toBe(500);
    expect(r.json.error.code).toBe(131000);
  });

  it('131047 refuses free-form text but lets templates through', async () => {
    await post('/sim/faults', { status: 131047, count: 1 });
    const tpl = await send(templateMessage(CITIZEN, 'status_update', 'id', ['ADU-2611-00042', 'Selesai']));
    expect(tpl.status).toBe(200);
    const text = await send(textMessage(CITIZEN, 'Laporan Anda selesai'));
    expect(text.status).toBe(400);
    expect(text.json.error.code).toBe(131047);
    expect((await get('/sim/faults')).json.faults).toEqual([]);
  });

  it('enforceWindow refuses free-form messages to numbers that have not written in 24 h', async () => {
    await post('/sim/config', { enforceWindow: true });
    expect((await send(textMessage(CITIZEN, 'x'))).json.error.code).toBe(131047);
    await post('/sim/inbound', { from: CITIZEN, text: 'halo' });
    expect((await send(textMessage(CITIZEN, 'x'))).status).toBe(200);
    await post('/sim/inbound', { from: '6281111111111', text: 'lama', timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 });
    expect((await send(textMessage('6281111111111', 'x'))).status).toBe(400);
  });

  it('slow: the next send answers only after the delay, and succeeds', async () => {
    await post('/sim/faults', { status: 'slow', count: 1, delay_ms: 400 });
    const started = Date.now();
    const r = await send(textMessage(CITIZEN, 'pelan'));
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    // The fault is used up: nothing is left armed to slow the next send (no wall-clock bound, which flakes under load).
    expect((await get('/sim/faults')).json.faults).toEqual([]);
    expect((await send(textMessage(CITIZEN, 'cepat'))).status).toBe(200);
  });

  it('rejects unknown fault kinds', async () => {
    expect((await post('/sim/faults', { status: 404, count: 1 })).status).toBe(400);
  });
});

describe('reading what the bot said', () => {
  it('wait long-polls until a new message for that recipient arrives', async () => {
    const before = (await get('/sim/messages')).json.lastSeq as number;
    const started = Date.now();
    const waiting = get(`/sim/wait?to=${CITIZEN}&since=${before}&timeout=5000`);
    await new Promise((r) => setTimeout(r, 50));
    await send(textMessage('6289999999999', 'bukan untuk Budi'));
    await send(textMessage(CITIZEN, 'untuk Budi'));
    const r = await waiting;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.json.timedOut).toBe(false);
    expect(r.json.messages.map((m: any) => m.body.text.body)).toEqual(['untuk Budi']);
    expect(r.json.lastSeq).toBeGreaterThan(before);
  });

  it('wait returns at once for messages already there and times out politely', async () => {
    await send(textMessage(CITIZEN, 'sudah ada'));
    expect((await get(`/sim/wait?to=${CITIZEN}&since=0&timeout=5000`)).json.messages).toHaveLength(1);
    const r = await get(`/sim/wait?to=${CITIZEN}&timeout=50`);
    expect(r).toMatchObject({ status: 200, json: { messages: [], timedOut: true } });
  });

  it('since filters by sequence number or ISO time, and reset clears the log', async () => {
    await send(textMessage(CITIZEN, 'satu'));
    const mid = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const second = await send(textMessage(CITIZEN, 'dua'));
    const all = (await get(`/sim/messages?to=${CITIZEN}`)).json.messages;
    expect((await get(`/sim/messages?to=${CITIZEN}&since=${all[0].seq}`)).json.messages.map((m: any) => m.id)).toEqual([second.json.messages[0].id]);
    expect((await get(`/sim/messages?to=${CITIZEN}&since=${encodeURIComponent(mid)}`)).json.messages).toHaveLength(1);
    expect((await get('/sim/messages?since=kemarin')).status).toBe(400);
    await post('/sim/reset', {});
    expect((await get('/sim/messages')).json.messages).toEqual([]);
  });
});

describe('media', () => {
  it('upload, look up and download round trip, with the bearer token', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([bytes], { type: 'image/png' }), 'bukti.png');
    const up = await fetch(`${sim.url}/v23.0/${PNID}/media`, { method: 'POST', headers: auth, body: form });
    expect(up.status).toBe(200);
    const { id } = (await up.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);

    const info = await get(`/v23.0/${id}`, auth);
    expect(info.json).toMatchObject({ messaging_product: 'whatsapp', id, mime_type: 'image/png', file_size: bytes.length });
    expect(info.json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.json.url.startsWith(sim.url)).toBe(true);

    const dl = await fetch(info.json.url, { headers: auth });
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(bytes);
    expect((await fetch(info.json.url)).status).toBe(401);
    expect((await get(`/v23.0/${id}`)).status).toBe(401);
    expect((await get('/v23.0/123456', auth)).json.error.error_subcode).toBe(33);
  });

  it('sends an uploaded image by media id, refuses an unknown id, and lets faults armed for media hit uploads only', async () => {
    const upload = async () => {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', 'image/png');
      form.set('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), 'foto.png');
      const r = await fetch(`${sim.url}/v23.0/${PNID}/media`, { method: 'POST', headers: auth, body: form });
      return { status: r.status, json: (await r.json()) as any };
    };
    const { json: { id } } = await upload();
    const ok = await send(imageMessage(CITIZEN, id, 'Sesudah ditambal'));
    expect(ok.status).toBe(200);
    expect(sim.messages().at(-1)).toMatchObject({ type: 'image', body: { image: { id, caption: 'Sesudah ditambal' } } });
    const unknown = await send(imageMessage(CITIZEN, '999999'));
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.error_data.details).toMatch(/Unknown media id 999999/);

    await post('/sim/faults', { status: 429, count: 1, target: 'media' });
    expect((await get('/sim/faults')).json.faults).toEqual([{ status: 429, count: 1, target: 'media' }]);
    expect((await send(textMessage(CITIZEN, 'teks tetap lewat'))).status).toBe(200);
    const limited = await upload();
    expect([limited.status, limited.json.error.code]).toEqual([429, 130429]);
    expect((await upload()).status).toBe(200);
  });

  it('a citizen photo arrives as an image message whose media the bot can download', async () => {
    const bytes = Buffer.from('foto jalan berlubang');
    const r = await post('/sim/inbound', {
      from: CITIZEN,
      media: { mime_type: 'image/jpeg', bytes_base64: bytes.toString('base64'), caption: 'Depan SD 3' },
    });
    const msg = r.json.payload.entry[0].changes[0].value.messages[0];
    expect(msg).toMatchObject({ type: 'image', image: { mime_type: 'image/jpeg', caption: 'Depan SD 3' } });
    WebhookPayload.parse(r.json.payload);
    const info = await get(`/v23.0/${msg.image.id}`, auth);
    expect(info.json.sha256).toBe(msg.image.sha256);
    const dl = await fetch(info.json.url, { headers: auth });
    expect(Buffer.from(await dl.arrayBuffer()).toString()).toBe('foto jalan berlubang');
  });
});

describe('webhook verification and chat page', () => {
  it('runs the hub.challenge handshake and reports whether it was echoed', async () => {
    const ok = await get('/sim/verify-webhook');
    expect(ok.json).toMatchObject({ ok: true, status: 200 });
    const hit = receiver.received.find((x) => x.method === 'GET')!;
    const q = new URL(hit.url, 'http://x').searchParams;
    expect(q.get('hub.mode')).toBe('subscribe');
    expect(q.get('hub.challenge')).toBe(ok.json.challenge);
    const bad = await get('/sim/verify-webhook?verify_token=salah');
    expect(bad.json).toMatchObject({ ok: false, status: 403 });
  });

  it('serves the Indonesian chat page at /', async () => {
    const res = await fetch(sim.url + '/');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<title>Simulator WhatsApp, Telegram, Messenger & Instagram — Kanal Aduan</title>');
    expect(html).toContain('/sim/inbound');
    // Its script compiles: a slip there leaves every channel's chat dead in the browser.
    const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.indexOf('</script>'));
    expect(() => new vm.Script(script)).not.toThrow();
  });
});
