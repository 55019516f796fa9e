import { defineHook } from '@directus/extensions-sdk';
import { newBookingCode } from '@kanal-aduan/core';
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
 */
export default defineHook(({ action, filter }) => {
  for (const collection of REFERENCE_COLLECTIONS) {
    for (const verb of ['create', 'update', 'delete']) action(`${collection}.items.${verb}`, () => invalidateReferences());
  }
  filter('appointments.items.create', (payload) => {
    const p = payload as Record<string, unknown>;
    return p['code'] ? p : { ...p, code: newBookingCode() };
  });
});
