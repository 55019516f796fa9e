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
