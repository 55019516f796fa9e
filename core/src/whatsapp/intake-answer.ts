import type { InboundHandling } from './inbound-handling.ts';
import type { SendMessage } from './outbound.ts';

// The answers of the intake endpoint (Directus POST /kanal-aduan/intake/messages,
// /intake/inbound and /intake/redrive) to the n8n nodes: one wire shape each, declared once here so the endpoint
// that writes it and the node that reads it cannot drift apart. Types only:
// Directus builds the answer itself, so n8n trusts it without parsing.

/** A reply the execution should send now. */
export interface ReplyToSend {
  /** The waiting wa_messages row; report it with the wamid after sending. */
  id: string;
  to: string;
  type: string;
  message: SendMessage;
  /** The business number (Meta phone_number_id) to send from: the one the citizen wrote to; absent: the default number. */
  from?: string | null;
}

/** An attachment of a new report (or of an answer to a verifikator) still to be copied from WhatsApp. */
export interface MediaToStore {
  /** complaint_media row, linked to the file once copied. */
  id: string | number;
  wa_media_id: string;
  complaint: number;
  ticket: string | null;
  /** Position among the report's attachments (file names: ADU-…-1.jpg). */
  index: number;
  mime_type: string | null;
  /** The account the message came to (`tg:<bot id>` of a desk's Telegram bot), whose API holds the file; none: the main one. */
  from?: string | null;
}

export interface HandleAnswer {
  wamid: string;
  /** The message was handled before this call (a retry or a redelivery). */
  duplicate: boolean;
  handling: InboundHandling['kind'];
  /** Whether it was a chat turn of the citizen (n8n marks those read at Meta). */
  converse: boolean;
  /**
   * The replies this execution sends, in the order the citizen wrote: those of
   * every message this call handled (other executions' messages pending with
   * it included), or, for a message handled before, its replies nobody sends.
   */
  replies: ReplyToSend[];
  /** Attachments to copy, of the reports this call created. */
  media: MediaToStore[];
  complaintId: number | null;
  ticket: string | null;
  state: string | null;
  effects: string[];
  error: string | null;
  /** Messages of this citizen handled by this call (the asked one and others pending with it). */
  handled: number;
}

/** What the WhatsApp trigger stored before answering Meta (POST /kanal-aduan/intake/inbound). */
export interface StoreAnswer {
  stored: number;
  /** Already in the log (Meta redelivering, or stored by an earlier attempt). */
  duplicates: number;
}

/** One redrive pass (POST /kanal-aduan/intake/redrive). */
export interface RedriveAnswer {
  /** Citizens with overdue work found (at most the pass's maximum). */
  citizens: number;
  /** Overdue messages handled now. */
  handled: number;
  /** Replies this pass must send, per citizen in the order their messages were sent. */
  replies: ReplyToSend[];
  media: MediaToStore[];
}
