import { parseCommand } from './conversation/intents.ts';

// Tunda (needs_info): the verifikator asked the citizen a question on
// WhatsApp (notify.needs_info). The citizen's next free-text message is the
// answer: it is attached to the report as a `citizen_message` update and the
// report goes back to the verifikator (needs_info -> received, "provide_info").
// Commands (menu, batal, cek …) and button taps are not answers and go to the
// normal conversation.

/** The answer text, or null when the message is not an answer to a pending question. */
export function infoAnswer(message: { text?: string | null; replyId?: string | null }, ticketPrefix = 'ADU'): string | null {
  if (message.replyId) return null;
  const text = message.text?.trim() ?? '';
  if (text.length < 2) return null;
  if (parseCommand(text, ticketPrefix)) return null;
  return text;
}

/** What answering does to the report (PATCH as the n8n service account; the hook checks the move). */
export const INFO_ANSWER_PATCH = { status: 'received', status_note: 'Pelapor sudah mengirim keterangan tambahan.' } as const;
