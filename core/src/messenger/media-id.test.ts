import { describe, expect, it } from 'vitest';
import { telegramFileId } from '../telegram/address.ts';
import { messengerMediaId, parseMessengerMediaId } from './media-id.ts';

describe('Messenger media ids: fb:<mid>#<n> / ig:<mid>#<n>', () => {
  it('round-trips channel, mid and index', () => {
    const mid = 'm_AbC-dEf_0123456789';
    expect(messengerMediaId('messenger', mid, 2)).toBe(`fb:${mid}#2`);
    expect(parseMessengerMediaId(`fb:${mid}#2`)).toEqual({ channel: 'messenger', mid, index: 2 });
    const ig = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDU0MjM4NjE2NDI6MzQwMjgyMzY2ODQxNzEwMzAx';
    expect(parseMessengerMediaId(messengerMediaId('instagram', ig, 0)!)).toEqual({ channel: 'instagram', mid: ig, index: 0 });
  });

  it('an id past 255 characters is refused rather than hashed (the copy needs the mid)', () => {
    expect(messengerMediaId('messenger', 'm'.repeat(250), 0)).toHaveLength(255);
    expect(messengerMediaId('messenger', 'm'.repeat(251), 0)).toBeNull();
  });

  it('is not a WhatsApp media id, a Telegram one, a message id, a hashed or a postback id', () => {
    for (const id of ['1234567890123456', 'tg:AgACAgUAAxkBAAI', 'fb:m_abc', 'fb:h:abc#0', 'fb:pb:1:2', 'wa:m_abc#0']) expect(parseMessengerMediaId(id), id).toBeNull();
    // And the Telegram copy does not take ours.
    expect(telegramFileId('fb:m_abc#0')).toBeNull();
  });
});
