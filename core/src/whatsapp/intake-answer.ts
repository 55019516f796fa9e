import type { InboundHandling } from './inbound-handling.ts';
import type { SendMessage } from './outbound.ts';

// The answer of the intake endpoint (Directus POST /kanal-aduan/intake/messages)
// to the n8n intake node: one wire shape, declared once here so the endpoint
// that writes it and the node that reads it cannot drift apart. Types only:
// Directus builds the answer itself, so n8n trusts it without parsing.

/** A reply the execution should send now. */
export interface ReplyToSend {
  /** The waiting wa_messages row; report it with the wamid after sending. */
  id: string;
  to: string;
  type: string;
  message: SendMessage;
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
}

export interface HandleAnswer {
  wamid: string;
  /** The message was handled before this call (a retry or a redelivery). */
  duplicate: boolean;
  handling: InboundHandling['kind'];
  /** Whether it was a chat turn of the citizen (n8n marks those read at Meta). */
  converse: boolean;
  replies: ReplyToSend[];
  media: MediaToStore[];
  complaintId: number | null;
  ticket: string | null;
  state: string | null;
  effects: string[];
  error: string | null;
  /** Messages of this citizen handled by this call (the asked one and earlier pending ones). */
  handled: number;
}
