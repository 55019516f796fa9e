import type { Channel } from './model.ts';
import { parseMessengerAddress } from './messenger/address.ts';
import { isTelegramAddress } from './telegram/address.ts';

// A citizen's channel address is the key the conversation, the citizens row
// and every reply use: a WhatsApp wa_id (or business-scoped user id) as Meta
// sends it, `tg:<chat id>` for a Telegram user, `fb:<PSID>` for a Messenger
// user or `ig:<IGSID>` for an Instagram user. The channel a report came
// in on, and the rules of that channel's replies, follow from the address.

/** A citizen's chat address: a wa_id, a business-scoped user id ("ID.123…"), a Telegram private chat `tg:<user id>`, a Messenger `fb:<PSID>` or an Instagram `ig:<IGSID>`. */
export const CHAT_ADDRESS_PATTERN = /^(\d+|[A-Z]{2}\.[A-Za-z0-9.]+|tg:\d{1,16}|fb:\d{1,20}|ig:\d{1,20})$/;

export type ChatChannel = Extract<Channel, 'whatsapp' | 'telegram' | 'messenger' | 'instagram'>;

/** The chat channel an address belongs to. */
export function channelOfAddress(address: string): ChatChannel {
  if (isTelegramAddress(address)) return 'telegram';
  return parseMessengerAddress(address)?.channel ?? 'whatsapp';
}

/**
 * Whether the channel limits free messages to a window after the person's own
 * last message. WhatsApp does (24 hours, then an approved template); a Telegram
 * bot may write to anyone who started it, any time, and has no templates.
 * Messenger and Instagram do too (24 hours, then message tags: messenger/window.ts).
 */
export function channelHasServiceWindow(address: string): boolean {
  return channelOfAddress(address) !== 'telegram';
}
