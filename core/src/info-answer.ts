import { parseCommand, words } from './conversation/intents.ts';

// Tunda (needs_info): the verifikator asked the citizen a question on
// WhatsApp (notify.needs_info). The citizen's next free-text message is the
// answer: it is attached to the report as a `citizen_message` update and the
// report goes back to the verifikator (needs_info -> received, "provide_info").
// Commands (menu, batal, cek …), button taps and bare greetings ("halo",
// "selamat pagi") are not answers and go to the normal conversation.

// A message made only of these words greets; it answers nothing.
const GREETING = new Set([
  'halo', 'hallo', 'helo', 'hello', 'hai', 'hi', 'hey', 'p', 'ping', 'tes', 'test', 'selamat', 'pagi', 'siang', 'sore', 'malam',
  'assalamualaikum', 'assalamu', 'alaikum', 'alaykum', 'salam', 'permisi', 'min', 'admin', 'kak', 'pak', 'bu', 'mas', 'mbak', 'bang',
  'wr', 'wb', 'good', 'morning', 'afternoon', 'evening',
]);

/** A short message that only greets ("Halo", "selamat pagi min"). */
export function isGreeting(text: string): boolean {
  const ws = words(text);
  return ws.length > 0 && ws.length <= 5 && ws.every((w) => GREETING.has(w));
}

/** The answer text, or null when the message is not an answer to a pending question. */
export function infoAnswer(message: { text?: string | null; replyId?: string | null }, ticketPrefix = 'ADU'): string | null {
  if (message.replyId) return null;
  const text = message.text?.trim() ?? '';
  if (text.length < 2) return null;
  if (parseCommand(text, ticketPrefix)) return null;
  if (isGreeting(text)) return null;
  return text;
}

// Conversation steps in which the citizen is not writing a report (a greeting leaves the bot at the menu).
const NOT_WRITING = new Set(['idle', 'menu']);

/**
 * Whether a free-text message answers the question rather than continuing a
 * report the citizen is writing: yes when the bot is idle or showing the menu,
 * or when the question was asked after the citizen's last message (their
 * draft, if any, predates it).
 */
export function answersPendingQuestion(
  conversation: { state: string | null; last_inbound_at: string | null } | null,
  askedAt: string | null,
): boolean {
  if (!conversation || !conversation.state || NOT_WRITING.has(conversation.state)) return true;
  const asked = askedAt ? new Date(askedAt).getTime() : Number.NaN;
  const wrote = conversation.last_inbound_at ? new Date(conversation.last_inbound_at).getTime() : Number.NaN;
  if (Number.isNaN(asked) || Number.isNaN(wrote)) return true;
  return asked >= wrote;
}

/** What answering does to the report (PATCH as the n8n service account; the hook checks the move). */
export const INFO_ANSWER_PATCH = { status: 'received', status_note: 'Pelapor sudah mengirim keterangan tambahan.' } as const;
