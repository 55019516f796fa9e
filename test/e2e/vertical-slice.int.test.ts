// The wiring proof of the foundation issue: a citizen's signed WhatsApp text goes
// simulator -> n8n (our trigger + nodes) -> Directus (our hook gives the ticket),
// and the simulator receives the bot's reply carrying that ticket.
import { findTicket } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { directus, env, metaWebhook, postWebhook, sim, uniqueWaId } from './helpers.ts';
import { SimChat } from './sim-chat.ts';

type SimEntry = { seq: number; direction: 'in' | 'out'; wa_id: string; type: string; body: { text?: { body: string } } };
type Complaint = { id: number; ticket: string; status: string; channel: string; description: string; type: string; reporter: { wa_id: string; phone: string } };

async function replyTo(waId: string, since: number): Promise<SimEntry> {
  const r = await sim<{ messages: SimEntry[] }>(`/sim/wait?to=${waId}&since=${since}&direction=out&timeout=30000`);
  expect(r.messages, `the bot did not answer ${waId} within 30 s (see test/artifacts/logs/n8n.log)`).not.toHaveLength(0);
  return r.messages[0]!;
}

async function complaintsOf(waId: string): Promise<Complaint[]> {
  const q = new URLSearchParams({
    'filter[reporter][wa_id][_eq]': waId,
    fields: 'id,ticket,status,channel,description,type,reporter.wa_id,reporter.phone',
  });
  return (await directus<{ data: Complaint[] }>(`/items/complaints?${q}`)).body.data;
}

describe('vertical slice: WhatsApp text -> report with ticket -> reply', () => {
  it('creates the report in Directus and replies with its ticket number', async () => {
    // The bot asks for what a report still lacks before filing it. A first
    // message that names the problem and the kelurahan leaves only the attachments,
    // the secrecy choice and the confirmation, so this stays a short wiring proof.
    const waId = uniqueWaId();
    const text = 'Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung, sudah dua minggu, bahaya untuk motor.';
    const chat = new SimChat(waId, 'Budi');
    await chat.say(text);
    await chat.tap('Lewati');
    await chat.tap('Tidak perlu');
    expect(chat.texts().join('\n')).toContain('Mohon periksa laporan Anda');
    await chat.tap('Kirim');
    const reply = chat.last.at(-1)!;
    const ticket = findTicket(reply.body.type === 'text' ? reply.body.text.body : '');
    expect(ticket, `reply without a ticket: ${JSON.stringify(reply.body)}`).toMatch(/^ADU-\d{4}-\d{5}$/);
    expect(reply.body.type === 'text' && reply.body.text.body).toContain('Budi');

    const rows = await complaintsOf(waId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ticket, status: 'received', channel: 'whatsapp', type: 'pengaduan', description: text });
    expect(rows[0]!.reporter).toEqual({ wa_id: waId, phone: `+${waId}` });

    // Both directions are logged (the outbound row is written right after the send,
    // so it may land a moment after the simulator saw the reply): 4 messages in, 4 answers out.
    await expect
      .poll(
        async () =>
          (await directus<{ data: { direction: string }[] }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}&fields=direction&limit=-1`)).body.data
            .map((m) => m.direction)
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(['in', 'in', 'in', 'in', 'out', 'out', 'out', 'out']);
  });

  it('a webhook delivered twice (Meta retries) creates one report and one reply', async () => {
    const waId = uniqueWaId();
    // The bot's answer to the final "Kirim" is the ticket; Meta delivering that "Kirim" again must not file it twice.
    const chat = new SimChat(waId, 'Siti');
    await chat.say('Sampah menumpuk di pinggir jalan dekat SD Negeri 1 kelurahan Sukadana, Kayu Agung, bau sekali.');
    await chat.tap('Lewati');
    await chat.tap('Tidak perlu');
    const before = await sim<{ lastSeq: number }>('/sim/messages?direction=all');
    const send = await sim<{ wamid: string }>('/sim/inbound', { from: waId, name: 'Siti', button_reply: { id: 'sum:send', title: 'Kirim' } });
    await replyTo(waId, before.lastSeq);
    const again = await sim<{ webhookStatus: number }>('/sim/replay', { wamid: send.wamid });
    expect(again.webhookStatus).toBe(200);
    // Give n8n time to (not) act on the retry, then count.
    const late = await sim<{ messages: SimEntry[] }>(`/sim/wait?to=${waId}&since=${before.lastSeq + 2}&direction=out&timeout=5000`);
    expect(late.messages).toHaveLength(0);
    expect(await complaintsOf(waId)).toHaveLength(1);
  });

  it('refuses a webhook with a bad signature (401) and stores nothing', async () => {
    const waId = uniqueWaId();
    const raw = JSON.stringify(
      metaWebhook({
        contacts: [{ wa_id: waId, profile: { name: 'Palsu' } }],
        messages: [{ from: waId, id: `wamid.forged${Date.now()}`, timestamp: '1700000000', type: 'text', text: { body: 'laporan palsu' } }],
      }),
    );
    expect((await postWebhook(raw, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect((await postWebhook(raw, null)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await complaintsOf(waId)).toHaveLength(0);
  });

  it('answers Meta’s webhook verification handshake', async () => {
    const url = `${env('KANAL_N8N_URL')}/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(env('WA_VERIFY_TOKEN'))}&hub.challenge=1158201444`;
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(url.replace(/hub\.verify_token=[^&]+/, 'hub.verify_token=salah'));
    expect(wrong.status).toBe(403);
  });
});
