import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { buttonMessage, imageMessage, listMessage, templateMessage, textMessage } from '../whatsapp/outbound.ts';
import { MessengerSendable, messengerRefusedForGood, messengerRequests, messengerSentId } from './outbound.ts';

const FB = 'fb:2462519940456789';
const IG = 'ig:17841400000000001';
const RESPONSE = { messaging_type: 'RESPONSE' } as const;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isDomainError(error)).toBe(true);
    return (error as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe('messengerRequests', () => {
  it('text → one Send API body to the PSID with the delivery', () => {
    expect(messengerRequests(textMessage(FB, 'Laporan Anda sudah kami terima.'), RESPONSE)).toEqual([
      { recipient: { id: '2462519940456789' }, messaging_type: 'RESPONSE', message: { text: 'Laporan Anda sudah kami terima.' } },
    ]);
    expect(messengerRequests(textMessage(IG, 'Tindak lanjut'), { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).toEqual([
      { recipient: { id: '17841400000000001' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Tindak lanjut' } },
    ]);
  });

  it('a text over 2000 characters (Messenger) or 1000 bytes (Instagram) is cut with an ellipsis', () => {
    const [r] = messengerRequests(textMessage(FB, 'a'.repeat(2500)), RESPONSE);
    const text = r!.message.text as string;
    expect(text).toHaveLength(2000);
    expect(text.endsWith('…')).toBe(true);
    // 600 two-byte letters: 1200 bytes, too long for Instagram; never split inside a letter.
    const ig = messengerRequests(textMessage(IG, 'é'.repeat(600)), RESPONSE)[0]!.message.text as string;
    expect(Buffer.byteLength(ig, 'utf8')).toBeLessThanOrEqual(1000);
    expect(ig).toBe(`${'é'.repeat(498)}…`);
    expect(messengerRequests(textMessage(IG, 'pendek'), RESPONSE)[0]!.message.text).toBe('pendek');
  });

  it('reply buttons → quick replies (payload = id, title cut to 20), header/body/footer as one text', () => {
    const wa = buttonMessage(FB, 'Kirim laporan ini?', [
      { id: 'confirm_yes', title: 'Ya, kirim' },
      { id: 'confirm_edit', title: 'Ubah lokasi laporan' },
    ], { header: 'Ringkasan', footer: 'Balas kapan saja' });
    expect(messengerRequests(wa, RESPONSE)[0]!.message).toEqual({
      text: 'Ringkasan\n\nKirim laporan ini?\n\nBalas kapan saja',
      quick_replies: [
        { content_type: 'text', title: 'Ya, kirim', payload: 'confirm_yes' },
        { content_type: 'text', title: 'Ubah lokasi laporan', payload: 'confirm_edit' },
      ],
    });
    // A WhatsApp list row title may have 24 characters; a quick reply only 20.
    const long = listMessage(FB, 'Pilih', 'Pilih', [{ rows: [{ id: 'x', title: 'Jalan dan jembatan rusak' }] }]);
    expect((messengerRequests(long, RESPONSE)[0]!.message.quick_replies as { title: string }[])[0]!.title).toBe('Jalan dan jembatan …');
  });

  it('list rows → quick replies in order; more than 13 is refused', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `cat_${i}`, title: `Kategori ${i}` }));
    const ok = listMessage(FB, 'Pilih kategori', 'Pilih', [{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(10).slice(6) }]);
    const replies = messengerRequests(ok, RESPONSE)[0]!.message.quick_replies as { payload: string }[];
    expect(replies.map((r) => r.payload)).toEqual(rows(10).map((r) => r.id));
    // WhatsApp's schema stops at 10 rows; a flow that builds its own body is still checked here.
    const tooMany = { ...ok, interactive: { ...(ok as { interactive: object }).interactive, action: { button: 'Pilih', sections: [{ rows: rows(14) }] } } };
    expect(refusal(() => messengerRequests(tooMany as MessengerSendable, RESPONSE))).toBe('MESSENGER.TOO_MANY_OPTIONS');
  });

  it('an image link → an image attachment, its caption as a text after it; a media id cannot be sent', () => {
    const image = MessengerSendable.parse({ messaging_product: 'whatsapp', to: FB, type: 'image', image: { link: 'https://kanal.example/peta.png', caption: 'Peta lokasi' } });
    expect(messengerRequests(image, RESPONSE).map((r) => r.message)).toEqual([
      { attachment: { type: 'image', payload: { url: 'https://kanal.example/peta.png', is_reusable: false } } },
      { text: 'Peta lokasi' },
    ]);
    const doc = MessengerSendable.parse({ messaging_product: 'whatsapp', to: FB, type: 'document', document: { link: 'https://kanal.example/a.pdf' } });
    expect(messengerRequests(doc, RESPONSE).map((r) => r.message)).toEqual([{ attachment: { type: 'file', payload: { url: 'https://kanal.example/a.pdf', is_reusable: false } } }]);
    expect(refusal(() => messengerRequests(imageMessage(FB, '1234567890'), RESPONSE))).toBe('MESSENGER.MEDIA_NOT_LINK');
  });

  it('a location request asks to type the place; a template and a WhatsApp recipient are refused', () => {
    const request = MessengerSendable.parse({
      messaging_product: 'whatsapp',
      to: FB,
      type: 'interactive',
      interactive: { type: 'location_request_message', body: { text: 'Di mana lokasinya?' }, action: { name: 'send_location' } },
    });
    const message = messengerRequests(request, RESPONSE)[0]!.message;
    expect(message.text).toMatch(/^Di mana lokasinya\?\n\nKetik nama tempat/);
    expect(message.quick_replies).toBeUndefined();
    expect(refusal(() => messengerRequests(templateMessage(FB, 'kanal_aduan_kabar', 'id', ['ADU-1']), RESPONSE))).toBe('MESSENGER.TEMPLATE');
    expect(refusal(() => messengerRequests(textMessage('6281234567890', 'x'), RESPONSE))).toBe('MESSENGER.NOT_MESSENGER_ADDRESS');
  });
});

describe('Send API answers', () => {
  it('the sent id is fb:/ig: + message_id', () => {
    expect(messengerSentId(FB, { recipient_id: '2462519940456789', message_id: 'm_sent1' })).toBe('fb:m_sent1');
    expect(messengerSentId(IG, { recipient_id: '1', message_id: 'aWdf' })).toBe('ig:aWdf');
    expect(refusal(() => messengerSentId(FB, { ok: true }))).toBe('MESSENGER.NO_MESSAGE_ID');
  });

  it('refused for good: 10, 551, 200/2018108, 200/2018278, 100/2018001; retried: 4, 613, 1200, 5xx', () => {
    for (const f of [{ code: 10 }, { code: 551 }, { code: 200, subcode: 2018108 }, { code: 200, subcode: 2018278 }, { code: 100, subcode: 2018001 }]) {
      expect(messengerRefusedForGood({ httpStatus: 400, ...f }), JSON.stringify(f)).toBe(true);
    }
    for (const f of [{ code: 4 }, { code: 613 }, { code: 1200 }, { httpStatus: 500, code: 2 }, { code: 100, subcode: 33 }, { code: 200 }]) {
      expect(messengerRefusedForGood({ httpStatus: 400, ...f }), JSON.stringify(f)).toBe(false);
    }
  });
});
