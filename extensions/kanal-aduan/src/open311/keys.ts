import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Open311 API keys and request tokens. A key is 32 random bytes, so its
// SHA-256 is all we need to store to recognise it (no salt or slow hash: there
// is no dictionary to protect); the key itself is shown once and never stored.

const KEY_PREFIX = 'k311_';

export function newApiKey(): { key: string; hash: string; hint: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), hint: key.slice(0, KEY_PREFIX.length + 4) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether a string could be one of our keys at all (saves a lookup for junk). */
export function looksLikeApiKey(key: string): boolean {
  return /^k311_[A-Za-z0-9_-]{43}$/.test(key);
}

/**
 * The spec's request token, for clients that store one: the ticket and a MAC
 * of it, so `tokens/{token}` answers the ticket without a table and nobody can
 * make a token for a ticket they did not file. `secret` is the Directus SECRET
 * (shared by every instance); without one there are no tokens.
 */
export function requestToken(ticket: string, secret: string): string {
  return `${ticket}_${mac(ticket, secret)}`;
}

export function ticketOfToken(token: string, secret: string): string | null {
  const m = /^([A-Z0-9-]{5,40})_([0-9a-f]{32})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(mac(m[1]!, secret), 'hex');
  const given = Buffer.from(m[2]!, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}

function mac(ticket: string, secret: string): string {
  return createHmac('sha256', `kanal-aduan/open311-token\n${secret}`).update(ticket).digest('hex').slice(0, 32);
}
