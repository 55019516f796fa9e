/**
 * Builds webhook bodies shaped like Meta's WhatsApp Cloud API notifications.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
 */
export type Business = {
  /** WhatsApp Business Account id: `entry[].id`. */
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
};

export type WebhookValue = {
  contacts?: Array<{ profile: { name: string; username?: string }; wa_id?: string; user_id?: string }>;
  messages?: Array<Record<string, unknown>>;
  statuses?: Array<Record<string, unknown>>;
  errors?: Array<Record<string, unknown>>;
};

export type WebhookBody = {
  object: 'whatsapp_business_account';
  entry: Array<{
    id: string;
    changes: Array<{
      field: 'messages';
      value: {
        messaging_product: 'whatsapp';
        metadata: { display_phone_number: string; phone_number_id: string };
      } & WebhookValue;
    }>;
  }>;
};

export function webhookBody(business: Business, value: WebhookValue): WebhookBody {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: business.displayPhoneNumber,
                phone_number_id: business.phoneNumberId,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** Unix seconds as a string, the way Meta sends timestamps. */
export function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

export type OutboundStatus = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * One `statuses[]` entry for a message the business sent. `conversation` and
 * `pricing` are what Meta attaches to sent/delivered for a service conversation.
 */
export function statusEntry(opts: {
  wamid: string;
  recipientId: string;
  status: OutboundStatus;
  at: Date;
  conversationId: string;
  category: 'service' | 'utility' | 'marketing' | 'authentication';
  /** The send's biz_opaque_callback_data, which Meta puts in each of the message's statuses. */
  callbackData?: string;
}): Record<string, unknown> {
  const conversation: Record<string, unknown> = {
    id: opts.conversationId,
    origin: { type: opts.category },
  };
  if (opts.status === 'sent') {
    conversation.expiration_timestamp = unixSeconds(new Date(opts.at.getTime() + 24 * 3600_000));
  }
  return {
    id: opts.wamid,
    status: opts.status,
    timestamp: unixSeconds(opts.at),
    // A send to a business-scoped user id (username user) reports it as recipient_user_id, without a phone number.
    ...(/^\d+$/.test(opts.recipientId) ? { recipient_id: opts.recipientId } : { recipient_user_id: opts.recipientId }),
    ...(opts.callbackData !== undefined ? { biz_opaque_callback_data: opts.callbackData } : {}),
    conversation,
    pricing: { billable: true, pricing_model: 'PMP', category: opts.category },
  };
}
