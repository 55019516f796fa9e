/**
 * A request URL as the request log may keep it: the path and the query's
 * shape, without phone numbers. The n8n service looks citizens up by WhatsApp
 * number (`/items/citizens?filter[wa_id][_eq]=62812…`), officers search by
 * number, so any run of 8 or more digits in the query string (optionally
 * after a `+`, raw or `%2B`) is masked; ticket numbers (ADU-2611-00042), ids
 * and limits are shorter and stay readable. The path stays exactly as sent:
 * Directus builds its cache key from `req.originalUrl`'s path
 * (api/dist/utils/get-cache-key.js), and no route of ours carries a number in it.
 */
export const MASK = '[nomor]';

const PHONE_LIKE = /(?:\+|%2B)?\d{8,}/gi;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  return url.slice(0, q + 1) + url.slice(q + 1).replace(PHONE_LIKE, MASK);
}
