import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { buttonMessage, imageMessage, listMessage, templateMessage, textMessage } from '../whatsapp/outbound.ts';
import { TELEGRAM_CAPTION_MAX, TelegramSendable, telegramCaption, telegramRefusedForGood, telegramRequests, telegramSentId } from './outbound.ts';

const TG = 'tg:555000111';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isDomainError(error)).toBe(true);
    return (error as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe('telegramRequests', () => {
  it('text → sendMessage to the chat, link previews off as on WhatsApp', () => {
    expect(telegramRequests(textMessage(TG, 'Laporan Anda sudah kami terima.'))).toEqual([
      { method: 'sendMessage', body: { chat_id: 555000111, text: 'Laporan Anda sudah kami terima.', link_preview_options: { is_disabled: true } } },
    ]);
  });

  it('quotes the citizen message answered when it is a message of the same chat', () => {
    const [quoted] = telegramRequests(textMessage(TG, 'Baik.', 'tg:555000111:17'));
    expect(quoted!.body.reply_parameters).toEqual({ message_id: 17, allow_sending_without_reply: true });
    // A callback id or another chat's message cannot be quoted.
    expect(telegramRequests(textMessage(TG, 'Baik.', 'tg:cb:99'))[0]!.body.reply_parameters).toBeUndefined();
    expect(telegramRequests(textMessage(TG, 'Baik.', 'tg:1:17'))[0]!.body.reply_parameters).toBeUndefined();
  });

  it('reply buttons → one inline keyboard row per button, header/body/footer as one text', () => {
    const wa = buttonMessage(TG, 'Kirim laporan ini?', [
      { id: 'confirm_yes', title: 'Ya, kirim' },
      { id: 'confirm_no', title: 'Batal' },
    ], { header: 'Ringkasan', footer: 'Balas kapan saja' });
    expect(telegramRequests(wa)).toEqual([
      {
        method: 'sendMessage',
        body: {
          chat_id: 555000111,
          text: 'Ringkasan\n\nKirim laporan ini?\n\nBalas kapan saja',
          reply_markup: { inline_keyboard: [[{ text: 'Ya, kirim', callback_data: 'confirm_yes' }], [{ text: 'Batal', callback_data: 'confirm_no' }]] },
        },
      },
    ]);
  });

  it('a list → one button per row of every section, in order', () => {
    const wa = listMessage(TG, 'Pilih kategori', 'Kategori', [
      { title: 'Infrastruktur', rows: [{ id: 'cat_JALAN', title: 'Jalan & Jembatan', description: 'Jalan rusak' }] },
      { title: 'Lainnya', rows: [{ id: 'cat_SAMPAH', title: 'Sampah' }, { id: 'cat_LAIN', title: 'Lain-lain' }] },
    ]);
    const [req] = telegramRequests(wa);
    expect(req!.body.text).toBe('Pilih kategori');
    expect(req!.body.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Jalan & Jembatan', callback_data: 'cat_JALAN' }],
        [{ text: 'Sampah', callback_data: 'cat_SAMPAH' }],
        [{ text: 'Lain-lain', callback_data: 'cat_LAIN' }],
      ],
    });
  });

  it('cuts a list text that header and footer push over Telegram\'s 4096 characters', () => {
    const wa = listMessage(TG, 'x'.repeat(4096), 'Pilih', [{ rows: [{ id: 'a', title: 'A' }] }], { header: 'Judul', footer: 'Kaki' });
    const text = String(telegramRequests(wa)[0]!.body.text);
    expect(text).toHaveLength(4096);
    expect(text.startsWith('Judul\n\nxxx')).toBe(true);
    expect(text.endsWith('x…')).toBe(true);
  });

  it('refuses a button id over 64 bytes (Telegram would answer 400 BUTTON_DATA_INVALID)', () => {
    const ok = 'x'.repeat(64);
    expect(() => telegramRequests(buttonMessage(TG, 'Pilih', [{ id: ok, title: 'A' }]))).not.toThrow();
    // 33 × "é" is 33 characters but 66 bytes: Telegram counts bytes.
    expect(refusal(() => telegramRequests(buttonMessage(TG, 'Pilih', [{ id: 'é'.repeat(33), title: 'A' }])))).toBe('TELEGRAM.CALLBACK_DATA_TOO_LONG');
  });

  it('a location request → a one-time reply keyboard with a request_location button', () => {
    const wa = TelegramSendable.parse({
      messaging_product: 'whatsapp',
      recipient: TG,
      type: 'interactive',
      interactive: { type: 'location_request_message', body: { text: 'Kirim lokasi kejadian' }, action: { name: 'send_location' } },
    });
    expect(telegramRequests(wa)[0]!.body).toEqual({
      chat_id: 555000111,
      text: 'Kirim lokasi kejadian',
      reply_markup: { keyboard: [[{ text: '📍 Kirim lokasi', request_location: true }]], one_time_keyboard: true, resize_keyboard: true },
    });
  });

  it('a CTA URL → an inline url button', () => {
    const wa = TelegramSendable.parse({
      messaging_product: 'whatsapp',
      recipient: TG,
      type: 'interactive',
      interactive: { type: 'cta_url', body: { text: 'Lacak laporan' }, action: { name: 'cta_url', parameters: { display_text: 'Buka', url: 'https://lapor.example.go.id/t/ADU-1' } } },
    });
    expect(telegramRequests(wa)[0]!.body.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Buka', url: 'https://lapor.example.go.id/t/ADU-1' }]] });
  });

  it('an image → sendPhoto by link, or by Telegram file id; a WhatsApp media id is refused', () => {
    const byLink = TelegramSendable.parse({ messaging_product: 'whatsapp', recipient: TG, type: 'image', image: { link: 'https://x.test/a.jpg', caption: 'Sudah diperbaiki' } });
    expect(telegramRequests(byLink)).toEqual([{ method: 'sendPhoto', body: { chat_id: 555000111, photo: 'https://x.test/a.jpg', caption: 'Sudah diperbaiki' } }]);
    expect(telegramRequests(imageMessage(TG, 'tg:AgACAg'))).toEqual([{ method: 'sendPhoto', body: { chat_id: 555000111, photo: 'AgACAg' } }]);
    expect(refusal(() => telegramRequests(imageMessage(TG, '1234567890')))).toBe('TELEGRAM.MEDIA_NOT_TELEGRAM');
  });

  it('a document → sendDocument', () => {
    const doc = TelegramSendable.parse({ messaging_product: 'whatsapp', recipient: TG, type: 'document', document: { link: 'https://x.test/s.pdf', caption: 'Surat' } });
    expect(telegramRequests(doc)).toEqual([{ method: 'sendDocument', body: { chat_id: 555000111, document: 'https://x.test/s.pdf', caption: 'Surat' } }]);
  });

  it('refuses a template (Telegram has none, and no 24-hour window) and a WhatsApp recipient', () => {
    expect(refusal(() => telegramRequests(templateMessage(TG, 'status_update', 'id', ['ADU-2611-00042'])))).toBe('TELEGRAM.TEMPLATE');
    expect(refusal(() => telegramRequests(textMessage('6281234567890', 'halo')))).toBe('TELEGRAM.NOT_TELEGRAM_ADDRESS');
  });

  it('refuses an interactive kind Telegram cannot show', () => {
    const flow = { messaging_product: 'whatsapp', recipient: TG, type: 'interactive', interactive: { type: 'flow', body: { text: 'x' } } };
    expect(TelegramSendable.safeParse(flow).success).toBe(false);
    expect(refusal(() => telegramRequests(flow as unknown as TelegramSendable))).toBe('TELEGRAM.UNSUPPORTED_INTERACTIVE');
  });
});

describe('telegramSentId / telegramRefusedForGood', () => {
  it('names the sent message tg:<chat>:<message_id>', () => {
    expect(telegramSentId('555000111', { message_id: 31, date: 1, chat: { id: 555000111, type: 'private' } })).toBe('tg:555000111:31');
    expect(telegramSentId(555000111, { message_id: 32 })).toBe('tg:555000111:32');
    expect(refusal(() => telegramSentId(1, true))).toBe('TELEGRAM.NO_MESSAGE_ID');
  });

  it('gives up a blocked bot and an unknown chat; not a rate limit, a server fault or a bad token', () => {
    expect(telegramRefusedForGood({ httpStatus: 403, description: 'Forbidden: bot was blocked by the user' })).toBe(true);
    expect(telegramRefusedForGood({ httpStatus: 403, description: 'Forbidden: user is deactivated' })).toBe(true);
    expect(telegramRefusedForGood({ httpStatus: 400, description: 'Bad Request: chat not found' })).toBe(true);
    expect(telegramRefusedForGood({ httpStatus: 400, description: 'Bad Request: message text is empty' })).toBe(false);
    expect(telegramRefusedForGood({ httpStatus: 429, description: 'Too Many Requests: retry after 5' })).toBe(false);
    expect(telegramRefusedForGood({ httpStatus: 502, description: 'Bad Gateway' })).toBe(false);
    expect(telegramRefusedForGood({ httpStatus: 401, description: 'Unauthorized' })).toBe(false);
    expect(telegramRefusedForGood({ httpStatus: null })).toBe(false);
  });
});

describe('telegramCaption', () => {
  it('keeps a caption of up to 1024 characters as it is', () => {
    const caption = 'x'.repeat(TELEGRAM_CAPTION_MAX);
    expect(telegramCaption(caption)).toBe(caption);
    expect(telegramCaption('Sesudah ditambal')).toBe('Sesudah ditambal');
  });

  it('cuts a longer caption to 1024 characters ending in an ellipsis', () => {
    const cut = telegramCaption(`${'a'.repeat(1020)}bcdefgh`);
    expect(cut).toHaveLength(TELEGRAM_CAPTION_MAX);
    expect(cut).toBe(`${'a'.repeat(1020)}bcd…`);
  });

  it('does not split an emoji at the cut', () => {
    // 1022 letters, then an emoji (two UTF-16 units) straddling the 1023rd/1024th unit.
    const cut = telegramCaption(`${'a'.repeat(1022)}📷📷 foto`);
    expect(cut).toBe(`${'a'.repeat(1022)}…`);
  });
});
