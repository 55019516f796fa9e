import { defineHook } from '@directus/extensions-sdk';
import { newBookingCode, officeEditNotice, type AppointmentEditView } from '@kanal-aduan/core';
import { KanalInvalidPayloadError } from '../shared/errors.ts';
import { REFERENCE_COLLECTIONS } from './reference-cache.ts';
import { invalidateReferences } from './references.ts';

/**
 * The intake endpoint keeps settings, categories, regions and message
 * templates in memory (reference-cache.ts): any change to them through this
 * Directus instance clears that copy at once. Other instances' copies expire
 * on their own (TTL_MS).
 *
 * A Temu Bupati booking the desk enters by hand (a citizen who phoned) gets
 * its booking code like one made on WhatsApp, so "batal temu <kode>" works for it too.
 *
 * When a person (not the bot, not the system's own writes) approves, moves or
 * cancels a booking, the edit stores the citizen's notice with itself
 * (`notice_pending`, core officeEditNotice), so it is written in the same
 * transaction as the change; the reminders flow claims and sends it
 * (POST /kanal-aduan/appointments/reminders). Nobody writes the field by hand.
 */
export default defineHook(({ action, filter }, { services, getSchema }) => {
  for (const collection of REFERENCE_COLLECTIONS) {
    for (const verb of ['create', 'update', 'delete']) action(`${collection}.items.${verb}`, () => invalidateReferences());
  }
  filter('appointments.items.create', (payload, _meta, context) => {
    const p = { ...(payload as Record<string, unknown>) };
    if ((context as { accountability?: { user?: string | null } | null }).accountability?.user) delete p['notice_pending'];
    return p['code'] ? p : { ...p, code: newBookingCode() };
  });
  filter('appointments.items.update', async (payload, meta, context) => {
    const accountability = (context as { accountability?: { user?: string | null } | null }).accountability;
    if (!accountability?.user) return payload;
    const p = { ...(payload as Record<string, unknown>) };
    delete p['notice_pending'];
    const keys = ((meta as { keys?: Array<string | number> }).keys ?? []).map(String);
    if (keys.length === 0 || !['status', 'slot_date', 'scheduled_at', 'place'].some((f) => f in p)) return p;
    // The bookings as they stand, read inside the edit's own transaction.
    const rows = (await new services.ItemsService('appointments', { knex: context.database, schema: await getSchema() })
      .readMany(keys, { fields: ['id', 'status', 'slot_date', 'scheduled_at', 'place'] })) as AppointmentEditView[];
    const notice = officeEditNotice(rows, p as Partial<AppointmentEditView>);
    if ('mixed' in notice) {
      throw new KanalInvalidPayloadError({ reason: 'Ubah janji temu ini satu per satu: perubahan yang sama berarti pesan yang berbeda untuk tiap warga.' });
    }
    return notice.key ? { ...p, notice_pending: notice.key } : p;
  });
});
