import type { SendMessage } from '../whatsapp/outbound.ts';

/**
 * A bot reply as plain text, buttons as [Title] and list rows as "- Title":
 * for transcripts, logs and tests.
 */
export function replyAsText(m: SendMessage): string {
  switch (m.type) {
    case 'text':
      return m.text.body;
    case 'interactive': {
      const i = m.interactive;
      if (i.type === 'button') return `${i.body.text}\n${i.action.buttons.map((b) => `[${b.reply.title}]`).join(' ')}`;
      const rows = i.action.sections.flatMap((s) => s.rows).map((r) => `  - ${r.title}${r.description ? ` (${r.description})` : ''}`);
      return `${i.body.text}\n<${i.action.button}>\n${rows.join('\n')}`;
    }
    case 'template':
      return `(template ${m.template.name})`;
    default:
      return `(${m.type})`;
  }
}
