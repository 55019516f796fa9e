import { describe, expect, it } from 'vitest';
import {
  isTelegramAddress,
  parseTelegramMessageId,
  telegramAddress,
  telegramChatId,
  telegramFileId,
  telegramMediaId,
  telegramMessageId,
} from './address.ts';

describe('Telegram addresses', () => {
  it('round-trips a chat id through tg:<id>', () => {
    expect(telegramAddress(123456789)).toBe('tg:123456789');
    expect(telegramAddress('987')).toBe('tg:987');
    expect(telegramChatId(telegramAddress(123456789))).toBe('123456789');
  });

  it('does not take a WhatsApp wa_id, a business-scoped id or a message id for a Telegram address', () => {
    for (const other of ['6281234567890', 'ID.1502576394655843', 'tg:', 'tg:abc', 'tg:1:2', 'tg:cb:55', '']) {
      expect(telegramChatId(other)).toBeNull();
      expect(isTelegramAddress(other)).toBe(false);
    }
    expect(isTelegramAddress('tg:42')).toBe(true);
    expect(isTelegramAddress(42)).toBe(false);
  });

  it('names messages per chat, since Telegram message ids repeat across chats', () => {
    expect(telegramMessageId(42, 7)).toBe('tg:42:7');
    expect(parseTelegramMessageId('tg:42:7')).toEqual({ chatId: '42', messageId: 7 });
    expect(parseTelegramMessageId('wamid.HBgL')).toBeNull();
    expect(parseTelegramMessageId('tg:cb:9001')).toBeNull();
  });

  it('keeps Telegram file ids apart from WhatsApp media ids', () => {
    expect(telegramMediaId('AgACAgUAAxk')).toBe('tg:AgACAgUAAxk');
    expect(telegramFileId('tg:AgACAgUAAxk')).toBe('AgACAgUAAxk');
    expect(telegramFileId('1234567890')).toBeNull();
    expect(telegramFileId('tg:')).toBeNull();
  });
});
