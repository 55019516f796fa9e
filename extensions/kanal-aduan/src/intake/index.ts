import { defineHook } from '@directus/extensions-sdk';
import { newBookingCode, officeEditNotice, placesClaimed, withMeetingDay, type AppointmentEditView, type BookingPlace, type PlaceClaim } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { KanalInvalidPayloadError, toDirectusError } from '../shared/errors.ts';
import { dateOnly, officeMoveRefusal } from './appointments.ts';
import { REFERENCE_COLLECTIONS } from './reference-cache.ts';
import { invalidateReferences } from './references.ts';

/**
 * The intake endpoint keeps settings, categories, regions, message
 * templates and the active routing model's category and spam text parts in
 * memory (reference-cache.ts): any change to them through this
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
 *
 * Such a move obeys the slot's quota as the chat booking does (core
 * placesClaimed / quotaRefusal): refused with a 400 when the slot is full on
 * that date, and nothing is saved. The update filter refuses early; it runs
 * before Directus opens the save's transaction, so the binding check is made
 * again in the `activity.create` filter, which Directus runs inside that
 * transaction after the write, under the slot's row lock: two office moves
 * onto the last place cannot both commit. A meeting time dragged onto another
 * day takes the booking's date along, so the place it holds is that day's.
 */
type HookContext = { database: unknown; accountability?: { user?: string | null } | null };

/**
 * Office moves checked by the update filter, by booking id, until the save's
 * activity filter checks them again under the lock. A save that fails before
 * its write leaves an entry the booking's next save replaces.
 */
const pendingQuotaChecks = new Map<string, PlaceClaim[]>();

const MOVE_FIELDS = ['status', 'slot', 'slot_date', 'scheduled_at', 'place'];

/** The slot an edit names: a key, or `{ id }` when Data Studio sends the related item. */
function slotKey(v: unknown): number | null {
  const id = v !== null && typeof v === 'object' ? (v as { id?: unknown }).id : v;
  return id === null || id === undefined || id === '' ? null : Number(id);
}

export default defineHook(({ action, filter }, { services, getSchema }) => {
  for (const collection of REFERENCE_COLLECTIONS) {
    for (const verb of ['create', 'update', 'delete']) {
      action(`${collection}.items.${verb}`, () => {
        // A new routing model (its category and spam text parts) counts from the next message too.
        invalidateReferences();
      });
    }
  }
  filter('appointments.items.create', (payload, _meta, context) => {
    const p = { ...(payload as Record<string, unknown>) };
    if ((context as { accountability?: { user?: string | null } | null }).accountability?.user) delete p['notice_pending'];
    return p['code'] ? p : { ...p, code: newBookingCode() };
  });
  filter('appointments.items.update', async (payload, meta, context) => {
    const { database, accountability } = context as HookContext;
    if (!accountability?.user) return payload;
    let p = { ...(payload as Record<string, unknown>) };
    delete p['notice_pending'];
    const keys = ((meta as { keys?: Array<string | number> }).keys ?? []).map(String);
    for (const key of keys) pendingQuotaChecks.delete(key);
    if (keys.length === 0 || !MOVE_FIELDS.some((f) => f in p)) return p;
    // The bookings as they stand (in the caller's transaction when there is one).
    const rows = (await new services.ItemsService('appointments', { knex: database as Knex, schema: await getSchema() })
      .readMany(keys, { fields: ['id', 'status', 'slot', 'slot_date', 'scheduled_at', 'place'] })) as Array<AppointmentEditView & { id: number; slot: unknown }>;
    const befores: BookingPlace[] = rows.map((r) => ({ id: r.id, status: r.status, slot: slotKey(r.slot), slot_date: dateOnly(r.slot_date), scheduled_at: r.scheduled_at }));
    if (typeof p['scheduled_at'] === 'string' && !('slot_date' in p)) {
      const settings = (await (database as Knex)('settings').first('timezone')) as { timezone?: string | null } | undefined;
      p = withMeetingDay(befores, p as { scheduled_at?: string | null }, settings?.timezone || 'Asia/Jakarta');
    }
    const claims = placesClaimed(befores, {
      ...('status' in p ? { status: p['status'] as BookingPlace['status'] } : {}),
      ...('slot' in p ? { slot: slotKey(p['slot']) } : {}),
      ...('slot_date' in p ? { slot_date: dateOnly(p['slot_date']) } : {}),
    });
    const refused = await officeMoveRefusal(database as Knex, claims, { lock: false });
    if (refused) throw toDirectusError(refused);
    const notice = officeEditNotice(rows, p as Partial<AppointmentEditView>);
    if ('mixed' in notice) {
      throw new KanalInvalidPayloadError({ reason: 'Ubah janji temu ini satu per satu: perubahan yang sama berarti pesan yang berbeda untuk tiap warga.' });
    }
    for (const c of claims) pendingQuotaChecks.set(c.id, claims);
    return notice.key ? { ...p, notice_pending: notice.key } : p;
  });
  // Inside the save's transaction, after its write: the same count under the slot's row lock.
  filter('activity.create', async (payload, _meta, context) => {
    const entry = payload as { action?: unknown; collection?: unknown; item?: unknown };
    if (entry.collection !== 'appointments' || entry.action !== 'update') return payload;
    const claims = pendingQuotaChecks.get(String(entry.item));
    if (!claims) return payload;
    for (const c of claims) pendingQuotaChecks.delete(c.id);
    const refused = await officeMoveRefusal((context as HookContext).database as Knex, claims, { lock: true });
    if (refused) throw toDirectusError(refused);
    return payload;
  });
});
