import { DomainError } from '../errors.ts';

// The bots of one Telegram credential: the main bot, plus the bots intake desks
// own (a desk's bot plays the role a desk's own phone number plays on
// WhatsApp). A bot is known by its account key `tg:<bot id>`, where the bot id
// is the number before ':' in its token ("7000000001:AAH…").
// https://core.telegram.org/bots/api#authorizing-your-bot

const TOKEN_ID = /^(\d{1,20}):\S+$/;
const ACCOUNT = /^tg:(\d{1,20})$/;

/** The bot id of a token (the digits before ':'), or null for a token not shaped like Telegram's. */
export function telegramBotId(token: string): string | null {
  return TOKEN_ID.exec(token.trim())?.[1] ?? null;
}

/** The account key of a bot: `tg:<bot id>`. */
export function telegramBotAccount(botId: string | number): string {
  return `tg:${String(botId)}`;
}

/** The bot id of a `tg:<bot id>` account key, or null for anything else (a WhatsApp phone_number_id, null, …). */
export function telegramAccountBotId(account: unknown): string | null {
  return typeof account === 'string' ? (ACCOUNT.exec(account.trim())?.[1] ?? null) : null;
}

/** The desks' bot tokens as typed on the credential: one per line or comma-separated. */
export function parseDeskBotTokens(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(/[\n,]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

export interface TelegramBotTokens {
  /** The credential's main bot token: used when nothing names a bot. */
  main: string;
  /** Every token whose bot id is readable, by bot id (the main bot's included). */
  byId: ReadonlyMap<string, string>;
}

/** The bots of one credential. A desk token that repeats the main bot's id does not replace it. */
export function telegramBotTokens(mainToken: string, deskTokens: unknown): TelegramBotTokens {
  const main = mainToken.trim();
  const byId = new Map<string, string>();
  for (const token of [main, ...parseDeskBotTokens(deskTokens)]) {
    const id = telegramBotId(token);
    if (id !== null && !byId.has(id)) byId.set(id, token);
  }
  return { main, byId };
}

/**
 * The token of the bot an account names; the main token for no account. An
 * account whose bot is not on the credential is an error an admin can fix
 * (code `TELEGRAM.UNKNOWN_BOT`), not a reply to give up.
 */
export function telegramTokenFor(bots: TelegramBotTokens, account: string | null | undefined): string {
  const id = telegramAccountBotId(account);
  if (id === null) return bots.main;
  const token = bots.byId.get(id);
  if (token !== undefined) return token;
  throw new DomainError(
    'TELEGRAM.UNKNOWN_BOT',
    `Bot Telegram ${telegramBotAccount(id)} tidak ada pada kredensial Telegram Bot API: tambahkan token bot itu ke «Token bot meja» pada kredensial, lalu pesan ini dicoba lagi.`,
    { botId: id },
  );
}
