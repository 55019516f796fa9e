import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The tracking code: a short secret sent only to the citizen's WhatsApp with
 * the ticket number. Tickets are sequential and public-ish (a citizen reads
 * them out on the phone, officers print them), so the web tracker shows the
 * detail of a report only to whoever also has this code.
 *
 * 8 characters from 31 that cannot be confused when read or typed on a phone
 * (no 0/O, 1/I/L): 31^8 ≈ 8.5·10^11 codes, against a handful of tries per
 * ticket per window (the tracker's per-ticket limit).
 */
export const TRACKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_CODE_LENGTH = 8;

/** A fresh random code (crypto-strength, uniform over the alphabet). */
export function newTrackingCode(pick: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i += 1) code += TRACKING_CODE_ALPHABET[pick(TRACKING_CODE_ALPHABET.length)];
  return code;
}

/** What a citizen typed, as the stored form: upper case, without spaces or dashes ("ab3d-ef7h" -> "AB3DEF7H"). */
export function normalizeTrackingCode(input: unknown): string {
  return typeof input === 'string' ? input.replace(/[\s-]+/g, '').toUpperCase().slice(0, 64) : '';
}

/**
 * Whether `given` is the report's code, in time independent of where they
 * differ (both sides hashed to equal length first). A report without a code
 * (older than the code) matches nothing.
 */
export function trackingCodeMatches(stored: string | null | undefined, given: unknown): boolean {
  const a = normalizeTrackingCode(stored ?? '');
  const b = normalizeTrackingCode(given);
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const same = timingSafeEqual(digest(a), digest(b));
  return same && a.length === TRACKING_CODE_LENGTH;
}
