import { createHmac, timingSafeEqual } from 'node:crypto';

// Meta signs every webhook POST with the app secret: header
// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.
// https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
// The signature is over the exact bytes received: verify before JSON.parse,
// never over a re-serialised object. Kanal Aduan signs its own Directus->n8n
// events (X-Kanal-Signature) the same way.

export function signBody(rawBody: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/** False on a missing, malformed or wrong header, or an empty secret. Constant-time compare. */
export function verifySignature(rawBody: string | Uint8Array, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || appSecret === '') return false;
  const match = HEADER.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
