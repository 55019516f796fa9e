import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { dbBool, dbTimestamp } from '../shared/knex-dialect.ts';
import { jsonColumn } from './pending.ts';

// The rows every conversation step reads and writes (the citizen's
// conversation, the citizen, the replies logged as waiting) with knex in the
// step's transaction, not through Directus's item services: none of them has a
// hook, a permission the step must pass (the step writes with full rights) or
// an activity record (full-rights writes make none), and the item pipeline
// and its purge of the whole response cache per write were most of a step's
// time under load. The step clears the cache once after its commit
// (IntakeDeps.purgeCache). Reports and their media still go through the
// item services: their hooks number, date and route them.

const CONVERSATIONS = 'conversations';

export const CONVERSATION_FIELDS = ['id', 'wa_id', 'state', 'draft', 'appointment', 'locale', 'last_inbound_at', 'flood'] as const;

/**
 * A timestamp column as Directus's API gives it, an ISO string: Postgres
 * returns a Date, SQLite the epoch milliseconds Directus stores (or the
 * `YYYY-MM-DD HH:MM:SS` UTC text of a database default).
 */
export function isoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const text = String(value);
  if (/^\d+$/.test(text)) return new Date(Number(text)).toISOString();
  const at = Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** The citizen's conversation row as the item API would give it (JSON parsed, timestamp as ISO), or null. */
export async function readConversation(trx: Knex, waId: string): Promise<Record<string, unknown> | null> {
  const row = (await trx(CONVERSATIONS).where({ wa_id: waId }).first(...CONVERSATION_FIELDS)) as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    ...row,
    id: String(row['id']),
    draft: jsonColumn(row['draft']),
    appointment: jsonColumn(row['appointment']),
    flood: jsonColumn(row['flood']),
    last_inbound_at: isoTimestamp(row['last_inbound_at']),
  };
}

export interface ConversationWrite {
  state: string;
  draft: unknown;
  appointment: unknown;
  locale: string | null;
  last_inbound_at: string | null;
  flood: unknown;
}

/** Saves the conversation: an update of `existingId`, else a new row for `waId`. */
export async function writeConversation(trx: Knex, existingId: string | null, waId: string, data: ConversationWrite, now: Date): Promise<void> {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const row = {
    state: data.state,
    draft: json(data.draft),
    appointment: json(data.appointment),
    locale: data.locale,
    last_inbound_at: data.last_inbound_at ? dbTimestamp(trx, new Date(data.last_inbound_at)) : null,
    flood: json(data.flood),
    date_updated: dbTimestamp(trx, now),
  };
  if (existingId) await trx(CONVERSATIONS).where({ id: existingId }).update(row);
  else await trx(CONVERSATIONS).insert({ id: randomUUID(), wa_id: waId, ...row });
}

export interface CitizenRow {
  id: string;
  blocked: boolean;
  locale: 'id' | 'en' | null;
  display_name: string | null;
}

/** The citizen with this WhatsApp id, or null. */
export async function readCitizen(trx: Knex, waId: string): Promise<CitizenRow | null> {
  const row = (await trx('citizens').where({ wa_id: waId }).first('id', 'blocked', 'locale', 'display_name')) as Record<string, unknown> | undefined;
  if (!row) return null;
  const locale = row['locale'];
  return {
    id: String(row['id']),
    blocked: dbBool(row['blocked']),
    locale: locale === 'id' || locale === 'en' ? locale : null,
    display_name: (row['display_name'] as string | null) ?? null,
  };
}
