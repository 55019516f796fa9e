import { parseMessengerAddress } from './address.ts';

// Who may be written to, and how, on Messenger and Instagram. A page may
// answer freely within 24 hours of the person's last message (messaging_type
// RESPONSE); after that only a message carrying a message tag is allowed.
// https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags
// - HUMAN_AGENT: a reply written by a person (our officers' follow-ups), up to
//   7 days after the person's last message; the only tag Instagram supports.
//   https://developers.facebook.com/docs/messenger-platform/instagram/features/human-agent
// - ACCOUNT_UPDATE: a non-recurring update to something the person applied
//   for (here: the status of the report they filed); Messenger only, any time.

/** The part of a Send API body that says why the page may write now. */
export interface MessengerDelivery {
  messaging_type: 'RESPONSE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT' | 'ACCOUNT_UPDATE';
}

const HOUR = 3_600_000;
export const MESSENGER_RESPONSE_WINDOW_MS = 24 * HOUR;
export const MESSENGER_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

/**
 * How a message to `address` may be sent at `now`, given the person's last
 * message at `lastInboundAt`; null when it cannot be sent at all (never wrote,
 * an unreadable time, or an Instagram user silent for more than 7 days).
 */
export function messengerDelivery(address: string, lastInboundAt: string | Date | null | undefined, now: Date): MessengerDelivery | null {
  const parsed = parseMessengerAddress(address);
  if (!parsed || lastInboundAt === null || lastInboundAt === undefined || lastInboundAt === '') return null;
  const last = lastInboundAt instanceof Date ? lastInboundAt.getTime() : Date.parse(lastInboundAt);
  if (!Number.isFinite(last)) return null;
  // A clock a little behind the person's message still counts as "just wrote".
  const age = Math.max(0, now.getTime() - last);
  if (age < MESSENGER_RESPONSE_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  if (age < MESSENGER_HUMAN_AGENT_WINDOW_MS) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  return parsed.channel === 'messenger' ? { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' } : null;
}
