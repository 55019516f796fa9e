// Realistic webhook notifications, shaped like the examples in
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
// Shared by the tests here; other packages may import them from this path for
// their own tests (not part of the public index).

export const PHONE_NUMBER_ID = '100000000000001';
export const CITIZEN_WA_ID = '6281234567890';

export function notification(value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '200000000000002',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '6281100000001', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export function inbound(message: Record<string, unknown>, name = 'Siti Aminah'): Record<string, unknown> {
  return notification({
    contacts: [{ profile: { name }, wa_id: CITIZEN_WA_ID }],
    messages: [{ from: CITIZEN_WA_ID, id: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMEY0', timestamp: '1795500000', ...message }],
  });
}

export const textFixture = inbound({ type: 'text', text: { body: 'Jalan di depan SD Negeri 2 Kayuagung berlubang besar' } });

export const buttonReplyFixture = inbound({
  type: 'interactive',
  context: { from: '6281100000001', id: 'wamid.OUT1' },
  interactive: { type: 'button_reply', button_reply: { id: 'confirm_yes', title: 'Ya, kirim' } },
});

export const listReplyFixture = inbound({
  type: 'interactive',
  context: { from: '6281100000001', id: 'wamid.OUT2' },
  interactive: {
    type: 'list_reply',
    list_reply: { id: 'cat_JALAN', title: 'Jalan & Jembatan', description: 'Jalan rusak, jembatan, drainase' },
  },
});

export const locationFixture = inbound({
  type: 'location',
  location: { latitude: -3.3946, longitude: 104.8311, name: 'Kayuagung', address: 'Jl. Letnan Mukhtar Saleh' },
});

export const imageFixture = inbound({
  type: 'image',
  image: {
    caption: 'Ini fotonya pak',
    mime_type: 'image/jpeg',
    sha256: 'Q2hlY2tzdW0=',
    id: '1234567890123456',
  },
});

export const stickerFixture = inbound({
  type: 'sticker',
  sticker: { mime_type: 'image/webp', sha256: 'c2hh', id: '998877665544', animated: false },
});

export const unknownTypeFixture = inbound({
  type: 'order',
  order: { catalog_id: '1', product_items: [{ product_retailer_id: 'x', quantity: 1 }] },
});

export const unsupportedFixture = inbound({
  type: 'unsupported',
  errors: [
    {
      code: 131051,
      title: 'Message type unknown',
      message: 'Message type unknown',
      error_data: { details: 'Message type is currently not supported.' },
    },
  ],
});

export const deliveredFixture = notification({
  statuses: [
    {
      id: 'wamid.OUT1',
      status: 'delivered',
      timestamp: '1795500100',
      recipient_id: CITIZEN_WA_ID,
      conversation: { id: 'conv1', origin: { type: 'service' } },
      pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
    },
  ],
});

export const failedFixture = notification({
  statuses: [
    {
      id: 'wamid.OUT3',
      status: 'failed',
      timestamp: '1795600000',
      recipient_id: CITIZEN_WA_ID,
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ],
    },
  ],
});

// ——— the other kinds Meta sends on the `messages` field ———
// Shapes from https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/<kind>

export const NEW_WA_ID = '6281399998888';
export const BSUID = 'ID.1502576394655843';

export const reactionFixture = inbound({ type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '👍' } });

/** A removed reaction: Meta leaves the emoji out. */
export const reactionRemovedFixture = inbound({ type: 'reaction', reaction: { message_id: 'wamid.OUT1' } });

export const requestWelcomeFixture = inbound({ type: 'request_welcome' });

/** A number change: no contacts array; `system.wa_id` is the new id. */
export const numberChangedFixture = notification({
  messages: [
    {
      from: CITIZEN_WA_ID,
      id: 'wamid.SYS1',
      timestamp: '1795500200',
      type: 'system',
      system: {
        body: `User Siti Aminah changed from ${CITIZEN_WA_ID} to ${NEW_WA_ID}`,
        wa_id: NEW_WA_ID,
        type: 'user_changed_number',
        user_id: 'ID.2222222222222222',
        previous_user_id: BSUID,
      },
    },
  ],
});

/** The older spelling: customer_changed_number with new_wa_id. */
export const customerChangedNumberFixture = notification({
  messages: [
    {
      from: CITIZEN_WA_ID,
      id: 'wamid.SYS2',
      timestamp: '1795500200',
      type: 'system',
      system: { body: 'changed', new_wa_id: NEW_WA_ID, type: 'customer_changed_number' },
    },
  ],
});

export const editFixture = inbound({
  id: 'wamid.EDIT1',
  type: 'edit',
  edit: {
    original_message_id: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMEY0',
    message: { type: 'text', text: { body: 'Jalan di depan SD Negeri 3 Kayuagung berlubang besar' } },
  },
});

export const editCaptionFixture = inbound({
  id: 'wamid.EDIT2',
  type: 'edit',
  edit: { original_message_id: 'wamid.IMG1', message: { type: 'image', image: { id: '1234567890123456', caption: 'Foto yang benar' } } },
});

export const revokeFixture = inbound({
  id: 'wamid.REVOKE1',
  type: 'revoke',
  revoke: { original_message_id: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMEY0' },
});

export const groupFixture = inbound({ group_id: 'Y2FwaV9ncm91cDoxNTU1MDc4Mzg4MToxMjAzNjMw', type: 'text', text: { body: 'Jalan di desa kami rusak' } });

/** A username user: no phone number anywhere, only the business-scoped user id. */
export const usernameOnlyFixture = notification({
  contacts: [{ profile: { name: 'Siti', username: '@siti.oki' }, user_id: BSUID }],
  messages: [{ from_user_id: BSUID, id: 'wamid.BSUID1', timestamp: '1795500300', type: 'text', text: { body: 'Halo' } }],
});

/** value-level error: pair rate limit hit. */
export const valueErrorFixture = notification({
  errors: [
    {
      code: 131056,
      title: '(Business Account, Consumer Account) pair rate limit hit',
      message: '(Business Account, Consumer Account) pair rate limit hit',
      error_data: { details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
    },
  ],
});
