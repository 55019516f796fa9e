import { DomainError } from '../errors.ts';
import type { MessengerChannel } from './address.ts';

// The account a citizen wrote to on Messenger or Instagram, the counterpart of
// WhatsApp's phone_number_id: `fb:<page id>` for a Facebook Page (webhook
// `object: page`), `ig:<account id>` for an Instagram professional account
// (`object: instagram`); the id is the webhook's `entry[].id`. An intake desk
// may own its own Page or Instagram account; a reply goes out from the account
// the citizen wrote to, with that account's token.
// https://developers.facebook.com/docs/messenger-platform/webhooks#event-notifications

const PREFIX: Record<MessengerChannel, string> = { messenger: 'fb:', instagram: 'ig:' };
const ACCOUNT = /^(fb|ig):\d{1,32}$/;

/** The key of the page / Instagram account an event came to: `fb:<entry.id>` or `ig:<entry.id>`. */
export function messengerAccount(channel: MessengerChannel, entryId: string): string {
  return `${PREFIX[channel]}${entryId.trim()}`;
}

export function isMessengerAccount(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT.test(value.trim());
}

/** Account key → page access token of the desks' own pages and Instagram accounts. */
export type DeskPageTokens = ReadonlyMap<string, string>;

/**
 * The desks' tokens as written in the Meta Messenger credential: one
 * `fb:<page id>=<token>` or `ig:<Instagram account id>=<token>` per line
 * (commas also separate, for a single-line field); blank lines and lines
 * starting with `#` are skipped. A line that is not so, or an account written
 * twice, is refused with its line number; the message never quotes the line,
 * since it holds a token.
 */
export function parseDeskPageTokens(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const n = index + 1;
    for (const entry of line.replace(/\s*=\s*/g, '=').split(/[\s,]+/).filter(Boolean)) {
      const match = /^((?:fb|ig):\d{1,32})=([^=]+)$/.exec(entry);
      if (!match) {
        throw new DomainError(
          'MESSENGER_CREDENTIAL.DESK_TOKEN_LINE',
          `Token halaman meja baris ${n} tidak valid: tulis satu per baris sebagai fb:<ID halaman>=<token> atau ig:<ID akun Instagram>=<token>.`,
          { line: n },
        );
      }
      const [, account, token] = match as unknown as [string, string, string];
      if (tokens.has(account)) {
        throw new DomainError('MESSENGER_CREDENTIAL.DESK_TOKEN_TWICE', `Token halaman meja baris ${n}: akun ${account} sudah ditulis sebelumnya.`, { line: n });
      }
      tokens.set(account, token);
    }
  });
  return tokens;
}

/** The token to send from `account` with: the desk's own when listed, else the main page's. */
export function pageTokenFor(account: string | null, deskTokens: DeskPageTokens, mainToken: string): string {
  return (account !== null && deskTokens.get(account)) || mainToken;
}
