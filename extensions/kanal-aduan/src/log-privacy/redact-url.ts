/**
 * A request URL as the request log may keep it: the path and the query's
 * shape, without phone numbers. The n8n service looks citizens up by WhatsApp
 * number (`/items/citizens?filter[wa_id][_eq]=62812…`), officers search by
 * number, so any run of 8 or more digits (optionally after a `+`, raw or
 * `%2B`), in the path or the query, is masked; ticket numbers
 * (ADU-2611-00042), ids and limits are shorter and stay readable.
 */
export const MASK = '[nomor]';

const PHONE_LIKE = /(?:\+|%2B)?\d{8,}/gi;

export function redactUrl(url: string): string {
  return url.replace(PHONE_LIKE, MASK);
}
