import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';

// The simulator's Telegram side: updates posted with the secret header, and a
// fake Bot API that logs what the bot sends and serves the person's photos.

const BOT = '7000000001:test-token';
const DESK_BOT = '7000000002:desk-token';
const SECRET = 'tg-secret';
const PERSON = 5551234;

type Received = { url: string; headers: IncomingHttpHeaders; body: any };

let sim: Simulator;
let server: Server;
const received: Received[] = [];
/** What the fake bot answers to the next update (Telegram runs a method given there). */
let answer = '';

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sim = await startSimulator({
    port: 0,
    accessToken: 'wa-token',
    appSecret: 'wa-secret',
    telegramBotToken: BOT,
    telegramDeskBotTokens: [DESK_BOT],
    telegramSecret: SECRET,
    telegramWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/telegram`,
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
  answer = '';
});

async function post(path: string, body: unknown) {
  const res = await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}
const bot = (method: string, body: unknown, token = BOT) => post(`/bot${token}/${method}`, body);

describe('Telegram updates to the bot', () => {
  it('posts a private message as an Update with the secret header, and logs it under tg:<id>', async () => {
    const r = await post('/sim/telegram/inbound', { from: PERSON, name: 'Sari', text: 'Halo' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ webhookStatus: 200, id: `tg:${PERSON}:1` });
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toBe('/webhook/telegram');
    expect(received[0]!.headers['x-telegram-bot-api-secret-token']).toBe(SECRET);
    expect(received[0]!.body).toMatchObject({ update_id: r.json.update_id, message: { message_id: 1, text: 'Halo', chat: { id: PERSON, type: 'private' }, from: { id: PERSON, first_name: 'Sari', is_bot: false } } });
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'in' })).toHaveLength(1);
    // Read over HTTP as the tests and the chat page do: the tg: key is kept, not read as a phone number.
    const listed = (await fetch(`${sim.url}/sim/messages?direction=all&to=${encodeURIComponent(`tg:${PERSON}`)}`).then((x) => x.json())) as any;
    expect(listed.messages.map((m: { id: string }) => m.id)).toEqual([`tg:${PERSON}:1`]);
  });

  it('sends a wrong or no secret when asked, and the identical update again on replay', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'a', secret: 'invalid' });
    await post('/sim/telegram/inbound', { from: PERSON, text: 'b', secret: 'missing' });
    expect(received[0]!.headers['x-telegram-bot-api-secret-token']).not.toBe(SECRET);
    expect(received[1]!.headers['x-telegram-bot-api-secret-token']).toBeUndefined();
    const first = await post('/sim/telegram/inbound', { from: PERSON, text: 'c' });
    const again = await post('/sim/telegram/replay', { update_id: first.json.update_id });
    expect(again.json.webhookStatus).toBe(200);
    expect(received[3]!.body).toEqual(received[2]!.body);
  });

  it('taps a button of the bot\'s last keyboard: a callback_query carrying that message, and records the answer given in the webhook reply', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo' });
    await bot('sendMessage', { chat_id: PERSON, text: 'Pilih jenis', reply_markup: { inline_keyboard: [[{ text: 'Pengaduan', callback_data: 'type:pengaduan' }]] } });
    answer = JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: 'x' });
    const r = await post('/sim/telegram/inbound', { from: PERSON, callback_data: 'type:pengaduan' });
    expect(r.json.id).toMatch(/^tg:cb:/);
    const update = received.at(-1)!.body;
    expect(update.callback_query).toMatchObject({ data: 'type:pengaduan', from: { id: PERSON }, message: { message_id: 2, reply_markup: { inline_keyboard: [[{ text: 'Pengaduan' }]] } } });
    expect((await fetch(`${sim.url}/sim/telegram/callback-answers`).then((x) => x.json())) as any).toEqual({ answers: [{ callback_query_id: 'x', via: 'webhook' }] });
    // A button that was never shown cannot be tapped.
    expect((await post('/sim/telegram/inbound', { from: PERSON, callback_data: 'nope' })).status).toBe(409);
  });

  it('serves a sent photo through getFile and the file URL', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, photo: { caption: 'jalan berlubang' } });
    const photo = received[0]!.body.message.photo[0];
    expect(received[0]!.body.message.caption).toBe('jalan berlubang');
    const file = await bot('getFile', { file_id: photo.file_id });
    expect(file.json).toMatchObject({ ok: true, result: { file_id: photo.file_id } });
    const bytes = await fetch(`${sim.url}/file/bot${BOT}/${file.json.result.file_path}`);
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBe(photo.file_size);
  });

  it('refuses one update with two things in it, with the reason', async () => {
    const r = await post('/sim/telegram/inbound', { from: PERSON, text: 'x', location: { latitude: -3, longitude: 104 } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/tepat satu/);
  });
});

describe('a desk\'s own bot', () => {
  it('gets a person\'s update at the webhook URL with ?bot=<bot id>, the same secret, logged as written to that bot', async () => {
    const r = await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo meja', bot: '7000000002' });
    expect(r.json.webhookStatus).toBe(200);
    expect(received[0]!.url).toBe('/webhook/telegram?bot=7000000002');
    expect(received[0]!.headers['x-telegram-bot-api-secret-token']).toBe(SECRET);
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'in' })).toMatchObject([{ phone_number_id: 'tg:7000000002' }]);
    // The replay goes to the same bot's webhook.
    await post('/sim/telegram/replay', { update_id: r.json.update_id });
    expect(received[1]!.url).toBe('/webhook/telegram?bot=7000000002');
  });

  it('takes the desk token, records which bot sent, and sends only to people who wrote to that bot', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo meja', bot: 7000000002 });
    expect((await bot('getMe', {}, DESK_BOT)).json).toMatchObject({ ok: true, result: { id: 7000000002, is_bot: true } });
    expect((await bot('sendMessage', { chat_id: PERSON, text: 'Dari meja' }, DESK_BOT)).json.ok).toBe(true);
    // Like Telegram: the main bot has no chat with someone who only wrote to the desk's bot.
    expect((await bot('sendMessage', { chat_id: PERSON, text: 'Dari bot utama' })).json).toMatchObject({ ok: false, description: 'Bad Request: chat not found' });
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'out' })).toMatchObject([{ body: { text: 'Dari meja' }, phone_number_id: 'tg:7000000002' }]);
  });

  it('serves a photo sent to the desk bot only with that bot\'s token', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, photo: {}, bot: '7000000002' });
    const photo = received[0]!.body.message.photo[0];
    expect((await bot('getFile', { file_id: photo.file_id })).json).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
    const file = await bot('getFile', { file_id: photo.file_id }, DESK_BOT);
    expect(file.json.ok).toBe(true);
    expect((await fetch(`${sim.url}/file/bot${BOT}/${file.json.result.file_path}`)).status).toBe(404);
    expect((await fetch(`${sim.url}/file/bot${DESK_BOT}/${file.json.result.file_path}`)).status).toBe(200);
  });

  it('refuses a bot that is not a bot id', async () => {
    expect((await post('/sim/telegram/inbound', { from: PERSON, text: 'x', bot: 'meja' })).status).toBe(400);
    expect(received).toHaveLength(0);
  });
});

describe('the fake Bot API', () => {
  it('logs a sent message under the chat, from the main bot, and answers with its message_id', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo' });
    const r = await bot('sendMessage', { chat_id: PERSON, text: 'Selamat datang' });
    expect(r.json).toMatchObject({ ok: true, result: { message_id: 2, chat: { id: PERSON } } });
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'out' })).toMatchObject([{ id: `tg:${PERSON}:2`, type: 'text', body: { text: 'Selamat datang' }, phone_number_id: 'tg:7000000001' }]);
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'in' })).toMatchObject([{ phone_number_id: 'tg:7000000001' }]);
  });

  it('takes sendPhoto as multipart/form-data (an uploaded photo) and logs the image with its caption and byte length, not its bytes', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo' });
    const form = new FormData();
    form.append('chat_id', String(PERSON));
    form.append('caption', 'Sesudah ditambal');
    form.append('photo', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], { type: 'image/png' }), 'foto-1.png');
    const r = (await fetch(`${sim.url}/bot${DESK_BOT}/sendPhoto`, { method: 'POST', body: form }).then((x) => x.json())) as any;
    // Only the bot the person wrote to may send to them: the desk bot has no chat with PERSON yet.
    expect(r).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    const sent = (await fetch(`${sim.url}/bot${BOT}/sendPhoto`, { method: 'POST', body: form }).then((x) => x.json())) as any;
    expect(sent).toMatchObject({ ok: true, result: { message_id: 2, chat: { id: PERSON } } });
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'out' })).toEqual([
      expect.objectContaining({
        id: `tg:${PERSON}:2`,
        type: 'image',
        body: { chat_id: PERSON, caption: 'Sesudah ditambal', photo: { filename: 'foto-1.png', mime_type: 'image/png', size: 7 } },
        phone_number_id: 'tg:7000000001',
      }),
    ]);
  });

  it('refuses a multipart sendPhoto whose photo part is empty, or that has no photo, as Telegram does', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo' });
    const form = new FormData();
    form.append('chat_id', String(PERSON));
    form.append('photo', new Blob([], { type: 'image/png' }), 'kosong.png');
    const empty = await fetch(`${sim.url}/bot${BOT}/sendPhoto`, { method: 'POST', body: form });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: file must be non-empty' });
    const none = new FormData();
    none.append('chat_id', String(PERSON));
    expect(await fetch(`${sim.url}/bot${BOT}/sendPhoto`, { method: 'POST', body: none }).then((x) => x.json())).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: there is no photo in the request' });
    expect(sim.messages({ to: `tg:${PERSON}`, direction: 'out' })).toEqual([]);
  });

  it('answers like Telegram: a wrong token 401, a chat that never wrote 400 "chat not found", an unknown method 404', async () => {
    expect((await bot('sendMessage', { chat_id: PERSON, text: 'x' }, '1:wrong')).json).toMatchObject({ ok: false, error_code: 401 });
    expect((await bot('sendMessage', { chat_id: 999, text: 'x' })).json).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    expect((await bot('sendSticker', { chat_id: PERSON })).json).toMatchObject({ ok: false, error_code: 404 });
  });

  it('meets the armed send faults: 429 with retry_after, then 500', async () => {
    await post('/sim/telegram/inbound', { from: PERSON, text: 'Halo' });
    await post('/sim/faults', { status: 429, count: 1 });
    const limited = await bot('sendMessage', { chat_id: PERSON, text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.json.parameters.retry_after).toBeGreaterThan(0);
    await post('/sim/faults', { status: 500, count: 1 });
    expect((await bot('sendMessage', { chat_id: PERSON, text: 'x' })).status).toBe(500);
    expect((await bot('sendMessage', { chat_id: PERSON, text: 'x' })).json.ok).toBe(true);
  });
});
