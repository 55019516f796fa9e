import { describe, expect, it } from 'vitest';
import {
  GraphError,
  OutboundMessage,
  SendMessageResponse,
  buttonMessage,
  imageMessage,
  listMessage,
  markAsRead,
  replyCallbackData,
  replyRowOfCallback,
  sendRefusedForGood,
  templateMessage,
  textMessage,
} from './outbound.ts';

const TO = '6281234567890';

describe('OutboundMessage', () => {
  it('accepts the message kinds the bot sends', () => {
    const bodies = [
      textMessage(TO, 'Terima kasih, laporan Anda sudah kami terima.', 'wamid.IN1'),
      buttonMessage(TO, 'Kirim laporan ini?', [
        { id: 'yes', title: 'Ya, kirim' },
        { id: 'edit', title: 'Ubah' },
        { id: 'cancel', title: 'Batal' },
      ]),
      listMessage(TO, 'Pilih kategori laporan', 'Pilih kategori', [
        { title: 'Infrastruktur', rows: [{ id: 'cat_JALAN', title: 'Jalan & Jembatan', description: 'Jalan rusak' }] },
      ]),
      templateMessage(TO, 'status_update', 'id', ['ADU-2611-00042', 'Sedang Ditindaklanjuti']),
      { messaging_product: 'whatsapp', to: TO, type: 'image', image: { id: '123', caption: 'Bukti' } },
      { messaging_product: 'whatsapp', to: TO, type: 'document', document: { link: 'https://example.org/a.pdf', filename: 'a.pdf' } },
      markAsRead('wamid.IN1'),
    ];
    for (const b of bodies) expect(OutboundMessage.safeParse(b).success, JSON.stringify(b)).toBe(true);
  });

  it('builds the documented text body', () => {
    expect(textMessage(TO, 'Halo')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { body: 'Halo', preview_url: false },
    });
  });

  it('enforces Meta limits', () => {
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    expect(() => buttonMessage(TO, 'x', four)).toThrow();
    expect(() => buttonMessage(TO, 'x', [{ id: 'a', title: 'Judul tombol yang terlalu panjang' }])).toThrow();
    const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Baris ${i}` }));
    expect(() => listMessage(TO, 'x', 'Pilih', [{ rows: eleven.slice(0, 6) }, { rows: eleven.slice(6) }])).toThrow(
      /at most 10 rows/,
    );
    expect(() => listMessage(TO, 'x', 'Pilih', [{ rows: eleven.slice(0, 10) }])).not.toThrow();
    expect(() => textMessage(TO, '')).toThrow();
    expect(() => textMessage(TO, 'a'.repeat(4097))).toThrow();
    expect(OutboundMessage.safeParse({ messaging_product: 'whatsapp', to: TO, type: 'image', image: {} }).success).toBe(false);
    expect(OutboundMessage.safeParse({ messaging_product: 'whatsapp', to: TO, type: 'sticker', sticker: { id: '1' } }).success).toBe(false);
  });
});

describe('responses', () => {
  it('parses a send response and a Graph error', () => {
    expect(
      SendMessageResponse.parse({
        messaging_product: 'whatsapp',
        contacts: [{ input: '+6281234567890', wa_id: TO }],
        messages: [{ id: 'wamid.OUT1' }],
      }).messages[0]?.id,
    ).toBe('wamid.OUT1');
    const err = GraphError.parse({
      error: {
        message: '(#131047) Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed' },
        fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      },
    });
    expect(err.error.code).toBe(131047);
    expect(GraphError.safeParse({ error: { message: 'x' } }).success).toBe(false);
  });
});

describe('imageMessage', () => {
  it('sends an uploaded photo by media id with an optional caption', () => {
    expect(imageMessage(TO, '1234567890123456', 'Lubang sudah ditambal')).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'image',
      image: { id: '1234567890123456', caption: 'Lubang sudah ditambal' },
    });
    expect(imageMessage(TO, '1234567890123456', '  ')).toMatchObject({ image: { id: '1234567890123456' } });
    expect((imageMessage(TO, '1', null) as { image: Record<string, unknown> }).image).not.toHaveProperty('caption');
  });

  it("cuts a caption longer than Meta's 1024 characters instead of failing the send", () => {
    const { image } = imageMessage(TO, '1', 'a'.repeat(2000)) as { image: { caption: string } };
    expect(image.caption).toHaveLength(1024);
    expect(image.caption.endsWith('…')).toBe(true);
  });

  it('refuses an empty media id', () => {
    expect(() => imageMessage(TO, '')).toThrow();
  });
});

describe('sendRefusedForGood', () => {
  it('gives up what Meta will refuse again: outside the window, undeliverable, a bad parameter, a template error', () => {
    for (const code of [131047, 131026, 100, 131008, 131009, 132001, 131051]) expect(sendRefusedForGood({ httpStatus: 400, code }), String(code)).toBe(true);
    expect(sendRefusedForGood({ httpStatus: 404, code: undefined })).toBe(true);
  });

  it('tries again what clears by itself or by an admin: rate limits, passing faults, 5xx, no answer, token or permission', () => {
    for (const code of [130429, 131048, 131056, 80007, 4, 131000, 131016]) expect(sendRefusedForGood({ httpStatus: 400, code }), String(code)).toBe(false);
    for (const httpStatus of [0, 429, 500, 503, 401, 403]) expect(sendRefusedForGood({ httpStatus, code: 190 }), String(httpStatus)).toBe(false);
    expect(sendRefusedForGood({})).toBe(false);
    expect(sendRefusedForGood({ httpStatus: null, code: null })).toBe(false);
  });
});

describe('replyCallbackData', () => {
  it('names the reply row in a form only our own rows match', () => {
    const id = '0b7c1a3e-5f2d-4c8b-9a6e-1d2f3a4b5c6d';
    expect(replyRowOfCallback(replyCallbackData(id))).toBe(id);
    for (const other of [undefined, null, 42, '', 'kanal-reply:', `kanal-reply:${id}x`, `x-kanal-reply:${id}`, 'campaign-7', `kanal-reply:${id.toUpperCase()}`]) {
      expect(replyRowOfCallback(other), String(other)).toBeNull();
    }
  });
});
