import { defineHook } from '@directus/extensions-sdk';
import { REFERENCE_COLLECTIONS } from './reference-cache.ts';
import { invalidateReferences } from './references.ts';

/**
 * The intake endpoint keeps settings, categories, regions and message
 * templates in memory (reference-cache.ts): any change to them through this
 * Directus instance clears that copy at once. Other instances' copies expire
 * on their own (TTL_MS).
 */
export default defineHook(({ action }) => {
  for (const collection of REFERENCE_COLLECTIONS) {
    for (const verb of ['create', 'update', 'delete']) action(`${collection}.items.${verb}`, () => invalidateReferences());
  }
});
