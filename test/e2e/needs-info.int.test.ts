// Questions to the citizen and returns end to end, through the real intake
// and routing flows:
// - Tunda: the verifikator asks the citizen a question (needs_info), the
//   question reaches WhatsApp, the citizen's answer is attached to the report
//   and sends it back to the verifikator, without starting a new report;
// - officers who have not written to the bot in 24 h get the disposition as an
//   approved template (Meta refuses free text there), those who wrote get text.
import { afterAll, describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../schema/src/access.ts';
import { directus, env, fileReport, loginAs, sim, uniqueWaId, waitFor } from './helpers.ts';
import { SimChat, type SimEntry } from './sim-chat.ts';

type Complaint = Record<string, any> & { id: number; ticket: string; status: string };
type Out = SimEntry & { body: Record<string, any> };

const textOf = (m: Out): string => m.body.text?.body ?? m.body.interactive?.body?.text ?? JSON.stringify(m.body.template ?? m.body);
const templateParams = (m: Out): string[] => (m.body.template?.components?.[0]?.parameters ?? []).map((p: { text: string }) => p.text);

async function lastSeq(): Promise<number> {
  return (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
}

async function sentTo(to: string, since: number): Promise<Out[]> {
  return (await sim<{ messages: Out[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages;
}

/** Waits until `to` has received a message matching `match` after `since`. */
async function received(to: string, since: number, match: (m: Out) => boolean, what: string): Promise<Out> {
  const messages = await waitFor(() => sentTo(to, since), {
    what: `${to} to receive ${what} (see test/artifacts/logs/n8n.log)`,
    until: (ms) => ms.some(match),
    show: (ms) => ms.map(textOf),
  });
  return messages.find(match)!;
}

const newReport = (waId: string, name: string, description: string) => fileReport<Complaint>({ waId, name, description, title: 'Laporan warga' });

const patch = (id: number, token: string, body: Record<string, unknown>) =>
  directus<any>(`/items/complaints/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });
const read = async (id: number): Promise<Complaint> => (await directus<{ data: Complaint }>(`/items/complaints/${id}?fields=*`)).body.data;

async function ask(id: number, token: string, question: string) {
  const r = await patch(id, token, { status: 'needs_info', status_note: question });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('Tunda: the verifikator asks, the citizen answers on WhatsApp', () => {
  it('the answer goes back to the verifikator on the same report; greetings and a later "Halo" still get the menu', async () => {
    const waId = uniqueWaId();
    const verifikator = await loginAs('verifikator@example.com');
    const chat = new SimChat(waId, 'Rudi');
    const report = await newReport(waId, 'Rudi', 'Lampu jalan mati sepanjang jalan menuju pasar, gelap sekali malam hari.');

    // Its verify date has passed (an admin backdates it): the verifikator is late before asking.
    const past = '2026-01-05T16:59:59.999Z';
    expect((await patch(report.id, env('KANAL_DIRECTUS_TOKEN'), { verify_due: past })).status).toBe(200);

    // The question reaches the citizen on WhatsApp with the ticket.
    const QUESTION = 'Di ruas jalan mana tepatnya, dekat bangunan apa?';
    const since = await lastSeq();
    await ask(report.id, verifikator, QUESTION);
    const question = await received(waId, since, (m) => textOf(m).includes(QUESTION), 'notify.needs_info');
    expect(textOf(question)).toContain(report.ticket);
    expect(textOf(question)).toMatch(/balas pesan ini/i);

    // "Halo" is not an answer: the menu, and the report still waits.
    await chat.say('Halo');
    expect(chat.texts().join('\n')).toMatch(/Selamat datang/);
    expect((await read(report.id)).status).toBe('needs_info');

    // The answer: thanked with the ticket, no question about a new report.
    const ANSWER = 'Di Jalan Letnan Mukhtar Saleh, depan SD Negeri 2, tiang nomor 14.';
    await chat.say(ANSWER);
    expect(chat.texts()).toEqual([expect.stringContaining(`Terima kasih, keterangan Anda sudah kami teruskan ke verifikator untuk laporan *${report.ticket}*`)]);
    await expect.poll(async () => (await read(report.id)).status, { timeout: 30_000 }).toBe('received');
    const back = await read(report.id);
    expect(back.status_note).toBe('Pelapor sudah mengirim keterangan tambahan.');
    // The verify clock stopped while the report waited for the citizen and starts again from the answer.
    expect(new Date(back.verify_due).getTime()).toBeGreaterThan(Date.now());

    // The verifikator sees the answer on the report; the history shows both moves.
    const updates = await directus<{ data: Array<{ kind: string; body: string; public: boolean; status_to: string | null }> }>(
      `/items/complaint_updates?filter[complaint][_eq]=${report.id}&sort=id&fields=kind,body,public,status_to`,
      { token: verifikator },
    );
    expect(updates.status).toBe(200);
    expect(updates.body.data.filter((u) => u.kind === 'citizen_message')).toEqual([{ kind: 'citizen_message', body: ANSWER, public: false, status_to: null }]);
    expect(updates.body.data.filter((u) => u.kind === 'status_change').map((u) => u.status_to)).toEqual(['received', 'needs_info', 'received']);
    // No second report from the answer, and the inbound message is linked to this one.
    const own = await directus<{ data: Array<{ id: number }> }>(`/items/complaints?filter[reporter][wa_id][_eq]=${waId}&fields=id`);
    expect(own.body.data.map((c) => c.id)).toEqual([report.id]);
    const inbound = await directus<{ data: Array<{ payload: { text?: { body?: string } } }> }>(
      `/items/wa_messages?filter[wa_id][_eq]=${waId}&filter[direction][_eq]=in&filter[complaint][_eq]=${report.id}&fields=payload`,
    );
    expect(inbound.body.data.map((m) => m.payload.text?.body)).toEqual([ANSWER]);

    // Nothing waits any more: "Halo" is just the menu again.
    await chat.say('Halo');
    expect(chat.texts().join('\n')).toMatch(/Selamat datang/);
    expect(chat.texts().join('\n')).not.toMatch(/keterangan Anda/);
  }, 180_000);

  it('with two questions open, the answer goes to the newest one and names the other; a photo answers the other', async () => {
    const waId = uniqueWaId();
    const verifikator = await loginAs('verifikator@example.com');
    const chat = new SimChat(waId, 'Wati');
    const older = await newReport(waId, 'Wati', 'Saluran air tersumbat di dekat pasar, air meluap ke jalan saat hujan.');
    const newer = await newReport(waId, 'Wati', 'Pohon tumbang menutup sebagian jalan desa sejak kemarin sore.');
    let since = await lastSeq();
    await ask(older.id, verifikator, 'Mohon kirim foto saluran yang tersumbat.');
    await received(waId, since, (m) => textOf(m).includes(older.ticket), 'the first question');
    since = await lastSeq();
    await ask(newer.id, verifikator, 'Pohonnya di desa mana?');
    await received(waId, since, (m) => textOf(m).includes(newer.ticket), 'the second question');

    await chat.say('Di Desa Sukadana, dekat balai desa.');
    const [thanks] = chat.texts();
    expect(thanks).toContain(`laporan *${newer.ticket}*`);
    expect(thanks).toContain(`Laporan lain yang masih menunggu keterangan Anda: ${older.ticket}`);
    await expect.poll(async () => (await read(newer.id)).status, { timeout: 30_000 }).toBe('received');
    expect((await read(older.id)).status).toBe('needs_info');

    await chat.photo('Ini fotonya');
    expect(chat.texts()).toEqual([expect.stringContaining(`laporan *${older.ticket}*`)]);
    await expect.poll(async () => (await read(older.id)).status, { timeout: 30_000 }).toBe('received');
    const answer = (await directus<{ data: Array<{ id: number; body: string }> }>(
      `/items/complaint_updates?filter[complaint][_eq]=${older.id}&filter[kind][_eq]=citizen_message&fields=id,body`,
    )).body.data;
    expect(answer.map((u) => u.body)).toEqual(['Ini fotonya']);
    const media = await directus<{ data: Array<{ update: number; kind: string; file: string | null }> }>(
      `/items/complaint_media?filter[complaint][_eq]=${older.id}&fields=update,kind,file`,
      { token: verifikator },
    );
    expect(media.body.data).toEqual([{ update: answer[0]!.id, kind: 'image', file: expect.any(String) }]);
  }, 180_000);
});

describe('officers outside the 24-hour window get the approved template', () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const id of created) await directus(`/users/${id}`, { method: 'DELETE' });
  });

  async function officer(first: string, phone: string): Promise<void> {
    const r = await directus<{ data: { id: string } }>('/users', {
      method: 'POST',
      body: JSON.stringify({ first_name: first, last_name: 'Dishub', role: ROLE_IDS.opd_officer, agency: 'DISHUB', wa_phone: `+${phone}`, status: 'active' }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    created.push(r.body.data.id);
  }

  it('the disposition reaches the officer who never wrote as kanal_aduan_disposisi, the one who wrote today as text', async () => {
    // Like Meta: free text to a number that has not written in 24 h is refused (131047); the stack turns this on.
    expect((await sim<{ enforceWindow: boolean }>('/sim/config')).enforceWindow).toBe(true);
    const silent = uniqueWaId();
    const wrote = uniqueWaId();
    await officer('Sepi', silent);
    await officer('Aktif', wrote);
    // One officer writes to the bot (and is answered), so the window is open for them.
    await new SimChat(wrote, 'Aktif').say('Halo');

    const verifikator = await loginAs('verifikator@example.com');
    const report = await newReport(uniqueWaId(), 'Nina', 'Lampu lalu lintas di simpang pasar mati sejak pagi, rawan kecelakaan.');
    expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
    const since = await lastSeq();
    expect((await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DISHUB' })).status).toBe(200);
    const disposed = await read(report.id);

    const tpl = await received(silent, since, (m) => m.type === 'template', 'the disposition template');
    expect(tpl.body.template).toMatchObject({ name: 'kanal_aduan_disposisi', language: { code: 'id' } });
    const [ticket, category, place, due] = templateParams(tpl);
    expect(ticket).toBe(report.ticket);
    expect(category).toMatch(/Jalan/);
    expect(place).toContain('Jl. Letnan Mukhtar Saleh');
    expect(due).toMatch(/^\w+, \d+ \w+ 20\d\d$/);
    expect(disposed.respond_due).toBeTruthy();

    const text = await received(wrote, since, (m) => textOf(m).includes(report.ticket), 'the disposition text');
    expect(text.type).toBe('text');
    expect(textOf(text)).toMatch(/Kategori: .*Jalan/);
    expect(textOf(text)).toContain('Jl. Letnan Mukhtar Saleh');

    // One message each, and each is logged in wa_messages with the report.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await sentTo(silent, since)).filter((m) => JSON.stringify(m.body).includes(report.ticket))).toHaveLength(1);
    expect((await sentTo(wrote, since)).filter((m) => JSON.stringify(m.body).includes(report.ticket))).toHaveLength(1);
    await expect.poll(async () => (await directus<{ data: Array<{ wa_id: string; type: string; complaint: number }> }>(
      `/items/wa_messages?filter[complaint][_eq]=${report.id}&filter[wa_id][_in]=${silent},${wrote}&filter[direction][_eq]=out&fields=wa_id,type,complaint&sort=wa_id`,
    )).body.data.map((r) => [r.wa_id, r.type]).sort(), { timeout: 15_000 }).toEqual([[silent, 'template'], [wrote, 'text']].sort());
  }, 180_000);
});
