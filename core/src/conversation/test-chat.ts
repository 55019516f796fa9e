import type { SendMessage } from '../whatsapp/outbound.ts';
import type { InboundMessage } from '../whatsapp/webhook.ts';
import { conversationStep, reportReceivedReply } from './conversation-step.ts';
import { OKI_REGIONS, SEED_CATEGORIES, SEED_TEMPLATES } from './fixtures.ts';
import { replyAsText } from './reply-as-text.ts';
import type { ConversationState, StepContext, StepResult } from './types.ts';

// A tiny chat driver for the tests: a citizen sends messages, taps buttons by
// their title, and the conversation row is carried from step to step like the
// adapter does.

export const WA_ID = '6281234567890';
let seq = 0;
const base = () => ({ from: WA_ID, id: `wamid.test.${++seq}`, timestamp: '1795000000' });

export const msg = {
  text: (body: string): InboundMessage => ({ ...base(), type: 'text', text: { body } }),
  button: (id: string, title = id): InboundMessage => ({
    ...base(),
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id, title } },
  }),
  row: (id: string, title = id): InboundMessage => ({
    ...base(),
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id, title } },
  }),
  location: (latitude: number, longitude: number, name?: string): InboundMessage => ({
    ...base(),
    type: 'location',
    location: { latitude, longitude, ...(name ? { name } : {}) },
  }),
  media: (kind: 'image' | 'video' | 'audio' | 'document', caption?: string): InboundMessage =>
    ({
      ...base(),
      type: kind,
      [kind]: { id: `media.${seq}`, mime_type: { image: 'image/jpeg', video: 'video/mp4', audio: 'audio/ogg; codecs=opus', document: 'application/pdf' }[kind], ...(caption ? { caption } : {}) },
    }) as InboundMessage,
  raw: (m: Record<string, unknown>): InboundMessage => ({ ...base(), ...m }) as InboundMessage,
};

export function context(over: Partial<StepContext> = {}): StepContext {
  return {
    now: new Date('2026-11-24T02:00:00Z'),
    instance_name: 'Lapor Bupati OKI',
    categories: SEED_CATEGORIES,
    regions: OKI_REGIONS,
    templates: SEED_TEMPLATES,
    ...over,
  };
}

export class Chat {
  state: ConversationState | null = null;
  now = new Date('2026-11-24T02:00:00Z');
  last: StepResult | null = null;
  sent = 0;
  lines: string[] = [];
  reports: StepResult['effects'] = [];

  constructor(
    private over: Partial<StepContext> = {},
    private name: string | null = 'Siti',
    /** The citizen's address: a wa_id, or `tg:<id>` for a Telegram user. */
    readonly address: string = WA_ID,
  ) {}

  send(m: InboundMessage, label?: string): StepResult {
    this.sent++;
    const r = conversationStep(this.state, { wa_id: this.address, name: this.name, message: m }, context({ ...this.over, now: this.now }));
    this.state = r.state;
    this.last = r;
    this.now = new Date(this.now.getTime() + 40_000);
    this.lines.push(`👤 ${label ?? describe(m)}`);
    for (const reply of r.replies) this.lines.push(`🤖 ${replyAsText(reply).replace(/\n/g, '\n   ')}`);
    for (const e of r.effects) {
      if (e.kind !== 'create_report') continue;
      this.reports.push(e);
      // What the adapter does next: store it, then thank the citizen with the ticket.
      const reply = reportReceivedReply(this.address, 'ADU-2611-00042', { templates: SEED_TEMPLATES, instance_name: 'Lapor Bupati OKI', locale: e.report.locale, name: this.name });
      this.lines.push(`🤖 ${replyAsText(reply).replace(/\n/g, '\n   ')}`);
    }
    return r;
  }

  say(text: string): StepResult {
    return this.send(msg.text(text));
  }

  /** Taps the button or list row with this title in the latest reply that has it. */
  tap(title: string): StepResult {
    for (const reply of [...(this.last?.replies ?? [])].reverse()) {
      const found = options(reply).find((o) => o.title === title);
      if (found) return this.send(found.kind === 'button' ? msg.button(found.id, title) : msg.row(found.id, title), `[${title}]`);
    }
    throw new Error(`no option "${title}" in ${JSON.stringify(this.last?.replies.map(options))}`);
  }

  texts(): string[] {
    return (this.last?.replies ?? []).map(replyAsText);
  }

  transcript(): string {
    return this.lines.join('\n');
  }
}

export function options(reply: SendMessage): Array<{ id: string; title: string; kind: 'button' | 'row' }> {
  if (reply.type !== 'interactive') return [];
  const i = reply.interactive;
  if (i.type === 'button') return i.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title, kind: 'button' as const }));
  return i.action.sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title, kind: 'row' as const })));
}

function describe(m: InboundMessage): string {
  switch (m.type) {
    case 'text':
      return (m as { text: { body: string } }).text.body;
    case 'location':
      return '(shares location 📍)';
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
      return `(sends ${m.type})`;
    default:
      return `(${m.type})`;
  }
}
