import { ACCOUNT_KEY_PATTERN } from './intake-desks.ts';

// The account a citizen wrote to, as the intake stores it with each inbound
// message (wa_messages.payload): replies and notices go out from it, and
// Meta counts the 24-hour window per business number / page, so the window
// that matters is the one of the account a notice is sent from.
// https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows

/** Key of the account written to in a stored inbound message's payload. */
export const STORED_ACCOUNT_KEY = 'kanal_phone_number_id';

/**
 * The account an inbound message was written to: the key stored with it, or ''
 * for the default account (nothing stored: web form, call centre, older messages,
 * or a value that is not an account key). The payload may come as JSON text
 * (SQLite through knex).
 */
export function inboundAccount(payload: unknown): string {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return '';
    }
  }
  const account = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[STORED_ACCOUNT_KEY] : undefined;
  return typeof account === 'string' && ACCOUNT_KEY_PATTERN.test(account) ? account : '';
}

/** A stored inbound message, as far as the window and the sending account need it. */
export type InboundRow = { wa_id: string | null; payload: unknown; date_created: string | null };

/**
 * Folds inbound messages, in any order, into each address's latest message per account they wrote
 * to: address -> account key ('' for the default account) -> time.
 */
export function lastInboundByAccount(rows: readonly InboundRow[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const at = row.date_created;
    if (!row.wa_id || !at || Number.isNaN(Date.parse(at))) continue;
    const address = String(row.wa_id);
    const account = inboundAccount(row.payload);
    const accounts = out.get(address) ?? new Map<string, string>();
    out.set(address, accounts);
    const before = accounts.get(account);
    if (before === undefined || Date.parse(at) > Date.parse(before)) accounts.set(account, at);
  }
  return out;
}

/**
 * When an address last wrote to the account a message goes out from, in the per-account times
 * of lastInboundByAccount (account -> time). A named account counts its own messages only. The
 * default account ('': the send node's credential number, the main one) counts every WhatsApp
 * number no desk owns: the trigger stamps the main number's own id, and messages kept without
 * one (older, or not from a chat) are the main number's too. `deskNumbers`: the numbers the
 * desks other than the default one own.
 */
export function lastInboundTo(accounts: ReadonlyMap<string, string> | undefined, from: string, deskNumbers: ReadonlySet<string>): string | null {
  if (!accounts) return null;
  if (from !== '') return accounts.get(from) ?? null;
  let latest: string | null = null;
  for (const [account, at] of accounts) {
    if (account.includes(':') || deskNumbers.has(account)) continue;
    if (latest === null || Date.parse(at) > Date.parse(latest)) latest = at;
  }
  return latest;
}
