import { describe, expect, it } from 'vitest';
import { InboundMessage, messageMedia, messageText, replyId } from '../whatsapp/webhook.ts';
import { answerInputs } from '../conversation/answer-inputs.ts';
import { TelegramUpdate, telegramEvent, verifyTelegramSecret, type TelegramEvent } from './inbound.ts';

const NOW = new Date('2026-12-06T02:00:00Z');
const user = { id: 555000111, is_bot: false, first_name: 'Siti', last_name: 'Aminah', username: 'siti_a', language_code: 'id' };
const chat = { id: 555000111, type: 'private', first_name: 'Siti', last_name: 'Aminah' };
const msg = (extra: Record<string, unknown>) => ({ update_id: 1000, message: { message_id: 17, from: user, chat, date: 1790000000, ...extra } });

function event(update: unknown): TelegramEvent {
  return telegramEvent(TelegramUpdate.parse(update), NOW);
}

function message(update: unknown) {
  const e = event(update);
  if (e.kind !== 'message') throw new Error(`ignored: ${e.reason}`);
  // Whatever we emit must be a message the WhatsApp intake accepts.
  expect(InboundMessage.safeParse(e.message).success).toBe(true);
  return e;
}

describe('telegramEvent: private messages become WhatsApp-shaped messages', () => {
  it('text: tg:<chat>:<message_id>, the sender address and the contact name', () => {
    const e = message(msg({ text: 'Jalan rusak di depan SD 3' }));
    expect(e.sender).toBe('tg:555000111');
    expect(e.contact).toEqual({ wa_id: 'tg:555000111', name: 'Siti Aminah', username: '@siti_a' });
    expect(e.message).toEqual({ from: 'tg:555000111', id: 'tg:555000111:17', timestamp: '1790000000', type: 'text', text: { body: 'Jalan rusak di depan SD 3' } });
    expect(messageText(e.message)).toBe('Jalan rusak di depan SD 3');
  });

  it('a quoted reply keeps the quoted message as WhatsApp context', () => {
    const e = message(msg({ text: 'ya', reply_to_message: { message_id: 12, chat, date: 1 } }));
    expect(e.message.context).toEqual({ id: 'tg:555000111:12' });
  });

  it('a replayed update is the same message id (the intake dedupes on it)', () => {
    const update = msg({ text: 'halo' });
    expect(message(update).message.id).toBe(message(structuredClone(update)).message.id);
  });

  it('location', () => {
    const e = message(msg({ location: { latitude: -3.4, longitude: 104.83 } }));
    expect(e.message).toMatchObject({ type: 'location', location: { latitude: -3.4, longitude: 104.83 } });
  });

  it('photo: the largest size, as an image attachment with its caption', () => {
    const e = message(
      msg({
        caption: 'lubang besar',
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 60 },
          { file_id: 'large', file_unique_id: 'l', width: 1280, height: 853 },
          { file_id: 'mid', file_unique_id: 'm', width: 320, height: 213 },
        ],
      }),
    );
    expect(e.message).toMatchObject({ type: 'image', image: { id: 'tg:large', mime_type: 'image/jpeg', caption: 'lubang besar' } });
    expect(messageMedia(e.message)).toEqual({ kind: 'image', id: 'tg:large', mime_type: 'image/jpeg', caption: 'lubang besar' });
    expect(answerInputs(e.message).attachment).toMatchObject({ wa_media_id: 'tg:large', kind: 'image' });
  });

  it('document, video, voice and audio keep their file id and mime type', () => {
    expect(message(msg({ document: { file_id: 'D1', mime_type: 'application/pdf', file_name: 'surat.pdf' } })).message).toMatchObject({
      type: 'document',
      document: { id: 'tg:D1', mime_type: 'application/pdf', filename: 'surat.pdf' },
    });
    expect(message(msg({ video: { file_id: 'V1', mime_type: 'video/mp4' } })).message).toMatchObject({ type: 'video', video: { id: 'tg:V1', mime_type: 'video/mp4' } });
    expect(message(msg({ voice: { file_id: 'O1', mime_type: 'audio/ogg' } })).message).toMatchObject({ type: 'audio', audio: { id: 'tg:O1', mime_type: 'audio/ogg', voice: true } });
    expect(message(msg({ audio: { file_id: 'A1' } })).message).toMatchObject({ type: 'audio', audio: { id: 'tg:A1' } });
    expect(messageMedia(message(msg({ audio: { file_id: 'A1' } })).message)).toEqual({ kind: 'audio', id: 'tg:A1' });
  });

  it('a shared contact is WhatsApp contacts; a sticker is a sticker (not evidence)', () => {
    const c = message(msg({ contact: { phone_number: '+6281234567890', first_name: 'Budi', user_id: 42 } }));
    expect(c.message).toMatchObject({
      type: 'contacts',
      contacts: [{ name: { formatted_name: 'Budi' }, phones: [{ phone: '+6281234567890', wa_id: 'tg:42' }] }],
    });
    const s = message(msg({ sticker: { file_id: 'S1', file_unique_id: 's', width: 512, height: 512, is_animated: false, is_video: false } }));
    expect(s.message).toMatchObject({ type: 'sticker', sticker: { id: 'tg:S1', mime_type: 'image/webp', animated: false } });
    expect(messageMedia(s.message)).toBeNull();
  });

  it('anything else in a private chat (a poll, a dice) is WhatsApp "unsupported"', () => {
    expect(message(msg({ poll: { id: 'p', question: 'x', options: [] } })).message.type).toBe('unsupported');
    expect(message(msg({ dice: { emoji: '🎲', value: 3 } })).message.type).toBe('unsupported');
  });
});

describe('telegramEvent: inline keyboard taps', () => {
  const keyboard = { inline_keyboard: [[{ text: 'Ya, kirim', callback_data: 'confirm_yes' }], [{ text: 'Batal', callback_data: 'confirm_no' }]] };
  const tap = (data: string | undefined, over: Record<string, unknown> = {}) => ({
    update_id: 2000,
    callback_query: {
      id: '4382bfdwdsb323b2d9',
      from: user,
      chat_instance: 'ci',
      ...(data !== undefined ? { data } : {}),
      message: { message_id: 30, from: { id: 7, is_bot: true, first_name: 'Bot' }, chat, date: 1790000000, text: 'Kirim laporan ini?', reply_markup: keyboard },
      ...over,
    },
  });

  it('becomes a button_reply with the tapped button title, a tg:cb: id and the current time', () => {
    const e = message(tap('confirm_no'));
    expect(e.callbackQueryId).toBe('4382bfdwdsb323b2d9');
    expect(e.message).toEqual({
      from: 'tg:555000111',
      id: 'tg:cb:4382bfdwdsb323b2d9',
      timestamp: String(NOW.getTime() / 1000),
      context: { id: 'tg:555000111:30' },
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'confirm_no', title: 'Batal' } },
    });
    // The conversation matches the answer by id, as for a WhatsApp button or list row.
    expect(replyId(e.message)).toBe('confirm_no');
    expect(messageText(e.message)).toBe('Batal');
  });

  it('falls back to the data as title when the keyboard is gone', () => {
    const e = message(tap('cat_JALAN', { message: { message_id: 30, chat, date: 0 } }));
    expect(e.message).toMatchObject({ interactive: { button_reply: { id: 'cat_JALAN', title: 'cat_JALAN' } } });
  });

  it('ignores (but still acknowledges) taps without data, from groups, or on inline-mode messages', () => {
    const cases = [tap(undefined), tap('x', { message: { message_id: 1, chat: { id: -100, type: 'group', title: 'G' }, date: 1 } }), tap('x', { message: undefined, inline_message_id: 'im' })];
    for (const update of cases) {
      const e = event(update);
      expect(e.kind).toBe('ignored');
      expect(e.callbackQueryId).toBe('4382bfdwdsb323b2d9');
    }
  });
});

describe('telegramEvent: what is not a citizen writing to the bot is ignored', () => {
  it.each([
    ['a group message', msg({ text: 'halo', chat: { id: -1001, type: 'supergroup', title: 'Warga' } }), /supergroup/],
    ['a message from a bot', msg({ text: 'halo', from: { ...user, is_bot: true } }), /bot/],
    ['an edited message', { update_id: 1, edited_message: { message_id: 17, chat, date: 1, edit_date: 2, text: 'x' } }, /edited_message/],
    ['a channel post', { update_id: 1, channel_post: { message_id: 1, chat: { id: -100, type: 'channel' }, date: 1, text: 'x' } }, /channel_post/],
    ['a bot blocked/unblocked', { update_id: 1, my_chat_member: { chat, from: user, date: 1 } }, /my_chat_member/],
  ])('%s', (_, update, reason) => {
    const e = event(update);
    expect(e.kind).toBe('ignored');
    expect(e.kind === 'ignored' && e.reason).toMatch(reason);
  });

  it('the schema refuses what is not an update at all', () => {
    expect(TelegramUpdate.safeParse({ object: 'whatsapp_business_account' }).success).toBe(false);
    expect(TelegramUpdate.safeParse({ update_id: 1, message: { text: 'no chat' } }).success).toBe(false);
  });
});

describe('verifyTelegramSecret', () => {
  it('accepts only the exact secret, and nothing when no secret is set', () => {
    expect(verifyTelegramSecret('s3cret_Token-1', 's3cret_Token-1')).toBe(true);
    expect(verifyTelegramSecret(['s3cret_Token-1'], 's3cret_Token-1')).toBe(true);
    expect(verifyTelegramSecret('s3cret_Token-2', 's3cret_Token-1')).toBe(false);
    expect(verifyTelegramSecret('s3cret', 's3cret_Token-1')).toBe(false);
    expect(verifyTelegramSecret(undefined, 's3cret_Token-1')).toBe(false);
    expect(verifyTelegramSecret('', '')).toBe(false);
  });
});
