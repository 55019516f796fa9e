import { MESSAGE_ID_MAX, type MessengerChannel } from './address.ts';

// The media id we store for a Messenger/Instagram attachment
// (complaint_media.wa_media_id, a 255-character column): `fb:<mid>#<n>` /
// `ig:<mid>#<n>`, the message's mid and the attachment's index in it. Meta's
// `payload.url` is a CDN URL that expires (and runs past 255 characters), so
// the copy asks the Graph API for the message's attachments when it runs and
// downloads the n-th one's fresh URL.
// https://developers.facebook.com/docs/graph-api/reference/message/attachments

const PREFIX: Record<MessengerChannel, string> = { messenger: 'fb:', instagram: 'ig:' };
const MEDIA_ID = /^(fb|ig):(?!h:|pb:)([^#\s]+)#(\d{1,3})$/;

/**
 * `fb:<mid>#<n>` / `ig:<mid>#<n>`, or null when it would not fit the column
 * (unlike a message id it cannot be hashed: the copy needs the mid itself).
 */
export function messengerMediaId(channel: MessengerChannel, mid: string, index: number): string | null {
  const id = `${PREFIX[channel]}${mid}#${index}`;
  return id.length <= MESSAGE_ID_MAX && MEDIA_ID.test(id) ? id : null;
}

/** `{channel, mid, index}` of an `fb:<mid>#<n>`/`ig:<mid>#<n>` media id, or null (a WhatsApp media id, `tg:…`, a message id). */
export function parseMessengerMediaId(mediaId: string): { channel: MessengerChannel; mid: string; index: number } | null {
  const match = MEDIA_ID.exec(mediaId.trim());
  if (!match) return null;
  return { channel: match[1] === 'fb' ? 'messenger' : 'instagram', mid: match[2]!, index: Number(match[3]) };
}
