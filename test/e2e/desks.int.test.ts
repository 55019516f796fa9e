// Intake desks end to end: a citizen writes to the demo kecamatan's own WhatsApp number (the
// simulator's second number); the report is filed at that desk and every reply goes out from that
// number. The desk's team (Tim Meja Pengaduan) reads and screens only its own desk's new reports,
// never the kabupaten desk's (by id, list, filter, sort, search, aggregate, nor the reporter), and
// passes one up to the kabupaten desk ("Teruskan ke kabupaten"): the status stays, a history row
// says so, the team loses the report and the verifikator's screening queue gets it.
import { PRESETS } from '@kanal-aduan/schema/src/presets.ts';
import { DEFAULT_DESK_CODE, DEMO_USERS, KECAMATAN_DESK_ACCOUNTS, KECAMATAN_DESK_NUMBER } from '@kanal-aduan/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelChat, type ChannelEntry } from './channel-chat.ts';
import { directus, env, fileReport, loginAs, PNG, sim, uniqueWaId, uploadPng, waitFor } from './helpers.ts';
import { fileThroughBot, SimChat } from './sim-chat.ts';

type Row = Record<string, any>;
const TEAM = DEMO_USERS.find((u) => u.role === 'desk_team')!;
const KEC_DESK = TEAM.desk!;

const client = (token: string) => ({
  get: (path: string) => directus<any>(path, { token }),
  patch: (path: string, body: Row) => directus<any>(path, { method: 'PATCH', token, body: JSON.stringify(body) }),
});
const admin = () => client(env('KANAL_DIRECTUS_TOKEN'));
const byTicket = async (ticket: string): Promise<Row> =>
  (await admin().get(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,ticket,status,desk,channel,assigned_agency`)).body.data[0];
const q = (o: Row) => encodeURIComponent(JSON.stringify(o));
const refused = (status: number) => status === 403 || status === 401;

let team: ReturnType<typeof client>;
let verifikator: ReturnType<typeof client>;
/** The report filed through the kecamatan number, and one at the kabupaten desk. */
const kec = { id: 0, ticket: '' };
const kab = { id: 0, ticket: '' };
let kecChat: SimChat;
const extraDesk = `UJI-${Date.now().toString(36).toUpperCase()}`;
/** The report filed through the desk's own Telegram bot, and its citizen's address. */
const viaDeskBot = { id: 0, ticket: '', address: '', bot: '' };
/** The reports filed through the desk's own Facebook Page and Instagram account, with their citizens' addresses. */
const viaDeskMeta: Array<{ channel: 'messenger' | 'instagram'; id: number; address: string; account: string }> = [];

beforeAll(async () => {
  team = client(await loginAs(TEAM.email));
  verifikator = client(await loginAs('verifikator@example.com'));
  // A second kecamatan desk: the team may pass a report up, never sideways.
  const made = await directus('/items/desks', { method: 'POST', body: JSON.stringify({ code: extraDesk, name: 'Meja Uji', level: 'kecamatan', active: true, is_default: false }) });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
});

afterAll(async () => {
  await directus(`/items/desks/${extraDesk}`, { method: 'DELETE' });
});

describe('a kecamatan intake desk', () => {
  it('files what a citizen writes to the kecamatan number at that desk, and answers from that number', async () => {
    const chat = new SimChat(uniqueWaId(), 'Sari', KECAMATAN_DESK_NUMBER.phoneNumberId);
    kecChat = chat;
    kec.ticket = await fileThroughBot(chat, 'Jembatan kayu di dekat kantor camat patah sebagian, anak sekolah takut menyeberang setiap pagi.');
    const row = await byTicket(kec.ticket);
    kec.id = row.id;
    expect(row).toMatchObject({ desk: KEC_DESK, channel: 'whatsapp', status: 'received' });
    // Every reply of the conversation went out from the number the citizen wrote to.
    expect(chat.all.length).toBeGreaterThan(3);
    expect(new Set(chat.all.map((e) => e.phone_number_id))).toEqual(new Set([KECAMATAN_DESK_NUMBER.phoneNumberId]));

    // The region's own number is the kabupaten desk's, and it answers from there.
    const main = new SimChat(uniqueWaId(), 'Joko');
    await main.say('Halo');
    expect(new Set(main.all.map((e) => e.phone_number_id))).toEqual(new Set([env('WA_PHONE_NUMBER_ID')]));
  });

  it('files what a citizen writes to the kecamatan\'s own Telegram bot, Facebook Page or Instagram account at that desk, and answers from there', async () => {
    const accounts = [
      { channel: 'telegram', id: KECAMATAN_DESK_ACCOUNTS.telegramBotId, key: `tg:${KECAMATAN_DESK_ACCOUNTS.telegramBotId}` },
      { channel: 'messenger', id: KECAMATAN_DESK_ACCOUNTS.facebookPageId, key: `fb:${KECAMATAN_DESK_ACCOUNTS.facebookPageId}` },
      { channel: 'instagram', id: KECAMATAN_DESK_ACCOUNTS.instagramAccountId, key: `ig:${KECAMATAN_DESK_ACCOUNTS.instagramAccountId}` },
    ] as const;
    // The place in words: Messenger and Instagram have no location pin.
    const stories = [
      'Saluran air di depan pasar kelurahan Sukadana, Kayu Agung tersumbat sampah, air meluap ke jalan setiap hujan deras.',
      'Lampu jalan di simpang kelurahan Sukadana, Kayu Agung mati sudah dua minggu, pengendara motor kesulitan di malam hari.',
      'Jembatan gantung menuju sekolah dasar di kelurahan Sukadana, Kayu Agung papannya banyak yang lapuk, anak-anak takut menyeberang.',
    ];
    for (const [k, a] of accounts.entries()) {
      const chat = new ChannelChat(a.channel, 7_300_000_000 + Math.floor(Math.random() * 99_999_999), `Warga ${a.channel}`, a.id);
      // A photo too: its copy into Directus asks the channel with the desk account's own token.
      const ticket = await fileThroughBot(chat, stories[k]!, undefined, { photo: 'fotonya dari dekat' });
      const row = await byTicket(ticket);
      expect(row, a.channel).toMatchObject({ desk: KEC_DESK, channel: a.channel, status: 'received' });
      const media = await waitFor(
        async () => (await admin().get(`/items/complaint_media?filter[complaint][_eq]=${row.id}&fields=wa_media_id,file,kind`)).body.data as Row[],
        { what: `the ${a.channel} photo copied into Directus with the desk's token`, until: (rows) => rows.length === 1 && rows[0]!.file !== null, show: (rows) => rows },
      );
      expect(media[0], a.channel).toMatchObject({ kind: 'image', wa_media_id: expect.stringMatching(a.channel === 'telegram' ? /^tg:/ : new RegExp(`^${a.key.slice(0, 3)}.+#0$`)) });
      // Every answer came from the desk's own account (the simulator records the sender as its key).
      const sent = (await sim<{ messages: ChannelEntry[] }>(`/sim/messages?to=${encodeURIComponent(chat.address)}&direction=out`)).messages;
      expect(sent.length, a.channel).toBeGreaterThan(3);
      expect(new Set(sent.map((m) => m.phone_number_id)), a.channel).toEqual(new Set([a.key]));

      if (a.channel !== 'telegram') {
        viaDeskMeta.push({ channel: a.channel, id: row.id, address: chat.address, account: a.key });
        continue;
      }
      Object.assign(viaDeskBot, { id: row.id, ticket, address: chat.address, bot: a.key });
      // The desk's news reaches the citizen from the same bot (the routing flow's notice).
      const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
      const r = await verifikator.patch(`/items/complaints/${row.id}`, { status: 'verified' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const told = await waitFor(async () => (await sim<{ messages: ChannelEntry[] }>(`/sim/messages?to=${encodeURIComponent(chat.address)}&since=${lastSeq}&direction=out`)).messages, {
        what: 'notify.verified from the desk bot (see test/artifacts/logs/n8n.log)',
        until: (ms) => ms.some((m) => (m.body.text ?? '').includes(ticket)),
        show: (ms) => ms.map((m) => [m.phone_number_id, m.body.text]),
      });
      expect(told.filter((m) => (m.body.text ?? '').includes(ticket)).map((m) => m.phone_number_id)).toEqual([a.key]);
    }
  });

  it('sends an officer\'s follow-up photos to the Telegram citizen from the desk\'s bot, after the text', async () => {
    expect(viaDeskBot.id, 'the Telegram report of the test above').toBeGreaterThan(0);
    const r = await verifikator.patch(`/items/complaints/${viaDeskBot.id}`, { status: 'dispositioned', assigned_agency: 'DPUPR' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const officer = client(await loginAs('opd.pupr@example.com'));
    expect((await officer.patch(`/items/complaints/${viaDeskBot.id}`, { status: 'in_progress' })).status).toBe(200);
    const fileId = await uploadPng(await loginAs('opd.pupr@example.com'), 'lampu-sudah-menyala');
    const longCaption = `Lampu baru terpasang. ${'Sudah dicek malam hari. '.repeat(60)}`;
    const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
    const posted = await directus<{ data: Row }>('/items/complaint_updates?fields=id', {
      method: 'POST', token: await loginAs('opd.pupr@example.com'),
      body: JSON.stringify({ complaint: viaDeskBot.id, kind: 'follow_up', public: true, body: 'Lampu jalan sudah diganti tim DPUPR.', media: [{ file: fileId, kind: 'image', caption: longCaption }] }),
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    type Sent = { seq: number; id: string; type: string; phone_number_id?: string; body: { text?: string; caption?: string; photo?: { size?: number } } };
    const sent = await waitFor(async () => (await sim<{ messages: Sent[] }>(`/sim/messages?to=${encodeURIComponent(viaDeskBot.address)}&since=${lastSeq}&direction=out`)).messages, {
      what: 'the follow-up text and its photo on Telegram (see test/artifacts/logs/n8n.log)',
      timeoutMs: 60_000,
      until: (ms) => ms.some((m) => m.type === 'image'),
      show: (ms) => ms.map((m) => [m.type, m.phone_number_id, m.body.text ?? m.body.caption]),
    });
    const text = sent.find((m) => m.type === 'text' && (m.body.text ?? '').includes('Lampu jalan sudah diganti'));
    const photo = sent.find((m) => m.type === 'image')!;
    expect(text, 'the follow-up text').toBeDefined();
    expect(photo.seq).toBeGreaterThan(text!.seq);
    // Both from the desk's bot (the one the citizen wrote to); the photo is the officer's file, the caption cut to Telegram's 1024.
    expect([text!.phone_number_id, photo.phone_number_id]).toEqual([viaDeskBot.bot, viaDeskBot.bot]);
    expect(photo.body.photo?.size).toBe(PNG.length);
    expect(photo.body.caption).toHaveLength(1024);
    expect(photo.body.caption!.endsWith('…')).toBe(true);
    // n8n logs the photo after Telegram took it: the row may land a moment after the message.
    const logged = async () => (await admin().get(`/items/wa_messages?filter[wa_id][_eq]=${encodeURIComponent(viaDeskBot.address)}&filter[type][_eq]=image&filter[direction][_eq]=out&fields=wamid,complaint`)).body.data as Row[];
    await expect.poll(logged, { timeout: 15_000 }).toEqual([{ wamid: expect.stringMatching(/^tg:\d+:\d+$/), complaint: viaDeskBot.id }]);
    // Nothing went wrong: no internal note for the officer.
    const notes = (await admin().get(`/items/complaint_updates?filter[complaint][_eq]=${viaDeskBot.id}&filter[kind][_eq]=internal_note&fields=body`)).body.data as Row[];
    expect(notes).toEqual([]);
  });

  it('sends an officer\'s follow-up photo to the Messenger and Instagram citizens from the desk\'s page and account: the text, the photo by upload, then its caption', async () => {
    expect(viaDeskMeta.map((m) => m.channel), 'the Messenger and Instagram reports of the test above').toEqual(['messenger', 'instagram']);
    const token = await loginAs('opd.pupr@example.com');
    const officer = client(token);
    for (const m of viaDeskMeta) {
      for (const status of ['verified', 'dispositioned']) {
        const r = await verifikator.patch(`/items/complaints/${m.id}`, status === 'verified' ? { status } : { status, assigned_agency: 'DPUPR' });
        expect(r.status, `${m.channel} ${status}: ${JSON.stringify(r.body)}`).toBe(200);
      }
      expect((await officer.patch(`/items/complaints/${m.id}`, { status: 'in_progress' })).status, m.channel).toBe(200);
      const fileId = await uploadPng(token, `jembatan-${m.channel}`);
      const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
      const followUp = `Papan jembatan sudah diganti tim DPUPR (${m.channel}).`;
      const posted = await directus<{ data: Row }>('/items/complaint_updates?fields=id', {
        method: 'POST', token,
        body: JSON.stringify({ complaint: m.id, kind: 'follow_up', public: true, body: followUp, media: [{ file: fileId, kind: 'image', caption: 'Sesudah diganti' }] }),
      });
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      type Sent = { seq: number; id: string; type: string; phone_number_id?: string; body: { message?: { text?: string; attachment?: { payload?: { attachment_id?: string } } }; filedata?: { size?: number; mime_type?: string } } };
      const sent = await waitFor(async () => (await sim<{ messages: Sent[] }>(`/sim/messages?to=${encodeURIComponent(m.address)}&since=${lastSeq}&direction=out`)).messages, {
        what: `the follow-up text, its photo and its caption on ${m.channel} (see test/artifacts/logs/n8n.log)`,
        timeoutMs: 60_000,
        until: (ms) => ms.some((e) => e.type === 'image') && ms.some((e) => e.body.message?.text === 'Sesudah diganti'),
        show: (ms) => ms.map((e) => [e.type, e.phone_number_id, e.body.message?.text ?? e.body.filedata]),
      });
      const text = sent.find((e) => (e.body.message?.text ?? '').includes(followUp));
      const photo = sent.find((e) => e.type === 'image')!;
      const caption = sent.find((e) => e.body.message?.text === 'Sesudah diganti')!;
      expect(text, `${m.channel}: the follow-up text`).toBeDefined();
      // In order, all from the desk's own account; the photo is the officer's file, uploaded and sent by its attachment_id.
      expect([text!.seq < photo.seq, photo.seq < caption.seq], m.channel).toEqual([true, true]);
      expect(new Set([text!.phone_number_id, photo.phone_number_id, caption.phone_number_id]), m.channel).toEqual(new Set([m.account]));
      expect(photo.body.filedata, m.channel).toMatchObject({ size: PNG.length, mime_type: 'image/png' });
      expect(photo.body.message?.attachment?.payload?.attachment_id, m.channel).toMatch(/^\d+$/);
      const prefix = m.address.slice(0, 3);
      // n8n logs the photo after the caption went: the rows may land a moment after the messages.
      const logged = async () => (await admin().get(`/items/wa_messages?filter[wa_id][_eq]=${encodeURIComponent(m.address)}&filter[type][_eq]=image&filter[direction][_eq]=out&fields=wamid,complaint`)).body.data as Row[];
      await expect.poll(logged, { timeout: 15_000, message: m.channel }).toEqual([{ wamid: photo.id, complaint: m.id }]);
      expect(photo.id.startsWith(prefix), m.channel).toBe(true);
      const media = async () => (await admin().get(`/items/complaint_media?filter[file][_eq]=${fileId}&fields=wa_media_id`)).body.data as Row[];
      await expect.poll(media, { timeout: 15_000, message: m.channel }).toEqual([{ wa_media_id: `${photo.id}#0` }]);
      const notes = (await admin().get(`/items/complaint_updates?filter[complaint][_eq]=${m.id}&filter[kind][_eq]=internal_note&fields=body`)).body.data as Row[];
      expect(notes, m.channel).toEqual([]);
    }
  });

  it('sends an officer\'s follow-up photo to a WhatsApp citizen from the desk number they wrote to (that number\'s window is the open one)', async () => {
    const chat = new SimChat(uniqueWaId(), 'Rudi', KECAMATAN_DESK_NUMBER.phoneNumberId);
    const ticket = await fileThroughBot(chat, 'Gorong-gorong di depan balai kelurahan Sukadana, Kayu Agung ambrol, air menggenangi jalan.');
    const row = await byTicket(ticket);
    for (const step of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: 'DPUPR' }]) {
      const r = await verifikator.patch(`/items/complaints/${row.id}`, step);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const officerToken = await loginAs('opd.pupr@example.com');
    expect((await client(officerToken).patch(`/items/complaints/${row.id}`, { status: 'in_progress' })).status).toBe(200);
    const fileId = await uploadPng(officerToken, 'gorong-gorong-diperbaiki');
    const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
    const posted = await directus('/items/complaint_updates?fields=id', {
      method: 'POST', token: officerToken,
      body: JSON.stringify({ complaint: row.id, kind: 'follow_up', public: true, body: 'Gorong-gorong sudah diganti baru.', media: [{ file: fileId, kind: 'image', caption: 'Sesudah' }] }),
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    type Sent = { seq: number; type: string; phone_number_id?: string; body: { text?: { body: string }; image?: { caption?: string } } };
    const sent = await waitFor(async () => (await sim<{ messages: Sent[] }>(`/sim/messages?to=${chat.waId}&since=${lastSeq}&direction=out`)).messages, {
      what: 'the follow-up text and its photo from the desk number (see test/artifacts/logs/n8n.log)',
      timeoutMs: 60_000,
      until: (ms) => ms.some((m) => m.type === 'image'),
      show: (ms) => ms.map((m) => [m.type, m.phone_number_id, m.body.text?.body ?? m.body.image?.caption]),
    });
    const text = sent.find((m) => m.type === 'text' && (m.body.text?.body ?? '').includes('Gorong-gorong sudah diganti'));
    const photo = sent.find((m) => m.type === 'image')!;
    expect(text, 'the follow-up text').toBeDefined();
    expect([text!.phone_number_id, photo.phone_number_id]).toEqual([KECAMATAN_DESK_NUMBER.phoneNumberId, KECAMATAN_DESK_NUMBER.phoneNumberId]);
    expect(photo.body.image?.caption).toBe('Sesudah');
  });

  it('puts a report that names no desk (web form, call centre, Open311, admin) at the kabupaten desk', async () => {
    const r = await fileReport({ description: 'Lampu penerangan jalan di depan pasar mati sudah seminggu, gelap dan rawan.' });
    kab.id = r.id;
    kab.ticket = r.ticket;
    expect((await byTicket(r.ticket)).desk).toBe(DEFAULT_DESK_CODE);
  });

  it('shows its team only its own desk\'s new reports: never the kabupaten desk\'s, by any query', async () => {
    expect((await team.get(`/items/complaints/${kec.id}?fields=id,ticket,desk`)).body.data).toMatchObject({ id: kec.id, desk: KEC_DESK });
    expect(refused((await team.get(`/items/complaints/${kab.id}?fields=id`)).status)).toBe(true);

    const ids = async (query: string) => {
      const r = await team.get(`/items/complaints?fields=id&limit=-1&${query}`);
      expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(200);
      return (r.body.data as Row[]).map((x) => x.id);
    };
    const listed = await ids('sort=-id');
    expect(listed).toContain(kec.id);
    expect(listed).not.toContain(kab.id);
    // Asking for the other desk's report by id, ticket, desk, search or sort finds nothing.
    expect(await ids(`filter=${q({ id: { _eq: kab.id } })}`)).toEqual([]);
    expect(await ids(`filter=${q({ ticket: { _eq: kab.ticket } })}`)).toEqual([]);
    expect(await ids(`filter=${q({ desk: { _eq: DEFAULT_DESK_CODE } })}`)).toEqual([]);
    expect(await ids(`filter=${q({ desk: { is_default: { _eq: true } } })}`)).toEqual([]);
    expect(await ids(`search=${kab.ticket}`)).toEqual([]);
    expect(await ids('sort=desk')).not.toContain(kab.id);
    // Aggregates count and group only the own desk's reports.
    const count = await team.get(`/items/complaints?aggregate[count]=*&filter=${q({ id: { _in: [kec.id, kab.id] } })}`);
    expect(count.status, JSON.stringify(count.body)).toBe(200);
    expect(Number(count.body.data[0].count)).toBe(1);
    const groups = await team.get('/items/complaints?aggregate[count]=*&groupBy[]=desk');
    expect(groups.status, JSON.stringify(groups.body)).toBe(200);
    expect((groups.body.data as Row[]).map((g) => g.desk)).toEqual([KEC_DESK]);
    // Nor its history, nor a change to it.
    const history = await team.get(`/items/complaint_updates?fields=id,complaint&limit=-1&filter=${q({ complaint: { _eq: kab.id } })}`);
    expect(history.status === 200 ? history.body.data : []).toEqual([]);
    const before = (await admin().get(`/items/complaints/${kab.id}?fields=status,status_note`)).body.data;
    expect(refused((await team.patch(`/items/complaints/${kab.id}`, { status: 'verified' })).status)).toBe(true);
    expect(refused((await team.patch(`/items/complaints/${kab.id}`, { status_note: 'diubah meja kecamatan' })).status)).toBe(true);
    expect((await admin().get(`/items/complaints/${kab.id}?fields=status,status_note`)).body.data).toEqual(before);
  });

  it('never shows its team the reporter, even of its own desk\'s report', async () => {
    const star = await team.get(`/items/complaints/${kec.id}?fields=*`);
    expect(star.status).toBe(200);
    expect('reporter' in star.body.data).toBe(false);
    expect('description_private' in star.body.data).toBe(false);
    for (const query of ['fields=id,reporter.phone', `fields=id&filter=${q({ reporter: { _nnull: true } })}`, 'fields=id&sort=reporter']) {
      const r = await team.get(`/items/complaints?${query}`);
      expect(refused(r.status) || (r.status === 200 && (r.body.data as Row[]).every((x) => x.reporter == null)), `${query}: ${JSON.stringify(r.body)}`).toBe(true);
      if (query.includes('filter')) expect(refused(r.status), query).toBe(true);
    }
    for (const c of ['citizens', 'conversations', 'wa_messages']) expect(refused((await team.get(`/items/${c}?limit=1`)).status), c).toBe(true);
  });

  it('verifies its report, passes it up to the kabupaten desk only, and then no longer sees it', async () => {
    const verified = await team.patch(`/items/complaints/${kec.id}`, { status: 'verified' });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    // Sideways to another kecamatan's desk: refused, the report stays.
    const sideways = await team.patch(`/items/complaints/${kec.id}`, { desk: extraDesk });
    expect(refused(sideways.status), JSON.stringify(sideways.body)).toBe(true);
    expect((await byTicket(kec.ticket)).desk).toBe(KEC_DESK);

    // "Teruskan ke kabupaten".
    const up = await team.patch(`/items/complaints/${kec.id}`, { desk: DEFAULT_DESK_CODE });
    expect([200, 204], JSON.stringify(up.body)).toContain(up.status);
    const after = await byTicket(kec.ticket);
    expect(after).toMatchObject({ desk: DEFAULT_DESK_CODE, status: 'verified' });
    expect(refused((await team.get(`/items/complaints/${kec.id}?fields=id`)).status)).toBe(true);
    expect(refused((await team.patch(`/items/complaints/${kec.id}`, { desk: KEC_DESK })).status)).toBe(true);

    // The history says who passed it up, from where to where; the citizen is not told.
    const rows = (await admin().get(`/items/complaint_updates?fields=kind,body,public,author,status_from,status_to&filter=${q({ complaint: { _eq: kec.id }, kind: { _eq: 'desk_move' } })}`)).body.data as Row[];
    expect(rows).toEqual([{ kind: 'desk_move', body: 'Diteruskan dari Meja Kecamatan Kayu Agung ke Meja Kabupaten.', public: false, author: TEAM.id, status_from: null, status_to: null }]);

    // The verifikator's "Siap disposisi" queue (the kabupaten desk's) now holds it.
    const queue = PRESETS.find((p) => p.bookmark === 'Siap disposisi' && p.role === PRESETS.find((x) => x.bookmark === 'Perlu verifikasi')!.role)!;
    const inQueue = await verifikator.get(`/items/complaints?fields=id&limit=-1&filter=${q({ _and: [queue.filter, { id: { _eq: kec.id } }] })}`);
    expect(inQueue.body.data).toEqual([{ id: kec.id }]);

    // The verifikator dispositions it; the citizen hears of it from the number they wrote to.
    const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
    const sent = await verifikator.patch(`/items/complaints/${kec.id}`, { status: 'dispositioned', assigned_agency: 'DPUPR' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const news = await kecChat.collect(lastSeq);
    expect(JSON.stringify(news.map((e) => e.body))).toContain(kec.ticket);
    expect(new Set(news.map((e) => e.phone_number_id))).toEqual(new Set([KECAMATAN_DESK_NUMBER.phoneNumberId]));
  });

  it('dispositions its own desk\'s report to an agency, and then no longer sees it', async () => {
    const made = await directus<any>('/items/complaints', {
      method: 'POST',
      body: JSON.stringify({ type: 'pengaduan', category: 'JALAN', title: 'Jalan desa longsor', description: 'Jalan desa menuju kebun longsor setelah hujan deras semalam.', region: '16.02.05', channel: 'whatsapp', desk: KEC_DESK }),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const id = made.body.data.id as number;
    expect((await team.patch(`/items/complaints/${id}`, { status: 'verified' })).status).toBe(200);
    const sent = await team.patch(`/items/complaints/${id}`, { status: 'dispositioned', assigned_agency: 'DPUPR' });
    expect([200, 204], JSON.stringify(sent.body)).toContain(sent.status);
    expect((await admin().get(`/items/complaints/${id}?fields=status,assigned_agency,desk`)).body.data).toEqual({ status: 'dispositioned', assigned_agency: 'DPUPR', desk: KEC_DESK });
    expect(refused((await team.get(`/items/complaints/${id}?fields=id`)).status)).toBe(true);
    // The agency's own steps are not the team's.
    expect(refused((await team.patch(`/items/complaints/${id}`, { status: 'in_progress' })).status)).toBe(true);
  });
});
