// The Telegram door, end to end through the real stack: the simulator posts
// Bot API updates (with the webhook's secret header) to n8n's Telegram flow,
// the same conversation core files the report with channel `telegram`, the
// replies go back as Bot API calls (buttons as an inline keyboard), and the
// verifikator's decision reaches the person on Telegram, not WhatsApp.
import { findTicket } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { directus, env, lastFailedRun, loginAs, scanAt, sim, waitFor } from './helpers.ts';
import { optionsOf } from './sim-chat.ts';
import { ChannelChat, type ChannelEntry } from './channel-chat.ts';

type Complaint = { id: number; ticket: string; status: string; channel: string; description: string; reporter: { wa_id: string; phone: string | null; display_name: string } };

let nextUser = 900_000_000 + (Date.now() % 1_000_000) * 10;
const newUser = () => ++nextUser;

async function complaintsOf(address: string): Promise<Complaint[]> {
  const q = new URLSearchParams({ 'filter[reporter][wa_id][_eq]': address, fields: 'id,ticket,status,channel,description,reporter.wa_id,reporter.phone,reporter.display_name' });
  return (await directus<{ data: Complaint[] }>(`/items/complaints?${q}`)).body.data;
}

async function storedIn(address: string): Promise<Array<{ wamid: string; type: string }>> {
  const q = new URLSearchParams({ 'filter[wa_id][_eq]': address, 'filter[direction][_eq]': 'in', fields: 'wamid,type', limit: '-1' });
  return (await directus<{ data: Array<{ wamid: string; type: string }> }>(`/items/wa_messages?${q}`)).body.data;
}

async function lastSeq(): Promise<number> {
  return (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
}

/** Posts a raw body to n8n's Telegram webhook with the given secret header (none when null). */
function postTelegram(body: string, secret: string | null) {
  return fetch(`${env('KANAL_N8N_URL')}/webhook/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    body,
  });
}

describe('Telegram: one more door into the same desk', () => {
  it('files a report with a photo and a pin by tapping inline buttons, and hears the verifikator on Telegram', async () => {
    const chat = new ChannelChat('telegram', newUser(), 'Dewi Telegram');
    await chat.say('Halo');
    // The bot's menu arrives as an inline keyboard, and tapping a button answers Telegram's callback (the spinner stops).
    expect(chat.last.some((e) => e.sent.reply_markup?.inline_keyboard)).toBe(true);
    await chat.tap('Lapor pengaduan');
    const answers = await sim<{ answers: Array<{ callback_query_id: string }> }>('/sim/telegram/callback-answers');
    expect(answers.answers.length).toBeGreaterThan(0);
    await chat.say('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung, bahaya untuk motor malam hari.');
    let photoSent = false;
    let ticket: string | null = null;
    for (let i = 0; i < 12 && !ticket; i++) {
      const titles = chat.last.flatMap((e) => optionsOf(e.body).map((o) => o.title));
      const said = chat.texts().join('\n');
      if (titles.includes('Kirim')) {
        await chat.tap('Kirim');
        ticket = findTicket(chat.texts().join('\n'));
      } else if (!photoSent && /foto/i.test(said)) {
        photoSent = true;
        await chat.photo('lubangnya sedalam betis');
      } else if (titles.includes('Tidak perlu')) await chat.tap('Tidak perlu');
      else if (titles.includes('Lewati')) await chat.tap('Lewati');
      else if (titles.includes('Selesai')) await chat.tap('Selesai');
      else if (titles.includes('Ya, benar')) await chat.tap('Ya, benar');
      else if (titles.includes('Jalan dan Jembatan')) await chat.tap('Jalan dan Jembatan');
      else if (/lokasi/i.test(said)) await chat.location(-3.3937, 104.8321);
      else throw new Error(`unexpected step:\n${chat.transcript()}`);
    }
    expect(ticket, chat.transcript()).toMatch(/^ADU-\d{4}-\d{5}$/);
    expect(photoSent, chat.transcript()).toBe(true);

    // The same report record, with its channel; the person is keyed by their Telegram id and has no phone number.
    const [row, ...more] = await complaintsOf(chat.address);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ ticket, status: 'received', channel: 'telegram', reporter: { wa_id: chat.address, phone: null, display_name: 'Dewi Telegram' } });
    expect(row!.description).toContain('Jalan berlubang besar');
    // The photo is the report's attachment, copied from Telegram into Directus's files.
    const media = await waitFor(
      async () => (await directus<{ data: Array<{ wa_media_id: string; file: string | null; kind: string }> }>(`/items/complaint_media?filter[complaint][_eq]=${row!.id}&fields=wa_media_id,file,kind`)).body.data,
      { what: 'the Telegram photo copied into Directus', until: (rows) => rows.length === 1 && rows[0]!.file !== null, show: (rows) => rows },
    );
    expect(media[0]).toMatchObject({ kind: 'image', wa_media_id: expect.stringMatching(/^tg:/) });

    // The verifikator verifies: the notice goes out through the Telegram bot, never to WhatsApp.
    const since = await lastSeq();
    const verifikator = await loginAs('verifikator@example.com');
    const r = await directus(`/items/complaints/${row!.id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ status: 'verified' }) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const told = await waitFor(async () => (await sim<{ messages: ChannelEntry[] }>(`/sim/messages?to=${encodeURIComponent(chat.address)}&since=${since}&direction=out`)).messages, {
      what: 'notify.verified on Telegram (see test/artifacts/logs/n8n.log)',
      until: (ms) => ms.some((m) => (m.body.text ?? '').includes(ticket!)),
      show: (ms) => ms.map((m) => m.body.text),
    });
    expect(told.find((m) => (m.body.text ?? '').includes(ticket!))!.body.text).toContain('layak ditindaklanjuti');
    // Sent by the main bot (the one written to): the simulator records the sending bot as tg:<bot id>.
    expect(told.every((m) => m.phone_number_id === `tg:${env('TELEGRAM_BOT_TOKEN').split(':')[0]}`)).toBe(true);
  });

  it('books a meeting with the Bupati by tapping, and gets the reminder the day before on Telegram', async () => {
    const chat = new ChannelChat('telegram', newUser(), 'Tono Telegram');
    await chat.say('mau ketemu bupati');
    await chat.say('Menyampaikan usulan jalan usaha tani di Celikah');
    // The open days arrive as inline keyboard rows; the first of the Pendopo's Tuesday slot is taken.
    const day = chat.last.flatMap((e) => optionsOf(e.body)).find((o) => o.id.startsWith('appt:day:1:'));
    expect(day, chat.transcript()).toBeDefined();
    await chat.send({ tap: day!.id }, `[${day!.title}]`);
    await chat.tap('Ya, daftarkan');
    const code = /\bTMU-[A-Z0-9]{6}\b/.exec(chat.texts().join('\n'))?.[0];
    expect(code, chat.transcript()).toBeTruthy();
    const [booking] = (await directus<{ data: Array<{ id: number; citizen: { wa_id: string } }> }>(`/items/appointments?filter[code][_eq]=${code}&fields=id,citizen.wa_id`)).body.data;
    expect(booking!.citizen.wa_id).toBe(chat.address);
    try {
      const since = await lastSeq();
      const date = day!.id.split(':')[3]!;
      await scanAt(new Date(Date.parse(`${date}T08:00:00+07:00`) - 86_400_000));
      const got = (await sim<{ messages: ChannelEntry[] }>(`/sim/messages?to=${encodeURIComponent(chat.address)}&since=${since}&direction=out`)).messages.filter((m) => (m.body.text ?? '').includes(code!));
      expect(got, await lastFailedRun()).toHaveLength(1);
      expect(got[0]!.body.text).toContain('Besok');
    } finally {
      await directus(`/items/appointments/${booking!.id}`, { method: 'DELETE' });
    }
  }, 180_000);

  it('refuses an update without the right secret (401) and stores nothing', async () => {
    const user = newUser();
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: user, type: 'private' }, from: { id: user, is_bot: false, first_name: 'Palsu' }, text: 'Halo' } });
    for (const secret of [null, 'salah', `${env('TELEGRAM_WEBHOOK_SECRET')}x`]) {
      const res = await postTelegram(update, secret);
      expect(res.status, String(secret)).toBe(401);
      expect(await res.text()).toMatch(/secret|rahasia/i);
    }
    // Answered correctly signed, the same update is taken: nothing of the refused ones was kept.
    expect(await storedIn(`tg:${user}`)).toEqual([]);
  });

  it('stores an update Telegram delivers twice once and answers it once; a group message gets a 200 and no answer', async () => {
    const chat = new ChannelChat('telegram', newUser(), 'Rina');
    await chat.say('Halo');
    const first = chat.last.length;
    const since = await lastSeq();
    const again = await sim<{ webhookStatus: number }>('/sim/telegram/replay', { update_id: chat.lastInbound.update_id });
    expect(again.webhookStatus).toBe(200);
    const late = await sim<{ messages: ChannelEntry[] }>(`/sim/wait?to=${encodeURIComponent(chat.address)}&since=${since}&direction=out&timeout=5000`);
    expect(late.messages).toEqual([]);
    expect(first).toBeGreaterThan(0);
    expect((await storedIn(chat.address)).filter((m) => m.type === 'text')).toHaveLength(1);

    const group = await sim<{ webhookStatus: number }>('/sim/telegram/inbound', { from: chat.userId, text: 'Halo grup', group: true });
    expect(group.webhookStatus).toBe(200);
    const quiet = await sim<{ messages: ChannelEntry[] }>(`/sim/wait?to=${encodeURIComponent(chat.address)}&since=${await lastSeq()}&direction=out&timeout=3000`);
    expect(quiet.messages).toEqual([]);
  });
});
