// A person chatting with the real bot on another channel (Telegram, Facebook
// Messenger, Instagram) through the simulator: what the bot sent there (Bot API
// or Send API calls) is read back as the WhatsApp-shaped replies the other e2e
// helpers understand (inline keyboards and quick replies → reply buttons), so
// fileThroughBot-style steps drive these chats as they drive a WhatsApp one.
import { replyAsText, type SendMessage } from '@kanal-aduan/core';
import { expect } from 'vitest';
import { directus, sim } from './helpers.ts';
import { optionsOf, type BotChat } from './sim-chat.ts';

/** A Bot API call (Telegram) or a Send API body (Messenger/Instagram) the simulator logged. */
export type ChannelSent = {
  chat_id?: number;
  text?: string;
  caption?: string;
  reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>>; keyboard?: unknown };
  recipient?: { id: string };
  messaging_type?: string;
  tag?: string;
  message?: { text?: string; quick_replies?: Array<{ content_type: string; title: string; payload: string }> };
};
export type ChannelEntry = { seq: number; id: string; direction: 'in' | 'out'; wa_id: string; type: string; body: ChannelSent; phone_number_id?: string };

/** The channel's call as the WhatsApp message it stands for: text, or reply buttons for its keyboard or quick replies. */
export function asWhatsApp(sent: ChannelSent, to: string): SendMessage {
  const text = sent.text ?? sent.caption ?? sent.message?.text ?? '';
  const buttons = [
    ...(sent.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [{ id: b.callback_data, title: b.text }] : [])),
    ...(sent.message?.quick_replies ?? []).map((q) => ({ id: q.payload, title: q.title })),
  ];
  if (!buttons.length) return { messaging_product: 'whatsapp', to, type: 'text', text: { body: text } } as SendMessage;
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'interactive',
    interactive: { type: 'button', body: { text }, action: { buttons: buttons.map((b) => ({ type: 'reply', reply: b })) } },
  } as unknown as SendMessage;
}

type Channel = 'telegram' | 'messenger' | 'instagram';

/** Without a sign that the bot is done with a turn, it is when it has been quiet this long (a step may send several replies). */
const QUIET_MS = 1_500;

/**
 * Whether the bot is done with everything this person wrote: no message of theirs still waiting to
 * be handled, and no reply logged for them still waiting to be sent (the intake logs each reply
 * before sending it, with no status, and the flow records it sent afterwards). These channels have
 * no read receipt to wait for, unlike WhatsApp.
 */
async function turnDone(address: string): Promise<boolean> {
  const filter = { _and: [{ wa_id: { _eq: address } }, { _or: [{ _and: [{ direction: { _eq: 'in' } }, { status: { _eq: 'received' } }] }, { _and: [{ direction: { _eq: 'out' } }, { status: { _null: true } }] }] }] };
  const r = await directus<{ data: Array<{ count: { id: number | string } }> }>(`/items/wa_messages?aggregate[count]=id&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  return r.status === 200 && Number(r.body.data[0]?.count.id) === 0;
}
const PREFIX: Record<Channel, string> = { telegram: 'tg', messenger: 'fb', instagram: 'ig' };

export class ChannelChat implements BotChat {
  lines: string[] = [];
  last: Array<Omit<ChannelEntry, 'body'> & { body: SendMessage; sent: ChannelSent }> = [];
  /** What the simulator answered for the latest message (update_id / id, for a replay). */
  lastInbound: { update_id?: number; id?: string } = {};

  constructor(
    readonly channel: Channel,
    readonly userId: number | string,
    readonly name = 'Warga',
    /** The account written to, when not the region's own: a desk's bot id (Telegram) or Page / Instagram account id. */
    readonly account?: string,
  ) {}

  get address(): string {
    return `${PREFIX[this.channel]}:${this.userId}`;
  }

  /** The simulator's request for the person's action, in the channel's own terms. */
  private inbound(part: { text?: string; tap?: string; location?: { latitude: number; longitude: number }; photo?: { caption?: string } }): [string, Record<string, unknown>] {
    if (this.channel === 'telegram') {
      const body: Record<string, unknown> = { from: this.userId, name: this.name, ...(this.account ? { bot: this.account } : {}) };
      if (part.text !== undefined) body['text'] = part.text;
      if (part.tap !== undefined) body['callback_data'] = part.tap;
      if (part.location) body['location'] = part.location;
      if (part.photo) body['photo'] = part.photo;
      return ['/sim/telegram/inbound', body];
    }
    const body: Record<string, unknown> = { channel: this.channel, from: String(this.userId), ...(this.account ? { page: this.account } : {}) };
    if (part.text !== undefined) body['text'] = part.text;
    if (part.tap !== undefined) body['quick_reply'] = part.tap;
    if (part.photo) {
      body['image'] = true;
      if (part.photo.caption) body['text'] = part.photo.caption;
    }
    if (part.location) body['text'] = `lokasi ${part.location.latitude}, ${part.location.longitude}`;
    return ['/sim/messenger/inbound', body];
  }

  async send(part: Parameters<ChannelChat['inbound']>[0], label: string, opts: { expectReply?: boolean } = {}): Promise<void> {
    const { lastSeq } = await sim<{ lastSeq: number }>(`/sim/messages?direction=all`);
    const [path, body] = this.inbound(part);
    const r = await sim<{ webhookStatus: number; update_id?: number; id?: string }>(path, body);
    expect(r.webhookStatus, `${this.channel} webhook for "${label}"`).toBe(200);
    this.lastInbound = { ...(r.update_id !== undefined ? { update_id: r.update_id } : {}), ...(r.id !== undefined ? { id: r.id } : {}) };
    this.lines.push(`👤 ${label}`);
    const out: ChannelEntry[] = [];
    const to = encodeURIComponent(this.address);
    let cursor = lastSeq;
    let quiet = 0;
    let timeout = opts.expectReply === false ? QUIET_MS : 30_000;
    for (;;) {
      const w = await sim<{ messages: ChannelEntry[]; timedOut: boolean }>(`/sim/wait?to=${to}&since=${cursor}&direction=out&timeout=${timeout}`);
      if (w.timedOut || w.messages.length === 0) {
        if (out.length === 0) break;
        quiet += timeout;
        if (quiet >= QUIET_MS) break;
        if (await turnDone(this.address)) {
          // A reply logged between the last wait and the check is still this turn's.
          out.push(...(await sim<{ messages: ChannelEntry[] }>(`/sim/messages?to=${to}&since=${cursor}&direction=out`)).messages);
          break;
        }
      } else {
        out.push(...w.messages);
        cursor = w.messages.at(-1)!.seq;
        quiet = 0;
      }
      timeout = out.length === 0 ? QUIET_MS : 250;
    }
    if (opts.expectReply !== false) expect(out.length, `the bot did not answer ${this.address} on ${this.channel} within 30 s (see test/artifacts/logs/n8n.log)`).toBeGreaterThan(0);
    this.last = out.map((e) => ({ ...e, sent: e.body, body: asWhatsApp(e.body, this.address) }));
    for (const e of this.last) this.lines.push(`🤖 ${replyAsText(e.body).replace(/\n/g, '\n   ')}`);
  }

  say(text: string): Promise<void> {
    return this.send({ text }, text);
  }

  tap(title: string): Promise<void> {
    for (const e of [...this.last].reverse()) {
      const found = optionsOf(e.body).find((o) => o.title === title);
      if (found) return this.send({ tap: found.id }, `[${title}]`);
    }
    throw new Error(`no button "${title}" in the bot's last ${this.channel} answer: ${JSON.stringify(this.last.map((e) => e.sent))}`);
  }

  location(latitude: number, longitude: number): Promise<void> {
    return this.send({ location: { latitude, longitude } }, '(membagikan lokasi 📍)');
  }

  photo(caption?: string): Promise<void> {
    return this.send({ photo: caption ? { caption } : {} }, `(mengirim foto${caption ? `: ${caption}` : ''})`);
  }

  texts(): string[] {
    return this.last.map((e) => replyAsText(e.body));
  }

  transcript(): string {
    return this.lines.join('\n');
  }
}
