import { describe, expect, it } from 'vitest';
import { sendingAccount } from './sending-account.ts';

describe('sendingAccount', () => {
  it('Telegram: the bot in from, else in phoneNumberId, else the main bot', () => {
    expect(sendingAccount({ from: 'tg:2', phoneNumberId: 'tg:3' }, 'telegram')).toBe('tg:2');
    expect(sendingAccount({ from: null, phoneNumberId: ' tg:3 ' }, 'telegram')).toBe('tg:3');
    expect(sendingAccount({ from: 'fb:111', phoneNumberId: 'tg:3' }, 'telegram')).toBe('tg:3');
    expect(sendingAccount({ from: '100000000000001', phoneNumberId: null }, 'telegram')).toBeNull();
    expect(sendingAccount({ from: 'tg:abc' }, 'telegram')).toBeNull();
    expect(sendingAccount({}, 'telegram')).toBeNull();
  });

  it('Messenger: the Page or Instagram account in from, else in phoneNumberId, else the main page', () => {
    expect(sendingAccount({ from: 'fb:111', phoneNumberId: 'ig:222' }, 'messenger')).toBe('fb:111');
    expect(sendingAccount({ from: '6281234567890', phoneNumberId: 'ig:222' }, 'messenger')).toBe('ig:222');
    expect(sendingAccount({ from: 'tg:7', phoneNumberId: 'fb:333' }, 'messenger')).toBe('fb:333');
    expect(sendingAccount({ from: '100000000000001', phoneNumberId: '' }, 'messenger')).toBeNull();
    expect(sendingAccount({ from: 'fb:', phoneNumberId: 7 }, 'messenger')).toBeNull();
    expect(sendingAccount({}, 'messenger')).toBeNull();
  });
});
