import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import { rankingAccess } from './access.ts';

/** A knex that answers the unit-head lookup with the user's agency. */
const knexWithAgency = (agency: string | null) =>
  ((table: string) => ({ where: () => ({ first: async () => (table === 'directus_users' ? { agency } : undefined) }) })) as unknown as Knex;

const as = (role: string) => ({ user: 'u-1', role, roles: [role], admin: false });

describe('rankingAccess', () => {
  it('shows the Camat the whole order with only its own office in detail', async () => {
    await expect(rankingAccess(as(ROLE_IDS.camat), knexWithAgency('KEC-16.02.05'), false)).resolves.toMatchObject({ kind: 'agency', agency: 'KEC-16.02.05' });
  });

  it('refuses the Lurah/Kepala Desa: desa offices are not ranked units', async () => {
    await expect(rankingAccess(as(ROLE_IDS.kades), knexWithAgency('DESA-16.02.05.2015'), true)).rejects.toMatchObject({ status: 403 });
  });
});
