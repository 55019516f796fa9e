// Facebook Messenger and Instagram DMs, end to end through the real stack: the
// simulator posts Meta's Messenger Platform webhooks (signed with the app
// secret) to n8n's Messenger flow, the same conversation core files the report
// with channel `messenger` / `instagram`, replies go back through the Send API
// (buttons as quick replies), and the verifikator's decision reaches the person
// on the channel they used.
import { findTicket } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { directus, env, loginAs, sim, waitFor } from './helpers.ts';
import { ChannelChat, type ChannelEntry } from './channel-chat.ts';
import { optionsOf } from './sim-chat.ts';

type Complaint = { id: number; ticket: string; status: string; channel: string; description: string; reporter: { wa_id: string; phone: string | null } };

let nextUser = 7_100_000_000_000 + (Date.now() % 1_000_000) * 10;
const newUser = () => String(++nextUser);

async function complaintsOf(address: string): Promise<Complaint[]> {
  const q = new URLSearchParams({ 'filter[reporter][wa_id][_eq]': address, fields: 'id,ticket,status,channel,description,reporter.wa_id,reporter.phone' });
  return (await directus<{ data: Complaint[] }>(`/items/complaints?${q}`)).body.data;
}

async function storedIn(address: string): Promise<Array<{ wamid: string }>> {
  const q = new URLSearchParams({ 'filter[wa_id][_eq]': address, 'filter[direction][_eq]': 'in', fields: 'wamid', limit: '-1' });
  return (await directus<{ data: Array<{ wamid: string }> }>(`/items/wa_messages?${q}`)).body.data;
}

const lastSeq = async () => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;

/** Files a report by answering whatever the bot asks (the place typed, no attachment); returns the ticket. */
async function fileReport(chat: ChannelChat, story: string): Promise<string> {
  await chat.say('Halo');
  await chat.tap('Lapor pengaduan');
  await chat.say(story);
  for (let i = 0; i < 12; i++) {
    const titles = chat.last.flatMap((e) => optionsOf(e.body).map((o) => o.title));
    if (titles.includes('Kirim')) {
      await chat.tap('Kirim');
      const ticket = findTicket(chat.texts().join('\n'));
      expect(ticket, chat.transcript()).toMatch(/^ADU-\d{4}-\d{5}$/);
      return ticket!;
    }
    if (titles.includes('Tidak perlu')) await chat.tap('Tidak perlu');
    else if (titles.includes('Lewati')) await chat.tap('Lewati');
    else if (titles.includes('Ya, benar')) await chat.tap('Ya, benar');
    else if (titles.includes('Jalan dan Jembatan')) await chat.tap('Jalan dan Jembatan');
    else throw new Error(`unexpected step:\n${chat.transcript()}`);
  }
  throw new Error(`no summary:\n${chat.transcript()}`);
}

describe('Facebook Messenger and Instagram: more doors into the same desk', () => {
  for (const channel of ['messenger', 'instagram'] as const) {
    it(`${channel}: files a report with quick replies, and hears the verifikator there`, async () => {
      const chat = new ChannelChat(channel, newUser());
      const ticket = await fileReport(chat, 'Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung, bahaya untuk motor malam hari.');
      // Buttons arrive as quick replies of a RESPONSE inside the 24-hour window.
      expect(chat.last.every((e) => e.sent.messaging_type === 'RESPONSE')).toBe(true);
      const [row, ...more] = await complaintsOf(chat.address);
      expect(more).toEqual([]);
      expect(row).toMatchObject({ ticket, status: 'received', channel, reporter: { wa_id: chat.address, phone: null } });

      const since = await lastSeq();
      const verifikator = await loginAs('verifikator@example.com');
      const r = await directus(`/items/complaints/${row!.id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ status: 'verified' }) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const told = await waitFor(async () => (await sim<{ messages: ChannelEntry[] }>(`/sim/messages?to=${encodeURIComponent(chat.address)}&since=${since}&direction=out`)).messages, {
        what: `notify.verified on ${channel} (see test/artifacts/logs/n8n.log)`,
        until: (ms) => ms.some((m) => (m.body.message?.text ?? '').includes(ticket)),
        show: (ms) => ms.map((m) => m.body.message?.text),
      });
      const notice = told.find((m) => (m.body.message?.text ?? '').includes(ticket))!;
      expect(notice.body.message!.text).toContain('layak ditindaklanjuti');
      expect(notice).toMatchObject({ phone_number_id: expect.stringMatching(channel === 'messenger' ? /^fb:\d+$/ : /^ig:\d+$/), body: { messaging_type: 'RESPONSE', recipient: { id: String(chat.userId) } } });
    });
  }

  it('refuses a webhook with a bad or missing signature (401) and stores nothing; a replay is stored and answered once', async () => {
    const chat = new ChannelChat('messenger', newUser());
    for (const signature of ['invalid', 'missing'] as const) {
      const r = await sim<{ webhookStatus: number }>('/sim/messenger/inbound', { from: chat.userId, text: 'Halo palsu', signature });
      expect(r.webhookStatus, signature).toBe(401);
    }
    expect(await storedIn(chat.address)).toEqual([]);

    await chat.say('Halo');
    const since = await lastSeq();
    const again = await sim<{ webhookStatus: number }>('/sim/messenger/replay', { id: chat.lastInbound.id });
    expect(again.webhookStatus).toBe(200);
    const late = await sim<{ messages: ChannelEntry[] }>(`/sim/wait?to=${encodeURIComponent(chat.address)}&since=${since}&direction=out&timeout=5000`);
    expect(late.messages).toEqual([]);
    expect(await storedIn(chat.address)).toHaveLength(1);

    // Our own message coming back as an echo is answered 200 and never handled.
    const echo = await sim<{ webhookStatus: number }>('/sim/messenger/inbound', { from: chat.userId, text: 'gema', echo: true });
    expect(echo.webhookStatus).toBe(200);
    const quiet = await sim<{ messages: ChannelEntry[] }>(`/sim/wait?to=${encodeURIComponent(chat.address)}&since=${await lastSeq()}&direction=out&timeout=3000`);
    expect(quiet.messages).toEqual([]);
    expect(await storedIn(chat.address)).toHaveLength(1);
  });

  it('answers Meta\'s verification handshake on the Messenger webhook', async () => {
    const ok = await fetch(`${env('KANAL_N8N_URL')}/webhook/messenger?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(env('WA_VERIFY_TOKEN'))}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${env('KANAL_N8N_URL')}/webhook/messenger?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });
});
