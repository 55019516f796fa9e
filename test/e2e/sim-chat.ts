// A citizen chatting with the real bot through the WA simulator: send a
// message, wait until the bot has finished answering, tap a button or list row
// by its title. Keeps a transcript in the same shape as core's test chat.
import { findTicket, replyAsText, type SendMessage } from '@kanal-aduan/core';
import { expect } from 'vitest';
import { sim } from './helpers.ts';

export type SimEntry = { seq: number; id: string; direction: 'in' | 'out'; wa_id: string; type: string; body: SendMessage; phone_number_id?: string };

/** A tiny valid JPEG-ish payload is not needed: the simulator stores whatever bytes it is given. */
export const PHOTO_BASE64 = Buffer.from('kanal-aduan e2e photo bytes').toString('base64');

export function optionsOf(reply: SendMessage): Array<{ id: string; title: string; kind: 'button' | 'row' }> {
  if (reply.type !== 'interactive') return [];
  const i = reply.interactive;
  if (i.type === 'button') return i.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title, kind: 'button' as const }));
  return i.action.sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title, kind: 'row' as const })));
}

export class SimChat {
  sent = 0;
  lines: string[] = [];
  /** The bot's answers to the latest message. */
  last: SimEntry[] = [];
  /** Every answer of the bot in this chat. */
  all: SimEntry[] = [];
  /** wamid of the citizen's latest message (to react to, edit or delete it). */
  lastWamid = '';

  constructor(
    readonly waId: string,
    readonly name = 'Budi',
    /** The business number written to (an intake desk's own number); default the simulator's first. */
    readonly toPhoneNumberId?: string,
  ) {}

  /** Sends one inbound message and returns every reply the bot made to it. */
  async send(part: Record<string, unknown>, label: string, opts: { expectReply?: boolean } = {}): Promise<SimEntry[]> {
    const { lastSeq } = await sim<{ lastSeq: number }>(`/sim/messages?direction=all`);
    const to = this.toPhoneNumberId ? { to_phone_number_id: this.toPhoneNumberId } : {};
    const r = await sim<{ webhookStatus: number; wamid: string }>('/sim/inbound', { from: this.waId, name: this.name, ...to, ...part });
    expect(r.webhookStatus, `webhook for "${label}"`).toBe(200);
    this.lastWamid = r.wamid;
    this.sent++;
    this.lines.push(`👤 ${label}`);
    this.last = await this.collect(lastSeq, opts.expectReply ?? true, 1_500, r.wamid);
    this.all.push(...this.last);
    for (const e of this.last) this.lines.push(`🤖 ${replyAsText(e.body).replace(/\n/g, '\n   ')}`);
    return this.last;
  }

  /**
   * Waits for the first reply, then until the bot is done with the message: it marks the citizen's
   * message read after sending and recording every reply of it (intake flow: send → record → mark
   * read), so once `inbound` is read nothing more of this turn is coming. Without that signal (no
   * inbound wamid, a turn the bot does not mark read) it waits until the bot has been quiet for a
   * moment, as a step may send several replies.
   */
  async collect(since: number, expectReply = true, quietMs = 1_500, inbound?: string): Promise<SimEntry[]> {
    const out: SimEntry[] = [];
    let cursor = since;
    let quiet = 0;
    const slice = inbound ? 250 : quietMs;
    let timeout = expectReply ? 30_000 : quietMs;
    for (;;) {
      const r = await sim<{ messages: SimEntry[]; timedOut: boolean }>(
        `/sim/wait?to=${this.waId}&since=${cursor}&direction=out&timeout=${timeout}`,
      );
      if (r.timedOut || r.messages.length === 0) {
        if (out.length === 0 || !inbound) break;
        quiet += timeout;
        if (quiet >= quietMs) break;
        if (await this.markedRead(inbound)) {
          // A reply logged between the last wait and the read receipt is still this turn's.
          out.push(...(await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${this.waId}&since=${cursor}&direction=out`)).messages);
          break;
        }
      } else {
        out.push(...r.messages);
        cursor = r.messages.at(-1)!.seq;
        quiet = 0;
      }
      timeout = out.length === 0 ? quietMs : slice;
    }
    if (expectReply) expect(out.length, `the bot did not answer ${this.waId} within 30 s (see test/artifacts/logs/n8n.log)`).toBeGreaterThan(0);
    return out;
  }

  private async markedRead(wamid: string): Promise<boolean> {
    return (await sim<{ reads: unknown[] }>(`/sim/reads?message_id=${encodeURIComponent(wamid)}`)).reads.length > 0;
  }

  say(text: string): Promise<SimEntry[]> {
    return this.send({ text }, text);
  }

  /** Taps the button or list row with this title in the bot's latest answers. */
  tap(title: string): Promise<SimEntry[]> {
    for (const e of [...this.last].reverse()) {
      const found = optionsOf(e.body).find((o) => o.title === title);
      if (!found) continue;
      const reply = { id: found.id, title };
      return this.send(found.kind === 'button' ? { button_reply: reply } : { list_reply: reply }, `[${title}]`);
    }
    throw new Error(`no option "${title}" in the bot's last answer: ${JSON.stringify(this.last.map((e) => optionsOf(e.body)))}`);
  }

  location(latitude: number, longitude: number, name?: string): Promise<SimEntry[]> {
    return this.send({ type: 'location', location: { latitude, longitude, ...(name ? { name } : {}) } }, `(membagikan lokasi 📍 ${name ?? ''})`.trim());
  }

  photo(caption?: string): Promise<SimEntry[]> {
    return this.send(
      { type: 'image', media: { mime_type: 'image/jpeg', bytes_base64: PHOTO_BASE64, ...(caption ? { caption } : {}) } },
      `(mengirim foto${caption ? `: ${caption}` : ''})`,
    );
  }

  /** Text of the bot's latest answers, one string per message. */
  texts(): string[] {
    return this.last.map((e) => replyAsText(e.body));
  }

  transcript(): string {
    return this.lines.join('\n');
  }
}

/** What fileThroughBot needs of a chat: the simulator's (SimChat) or the intake endpoint's (intake-chat.ts). */
export type BotChat = {
  last: Array<{ body: SendMessage }>;
  say(text: string): Promise<unknown>;
  tap(title: string): Promise<unknown>;
  location(latitude: number, longitude: number, name?: string): Promise<unknown>;
  photo?(caption?: string): Promise<unknown>;
  texts(): string[];
  transcript(): string;
};

/**
 * Files a road report through the bot: greets, picks "Lapor pengaduan", tells
 * `story`, answers whatever the bot asks (category, a pin at `pin`, optional
 * steps skipped, identity kept secret only when `opts.confidential`) until the
 * summary, sends it; returns the ticket.
 */
export async function fileThroughBot(
  chat: BotChat,
  story: string,
  pin = { latitude: -3.3937, longitude: 104.8321, name: 'Simpang Jua-jua' },
  /** `photo`: send one photo with this caption when the bot asks for photos. */
  opts: { confidential?: boolean; photo?: string } = {},
): Promise<string> {
  await chat.say('Halo');
  await chat.tap('Lapor pengaduan');
  await chat.say(story);
  let photoSent = false;
  for (let i = 0; i < 12; i++) {
    const titles = chat.last.flatMap((e) => optionsOf(e.body).map((o) => o.title));
    const said = chat.texts().join('\n');
    if (titles.includes('Kirim')) {
      await chat.tap('Kirim');
      const ticket = findTicket(chat.texts().join('\n'));
      expect(ticket, chat.transcript()).toBeTruthy();
      if (opts.photo !== undefined) expect(photoSent, `the bot never asked for photos:\n${chat.transcript()}`).toBe(true);
      return ticket!;
    }
    if (opts.confidential && titles.includes('Ya, rahasiakan')) await chat.tap('Ya, rahasiakan');
    else if (opts.photo !== undefined && chat.photo && !photoSent && /foto/i.test(said)) {
      photoSent = true;
      await chat.photo(opts.photo);
    } else if (photoSent && titles.includes('Selesai')) await chat.tap('Selesai');
    else if (titles.includes('Tidak perlu')) await chat.tap('Tidak perlu');
    else if (titles.includes('Lewati')) await chat.tap('Lewati');
    else if (titles.includes('Ya, benar')) await chat.tap('Ya, benar');
    else if (titles.includes('Jalan dan Jembatan')) await chat.tap('Jalan dan Jembatan');
    else if (/lokasi/i.test(said)) await chat.location(pin.latitude, pin.longitude, pin.name);
    else throw new Error(`unexpected step:\n${chat.transcript()}`);
  }
  throw new Error(`no summary:\n${chat.transcript()}`);
}

