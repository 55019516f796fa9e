import { createHash } from 'node:crypto';

// A Messenger user is the citizen address `fb:<PSID>` (page-scoped id), an
// Instagram user `ig:<IGSID>` (Instagram-scoped id): both are digit strings
// Meta issues per page / professional account. The address plays the role the
// WhatsApp wa_id plays everywhere (conversation key, citizens.wa_id, the `to`
// of replies); the prefix keeps it apart from phone numbers and says which
// channel a reply goes back on.
// https://developers.facebook.com/docs/messenger-platform/identity/id-matching
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api

export type MessengerChannel = 'messenger' | 'instagram';

const PREFIX: Record<MessengerChannel, string> = { messenger: 'fb:', instagram: 'ig:' };
const ADDRESS = /^(fb|ig):(\d{1,20})$/;

/** The citizen address of a Messenger PSID (`fb:<psid>`) or an Instagram IGSID (`ig:<igsid>`). */
export function messengerAddress(channel: MessengerChannel, scopedId: string | number): string {
  return `${PREFIX[channel]}${String(scopedId).trim()}`;
}

/** `{channel, id}` of an `fb:`/`ig:` address, or null for any other address (a wa_id, `tg:…`, …). */
export function parseMessengerAddress(address: string): { channel: MessengerChannel; id: string } | null {
  const match = ADDRESS.exec(address.trim());
  if (!match) return null;
  return { channel: match[1] === 'fb' ? 'messenger' : 'instagram', id: match[2]! };
}

export function isMessengerAddress(address: unknown): address is string {
  return typeof address === 'string' && parseMessengerAddress(address) !== null;
}

/** wa_messages.wamid (and the intake's dedupe key) is a 255-character column. */
export const MESSAGE_ID_MAX = 255;

/**
 * The message id we log for a Messenger/Instagram message: `fb:<mid>` /
 * `ig:<mid>`. A mid is an opaque base64-like string (Instagram's run to
 * ~150 characters); one that would not fit the column is replaced by a
 * stable hash, so a replayed webhook still dedupes on the same id.
 */
export function messengerMessageId(channel: MessengerChannel, mid: string): string {
  const id = `${PREFIX[channel]}${mid}`;
  if (id.length <= MESSAGE_ID_MAX) return id;
  return `${PREFIX[channel]}h:${createHash('sha256').update(mid).digest('base64url')}`;
}

/** The mid of a `fb:<mid>`/`ig:<mid>` id we can quote in a reply (not a hashed one, not a postback id). */
export function messengerMid(id: string): { channel: MessengerChannel; mid: string } | null {
  const match = /^(fb|ig):(?!h:|pb:)(.+)$/.exec(id);
  return match ? { channel: match[1] === 'fb' ? 'messenger' : 'instagram', mid: match[2]! } : null;
}
