import { describe, expect, it } from 'vitest';
import { CHAT_ADDRESS_PATTERN, channelHasServiceWindow, channelOfAddress } from '../channels.ts';
import { MESSAGE_ID_MAX, isMessengerAddress, messengerAddress, messengerMessageId, messengerMid, parseMessengerAddress } from './address.ts';

describe('Messenger and Instagram addresses', () => {
  it('fb:<psid> is Messenger, ig:<igsid> is Instagram, both with a window', () => {
    expect(messengerAddress('messenger', '2462519940456789')).toBe('fb:2462519940456789');
    expect(messengerAddress('instagram', 17841400000000001)).toBe('ig:17841400000000000'); // a number loses digits: callers pass strings
    expect(parseMessengerAddress('ig:17841400000000001')).toEqual({ channel: 'instagram', id: '17841400000000001' });
    expect(channelOfAddress('fb:2462519940456789')).toBe('messenger');
    expect(channelOfAddress('ig:17841400000000001')).toBe('instagram');
    expect(channelHasServiceWindow('fb:1')).toBe(true);
    expect(channelHasServiceWindow('ig:1')).toBe(true);
    for (const ok of ['fb:2462519940456789', 'ig:17841400000000001']) expect(CHAT_ADDRESS_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['fb:', 'fb:12a', 'ig:123456789012345678901', 'facebook:1', 'tg:1:2']) {
      expect(isMessengerAddress(bad), bad).toBe(false);
    }
    expect(CHAT_ADDRESS_PATTERN.test('ig:123456789012345678901')).toBe(false);
    expect(parseMessengerAddress('6281234567890')).toBeNull();
    expect(parseMessengerAddress('tg:5551234')).toBeNull();
  });

  it('message ids keep the mid when it fits 255 characters, else a stable hash', () => {
    expect(messengerMessageId('messenger', 'm_abc-DEF_123')).toBe('fb:m_abc-DEF_123');
    expect(messengerMid('fb:m_abc-DEF_123')).toEqual({ channel: 'messenger', mid: 'm_abc-DEF_123' });
    const long = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAw'.repeat(6);
    const id = messengerMessageId('instagram', long);
    expect(id.length).toBeLessThanOrEqual(MESSAGE_ID_MAX);
    expect(id).toMatch(/^ig:h:/);
    expect(messengerMessageId('instagram', long)).toBe(id);
    expect(messengerMessageId('instagram', `${long}x`)).not.toBe(id);
    expect(messengerMid(id)).toBeNull();
    expect(messengerMid('fb:pb:123:456')).toBeNull();
  });
});
