import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { parseDeskBotTokens, telegramAccountBotId, telegramBotId, telegramBotTokens, telegramTokenFor } from './bots.ts';

const MAIN = '7000000001:AAHmain';
const DESK = '7000000002:AAHdesk';

describe('Telegram bots of one credential', () => {
  it('reads the bot id before the colon of a token, and only of a Telegram-shaped token', () => {
    expect(telegramBotId(MAIN)).toBe('7000000001');
    expect(telegramBotId(' 42:x ')).toBe('42');
    expect(telegramBotId('dev-token')).toBeNull();
    expect(telegramBotId('42:')).toBeNull();
  });

  it('reads a tg:<bot id> account, and nothing else', () => {
    expect(telegramAccountBotId('tg:7000000002')).toBe('7000000002');
    expect(telegramAccountBotId('100000000000001')).toBeNull();
    expect(telegramAccountBotId('tg:abc')).toBeNull();
    expect(telegramAccountBotId(null)).toBeNull();
  });

  it('takes desk tokens one per line or comma-separated', () => {
    expect(parseDeskBotTokens(` ${DESK}\n\n7000000003:c , 7000000004:d\r\n`)).toEqual([DESK, '7000000003:c', '7000000004:d']);
    expect(parseDeskBotTokens('')).toEqual([]);
    expect(parseDeskBotTokens(undefined)).toEqual([]);
  });

  it('picks the token of the named bot, the main one for no bot, and names the fix for an unknown bot', () => {
    const bots = telegramBotTokens(MAIN, `${DESK}\n7000000001:impostor`);
    expect(telegramTokenFor(bots, 'tg:7000000002')).toBe(DESK);
    expect(telegramTokenFor(bots, 'tg:7000000001')).toBe(MAIN);
    expect(telegramTokenFor(bots, null)).toBe(MAIN);
    expect(telegramTokenFor(bots, '100000000000001')).toBe(MAIN);
    let error: unknown;
    try {
      telegramTokenFor(bots, 'tg:7000000009');
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'TELEGRAM.UNKNOWN_BOT')).toBe(true);
    expect((error as Error).message).toContain('«Token bot meja»');
    expect((error as Error).message).toContain('tg:7000000009');
  });
});
