// Every kind of webhook Meta sends on the `messages` field, posted through the
// WA simulator to the running bot (n8n intake + Directus on Postgres): who gets
// a reply, and which rows are stored or changed. The decisions are core's
// inboundHandling; this checks the whole path honours them.
import { describe, expect, it } from 'vitest';
import { directus, fileReport, sim, uniqueWaId, waitFor } from './helpers.ts';
import { SimChat, type SimEntry } from './sim-chat.ts';

type WaRow = { wamid: string; wa_id: string | null; type: string; direction: string; status: string; payload: any; error: any; complaint: number | null };

async function waRow(wamid: string): Promise<WaRow | undefined> {
  const q = new URLSearchParams({ 'filter[wamid][_eq]': wamid, fields: 'wamid,wa_id,type,direction,status,payload,error,complaint' });
  return (await directus<{ data: WaRow[] }>(`/items/wa_messages?${q}`)).body.data[0];
}

async function rows<T = any>(collection: string, filter: Record<string, string>, fields = '*'): Promise<T[]> {
  const q = new URLSearchParams({ ...filter, fields, limit: '-1' });
  return (await directus<{ data: T[] }>(`/items/${collection}?${q}`)).body.data;
}

const conversationOf = async (waId: string) => (await rows('conversations', { 'filter[wa_id][_eq]': waId }, 'wa_id,state,draft,flood,last_inbound_at'))[0];

/** Bot messages to this address after `since` (sequence number of the simulator's log). */
async function repliesSince(to: string, since: number): Promise<SimEntry[]> {
  return (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${encodeURIComponent(to)}&since=${since}`)).messages;
}

const lastSeq = async () => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;

/**
 * Posts one inbound message that must not be answered: waits until the intake
 * stored it (the run has passed the decision), then lets the bot be quiet for a
 * moment and returns whatever it sent meanwhile (expected: nothing).
 */
async function postSilent(body: Record<string, unknown>): Promise<{ wamid: string; row: WaRow; replies: SimEntry[] }> {
  const since = await lastSeq();
  const r = await sim<{ webhookStatus: number; wamid: string }>('/sim/inbound', body);
  expect(r.webhookStatus, `webhook answer for ${JSON.stringify(body)}`).toBe(200);
  const row = (await waitFor(() => waRow(r.wamid), { what: `wa_messages row ${r.wamid}` }))!;
  await new Promise((res) => setTimeout(res, 2_000));
  const to = String(body.from);
  return { wamid: r.wamid, row, replies: await repliesSince(to, since) };
}

const STORY = 'Jalan berlubang besar di depan SD Negeri 2 kec. kayu agung kelurahan sukadana, sudah 2 bulan, motor sering jatuh.';

/** A one-shot report (as in intake.int.test.ts); returns the story's wamid and the ticket confirmation. */
async function reportByChat(chat: SimChat): Promise<{ storyWamid: string; confirmation: SimEntry }> {
  await chat.say(STORY);
  const storyWamid = chat.lastWamid;
  await chat.tap('Lewati');
  await chat.tap('Tidak perlu');
  await chat.tap('Kirim');
  const confirmation = chat.last.find((e) => e.body.type === 'text' && /ADU-\d{4}-\d{5}/.test(e.body.text.body));
  expect(confirmation, chat.transcript()).toBeTruthy();
  return { storyWamid, confirmation: confirmation! };
}

const reportsOf = (waId: string) =>
  rows<{ id: number; ticket: string; status: string; description: string; reporter: { wa_id: string; phone: string | null } }>(
    'complaints',
    { 'filter[reporter][wa_id][_eq]': waId },
    'id,ticket,status,description,reporter.wa_id,reporter.phone',
  );

describe('webhook kinds through the simulator', () => {
  it('a reaction, and its removal, are stored without a reply and leave the conversation as it was', async () => {
    const chat = new SimChat(uniqueWaId(), 'Siti');
    await chat.say('Halo');
    const before = await conversationOf(chat.waId);
    expect(before).toMatchObject({ state: 'menu' });

    const added = await postSilent({ from: chat.waId, reaction: { message_id: chat.last[0]!.id, emoji: '👍' } });
    expect(added.replies).toEqual([]);
    expect(added.row).toMatchObject({ type: 'reaction', direction: 'in', wa_id: chat.waId, payload: { reaction: { emoji: '👍' } } });

    const removed = await postSilent({ from: chat.waId, reaction: { message_id: chat.last[0]!.id } });
    expect(removed.replies).toEqual([]);
    expect(removed.row.payload.reaction).toEqual({ message_id: chat.last[0]!.id });
    expect(await conversationOf(chat.waId)).toEqual(before);
  });

  it('request_welcome (the chat opened for the first time) gets the greeting menu and no report', async () => {
    const chat = new SimChat(uniqueWaId(), 'Rina');
    await chat.send({ type: 'request_welcome' }, '(membuka chat)');
    expect(chat.texts()[0]).toContain('Selamat datang');
    expect(await conversationOf(chat.waId)).toMatchObject({ state: 'menu', draft: null });
    expect(await reportsOf(chat.waId)).toEqual([]);
  });

  it('a number change moves the citizen, their reports and conversation to the new wa_id, without a reply', async () => {
    const report = await fileReport({ description: 'Jembatan di desa Anyar miring dan talinya putus' });
    const oldWaId = report.waId;
    const chat = new SimChat(oldWaId, 'Warga Uji');
    await chat.say('Halo');
    const newWaId = uniqueWaId();

    const change = await postSilent({ from: oldWaId, name: 'Warga Uji', system: { new_wa_id: newWaId } });
    expect(change.replies).toEqual([]);
    expect(change.row).toMatchObject({ type: 'system', wa_id: oldWaId });
    const moved = await waitFor(() => reportsOf(newWaId), { what: 'the report under the new number', until: (r) => r.length === 1 });
    expect(moved[0]).toMatchObject({ id: report.id, reporter: { wa_id: newWaId, phone: `+${newWaId}` } });
    expect(await reportsOf(oldWaId)).toEqual([]);
    await waitFor(() => conversationOf(newWaId), { what: 'the conversation under the new number' });
    expect(await conversationOf(oldWaId)).toBeUndefined();
    expect(await repliesSince(newWaId, 0)).toEqual([]);
  });

  it('a number change to a number that already has a citizen: both rows stay, every report moves onto the new one', async () => {
    const old = await fileReport({ description: 'Lampu jalan di simpang Jua-jua mati seminggu' });
    const existing = await fileReport({ description: 'Drainase di pasar Kayuagung tersumbat' });
    const change = await postSilent({ from: old.waId, system: { new_wa_id: existing.waId } });
    expect(change.replies).toEqual([]);
    const reports = await waitFor(() => reportsOf(existing.waId), { what: 'both reports under the existing citizen', until: (r) => r.length === 2 });
    expect(reports.map((r) => r.id).sort()).toEqual([old.id, existing.id].sort());
    expect(await rows('citizens', { 'filter[wa_id][_in]': `${old.waId},${existing.waId}` }, 'wa_id')).toHaveLength(2);
  });

  it('an edit updates the stored text, the draft and a report still received; a revoke hides it; neither is answered', async () => {
    const chat = new SimChat(uniqueWaId(), 'Budi');
    const { storyWamid } = await reportByChat(chat);
    const [report] = await reportsOf(chat.waId);
    expect(report).toMatchObject({ status: 'received', description: STORY });

    const corrected = STORY.replace('SD Negeri 2', 'SD Negeri 3');
    const edit = await postSilent({ from: chat.waId, edit: { original_message_id: storyWamid, text: corrected } });
    expect(edit.replies).toEqual([]);
    expect(edit.row).toMatchObject({ type: 'edit' });
    await waitFor(async () => (await waRow(storyWamid))?.payload?.text?.body, { what: 'the stored story edited', until: (t) => t === corrected });
    const edited = await waitFor(() => reportsOf(chat.waId), { what: 'the report text edited', until: (r) => r[0]?.description === corrected });
    expect(edited).toHaveLength(1);

    const revoke = await postSilent({ from: chat.waId, revoke: { original_message_id: storyWamid } });
    expect(revoke.replies).toEqual([]);
    const hidden = await waitFor(() => reportsOf(chat.waId), { what: 'the report text hidden', until: (r) => !r[0]!.description.includes('SD Negeri') });
    expect(hidden[0]!.description).toBe('[pesan dihapus oleh pelapor]');
    const stored = await waRow(storyWamid);
    expect(JSON.stringify(stored!.payload)).not.toContain('SD Negeri');
    expect(stored!.payload.revoked).toMatchObject({ wamid: revoke.wamid });
    expect(await reportsOf(chat.waId)).toHaveLength(1);
  });

  it('an edit while the report is still a draft changes the draft, not a report', async () => {
    const chat = new SimChat(uniqueWaId(), 'Dewi');
    await chat.say(STORY);
    const storyWamid = chat.lastWamid;
    const corrected = STORY.replace('2 bulan', '3 bulan');
    const edit = await postSilent({ from: chat.waId, edit: { original_message_id: storyWamid, text: corrected } });
    expect(edit.replies).toEqual([]);
    await waitFor(async () => (await conversationOf(chat.waId))?.draft?.description, { what: 'the draft edited', until: (d) => Array.isArray(d) && d[0] === corrected });
    expect(await reportsOf(chat.waId)).toEqual([]);
  });

  it('a message posted in a group is stored and never answered as a personal chat', async () => {
    const waId = uniqueWaId();
    const posted = await postSilent({ from: waId, text: 'Halo, mau lapor jalan rusak', group_id: 'Y2FwaV9ncm91cDoxMjAzNjM' });
    expect(posted.replies).toEqual([]);
    expect(posted.row.payload).toMatchObject({ group_id: 'Y2FwaV9ncm91cDoxMjAzNjM' });
    expect(await conversationOf(waId)).toBeUndefined();
  });

  it('a username user (business-scoped id, no phone number) is served at that id and files a report without a made-up phone', async () => {
    const bsuid = `ID.${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const chat = new SimChat(bsuid, 'Siti');
    await chat.send({ text: 'Halo', username: '@siti.oki' }, 'Halo');
    expect(chat.texts()[0]).toContain('Selamat datang');
    expect(chat.last[0]!.body).toMatchObject({ recipient: bsuid });
    expect(chat.last[0]!.body).not.toHaveProperty('to');
    await reportByChat(chat);
    const [report] = await reportsOf(bsuid);
    expect(report).toMatchObject({ status: 'received', reporter: { wa_id: bsuid, phone: null } });
    expect(await rows('citizens', { 'filter[phone][_contains]': bsuid.slice(3) }, 'id')).toEqual([]);
  });

  it('errors at the value level are stored as an error row in Pesan WhatsApp', async () => {
    const r = await sim<{ webhookStatus: number }>('/sim/value-errors', {});
    expect(r.webhookStatus).toBe(200);
    const found = await waitFor(() => rows<WaRow>('wa_messages', { 'filter[type][_eq]': 'error', sort: '-date_created' }, 'type,status,error,payload'), {
      what: 'an error row',
      until: (r) => r.some((x) => x.error?.[0]?.code === 131056),
    });
    expect(found.find((x) => x.error?.[0]?.code === 131056)).toMatchObject({ status: 'failed', payload: { errors: [{ code: 131056 }] } });
  });

  it("a failed delivery is stored on the reply's row, in the report's message log", async () => {
    const chat = new SimChat(uniqueWaId(), 'Andi');
    const { confirmation } = await reportByChat(chat);
    const [report] = await reportsOf(chat.waId);
    const logged = await waitFor(() => waRow(confirmation.id), { what: 'the confirmation logged', until: (r) => r?.complaint === report!.id });
    expect(logged!.direction).toBe('out');

    const r = await sim<{ webhookStatus: number }>('/sim/status', { wamid: confirmation.id });
    expect(r.webhookStatus).toBe(200);
    const failed = await waitFor(() => waRow(confirmation.id), { what: 'the failed status stored', until: (x) => x?.status === 'failed' });
    expect(failed).toMatchObject({ complaint: report!.id, error: [expect.objectContaining({ code: 131026 })] });
  });

  it('a message type the bot does not handle still gets the polite answer', async () => {
    const chat = new SimChat(uniqueWaId(), 'Yanti');
    await chat.send({ type: 'unsupported' }, '(jajak pendapat)');
    expect(chat.texts()[0]).toContain('belum dapat kami proses');
  });
});
