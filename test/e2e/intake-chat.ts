// A citizen chatting with the bot straight through the bundle's intake endpoint,
// the call n8n's intake flow makes for each WhatsApp message (no n8n, no simulator):
// for a Directus started alone. The bot's replies come back in the answer.
import { replyAsText, type SendMessage } from '@kanal-aduan/core';
import { expect } from 'vitest';
import { optionsOf, type BotChat } from './sim-chat.ts';

type Answer = { data?: { replies: Array<{ message: SendMessage }> }; errors?: unknown };

export class IntakeChat implements BotChat {
  lines: string[] = [];
  last: Array<{ body: SendMessage }> = [];
  private n = 0;

  /** `token`: the n8n service account's (KANAL_SERVICE_TOKEN), the only one the endpoint serves. */
  constructor(
    readonly url: string,
    readonly token: string,
    readonly waId: string,
    readonly name = 'Budi',
  ) {}

  /** Sends one message as Meta delivers it (`part`: its type's own object) and keeps the bot's replies. */
  async send(type: string, part: Record<string, unknown>, label: string): Promise<void> {
    this.n += 1;
    const message = { from: this.waId, id: `wamid.intake${Date.now()}${this.n}`, timestamp: String(Math.floor(Date.now() / 1000)), type, ...part };
    const res = await fetch(`${this.url}/kanal-aduan/intake/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ message, sender: this.waId, contact: { wa_id: this.waId, name: this.name }, holder: 'test:intake-chat' }),
    });
    const body = (await res.json()) as Answer;
    expect(res.status, `"${label}": ${JSON.stringify(body)}`).toBe(200);
    this.lines.push(`👤 ${label}`);
    this.last = (body.data?.replies ?? []).map((r) => ({ body: r.message }));
    for (const e of this.last) this.lines.push(`🤖 ${replyAsText(e.body).replace(/\n/g, '\n   ')}`);
  }

  say(text: string): Promise<void> {
    return this.send('text', { text: { body: text } }, text);
  }

  tap(title: string): Promise<void> {
    for (const e of [...this.last].reverse()) {
      const found = optionsOf(e.body).find((o) => o.title === title);
      if (!found) continue;
      const reply = { id: found.id, title };
      const interactive = found.kind === 'button' ? { type: 'button_reply', button_reply: reply } : { type: 'list_reply', list_reply: reply };
      return this.send('interactive', { interactive }, `[${title}]`);
    }
    throw new Error(`no option "${title}" in the bot's last answer:\n${this.transcript()}`);
  }

  location(latitude: number, longitude: number, name?: string): Promise<void> {
    return this.send('location', { location: { latitude, longitude, ...(name ? { name } : {}) } }, `(membagikan lokasi 📍 ${name ?? ''})`.trim());
  }

  texts(): string[] {
    return this.last.map((e) => replyAsText(e.body));
  }

  transcript(): string {
    return this.lines.join('\n');
  }
}
