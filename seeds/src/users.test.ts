import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { buildReferenceData, demoVillage } from './reference.ts';
import { DEMO_USERS, demoUsersFor, SERVICE_USER, userRow } from './users.ts';

const data = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });

describe('demo users', () => {
  it('has one login per role with the agreed emails, and a service account without email', () => {
    expect(DEMO_USERS.map((u) => u.email).sort()).toEqual(
      ['bupati@example.com', 'camat.kayuagung@example.com', 'kades.celikah@example.com', 'kepala.pupr@example.com', 'meja.kayuagung@example.com', 'opd.pupr@example.com', 'verifikator@example.com'],
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
    // The Kepala Desa's region is a desa of the Camat's kecamatan, and their agency is that desa's office:
    // the access rules read the user's region as the desa (a kecamatan code would open the whole kecamatan).
    const kades = DEMO_USERS.find((u) => u.role === 'kades')!;
    expect(regions.get(kades.region!)).toMatchObject({ name: 'Celikah', level: 'desa', parent: camat.region });
    expect(data.agencies.find((a) => a.code === kades.agency)).toMatchObject({ kind: 'desa', region: kades.region, short_name: 'Desa Celikah' });
  });

  it('moves the Camat to a kecamatan of another regency', () => {
    const camat = demoUsersFor('16.71', [{ code: '16.71.01', name: 'Ilir Barat II' }]).find((u) => u.role === 'camat')!;
    expect(camat).toMatchObject({ agency: 'KEC-16.71.01', region: '16.71.01', title: 'Camat Ilir Barat II' });
  });

  it('moves the Kepala Desa to the village whose office another regency gets, a Lurah for a kelurahan', async () => {
    const palembang = await buildReferenceData({ regencyCode: '16.71', timezone: 'Asia/Jakarta' });
    const village = demoVillage(palembang.regions)!;
    const kecamatan = palembang.regions.filter((r) => r.level === 'kecamatan');
    const kades = demoUsersFor('16.71', kecamatan, village).find((u) => u.role === 'kades')!;
    expect(palembang.agencies.find((a) => a.code === kades.agency)).toMatchObject({ region: village.code, kind: village.level });
    expect(kades).toMatchObject({ region: village.code, email: 'kades.celikah@example.com' });
    expect(kades.title).toBe(`${village.level === 'kelurahan' ? 'Lurah' : 'Kepala Desa'} ${village.name}`);
    expect(demoUsersFor('16.71', kecamatan, null).some((u) => u.role === 'kades')).toBe(false);
  });
});
