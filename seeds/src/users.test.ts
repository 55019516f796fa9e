import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { buildReferenceData } from './reference.ts';
import { DEMO_USERS, demoUsersFor, SERVICE_USER, userRow } from './users.ts';

const data = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });

describe('demo users', () => {
  it('has one login per role with the agreed emails, and a service account without email', () => {
    expect(DEMO_USERS.map((u) => u.email).sort()).toEqual(
      ['bupati@example.com', 'camat.kayuagung@example.com', 'kepala.pupr@example.com', 'opd.pupr@example.com', 'verifikator@example.com'],
    );
    expect(SERVICE_USER).toMatchObject({ role: 'service', email: null });
    expect(userRow(SERVICE_USER).role).toBe(ROLE_IDS.service);
  });

  it('attaches officers to agencies and regions that the seeds create', () => {
    const agencies = new Set(data.agencies.map((a) => a.code));
    const regions = new Map(data.regions.map((r) => [r.code, r]));
    for (const u of demoUsersFor('16.02', [])) {
      if (u.agency) expect(agencies.has(u.agency), u.key).toBe(true);
      if (u.region) expect(regions.has(u.region), u.key).toBe(true);
    }
    const camat = DEMO_USERS.find((u) => u.role === 'camat')!;
    expect(regions.get(camat.region!)).toMatchObject({ name: 'Kayu Agung', level: 'kecamatan' });
    expect(camat.agency).toBe(`KEC-${camat.region}`);
  });

  it('moves the Camat to a kecamatan of another regency', () => {
    const camat = demoUsersFor('16.71', [{ code: '16.71.01', name: 'Ilir Barat II' }]).find((u) => u.role === 'camat')!;
    expect(camat).toMatchObject({ agency: 'KEC-16.71.01', region: '16.71.01', title: 'Camat Ilir Barat II' });
  });
});
