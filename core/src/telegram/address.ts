// A Telegram user is a citizen whose channel address is `tg:<chat_id>`: in a
// private chat the chat id is the user's id. The address plays the role the
// WhatsApp wa_id plays everywhere (conversation key, citizens.wa_id, the `to`
// of replies), and the `tg:` prefix keeps it apart from phone numbers.
// https://core.telegram.org/bots/api#chat

const PREFIX = 'tg:';
// Chat ids are signed integers of up to 52 significant bits (private chats positive).
const ADDRESS = /^tg:(-?\d{1,16})$/;

/** The citizen address of a Telegram chat: `tg:<chat_id>`. */
export function telegramAddress(chatId: number | string): string {
  return `${PREFIX}${String(chatId).trim()}`;
}

/** The chat id of a `tg:<chat_id>` address, or null for any other address (a wa_id, a BSUID, …). */
export function telegramChatId(address: string): string | null {
  return ADDRESS.exec(address.trim())?.[1] ?? null;
}

export function isTelegramAddress(address: unknown): address is string {
  return typeof address === 'string' && telegramChatId(address) !== null;
}

/** The message id we log for a Telegram message (wa_messages.wamid): message ids are only unique per chat. */
export function telegramMessageId(chatId: number | string, messageId: number | string): string {
  return `${PREFIX}${String(chatId)}:${String(messageId)}`;
}

/** `{chatId, messageId}` of a `tg:<chat>:<message_id>` id, or null (a WhatsApp wamid, a callback id, …). */
export function parseTelegramMessageId(id: string): { chatId: string; messageId: number } | null {
  const match = /^tg:(-?\d{1,16}):(\d{1,16})$/.exec(id.trim());
  return match ? { chatId: match[1]!, messageId: Number(match[2]) } : null;
}

/** The media id we store for a Telegram file (complaint_media.wa_media_id): `tg:<file_id>`. */
export function telegramMediaId(fileId: string): string {
  return `${PREFIX}${fileId}`;
}

/** The Bot API file_id of a `tg:<file_id>` media id, or null for a WhatsApp media id. */
export function telegramFileId(mediaId: string): string | null {
  return mediaId.startsWith(PREFIX) && mediaId.length > PREFIX.length ? mediaId.slice(PREFIX.length) : null;
}
