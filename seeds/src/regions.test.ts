import { describe, expect, it } from 'vitest';
import { loadRegions, regencyLevel, UnknownRegencyError, villageLevel } from './regions.ts';

describe('loadRegions', () => {
  it('loads Ogan Komering Ilir with 18 kecamatan, 314 desa and 13 kelurahan', async () => {
    const { regions, regency, province } = await loadRegions('16.02');
    const count = (level: string) => regions.filter((r) => r.level === level).length;
    expect(count('kecamatan')).toBe(18);
    expect(count('desa')).toBe(314);
    expect(count('kelurahan')).toBe(13);
    expect(province).toEqual({ code: '16', name: 'Sumatera Selatan', level: 'provinsi', parent: null });
    expect(regency).toMatchObject({ code: '16.02', level: 'kabupaten', parent: '16' });
    expect(regions.find((r) => r.code === '16.02.05')).toMatchObject({ name: 'Kayu Agung', level: 'kecamatan', parent: '16.02' });
  });

  it('gives every kelurahan/desa of Ogan Komering Ilir its centroid, inside the regency', async () => {
    const { regions, withoutCentroid } = await loadRegions('16.02');
    expect(withoutCentroid).toEqual([]);
    const villages = regions.filter((r) => r.level === 'desa' || r.level === 'kelurahan');
    // OKI spans roughly 2.5°–4.2° S and 104.6°–106.0° E.
    for (const v of villages) {
      expect(v.latitude, v.code).toBeGreaterThan(-4.3);
      expect(v.latitude, v.code).toBeLessThan(-2.4);
      expect(v.longitude, v.code).toBeGreaterThan(104.3);
      expect(v.longitude, v.code).toBeLessThan(106.2);
    }
    expect(regions.find((r) => r.code === '16.02.05.1008')).toMatchObject({ name: 'Sukadana', latitude: expect.closeTo(-3.3672, 3), longitude: expect.closeTo(104.8333, 3) });
    expect(regions.find((r) => r.code === '16.02.05')).not.toHaveProperty('latitude');
  });

  it('lists parents before children and every parent exists', async () => {
    const { regions } = await loadRegions('16.02');
    const seen = new Set<string>();
    for (const r of regions) {
      if (r.parent !== null) expect(seen.has(r.parent), `${r.code} before its parent`).toBe(true);
      seen.add(r.code);
    }
    expect(seen.size).toBe(regions.length);
  });

  it('tells a kota from a kabupaten', async () => {
    const { regency } = await loadRegions('16.71');
    expect(regency).toMatchObject({ name: 'Kota Palembang', level: 'kota' });
    expect(regencyLevel('16.02', 'Kabupaten Ogan Komering Ilir')).toBe('kabupaten');
  });

  it('tells a kelurahan (1xxx) from a desa (2xxx)', () => {
    expect(villageLevel('16.02.02.1011')).toBe('kelurahan');
    expect(villageLevel('16.02.02.2001')).toBe('desa');
    expect(() => villageLevel('16.02.02')).toThrow();
  });

  it('refuses an unknown regency code and says how to find the right one', async () => {
    const err = await loadRegions('16.99').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownRegencyError);
    expect((err as Error).message).toMatch(/regencies\.csv/);
    expect((err as Error).message).toMatch(/KANAL_REGENCY_CODE/);
  });
});
