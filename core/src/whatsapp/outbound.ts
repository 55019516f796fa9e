import { z } from 'zod';
import { templateParameterProblem, templateParameterText } from './template-parameter.ts';

// Bodies of POST /{phone-number-id}/messages and its answers.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
// Length limits are Meta's; checking them here turns a Graph API 400 at send
// time into a clear error where the message is built.

const Recipient = {
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  // A phone number (`to`) or, for a user known only by username, the
  // business-scoped user id (`recipient`); Meta uses `to` when both are given.
  // https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
  to: z.string().min(1).optional(),
  recipient: z.string().min(1).optional(),
  // Reply to a specific inbound message (shows as a quote in the chat).
  context: z.object({ message_id: z.string() }).optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
};

const addressed = (m: { to?: string | undefined; recipient?: string | undefined }) => Boolean(m.to ?? m.recipient);
const ADDRESS_PROBLEM = { message: "needs 'to' (phone number) or 'recipient' (business-scoped user id)" };

/** `{to}` for a wa_id or phone number, `{recipient}` for a business-scoped user id ("ID.1234…"). */
export function addressFields(address: string): { to: string } | { recipient: string } {
  return /^\+?\d+$/.test(address) ? { to: address } : { recipient: address };
}

/** Whom a send goes to: its `to`, else its `recipient`. */
export function addressOf(m: { to?: string | undefined; recipient?: string | undefined }): string {
  return m.to ?? m.recipient ?? '';
}

/** Meta's limit on a text message's body, in characters. */
export const WA_TEXT_MAX = 4096;

export const OutboundText = z.object({
  ...Recipient,
  type: z.literal('text'),
  text: z.object({ body: z.string().min(1).max(WA_TEXT_MAX), preview_url: z.boolean().optional() }),
}).refine(addressed, ADDRESS_PROBLEM);

const TextHeader = z.object({ type: z.literal('text'), text: z.string().min(1).max(60) });
const Footer = z.object({ text: z.string().min(1).max(60) });
const InteractiveBody = z.object({ text: z.string().min(1).max(1024) });

export const InteractiveButtons = z.object({
  type: z.literal('button'),
  header: TextHeader.optional(),
  body: InteractiveBody,
  footer: Footer.optional(),
  action: z.object({
    buttons: z
      .array(
        z.object({
          type: z.literal('reply'),
          reply: z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }),
        }),
      )
      .min(1)
      .max(3),
  }),
});

export const InteractiveList = z.object({
  type: z.literal('list'),
  header: TextHeader.optional(),
  body: z.object({ text: z.string().min(1).max(4096) }),
  footer: Footer.optional(),
  action: z.object({
    button: z.string().min(1).max(20),
    sections: z
      .array(
        z.object({
          title: z.string().max(24).optional(),
          rows: z
            .array(
              z.object({
                id: z.string().min(1).max(200),
                title: z.string().min(1).max(24),
                description: z.string().max(72).optional(),
              }),
            )
            .min(1),
        }),
      )
      .min(1)
      .max(10)
      .refine((sections) => sections.reduce((n, s) => n + s.rows.length, 0) <= 10, 'a list has at most 10 rows in total'),
  }),
});

export const OutboundInteractive = z.object({
  ...Recipient,
  type: z.literal('interactive'),
  interactive: z.discriminatedUnion('type', [InteractiveButtons, InteractiveList]),
}).refine(addressed, ADDRESS_PROBLEM);

const MediaRef = z.union([z.object({ id: z.string().min(1) }), z.object({ link: z.url() })]);

const TemplateParameter = z.union([
  z.object({
    type: z.literal('text'),
    // Meta's rule for template parameters (template-parameter.ts): the simulator refuses what Meta would.
    text: z.string().superRefine((text, ctx) => {
      const problem = templateParameterProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `Parameter template ${problem}.` });
    }),
    parameter_name: z.string().optional(),
  }),
  z.object({ type: z.literal('payload'), payload: z.string() }),
  z.object({ type: z.literal('image'), image: MediaRef }),
  z.object({ type: z.literal('document'), document: z.intersection(MediaRef, z.object({ filename: z.string().optional() })) }),
]);

// Approved templates are the only way to write to a citizen outside the 24 h
// customer-service window.
export const OutboundTemplate = z.object({
  ...Recipient,
  type: z.literal('template'),
  template: z.object({
    name: z.string().min(1),
    language: z.object({ code: z.string().min(2), policy: z.literal('deterministic').optional() }),
    components: z
      .array(
        z.object({
          type: z.enum(['header', 'body', 'button']),
          sub_type: z.enum(['quick_reply', 'url']).optional(),
          index: z.union([z.string(), z.number()]).optional(),
          parameters: z.array(TemplateParameter),
        }),
      )
      .optional(),
  }),
}).refine(addressed, ADDRESS_PROBLEM);

export const OutboundImage = z.object({
  ...Recipient,
  type: z.literal('image'),
  image: z.intersection(MediaRef, z.object({ caption: z.string().max(1024).optional() })),
}).refine(addressed, ADDRESS_PROBLEM);

export const OutboundDocument = z.object({
  ...Recipient,
  type: z.literal('document'),
  document: z.intersection(
    MediaRef,
    z.object({ caption: z.string().max(1024).optional(), filename: z.string().optional() }),
  ),
}).refine(addressed, ADDRESS_PROBLEM);

export const SendMessage = z.discriminatedUnion('type', [
  OutboundText,
  OutboundInteractive,
  OutboundTemplate,
  OutboundImage,
  OutboundDocument,
]);
export type SendMessage = z.infer<typeof SendMessage>;

// Marks an inbound message read (blue ticks); same endpoint, no `to`.
export const MarkAsRead = z.object({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string().min(1),
  typing_indicator: z.object({ type: z.literal('text') }).optional(),
});
export type MarkAsRead = z.infer<typeof MarkAsRead>;

export const OutboundMessage = z.union([SendMessage, MarkAsRead]);
export type OutboundMessage = z.infer<typeof OutboundMessage>;

export const SendMessageResponse = z.object({
  messaging_product: z.literal('whatsapp'),
  // wa_id for a send to a phone number, user_id for one to a business-scoped user id.
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string().optional(), user_id: z.string().optional() })),
  messages: z.array(z.object({ id: z.string(), message_status: z.string().optional() })),
});
export type SendMessageResponse = z.infer<typeof SendMessageResponse>;

export const MarkAsReadResponse = z.object({ success: z.boolean() });
export type MarkAsReadResponse = z.infer<typeof MarkAsReadResponse>;

// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
export const GraphError = z.object({
  error: z.looseObject({
    message: z.string(),
    type: z.string(),
    code: z.number(),
    error_subcode: z.number().optional(),
    error_data: z.looseObject({ messaging_product: z.string().optional(), details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphError = z.infer<typeof GraphError>;

/** Graph API error codes the adapters act on. */
export const GRAPH_ERROR_CODES = {
  /** Re-engagement: more than 24 h since the citizen last wrote; use a template. */
  REENGAGEMENT: 131047,
  /** Message type unknown / unsupported (inbound). */
  UNSUPPORTED: 131051,
  /** Recipient not on WhatsApp or not reachable. */
  UNDELIVERABLE: 131026,
  /** Template does not exist in the language. */
  TEMPLATE_MISSING: 132001,
  RATE_LIMIT: 130429,
} as const;

/**
 * Graph API codes that clear by themselves, even though Meta answers them with a
 * 4xx: throughput and rate limits (4, 80007, 130429, 131048 spam rate, 131056
 * pair rate), "something went wrong" (1, 2, 131000) and "service unavailable"
 * (131016). https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */
const PASSING_CODES: ReadonlySet<number> = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056]);

/**
 * Whether a send Meta refused will be refused again whatever we wait: a 4xx
 * that is not a rate limit or a passing fault (131047 outside the 24-hour
 * window, 131026 undeliverable, 100/131008/131009 a bad parameter, template
 * errors…). Such a reply is given up and shown as failed, not retried for a
 * day. Network failures (no status), 429, 5xx, and 401/403 (a token or
 * permission an admin can fix) are worth trying again.
 */
export function sendRefusedForGood(failure: { httpStatus?: number | null; code?: number | null }): boolean {
  const status = failure.httpStatus ?? 0;
  if (status < 400 || status >= 500 || status === 401 || status === 403 || status === 429) return false;
  return !(failure.code !== null && failure.code !== undefined && PASSING_CODES.has(failure.code));
}

const REPLY_CALLBACK = /^kanal-reply:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The `biz_opaque_callback_data` a bot reply is sent with: its row in the
 * message log. Meta puts it in every status of the message, so the first
 * "sent" status finds the row even when the sender died between Meta's
 * answer and recording the wamid, and the reply is not sent a second time.
 */
export function replyCallbackData(rowId: string): string {
  return `kanal-reply:${rowId}`;
}

/** The reply row a status's `biz_opaque_callback_data` names, or null (another sender's data, or none). */
export function replyRowOfCallback(data: unknown): string | null {
  return typeof data === 'string' ? (REPLY_CALLBACK.exec(data)?.[1] ?? null) : null;
}

/** Convenience builders: adapters state intent, the schemas check limits. */
export function textMessage(to: string, body: string, replyTo?: string): SendMessage {
  return OutboundText.parse({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...addressFields(to),
    type: 'text',
    text: { body, preview_url: false },
    ...(replyTo ? { context: { message_id: replyTo } } : {}),
  });
}

export function buttonMessage(
  to: string,
  body: string,
  buttons: ReadonlyArray<{ id: string; title: string }>,
  opts: { header?: string; footer?: string } = {},
): SendMessage {
  return interactiveMessage(to, 'button', body, { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) }, opts);
}

export function listMessage(
  to: string,
  body: string,
  button: string,
  sections: ReadonlyArray<{ title?: string; rows: ReadonlyArray<{ id: string; title: string; description?: string }> }>,
  opts: { header?: string; footer?: string } = {},
): SendMessage {
  return interactiveMessage(to, 'list', body, { button, sections }, opts);
}

/** The envelope both interactive kinds share; the schema checks the action against the kind. */
function interactiveMessage(to: string, type: 'button' | 'list', body: string, action: unknown, opts: { header?: string; footer?: string }): SendMessage {
  return OutboundInteractive.parse({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...addressFields(to),
    type: 'interactive',
    interactive: {
      type,
      ...(opts.header ? { header: { type: 'text', text: opts.header } } : {}),
      body: { text: body },
      ...(opts.footer ? { footer: { text: opts.footer } } : {}),
      action,
    },
  });
}

/** An approved template; body parameters are folded to what Meta accepts (templateParameterText). */
export function templateMessage(
  to: string,
  name: string,
  languageCode: string,
  bodyParams: readonly string[] = [],
): SendMessage {
  return OutboundTemplate.parse({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...addressFields(to),
    type: 'template',
    template: {
      name,
      language: { code: languageCode },
      ...(bodyParams.length
        ? { components: [{ type: 'body', parameters: bodyParams.map((text) => ({ type: 'text', text: templateParameterText(text) })) }] }
        : {}),
    },
  });
}

/**
 * A photo already uploaded to the Cloud API (POST /{phone-number-id}/media answers its id);
 * the caption is optional and at most 1024 characters, cut with an ellipsis rather than refused.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages#media-object
 */
export function imageMessage(to: string, mediaId: string, caption?: string | null): SendMessage {
  const text = caption?.trim() ?? '';
  return OutboundImage.parse({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...addressFields(to),
    type: 'image',
    image: { id: mediaId, ...(text ? { caption: text.length > 1024 ? `${text.slice(0, 1023)}…` : text } : {}) },
  });
}

export function markAsRead(messageId: string): MarkAsRead {
  return { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
}
