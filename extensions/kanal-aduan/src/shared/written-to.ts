import { inboundAccount } from '@kanal-aduan/core';
import type { Knex } from 'knex';

/**
 * The account each address last wrote to: the account stored with their latest inbound message
 * (core inboundAccount), '' for the default account (none stored, or they never wrote). A notice
 * goes out from it, as n8n's citizen notices go to followers (notice.citizen lastWrittenTo): a
 * desk's own Telegram bot may be the only bot allowed to write to someone, and a WhatsApp number's
 * 24-hour window is its own. One query for all of them.
 */
export async function lastWrittenTo(knex: Knex, addresses: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(addresses.filter(Boolean))];
  const out = new Map<string, string>(ids.map((id) => [id, '']));
  if (!ids.length) return out;
  const latest = knex('wa_messages').where({ direction: 'in' }).whereIn('wa_id', ids).groupBy('wa_id').select('wa_id').max({ at: 'date_created' }).as('latest');
  const rows = (await knex('wa_messages as m')
    .join(latest, function () {
      this.on('m.wa_id', '=', 'latest.wa_id').andOn('m.date_created', '=', 'latest.at');
    })
    .where('m.direction', 'in')
    .select('m.wa_id', 'm.payload')) as Array<{ wa_id: string; payload: unknown }>;
  // Two messages in the same instant: either account is as much the one they last wrote to.
  for (const row of rows) out.set(String(row.wa_id), inboundAccount(row.payload));
  return out;
}
