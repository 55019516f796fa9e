// WhatsApp intake end to end: a citizen talks to the real bot (n8n intake flow with
// our nodes, Directus on Postgres) through the WA simulator.
import { mkdirSync, writeFileSync } from 'node:fs';
import { findTicket } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { directus, env, metaWebhook, sim, uniqueWaId, waitFor } from './helpers.ts';
import { PHOTO_BASE64, SimChat, type SimEntry } from './sim-chat.ts';

type Complaint = {
  id: number;
  ticket: string;
  status: string;
  type: string;
  category: string;
  region: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  rt: string | null;
  rw: string | null;
  description: string;
  confidential: boolean;
  channel: string;
  locale: string;
  reporter: { wa_id: string; phone: string };
  media: Array<{ kind: string; wa_media_id: string; mime_type: string; file: string | null }>;
};

async function complaintsOf(waId: string): Promise<Complaint[]> {
  const q = new URLSearchParams({
    'filter[reporter][wa_id][_eq]': waId,
    fields:
      'id,ticket,status,type,category,region,latitude,longitude,address,rt,rw,description,confidential,channel,locale,reporter.wa_id,reporter.phone,media.kind,media.wa_media_id,media.mime_type,media.file',
  });
  return (await directus<{ data: Complaint[] }>(`/items/complaints?${q}`)).body.data;
}

async function rowsFor(collection: string, waId: string): Promise<unknown[]> {
  return (await directus<{ data: unknown[] }>(`/items/${collection}?filter[wa_id][_eq]=${waId}&limit=-1`)).body.data;
}

function ticketIn(entries: SimEntry[]): string | null {
  for (const e of entries) if (e.body.type === 'text') {
    const t = findTicket(e.body.text.body);
    if (t) return t;
  }
  return null;
}

function saveTranscript(name: string, chat: SimChat) {
  mkdirSync('test/artifacts', { recursive: true });
  writeFileSync(`test/artifacts/${name}.txt`, `${chat.transcript()}\n\n(${chat.sent} pesan warga)\n`);
  console.log(`\n${chat.transcript()}\n\n(${chat.sent} pesan warga)\n`);
}

describe('intake conversation through the simulator', () => {
  it('guided report from the menu with a location pin and a photo', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Siti');
    await chat.say('Halo');
    expect(chat.texts()[0]).toContain('Selamat datang');
    await chat.tap('Lapor pengaduan');
    expect(chat.texts().join('\n')).toContain('ceritakan');
    await chat.say('Lampu jalan mati sudah seminggu di RT 04 RW 02, malam hari gelap sekali dan rawan begal');
    expect(chat.texts().join('\n')).toContain('Di mana lokasi kejadiannya?');
    await chat.location(-3.3937, 104.8321, 'Simpang Jua-jua');
    expect(chat.texts().join('\n')).toContain('foto atau video');
    await chat.photo();
    expect(chat.texts().join('\n')).toContain('Lampiran diterima (1)');
    await chat.tap('Selesai');
    expect(chat.texts().join('\n')).toContain('dirahasiakan');
    await chat.tap('Ya, rahasiakan');
    const summary = chat.texts().join('\n');
    expect(summary).toContain('• Kategori: Penerangan Jalan Umum');
    expect(summary).toContain('• Lampiran: 1 berkas');
    expect(summary).toContain('• Identitas: dirahasiakan');
    await chat.tap('Kirim');
    const ticket = ticketIn(chat.last);
    expect(ticket, chat.texts().join('\n')).toMatch(/^ADU-\d{4}-\d{5}$/);
    expect(chat.sent).toBeLessThanOrEqual(8);
    saveTranscript('intake-guided-transcript', chat);

    // The ticket goes out first; the photo is copied into Directus right after, in the same run.
    const [report, ...more] = await waitFor(() => complaintsOf(waId), {
      what: 'the report with its photo copied into the file library',
      until: (list) => list.length > 0 && list.every((c) => c.media.every((m) => Boolean(m.file))),
      show: (list) => list.map((c) => c.media.map((m) => m.file)),
    });
    expect(more).toHaveLength(0);
    expect(report).toMatchObject({
      ticket,
      status: 'received',
      type: 'pengaduan',
      category: 'PJU',
      latitude: -3.3937,
      longitude: 104.8321,
      address: 'Simpang Jua-jua',
      // Named in the story: the report carries its RT/RW as the KTP writes them.
      rt: '004',
      rw: '002',
      confidential: true,
      channel: 'whatsapp',
      locale: 'id',
      description: 'Lampu jalan mati sudah seminggu di RT 04 RW 02, malam hari gelap sekali dan rawan begal',
      reporter: { wa_id: waId, phone: `+${waId}` },
    });
    // The photo was copied from WhatsApp into Directus's file library, byte for byte.
    expect(report!.media).toHaveLength(1);
    expect(report!.media[0]).toMatchObject({ kind: 'image', mime_type: 'image/jpeg' });
    expect(report!.media[0]!.file).toBeTruthy();
    const asset = await fetch(`${env('KANAL_DIRECTUS_URL')}/assets/${report!.media[0]!.file}`, {
      headers: { authorization: `Bearer ${env('KANAL_DIRECTUS_TOKEN')}` },
    });
    expect(asset.status).toBe(200);
    expect(Buffer.from(await asset.arrayBuffer()).toString('base64')).toBe(PHOTO_BASE64);

    // The conversation is back at rest, ready for the next report.
    expect(await rowsFor('conversations', waId)).toMatchObject([{ state: 'idle', draft: null }]);
  });

  it('one-shot: a first message with the problem and the place needs only 4 messages', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Budi');
    await chat.say('Jalan berlubang besar di depan SD Negeri 2 kec. kayu agung kelurahan sukadana, sudah 2 bulan, motor sering jatuh.');
    // Category and place came from the story: the bot goes straight to the attachments.
    expect(chat.texts().join('\n')).toContain('foto atau video');
    await chat.tap('Lewati');
    await chat.tap('Tidak perlu');
    expect(chat.texts().join('\n')).toContain('• Lokasi: Sukadana, Kec. Kayu Agung');
    await chat.tap('Kirim');
    expect(ticketIn(chat.last)).toMatch(/^ADU-\d{4}-\d{5}$/);
    expect(chat.sent).toBe(4);
    saveTranscript('intake-one-shot-transcript', chat);
    const [report] = await complaintsOf(waId);
    expect(report).toMatchObject({ category: 'JALAN', region: '16.02.05.1008', confidential: false, media: [] });
  });

  it('"cek" answers the sender’s own ticket and says "tidak ditemukan" for anyone else’s', async () => {
    const owner = new SimChat(uniqueWaId(), 'Rina');
    await owner.say('Sampah menumpuk di pinggir jalan dekat SD Negeri 1 kelurahan Sukadana, Kayu Agung, bau sekali.');
    await owner.tap('Lewati');
    await owner.tap('Tidak perlu');
    await owner.tap('Kirim');
    const ticket = ticketIn(owner.last)!;
    expect(ticket).toBeTruthy();

    await owner.say(`cek ${ticket}`);
    const mine = owner.texts().join('\n');
    expect(mine).toContain(`Status laporan *${ticket}*`);
    expect(mine).toContain('Diterima');
    expect(mine).toContain('Sampah');
    expect(mine).toContain('Ditanggapi paling lambat'); // the verification deadline of a received report

    const stranger = new SimChat(uniqueWaId(), 'Orang Lain');
    await stranger.say(`cek ${ticket}`);
    const theirs = stranger.texts().join('\n');
    expect(theirs).toContain('tidak menemukan');
    expect(theirs).not.toContain('Diterima');
    expect(theirs).not.toContain('Sampah');

    // "cek" alone lists (here: shows) the sender's open reports.
    await owner.say('cek');
    expect(owner.texts().join('\n')).toContain(ticket);
  });

  it('a satisfaction answer to a resolved report is recorded, not taken for a new conversation', async () => {
    const chat = new SimChat(uniqueWaId(), 'Yanti');
    await chat.say('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung, sudah dua minggu, bahaya untuk motor.');
    await chat.tap('Lewati');
    await chat.tap('Tidak perlu');
    await chat.tap('Kirim');
    const ticket = ticketIn(chat.last)!;
    const [report] = await complaintsOf(chat.waId);
    for (const patch of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: 'DPUPR' }, { status: 'in_progress' }, { status: 'resolved' }]) {
      const r = await directus(`/items/complaints/${report!.id}`, { method: 'PATCH', body: JSON.stringify(patch) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    await chat.send({ list_reply: { id: 'sat:5', title: '5 – Sangat puas' } }, '[5 – Sangat puas]');
    expect(chat.texts().join('\n')).toContain(`Terima kasih atas penilaian Anda (5/5) untuk laporan *${ticket}*`);
    expect(chat.texts().join('\n')).not.toContain('Tombol itu berasal dari pesan sebelumnya');
    const after = (await directus<{ data: { status: string; satisfaction: number } }>(`/items/complaints/${report!.id}?fields=status,satisfaction`)).body.data;
    expect(after).toMatchObject({ status: 'closed', satisfaction: 5 });
  });

  it('a photo delivered twice by Meta is counted once in the draft', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Dewi');
    await chat.say('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung, sudah dua minggu, bahaya untuk motor.');
    const before = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
    const photo = await sim<{ wamid: string }>('/sim/inbound', { from: waId, name: 'Dewi', type: 'image', media: { mime_type: 'image/jpeg', bytes_base64: PHOTO_BASE64 } });
    const first = await chat.collect(before.lastSeq);
    expect(first.map((e) => JSON.stringify(e.body)).join()).toContain('Lampiran diterima (1)');
    const again = await sim<{ webhookStatus: number }>('/sim/replay', { wamid: photo.wamid });
    expect(again.webhookStatus).toBe(200);
    expect(await chat.collect(first.at(-1)!.seq, false, 4_000)).toHaveLength(0);
    chat.last = first;
    await chat.tap('Selesai');
    await chat.tap('Tidak perlu');
    expect(chat.texts().join('\n')).toContain('• Lampiran: 1 berkas');
    // One inbound row per wamid.
    const rows = (await rowsFor('wa_messages', waId)) as Array<{ wamid: string; direction: string }>;
    expect(rows.filter((r) => r.wamid === photo.wamid)).toHaveLength(1);
  });

  it('a webhook with a bad signature gets 401 and leaves no trace', async () => {
    const waId = uniqueWaId();
    const body = metaWebhook({
      contacts: [{ wa_id: waId, profile: { name: 'Palsu' } }],
      messages: [{ from: waId, id: `wamid.forged${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Jalan berlubang di kelurahan Sukadana, Kayu Agung, tolong diperbaiki segera.' } }],
    });
    for (const signature of ['invalid', 'missing'] as const) {
      const r = await sim<{ webhookStatus: number }>('/sim/raw', { body, signature });
      expect(r.webhookStatus, signature).toBe(401);
    }
    const quiet = await sim<{ messages: SimEntry[] }>(`/sim/wait?to=${waId}&direction=out&timeout=3000`);
    expect(quiet.messages).toHaveLength(0);
    expect(await rowsFor('wa_messages', waId)).toHaveLength(0);
    expect(await rowsFor('conversations', waId)).toHaveLength(0);
    expect(await complaintsOf(waId)).toHaveLength(0);
  });

  it('a slow Graph API only delays the answer: it arrives once', async () => {
    const waId = uniqueWaId();
    await sim('/sim/faults', { status: 'slow', count: 1, delay_ms: 3_000 });
    const chat = new SimChat(waId, 'Rudi');
    const started = Date.now();
    await chat.say('Halo');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(chat.last).toHaveLength(1);
    expect(await chat.collect(chat.last.at(-1)!.seq, false, 3_000)).toHaveLength(0);
  });

  it('Graph API answering 429 then 200: the reply is delivered exactly once, and its delivery status is recorded', async () => {
    const waId = uniqueWaId();
    await sim('/sim/faults', { status: 429, count: 1 });
    const chat = new SimChat(waId, 'Agus');
    await chat.say('Halo');
    expect((await sim<{ faults: unknown[] }>('/sim/faults')).faults).toHaveLength(0); // the 429 was used up by our send
    // Nothing more arrives after a generous pause: the retry did not double the reply.
    expect(await chat.collect(chat.last.at(-1)!.seq, false, 4_000)).toHaveLength(0);
    const out = await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${waId}&direction=out`);
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0]!.body.type).toBe('interactive');
    // The simulator's sent/delivered webhooks move the logged outbound row forward.
    await expect
      .poll(
        async () => ((await rowsFor('wa_messages', waId)) as Array<{ direction: string; status: string }>).filter((r) => r.direction === 'out').map((r) => r.status),
        { timeout: 15_000 },
      )
      .toEqual(['delivered']);
  });
});
