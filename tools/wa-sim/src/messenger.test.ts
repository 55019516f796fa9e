import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessengerWebhook, messageMedia, messengerEvents, parseMessengerMediaId, verifySignature } from '@kanal-aduan/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_DEFAULTS } from './inbound.ts';
import { startSimulator, type Simulator } from './simulator.ts';

// The simulator's Messenger and Instagram side: the person's messages posted
// as Meta's Messenger Platform webhooks, and a fake Send API that keeps Meta's
// windows (24 h RESPONSE, 7 days HUMAN_AGENT, ACCOUNT_UPDATE on Messenger only).

const SECRET = 'app-secret';
const PAGE_TOKEN = 'page-token';
const PSID = '7000123456789';
// The simulator's main page and Instagram account (its defaults), and a desk's own.
const MAIN_PAGE = '300000000000001';
const MAIN_IG = '178400000000001';
const DESK_PAGE = '106000000000777';
const DESK_IG = '17841400000000777';
const DESK_PAGE_TOKEN = 'desk-page-token';
const DESK_IG_TOKEN = 'desk-ig-token';

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
    messengerDeskPages: { [`fb:${DESK_PAGE}`]: DESK_PAGE_TOKEN, [`ig:${DESK_IG}`]: DESK_IG_TOKEN },
    telegramBotToken: '7000000001:main-bot',
    telegramDeskBotTokens: ['7000000002:desk-bot'],
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

describe('the chat page\'s «Kirim ke»: every account a person can write to, per channel', () => {
  it('lists the main account first, then the desks\' own', async () => {
    const res = await fetch(`${sim.url}/sim/config`);
    const { accounts } = (await res.json()) as { accounts: Record<string, Array<{ id: string; label: string }>> };
    expect(accounts['telegram']).toEqual([{ id: '7000000001', label: 'Bot 7000000001' }, { id: '7000000002', label: 'Bot 7000000002' }]);
    expect(accounts['messenger']!.map((a) => a.id)).toEqual([`fb:${MAIN_PAGE}`, `fb:${DESK_PAGE}`]);
    expect(accounts['instagram']!.map((a) => a.id)).toEqual([`ig:${MAIN_IG}`, `ig:${DESK_IG}`]);
    expect(accounts['whatsapp']!.length).toBe(1);
  });
});

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

describe('intake desks\' own pages and Instagram accounts', () => {
  const entry = (i: number) => JSON.parse(received[i]!.raw) as { object: string; entry: Array<{ id: string; messaging: Array<{ recipient: { id: string } }> }> };
  const logged = (direction: 'in' | 'out', to: string) => sim.messages({ to, direction }).map((m) => m.phone_number_id);

  it('a person writes to a desk\'s page or Instagram account with `page` (a key or the bare id); by default to the main one', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'ke meja', page: `fb:${DESK_PAGE}` });
    await post('/sim/messenger/inbound', { from: PSID, text: 'ke meja lagi', page: DESK_PAGE });
    await post('/sim/messenger/inbound', { from: '1784000111', text: 'ke IG meja', page: `ig:${DESK_IG}` });
    await post('/sim/messenger/inbound', { from: PSID, text: 'ke kabupaten' });
    expect(received.map((_, i) => [entry(i).object, entry(i).entry[0]!.id, entry(i).entry[0]!.messaging[0]!.recipient.id])).toEqual([
      ['page', DESK_PAGE, DESK_PAGE],
      ['page', DESK_PAGE, DESK_PAGE],
      ['instagram', DESK_IG, DESK_IG],
      ['page', MAIN_PAGE, MAIN_PAGE],
    ]);
    expect(logged('in', `fb:${PSID}`)).toEqual([`fb:${DESK_PAGE}`, `fb:${DESK_PAGE}`, `fb:${MAIN_PAGE}`]);
    expect(logged('in', 'ig:1784000111')).toEqual([`ig:${DESK_IG}`]);
    expect((await post('/sim/messenger/inbound', { channel: 'messenger', from: PSID, text: 'x', page: `ig:${DESK_IG}` })).status).toBe(400);
    expect((await post('/sim/messenger/inbound', { from: PSID, text: 'x', page: 'tg:1' })).status).toBe(400);
  });

  it('the Send API takes a desk\'s token and logs the account that sent; the main token logs the main page or Instagram account', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo', page: `fb:${DESK_PAGE}` });
    await post('/sim/messenger/inbound', { channel: 'instagram', from: '1784000111', text: 'Halo' });
    expect((await sendApi(text(PSID), DESK_PAGE_TOKEN)).status).toBe(200);
    expect((await sendApi(text(PSID), PAGE_TOKEN)).status).toBe(200);
    expect((await sendApi(text('1784000111'), DESK_IG_TOKEN)).status).toBe(200);
    expect((await sendApi(text('1784000111'), PAGE_TOKEN)).status).toBe(200);
    expect(logged('out', `fb:${PSID}`)).toEqual([`fb:${DESK_PAGE}`, `fb:${MAIN_PAGE}`]);
    expect(logged('out', 'ig:1784000111')).toEqual([`ig:${DESK_IG}`, `ig:${MAIN_IG}`]);
  });

  it('refuses a token Meta does not know (190), and a desk token for a person on the other channel', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo', page: `fb:${DESK_PAGE}` });
    await post('/sim/messenger/inbound', { channel: 'instagram', from: '1784000111', text: 'Halo' });
    for (const token of ['desk-token-unknown', `${DESK_PAGE_TOKEN}x`]) {
      const refused = await sendApi(text(PSID), token);
      expect(refused.status, token).toBe(401);
      expect(refused.json.error, token).toMatchObject({ code: 190, type: 'OAuthException' });
    }
    expect((await sendApi(text('1784000111'), DESK_PAGE_TOKEN)).json.error).toMatchObject({ code: 100, error_subcode: 2018001 });
    expect(sim.messages({ direction: 'out' })).toEqual([]);
  });

  it('the windows stay the person\'s, whichever account writes', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo', page: DESK_PAGE });
    await post('/sim/messenger/age', { channel: 'messenger', from: PSID, hours: 30 });
    expect((await sendApi(text(PSID), DESK_PAGE_TOKEN)).json.error).toMatchObject({ code: 10 });
    expect((await sendApi(text(PSID), PAGE_TOKEN)).json.error).toMatchObject({ code: 10 });
    expect((await sendApi(text(PSID, 'MESSAGE_TAG', 'HUMAN_AGENT'), DESK_PAGE_TOKEN)).status).toBe(200);
  });
});

describe('photos, videos, voice notes and files: a CDN URL in the webhook, fresh ones from the attachments edge', () => {
  type Attachment = { type: string; payload: { url: string } };
  const message = (i: number) => JSON.parse(received[i]!.raw).entry[0].messaging[0].message as { mid: string; text?: string; attachments: Attachment[] };
  const lookup = (mid: string, token: string) =>
    fetch(`${sim.url}/v23.0/${encodeURIComponent(mid)}/attachments`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));
  const bytes = (url: string) => fetch(url).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) }));
  const PNG = Buffer.from(MEDIA_DEFAULTS.image.bytes_base64, 'base64');

  it('`image: true` sends Meta\'s image attachment with a CDN URL the simulator serves, logged as an image', async () => {
    const sent = await post('/sim/messenger/inbound', { from: PSID, image: true });
    expect(sent.status).toBe(200);
    const m = message(0);
    expect(m.attachments).toEqual([{ type: 'image', payload: { url: expect.stringMatching(/\/sim\/messenger\/cdn\/m_[^/]+\/0\/image-1\.png\?.*oe=[0-9A-F]+$/) } }]);
    expect(await bytes(m.attachments[0]!.payload.url)).toEqual({ status: 200, type: 'image/png', body: PNG });
    expect(sim.messages({ to: `fb:${PSID}`, direction: 'in' }).map((e) => [e.id, e.type])).toEqual([[sent.json.id, 'image']]);
  });

  it('answers GET /:version/:mid/attachments to the main token with fresh URLs and the bytes; refuses a bad token (190), another page\'s token and an unknown mid (100)', async () => {
    await post('/sim/messenger/inbound', { from: PSID, image: true });
    // What the bot makes of it: an image whose media id names this message and its first attachment.
    const [event] = messengerEvents(MessengerWebhook.parse(JSON.parse(received[0]!.raw)));
    const media = event?.kind === 'message' ? messageMedia(event.message) : null;
    const { mid, index } = parseMessengerMediaId(media?.id ?? '')!;
    expect([mid, index, media?.mime_type]).toEqual([message(0).mid, 0, 'image/png']);
    const ok = await lookup(mid, PAGE_TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.json.data).toEqual([{ id: expect.any(String), mime_type: 'image/png', name: 'image-1.png', size: PNG.length, image_data: expect.objectContaining({ url: expect.stringContaining('/sim/messenger/cdn/') }) }]);
    expect((await bytes(ok.json.data[0].image_data.url)).body).toEqual(PNG);
    expect(await lookup(mid, 'wrong')).toMatchObject({ status: 401, json: { error: { code: 190 } } });
    expect(await lookup(mid, DESK_PAGE_TOKEN)).toMatchObject({ status: 400, json: { error: { code: 100, error_subcode: 33 } } });
    expect(await lookup('m_unknown', PAGE_TOKEN)).toMatchObject({ status: 400, json: { error: { code: 100, error_subcode: 33 } } });
  });

  it('several files with text, written to a desk\'s page: one message, read with the desk\'s token only', async () => {
    await post('/sim/messenger/inbound', { from: PSID, page: `fb:${DESK_PAGE}`, attachment: 'file', count: 2, text: 'Surat pengaduan' });
    const m = message(0);
    expect(m.text).toBe('Surat pengaduan');
    expect(m.attachments.map((a) => a.type)).toEqual(['file', 'file']);
    const desk = await lookup(m.mid, DESK_PAGE_TOKEN);
    expect(desk.json.data.map((a: { name: string; mime_type: string; file_url: string }) => [a.name, a.mime_type, typeof a.file_url])).toEqual([
      ['laporan-1.pdf', 'application/pdf', 'string'],
      ['laporan-2.pdf', 'application/pdf', 'string'],
    ]);
    expect((await bytes(desk.json.data[1].file_url)).body).toEqual(Buffer.from(MEDIA_DEFAULTS.document.bytes_base64, 'base64'));
    expect((await lookup(m.mid, PAGE_TOKEN)).json.error).toMatchObject({ code: 100 });
    expect(sim.messages({ to: `fb:${PSID}`, direction: 'in' }).map((e) => e.type)).toEqual(['document']);
  });

  it('an Instagram voice note and video; a CDN URL past its `oe` answers 403; a lone count or image with quick_reply is refused', async () => {
    await post('/sim/messenger/inbound', { channel: 'instagram', from: '1784000111', attachment: 'audio' });
    const audio = await lookup(message(0).mid, PAGE_TOKEN);
    expect(audio.json.data[0]).toMatchObject({ mime_type: 'audio/mp4', file_url: expect.any(String) });
    await post('/sim/messenger/inbound', { channel: 'instagram', from: '1784000111', page: `ig:${DESK_IG}`, attachment: 'video' });
    expect((await lookup(message(1).mid, DESK_IG_TOKEN)).json.data[0]).toMatchObject({ mime_type: 'video/mp4', video_data: { url: expect.any(String) } });
    const expired = message(0).attachments[0]!.payload.url.replace(/oe=[0-9A-F]+/, 'oe=5F000000');
    expect((await bytes(expired)).status).toBe(403);
    expect((await post('/sim/messenger/inbound', { from: PSID, text: 'x', count: 2 })).status).toBe(400);
    expect((await post('/sim/messenger/inbound', { from: PSID, image: true, quick_reply: 'menu:report' })).status).toBe(400);
  });
});

describe('the bot\'s own photo: Attachment Upload API, then the Send API by attachment_id', () => {
  const IG_PERSON = '1784000111';
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  type Parts = { message?: string; filedata?: { bytes: Buffer; name: string; type: string } | null; platform?: string };
  const form = ({ message = JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: false } } }), filedata = { bytes: JPEG, name: 'foto-1.jpg', type: 'image/jpeg' }, platform }: Parts = {}) => {
    const f = new FormData();
    if (platform) f.append('platform', platform);
    f.append('message', message);
    if (filedata) f.append('filedata', new Blob([new Uint8Array(filedata.bytes)], { type: filedata.type }), filedata.name);
    return f;
  };
  const upload = (body: FormData | string, token = PAGE_TOKEN) =>
    fetch(`${sim.url}/v23.0/me/message_attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
      body,
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));
  const image = (id: string, attachment_id: string) => ({ recipient: { id }, messaging_type: 'RESPONSE', message: { attachment: { type: 'image', payload: { attachment_id } } } });

  it('takes a multipart upload, answers an attachment_id, sends it, logs the image with the file\'s name, type and size, and serves its bytes on the message\'s attachments edge', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo' });
    const up = await upload(form());
    expect(up).toEqual({ status: 200, json: { attachment_id: expect.stringMatching(/^\d{16}$/) } });
    const sent = await sendApi(image(PSID, up.json.attachment_id));
    expect(sent.json).toMatchObject({ recipient_id: PSID, message_id: expect.stringMatching(/^m_/) });
    const [logged] = sim.messages({ to: `fb:${PSID}`, direction: 'out' });
    expect(logged).toMatchObject({
      id: `fb:${sent.json.message_id}`,
      type: 'image',
      phone_number_id: `fb:${MAIN_PAGE}`,
      body: { ...image(PSID, up.json.attachment_id), filedata: { filename: 'foto-1.jpg', mime_type: 'image/jpeg', size: JPEG.length } },
    });
    // The bytes as the citizen sees them: the sent message's attachments edge, then its CDN URL.
    const edge = (await fetch(`${sim.url}/v23.0/${sent.json.message_id}/attachments`, { headers: { authorization: `Bearer ${PAGE_TOKEN}` } }).then((r) => r.json())) as any;
    expect(edge.data).toEqual([expect.objectContaining({ mime_type: 'image/jpeg', name: 'foto-1.jpg', size: JPEG.length })]);
    const file = await fetch(edge.data[0].image_data.url);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(JPEG);
  });

  it('refuses, as Graph does (400, code 100), an upload without filedata, with a message that is not JSON or of no known type, an empty file, or a JSON body; a bad token 190', async () => {
    const refusals = [
      await upload(form({ filedata: null })),
      await upload(form({ message: '{"attachment":' })),
      await upload(form({ message: JSON.stringify({ attachment: { type: 'sticker', payload: {} } }) })),
      await upload(form({ filedata: { bytes: Buffer.alloc(0), name: 'kosong.jpg', type: 'image/jpeg' } })),
      await upload(JSON.stringify({ message: { attachment: { type: 'image', payload: { url: 'http://x.test/a.jpg' } } } })),
    ];
    for (const r of refusals) expect(r).toMatchObject({ status: 400, json: { error: { code: 100, type: 'OAuthException', message: expect.stringMatching(/^\(#100\)/) } } });
    expect(refusals[0]!.json.error.message).toContain('filedata');
    expect(refusals[1]!.json.error.message).toContain('message');
    expect(await upload(form(), 'wrong')).toMatchObject({ status: 401, json: { error: { code: 190 } } });
  });

  it('sends an attachment_id only from the account that uploaded it: unknown ids, another page\'s, and a Page upload to an Instagram person are refused', async () => {
    await post('/sim/messenger/inbound', { from: PSID, text: 'Halo' });
    await post('/sim/messenger/inbound', { channel: 'instagram', from: IG_PERSON, text: 'Halo' });
    expect(await sendApi(image(PSID, '1234567890123456'))).toMatchObject({ status: 400, json: { error: { code: 100, message: expect.stringContaining('attachment_id') } } });
    const desk = await upload(form(), DESK_PAGE_TOKEN);
    expect((await sendApi(image(PSID, desk.json.attachment_id))).status).toBe(400);
    const page = await upload(form());
    expect((await sendApi(image(IG_PERSON, page.json.attachment_id))).status).toBe(400);
    // platform=instagram: the attachment belongs to the page's Instagram account, and goes to the Instagram person.
    const ig = await upload(form({ platform: 'instagram' }));
    const sent = await sendApi(image(IG_PERSON, ig.json.attachment_id));
    expect(sent.status).toBe(200);
    expect(sim.messages({ to: `ig:${IG_PERSON}`, direction: 'out' })).toMatchObject([{ type: 'image', phone_number_id: `ig:${MAIN_IG}`, body: { filedata: { filename: 'foto-1.jpg' } } }]);
    expect(sim.messages({ to: `fb:${PSID}`, direction: 'out' })).toEqual([]);
  });

  it('media faults hit uploads: a 500, then the retry goes through', async () => {
    await post('/sim/faults', { status: 500, target: 'media' });
    expect((await upload(form())).status).toBe(500);
    expect((await upload(form())).status).toBe(200);
  });
});
