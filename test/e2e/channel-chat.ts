// A person chatting with the real bot on Telegram through the simulator: what
// the bot sent (Bot API calls) is read back as the WhatsApp-shaped replies the
// other e2e helpers understand (inline keyboard buttons → reply buttons), so
// fileThroughBot drives a Telegram chat the same way it drives a WhatsApp one.
import { replyAsText, type SendMessage } from '@kanal-aduan/core';
import { expect } from 'vitest';
import { sim } from './helpers.ts';
import { optionsOf, type BotChat } from './sim-chat.ts';

/** A Bot API call the simulator logged (sendMessage, sendPhoto…). */
export type TelegramSent = { chat_id: number; text?: string; caption?: string; reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>>; keyboard?: unknown } };
export type TelegramEntry = { seq: number; id: string; direction: 'in' | 'out'; wa_id: string; type: string; body: TelegramSent; phone_number_id?: string };

/** The Bot API call as the WhatsApp message it stands for: text, or reply buttons for an inline keyboard. */
export function asWhatsApp(sent: TelegramSent): SendMessage {
  const text = sent.text ?? sent.caption ?? '';
  const buttons = (sent.reply_markup?.inline_keyboard ?? []).flat().filter((b) => b.callback_data);
  if (!buttons.length) return { messaging_product: 'whatsapp', to: String(sent.chat_id), type: 'text', text: { body: text } } as SendMessage;
  return {
    messaging_product: 'whatsapp',
    to: String(sent.chat_id),
    type: 'interactive',
    interactive: { type: 'button', body: { text }, action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.callback_data!, title: b.text } })) } },
  } as unknown as SendMessage;
}

export class TelegramChat implements BotChat {
  lines: string[] = [];
  last: Array<Omit<TelegramEntry, 'body'> & { body: SendMessage; sent: TelegramSent }> = [];
  lastUpdateId = 0;

  constructor(
    readonly userId: number,
    readonly name = 'Warga Telegram',
  ) {}

  get address(): string {
    return `tg:${this.userId}`;
  }

  async send(part: Record<string, unknown>, label: string, opts: { expectReply?: boolean } = {}): Promise<void> {
    const { lastSeq } = await sim<{ lastSeq: number }>(`/sim/messages?direction=all`);
    const r = await sim<{ webhookStatus: number; update_id: number }>('/sim/telegram/inbound', { from: this.userId, name: this.name, ...part });
    expect(r.webhookStatus, `Telegram webhook for "${label}"`).toBe(200);
    this.lastUpdateId = r.update_id;
    this.lines.push(`👤 ${label}`);
    const out: TelegramEntry[] = [];
    let cursor = lastSeq;
    let timeout = opts.expectReply === false ? 1_500 : 30_000;
    for (;;) {
      const w = await sim<{ messages: TelegramEntry[]; timedOut: boolean }>(`/sim/wait?to=${encodeURIComponent(this.address)}&since=${cursor}&direction=out&timeout=${timeout}`);
      if (w.timedOut || w.messages.length === 0) break;
      out.push(...w.messages);
      cursor = w.messages.at(-1)!.seq;
      timeout = 1_500;
    }
    if (opts.expectReply !== false) expect(out.length, `the bot did not answer ${this.address} on Telegram within 30 s (see test/artifacts/logs/n8n.log)`).toBeGreaterThan(0);
    this.last = out.map((e) => ({ ...e, sent: e.body, body: asWhatsApp(e.body) }));
    for (const e of this.last) this.lines.push(`🤖 ${replyAsText(e.body).replace(/\n/g, '\n   ')}`);
  }

  say(text: string): Promise<void> {
    return this.send({ text }, text);
  }

  tap(title: string): Promise<void> {
    for (const e of [...this.last].reverse()) {
      const found = optionsOf(e.body).find((o) => o.title === title);
      if (found) return this.send({ callback_data: found.id }, `[${title}]`);
    }
    throw new Error(`no button "${title}" in the bot's last Telegram answer: ${JSON.stringify(this.last.map((e) => e.sent))}`);
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
