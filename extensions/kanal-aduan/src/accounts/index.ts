import { defineHook } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { checkNewAccount, checkUpdatedAccounts } from './territory.ts';

/** Camat and Lurah/Kepala Desa accounts must hold a region of their level (territory.ts). */
export default defineHook(({ filter }, { database }) => {
  filter('users.create', (payload) => {
    checkNewAccount(payload as Record<string, unknown>);
    return payload;
  });
  filter('users.update', async (payload, meta, context) => {
    const knex = ((context as { database?: Knex }).database ?? database) as Knex;
    await checkUpdatedAccounts(payload as Record<string, unknown>, ((meta as { keys?: unknown[] }).keys ?? []), knex);
    return payload;
  });
});
