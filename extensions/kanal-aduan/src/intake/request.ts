import { ACCOUNT_KEY_PATTERN, CHAT_ADDRESS_PATTERN, ConversationLimits, InboundMessage, senderAddress } from '@kanal-aduan/core';
import { z } from 'zod';
import { KanalInvalidPayloadError } from '../shared/errors.ts';

// The two requests of the intake endpoint, parsed at the edge (zod), refused
// with a 400 that says in Indonesian what is wrong.

const Address = z.string().min(1).max(64).regex(CHAT_ADDRESS_PATTERN, 'pengirim harus wa_id (angka), user id WhatsApp (mis. "ID.123…"), id Telegram ("tg:123…") atau id Messenger/Instagram ("fb:…" / "ig:…").');

/** Messages per /intake/batch call (the n8n node sends bigger runs in chunks). */
export const MAX_HANDLE_BATCH = 50;

export const HandleMessageBody = z.object({
  /** One `messages[]` entry of Meta's webhook, as the WhatsApp trigger passes it on. */
  message: InboundMessage,
  /** The trigger's sender (wa_id, else the business-scoped user id). */
  sender: Address.nullish(),
  contact: z.looseObject({ wa_id: z.string().optional(), user_id: z.string().optional(), name: z.string().nullish(), username: z.string().nullish() }).nullish(),
  limits: ConversationLimits.partial().nullish(),
  /**
   * The account written to: a WhatsApp business number (webhook metadata.phone_number_id), or a
   * Telegram bot, Facebook Page or Instagram account (`tg:`/`fb:`/`ig:` + id). It picks the report's
   * desk and the account replies go out from.
   */
  phone_number_id: z.string().regex(ACCOUNT_KEY_PATTERN, 'phone_number_id harus angka dari metadata webhook, atau tg:/fb:/ig: diikuti ID akun.').nullish(),
  /** Who will send the replies (the n8n execution); it owns them for a while. */
  holder: z.string().min(1).max(80),
});
export type HandleMessageBody = z.infer<typeof HandleMessageBody>;

/** The messages of one webhook (or of several, batched by the trigger), stored before n8n answers Meta. */
export const StoreInboundBody = z.object({
  messages: z
    .array(
      z.object({
        message: InboundMessage,
        sender: Address.nullish(),
        contact: HandleMessageBody.shape.contact,
        phone_number_id: HandleMessageBody.shape.phone_number_id,
      }),
    )
    .min(1)
    .max(200),
});
export type StoreInboundBody = z.infer<typeof StoreInboundBody>;

/** The messages one n8n execution handles together (the trigger starts one run for a burst of webhooks). */
export const HandleBatchBody = z.object({
  messages: StoreInboundBody.shape.messages.max(MAX_HANDLE_BATCH),
  limits: HandleMessageBody.shape.limits,
  holder: HandleMessageBody.shape.holder,
});
export type HandleBatchBody = z.infer<typeof HandleBatchBody>;

/** One redrive pass. */
export const RedriveBody = z.object({
  /** Who will send the replies (the n8n execution of the pass). */
  holder: z.string().min(1).max(80),
  limits: ConversationLimits.partial().nullish(),
  /** Citizens taken per pass (the oldest overdue first); the next pass takes the rest. */
  maxCitizens: z.number().int().min(1).max(200).default(50),
});
export type RedriveBody = z.infer<typeof RedriveBody>;

export const RecordSentBody = z.object({
  replies: z
    .array(
      z.object({
        /** The reply row the handle answer named. */
        id: z.string().uuid('id balasan harus uuid baris wa_messages dari jawaban /intake/messages.'),
        /** Meta's id of the sent message. */
        wamid: z.string().min(1).max(255),
        /** The body as sent (it may differ from the queued one, e.g. a template fallback). */
        message: z.record(z.string(), z.unknown()).nullish(),
      }),
    )
    .max(200)
    .default([]),
  media: z
    .array(
      z.object({
        /** The complaint_media row the handle answer named. */
        id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]),
        /** The Directus file the attachment was copied into. */
        file: z.string().uuid('file harus id berkas Directus (uuid).'),
      }),
    )
    .max(200)
    .default([]),
  /** Replies Meta refused for good (core's sendRefusedForGood): given up, shown as failed, never sent again. */
  failed: z
    .array(
      z.object({
        id: z.string().uuid('id balasan harus uuid baris wa_messages dari jawaban /intake/messages.'),
        error: z.string().max(1000),
        code: z.number().int().nullish(),
        httpStatus: z.number().int().nullish(),
      }),
    )
    .max(200)
    .default([]),
  /** Replies the send failed for now (Graph API 5xx, 429, a network error): released, so the next redrive pass sends them. */
  retry: z
    .array(z.object({ id: z.string().uuid('id balasan harus uuid baris wa_messages dari jawaban /intake/messages.') }))
    .max(200)
    .default([]),
});
export type RecordSentBody = z.infer<typeof RecordSentBody>;

/** One zod issue in Indonesian (our own messages already are; zod's defaults are English). */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.') || '(isi)';
  if (issue.path[0] === 'message' && issue.path.length <= 1) return `${where}: bukan satu pesan dari webhook Meta (entri messages[] dengan id, timestamp dan type)`;
  if (issue.code === 'custom' || issue.code === 'invalid_format') return `${where}: ${issue.message}`;
  if (issue.code === 'invalid_type') return `${where}: harus ${issue.expected}${issue.input === undefined ? ' (tidak ada)' : ''}`;
  if (issue.code === 'too_small') return `${where}: terlalu pendek atau kosong`;
  if (issue.code === 'too_big') return `${where}: terlalu panjang atau terlalu banyak`;
  return `${where}: ${issue.message}`;
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string, expected: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map(issueText).join('; ');
    throw new KanalInvalidPayloadError({ reason: `Isi permintaan ${what} tidak sah (diharapkan ${expected}): ${issues}` });
  }
  return parsed.data;
}

/** The address to answer: the trigger's sender, else what the message and contact say. */
export function senderOf(body: Pick<HandleMessageBody, 'message' | 'sender' | 'contact'>): string | null {
  return body.sender || senderAddress(body.message, (body.contact ?? undefined) as never) || null;
}
