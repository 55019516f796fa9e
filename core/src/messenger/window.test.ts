import { describe, expect, it } from 'vitest';
import { messengerDelivery } from './window.ts';

const NOW = new Date('2026-12-06T02:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

describe('messengerDelivery: the 24-hour window, then message tags', () => {
  it('within 24 hours of the last message: RESPONSE', () => {
    expect(messengerDelivery('fb:1', hoursAgo(1), NOW)).toEqual({ messaging_type: 'RESPONSE' });
    expect(messengerDelivery('ig:1', hoursAgo(23.9), NOW)).toEqual({ messaging_type: 'RESPONSE' });
    // A message stamped a little after our clock still counts as just now.
    expect(messengerDelivery('fb:1', new Date(NOW.getTime() + 5000), NOW)).toEqual({ messaging_type: 'RESPONSE' });
  });

  it('24 hours to 7 days: HUMAN_AGENT on both', () => {
    expect(messengerDelivery('fb:1', hoursAgo(24), NOW)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(messengerDelivery('ig:1', hoursAgo(6 * 24 + 23), NOW)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('after 7 days: ACCOUNT_UPDATE on Messenger, nothing on Instagram', () => {
    expect(messengerDelivery('fb:1', hoursAgo(7 * 24), NOW)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' });
    expect(messengerDelivery('ig:1', hoursAgo(7 * 24), NOW)).toBeNull();
    expect(messengerDelivery('ig:1', hoursAgo(30 * 24), NOW)).toBeNull();
  });

  it('never wrote, an unreadable time or another channel: null', () => {
    expect(messengerDelivery('fb:1', null, NOW)).toBeNull();
    expect(messengerDelivery('fb:1', '', NOW)).toBeNull();
    expect(messengerDelivery('fb:1', 'kemarin', NOW)).toBeNull();
    expect(messengerDelivery('6281234567890', hoursAgo(1), NOW)).toBeNull();
  });
});
