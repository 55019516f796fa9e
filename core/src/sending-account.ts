import { ACCOUNT_KEY_PATTERN } from './intake-desks.ts';

// Which of our accounts a reply or notice item goes out from, on the
// platforms whose send node serves several accounts with one credential: a
// desk's own Telegram bot, Facebook Page or Instagram account (the counterpart
// of a desk's own WhatsApp number). WhatsApp is not here: its send node takes
// the number from its «Phone Number ID» parameter, never from the item, whose
// `from` may be the citizen's own wa_id.

/** A send node's platform: Telegram's Bot API, or Meta's Messenger Platform (Facebook Pages and Instagram accounts, one node). */
export type AccountPlatform = 'telegram' | 'messenger';

const PREFIXES: Record<AccountPlatform, readonly string[]> = { telegram: ['tg'], messenger: ['fb', 'ig'] };

/**
 * The account key an item goes out from on `platform`: its `from` when that
 * names one of the platform's accounts (the intake's reply row, or «Send From»
 * on the send node, names the account the citizen wrote to), else its
 * `phoneNumberId` (notices, replies passed on by Handle Message), else null:
 * the credential's main bot or page.
 */
export function sendingAccount(item: { from?: unknown; phoneNumberId?: unknown }, platform: AccountPlatform): string | null {
  for (const candidate of [item.from, item.phoneNumberId]) {
    if (typeof candidate !== 'string') continue;
    const account = candidate.trim();
    if (ACCOUNT_KEY_PATTERN.test(account) && PREFIXES[platform].includes(account.split(':')[0]!)) return account;
  }
  return null;
}
