import { messageMedia, replyId, type InboundMessage } from '../whatsapp/webhook.ts';
import type { DraftMedia } from './types.ts';

// What the two answers that come before the conversation read from a message:
// the satisfaction answer (parseSatisfaction) and the answer to a verifikator's
// question (infoAnswer). Kept here so the intake adapter only passes them on.

export interface AnswerInputs {
  /** Id of the button or list row tapped, '' when none. */
  replyId: string;
  /**
   * Typed text for the satisfaction answer: '' when it is a bare number, because
   * "1" … "5" typed alone are menu choices of the conversation, not ratings.
   */
  satisfactionText: string;
  /** Typed text (or the attachment's caption) for the verifikator's question. */
  infoText: string;
  /** The photo, video, voice note or document the message carries, as the report stores it. */
  attachment: DraftMedia | null;
}

export function answerInputs(message: InboundMessage): AnswerInputs {
  const typed = message.type === 'text' ? String((message as { text?: { body?: unknown } }).text?.body ?? '') : '';
  const media = messageMedia(message);
  const attachment: DraftMedia | null = media
    ? { wa_media_id: media.id, kind: media.kind, mime_type: media.mime_type ?? null, caption: media.caption ?? null }
    : null;
  return {
    replyId: replyId(message) ?? '',
    satisfactionText: /^\s*\d+\s*$/.test(typed) ? '' : typed,
    infoText: typed.trim() || attachment?.caption || '',
    attachment,
  };
}
