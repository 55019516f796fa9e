// The intake endpoint against the running stack: only the n8n service account
// may call it, and a message asked about again (a retried execution, Meta
// redelivering) is never answered twice and never loses its answer.
import { describe, expect, it } from 'vitest';
import { directus, env, loginAs, uniqueWaId } from '../../../../test/e2e/helpers.ts';

type Reply = { id: string; to: string; type: string; message: { type: string } };
type Answer = { data?: { duplicate: boolean; replies: Reply[]; handling: string; state: string | null; handled: number }; errors?: Array<{ message: string }> };

const handle = (token: string, body: unknown) => directus<Answer>('/kanal-aduan/intake/messages', { method: 'POST', token, body: JSON.stringify(body) });
const sent = (token: string, body: unknown) => directus<{ data?: { replies: number; media: number } }>('/kanal-aduan/intake/sent', { method: 'POST', token, body: JSON.stringify(body) });
const messageFrom = (waId: string, body: string) => ({ from: waId, id: `wamid.e2e${Date.now()}${Math.random().toString(36).slice(2, 8)}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } });

describe('POST /kanal-aduan/intake/messages', () => {
  it('refuses admins, the verifikator, officers and the public in Indonesian, and leaves no trace', async () => {
    const waId = uniqueWaId();
    const message = messageFrom(waId, 'Halo');
    const officer = await loginAs('opd.pupr@example.com');
    const verifikator = await loginAs('verifikator@example.com');
    for (const [who, token] of [['admin', env('KANAL_DIRECTUS_TOKEN')], ['verifikator', verifikator], ['officer', officer], ['public', '']] as const) {
      const res = await handle(token, { message, sender: waId, holder: 'intruder' });
      expect(res.status, who).toBe(403);
      expect(JSON.stringify(res.body), who).toContain('Hanya akun Layanan n8n');
      expect((await sent(token, { replies: [] })).status, who).toBe(403);
    }
    const rows = await directus<{ data: unknown[] }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}`);
    expect(rows.body.data).toHaveLength(0);
  });

  it('explains a malformed request in Indonesian', async () => {
    const res = await handle(env('KANAL_SERVICE_TOKEN'), { message: { id: 'x' }, holder: 'n8n:1' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/Isi permintaan pesan WhatsApp masuk tidak sah .*message: bukan satu pesan dari webhook Meta/);
  });

  it('a replayed message returns the replies not yet sent to the execution that has them, nothing to anyone else, and nothing once sent', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    const message = messageFrom(waId, 'Halo');
    const body = (holder: string) => ({ message, sender: waId, contact: { wa_id: waId, name: 'Sari' }, holder });

    const first = await handle(service, body('n8n:e2e-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data).toMatchObject({ duplicate: false, handling: 'converse', handled: 1 });
    const replies = first.body.data!.replies;
    expect(replies.length).toBeGreaterThan(0);
    expect(JSON.stringify(replies)).toContain('Selamat datang');

    // Meta redelivers while execution 1 is still sending: no second answer.
    const redelivered = await handle(service, body('n8n:e2e-2'));
    expect(redelivered.body.data).toMatchObject({ duplicate: true, replies: [] });
    // Execution 1 asks again (its connection dropped before the answer): the same replies, not new ones.
    const again = await handle(service, body('n8n:e2e-1'));
    expect(again.body.data!.duplicate).toBe(true);
    expect(again.body.data!.replies.map((r) => r.id)).toEqual(replies.map((r) => r.id));

    // Sent: recorded with Meta's wamids, and never handed out again.
    const recorded = await sent(service, { replies: replies.map((r, n) => ({ id: r.id, wamid: `wamid.sent${Date.now()}${n}`, message: r.message })) });
    expect(recorded.body.data).toEqual({ replies: replies.length, media: 0, failed: 0, released: 0 });
    expect((await sent(service, { replies: replies.map((r, n) => ({ id: r.id, wamid: `wamid.other${n}` })) })).body.data).toEqual({ replies: 0, media: 0, failed: 0, released: 0 });
    const late = await handle(service, body('n8n:e2e-3'));
    expect(late.body.data).toMatchObject({ duplicate: true, replies: [] });

    // One inbound row (handled), the replies as sent rows; the conversation moved once.
    const rows = (await directus<{ data: Array<{ wamid: string; direction: string; status: string }> }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}&fields=wamid,direction,status&sort=date_created&limit=-1`)).body.data;
    expect(rows.filter((r) => r.direction === 'in')).toEqual([{ wamid: message.id, direction: 'in', status: 'read' }]);
    expect(rows.filter((r) => r.direction === 'out').map((r) => r.status)).toEqual(replies.map(() => 'sent'));
    expect(rows.some((r) => r.wamid.startsWith('queued:'))).toBe(false);
    const conversation = (await directus<{ data: Array<{ state: string }> }>(`/items/conversations?filter[wa_id][_eq]=${waId}&fields=state`)).body.data;
    expect(conversation).toHaveLength(1);
  });

  it("writes the step's conversation and replies as the item API reads them, and a list cached before the step shows them at once", async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    type Conversation = { state: string; last_inbound_at: string | null; flood: unknown; draft: unknown; locale: string | null };
    type Logged = { direction: string; type: string; payload: unknown; date_created: string; status: string | null };
    // Read (and cached by Directus's response cache) before the step: nothing yet.
    const conversationUrl = `/items/conversations?filter[wa_id][_eq]=${waId}&fields=state,last_inbound_at,flood,draft,locale`;
    const logUrl = `/items/wa_messages?filter[wa_id][_eq]=${waId}&filter[direction][_eq]=out&fields=direction,type,payload,date_created,status&sort=date_created`;
    expect((await directus<{ data: Conversation[] }>(conversationUrl)).body.data).toEqual([]);
    expect((await directus<{ data: Logged[] }>(logUrl)).body.data).toEqual([]);

    const before = Date.now();
    const first = await handle(service, { message: messageFrom(waId, 'Halo'), sender: waId, holder: 'n8n:rows' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const replies = first.body.data!.replies;
    expect(replies.length).toBeGreaterThan(0);

    const [conversation] = (await directus<{ data: Conversation[] }>(conversationUrl)).body.data;
    expect(conversation).toBeDefined();
    expect(conversation!.state).toBe(first.body.data!.state);
    // The timestamp as the API gives every timestamp (ISO), of this message; JSON fields as objects.
    expect(Date.parse(conversation!.last_inbound_at ?? '')).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(typeof conversation!.flood).toBe('object');
    const logged = (await directus<{ data: Logged[] }>(logUrl)).body.data;
    expect(logged.map((r) => r.type)).toEqual(replies.map((r) => r.type));
    expect(logged.every((r) => r.status === null && typeof r.payload === 'object' && Date.parse(r.date_created) >= before - 1000)).toBe(true);

    // The next turn finds the saved conversation: the step moves on from it, not from the start.
    const second = await handle(service, { message: messageFrom(waId, 'menu'), sender: waId, holder: 'n8n:rows' });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect((await directus<{ data: Logged[] }>(logUrl)).body.data).toHaveLength(replies.length + second.body.data!.replies.length);
    expect((await directus<{ data: Conversation[] }>(conversationUrl)).body.data[0]!.state).toBe(second.body.data!.state);
  });

  it('two messages of one citizen asked about at once are handled one after the other, in the order sent', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    const now = Math.floor(Date.now() / 1000);
    const hello = { ...messageFrom(waId, 'Halo'), timestamp: String(now - 1) };
    const menu = { ...messageFrom(waId, 'menu'), timestamp: String(now) };
    const [a, b] = await Promise.all([
      handle(service, { message: menu, sender: waId, holder: 'n8n:order-2' }),
      handle(service, { message: hello, sender: waId, holder: 'n8n:order-1' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Whichever took the lock first sends the replies of what it handled, in the order sent.
    const byHolder = [...(a.body.data?.replies ?? []), ...(b.body.data?.replies ?? [])];
    expect(byHolder.length).toBeGreaterThanOrEqual(2);
    const inbound = (await directus<{ data: Array<{ status: string }> }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}&filter[direction][_eq]=in&fields=status`)).body.data;
    expect(inbound.map((r) => r.status)).toEqual(['read', 'read']);
  });
});

describe('POST /kanal-aduan/intake/inbound and /kanal-aduan/intake/redrive', () => {
  const store = (token: string, body: unknown) => directus<{ data?: { stored: number; duplicates: number } }>('/kanal-aduan/intake/inbound', { method: 'POST', token, body: JSON.stringify(body) });
  const redrive = (token: string, body: unknown) =>
    directus<{ data?: { citizens: number; handled: number; replies: Reply[] }; errors?: Array<{ message: string }> }>('/kanal-aduan/intake/redrive', { method: 'POST', token, body: JSON.stringify(body) });

  it('are refused to everyone but the n8n service account, and explain a malformed request', async () => {
    const waId = uniqueWaId();
    const officer = await loginAs('opd.pupr@example.com');
    for (const [who, token] of [['admin', env('KANAL_DIRECTUS_TOKEN')], ['officer', officer], ['public', '']] as const) {
      expect((await store(token, { messages: [{ message: messageFrom(waId, 'Halo'), sender: waId }] })).status, who).toBe(403);
      expect((await redrive(token, { holder: 'intruder' })).status, who).toBe(403);
    }
    expect((await directus<{ data: unknown[] }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}`)).body.data).toHaveLength(0);
    const bad = await store(env('KANAL_SERVICE_TOKEN'), { messages: [] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Isi permintaan penyimpanan pesan WhatsApp tidak sah');
  });

  it('a message stored at the webhook whose execution never came is handled by the redrive pass, once, and its own late execution gets no second answer', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    // Sent a minute ago: its execution has had its time.
    const message = { ...messageFrom(waId, 'Halo'), timestamp: String(Math.floor(Date.now() / 1000) - 60) };
    const stored = await store(service, { messages: [{ message, sender: waId, contact: { wa_id: waId, name: 'Rina' } }] });
    expect(stored.body.data).toEqual({ stored: 1, duplicates: 0 });
    expect((await store(service, { messages: [{ message, sender: waId }] })).body.data).toEqual({ stored: 0, duplicates: 1 });

    const pass = await redrive(service, { holder: 'n8n:redrive-e2e', maxCitizens: 200 });
    expect(pass.status, JSON.stringify(pass.body)).toBe(200);
    const mine = pass.body.data!.replies.filter((r) => r.to === waId);
    expect(mine.length).toBeGreaterThan(0);
    expect(JSON.stringify(mine)).toContain('Selamat datang');

    // The execution turns up late: handled already, and the replies are the pass's to send.
    const late = await handle(service, { message, sender: waId, holder: 'n8n:late' });
    expect(late.body.data).toMatchObject({ duplicate: true, replies: [] });
    // A second pass finds nothing of this citizen to do.
    expect((await redrive(service, { holder: 'n8n:redrive-e2e-2', maxCitizens: 200 })).body.data!.replies.filter((r) => r.to === waId)).toEqual([]);

    const rows = (await directus<{ data: Array<{ wamid: string; direction: string; status: string | null }> }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}&fields=wamid,direction,status&limit=-1`)).body.data;
    expect(rows.filter((r) => r.direction === 'in')).toEqual([{ wamid: message.id, direction: 'in', status: 'read' }]);
    expect(rows.filter((r) => r.direction === 'out')).toHaveLength(mine.length);
    await sent(service, { replies: mine.map((r, n) => ({ id: r.id, wamid: `wamid.redrive${Date.now()}${n}` })) });
  });

  it('a reply Meta refused for good is marked failed with the reason, and is no longer waiting to be sent; one that failed for now is let go for the redrive', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    const message = messageFrom(waId, 'Halo');
    const own = await handle(service, { message, sender: waId, holder: 'n8n:refused' });
    const [first, ...rest] = own.body.data!.replies;
    const [second] = (await handle(service, { message: messageFrom(waId, 'bantuan'), sender: waId, holder: 'n8n:refused' })).body.data!.replies;
    expect(second, 'an answer to "bantuan"').toBeDefined();
    const recorded = await sent(service, {
      replies: rest.map((r, n) => ({ id: r.id, wamid: `wamid.refused${Date.now()}${n}` })),
      failed: [{ id: first!.id, error: 'WhatsApp Cloud API: Re-engagement message', code: 131047, httpStatus: 400 }],
      // Failed for now (a Graph 5xx): let go of, still waiting, for the next redrive pass.
      retry: [{ id: second!.id }],
    });
    expect(recorded.body.data).toEqual({ replies: rest.length, media: 0, failed: 1, released: 1 });
    const waiting = (await directus<{ data: { status: string | null; payload: { claim: { holder: string | null } } } }>(`/items/wa_messages/${second!.id}?fields=status,payload`)).body.data;
    expect(waiting).toMatchObject({ status: null, payload: { claim: { holder: null } } });
    // Asking again with the same report changes nothing: it is no longer waiting.
    expect((await sent(service, { failed: [{ id: first!.id, error: 'again', code: 131047, httpStatus: 400 }] })).body.data).toMatchObject({ failed: 0 });
    const row = (await directus<{ data: { status: string; error: { code: number; message: string } } }>(`/items/wa_messages/${first!.id}?fields=status,error`)).body.data;
    // A row with a status is no longer a reply waiting to be sent (the redrive pass takes only those).
    expect(row).toMatchObject({ status: 'failed', error: { code: 131047, message: expect.stringContaining('Re-engagement') } });
  });

  it('stores a whole call at once: each wamid once, as the item API shows it, in the order of the call for messages sent in one second', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    const second = String(Math.floor(Date.now() / 1000));
    const texts = ['satu', 'dua', 'tiga', 'empat', 'lima'];
    const messages = texts.map((t) => ({ message: { ...messageFrom(waId, t), timestamp: second }, sender: waId, contact: { wa_id: waId, name: 'Rina' } }));
    // The first message twice in one call (Meta redelivering within the burst).
    expect((await store(service, { messages: [messages[0], ...messages.slice(0, 3)] })).body.data).toEqual({ stored: 3, duplicates: 1 });
    expect((await store(service, { messages })).body.data).toEqual({ stored: 2, duplicates: 3 });
    type Row = { direction: string; status: string; type: string; payload: { text: { body: string }; kanal_contact_name?: string }; date_created: string };
    const rows = (await directus<{ data: Row[] }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}&fields=direction,status,type,payload,date_created&sort=date_created&limit=-1`)).body.data;
    expect(rows.map((r) => r.payload.text.body)).toEqual(texts);
    expect(rows[0]).toMatchObject({ direction: 'in', status: 'received', type: 'text', payload: { kanal_contact_name: 'Rina' } });
    expect(Math.abs(Date.parse(rows[0]!.date_created) - Date.now())).toBeLessThan(60_000);
  });

  it('leaves a fresh stored message to its own execution', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const waId = uniqueWaId();
    const message = messageFrom(waId, 'Halo');
    await store(service, { messages: [{ message, sender: waId }] });
    expect((await redrive(service, { holder: 'n8n:redrive-fresh', maxCitizens: 200 })).body.data!.replies.filter((r) => r.to === waId)).toEqual([]);
    const own = await handle(service, { message, sender: waId, holder: 'n8n:own' });
    expect(own.body.data!.replies.length).toBeGreaterThan(0);
    await sent(service, { replies: own.body.data!.replies.map((r, n) => ({ id: r.id, wamid: `wamid.own${Date.now()}${n}` })) });
  });
});

describe('POST /kanal-aduan/intake/batch', () => {
  type BatchAnswer = { data?: { answers: Array<NonNullable<Answer['data']> & { wamid: string; error: string | null }> }; errors?: Array<{ message: string }> };
  const batch = (token: string, body: unknown) => directus<BatchAnswer>('/kanal-aduan/intake/batch', { method: 'POST', token, body: JSON.stringify(body) });
  const store = (token: string, body: unknown) => directus<{ data?: { stored: number } }>('/kanal-aduan/intake/inbound', { method: 'POST', token, body: JSON.stringify(body) });

  it('handles the messages of one run: each citizen in the order sent, every message answered, each reply named once', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const siti = uniqueWaId();
    const budi = uniqueWaId();
    const now = Math.floor(Date.now() / 1000);
    const sitiHello = { ...messageFrom(siti, 'Halo'), timestamp: String(now - 2) };
    const budiHello = { ...messageFrom(budi, 'Halo'), timestamp: String(now - 1) };
    const sitiMenu = { ...messageFrom(siti, 'menu'), timestamp: String(now) };
    const messages = [
      { message: sitiHello, sender: siti, contact: { wa_id: siti, name: 'Siti' } },
      { message: budiHello, sender: budi, contact: { wa_id: budi, name: 'Budi' } },
      { message: sitiMenu, sender: siti, contact: { wa_id: siti, name: 'Siti' } },
    ];
    // The trigger stored them before the run started.
    expect((await store(service, { messages })).body.data).toMatchObject({ stored: 3 });

    const res = await batch(service, { messages, holder: 'n8n:batch-e2e' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const answers = res.body.data!.answers;
    expect(answers.map((a) => a.wamid)).toEqual([sitiHello.id, budiHello.id, sitiMenu.id]);
    expect(answers.every((a) => a.error === null)).toBe(true);
    const replies = answers.flatMap((a) => a.replies);
    // Named once across the answers, each to its own citizen, Budi's welcome among them.
    expect(new Set(replies.map((r) => r.id)).size).toBe(replies.length);
    expect(replies.filter((r) => r.to === budi).length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.to === siti).length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(replies.filter((r) => r.to === budi))).toContain('Selamat datang');

    // Both of Siti's messages were handled, and her replies are not handed out again.
    const inbound = (await directus<{ data: Array<{ wamid: string; status: string }> }>(`/items/wa_messages?filter[wa_id][_eq]=${siti}&filter[direction][_eq]=in&fields=wamid,status&sort=date_created`)).body.data;
    expect(inbound.map((r) => r.status)).toEqual(['read', 'read']);
    const again = await batch(service, { messages: [messages[2]], holder: 'n8n:batch-other' });
    expect(again.body.data!.answers[0]).toMatchObject({ duplicate: true, replies: [] });
    await sent(service, { replies: replies.map((r, n) => ({ id: r.id, wamid: `wamid.batch${Date.now()}${n}` })) });
  });

  it('is refused to everyone but the n8n service account, and says what a run may hold', async () => {
    const waId = uniqueWaId();
    const body = { messages: [{ message: messageFrom(waId, 'Halo'), sender: waId }], holder: 'intruder' };
    for (const token of [env('KANAL_DIRECTUS_TOKEN'), await loginAs('verifikator@example.com'), '']) expect((await batch(token, body)).status).toBe(403);
    const tooMany = await batch(env('KANAL_SERVICE_TOKEN'), { messages: Array.from({ length: 51 }, () => body.messages[0]), holder: 'n8n:x' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors?.[0]?.message).toMatch(/pesan WhatsApp masuk tidak sah.*terlalu panjang atau terlalu banyak/);
    expect((await directus<{ data: unknown[] }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}`)).body.data).toHaveLength(0);
  });
});
