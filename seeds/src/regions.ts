import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import { Region } from '@kanal-aduan/core';
import { withCentroids } from './centroids.ts';

/**
 * Regions of one kabupaten/kota from the `idn-area-data` package (data under
 * ODbL, https://github.com/fityannugroho/idn-area-data — Kemendagri codes as
 * in Kepmendagri 300.2.2-2138/2025). Codes stay in dotted Kemendagri form.
 */
export class UnknownRegencyError extends Error {
  readonly code = 'SEEDS.UNKNOWN_REGENCY';
  constructor(regencyCode: string) {
    super(
      `Kode kabupaten/kota "${regencyCode}" tidak dikenal. Gunakan kode Kemendagri ` +
        `bertitik (mis. "16.02" untuk Kabupaten Ogan Komering Ilir, "16.71" untuk Kota Palembang). ` +
        `Cari kode yang benar di node_modules/idn-area-data/data/regencies.csv ` +
        `(grep -i "<nama kabupaten>" pada berkas itu) lalu set KANAL_REGENCY_CODE.`,
    );
    this.name = 'UnknownRegencyError';
  }
}

/**
 * The 4-digit part of a village code starts with 1 for a kelurahan (urban,
 * led by a lurah who is a civil servant) and with 2 for a desa (led by an
 * elected kepala desa). Checked against the data: 16.02 has 13 and 314.
 */
export function villageLevel(code: string): 'kelurahan' | 'desa' {
  const last = code.split('.')[3] ?? '';
  if (last.startsWith('1')) return 'kelurahan';
  if (last.startsWith('2')) return 'desa';
  throw new Error(`Kode desa/kelurahan tidak dikenali: ${code}`);
}

/** 'Kota Palembang' is a kota; Kemendagri numbers kota from 71 upwards too. */
export function regencyLevel(code: string, name: string): 'kabupaten' | 'kota' {
  const seq = Number(code.split('.')[1]);
  return /^kota\b/i.test(name) || seq >= 71 ? 'kota' : 'kabupaten';
}

export type RegionsResult = {
  regency: Region;
  province: Region;
  regions: Region[];
  /** Kelurahan/desa codes the centroid data does not know (placed by name only). */
  withoutCentroid: string[];
};

export async function loadRegions(regencyCode: string): Promise<RegionsResult> {
  const regencies = await getRegencies();
  const reg = regencies.find((r) => r.code === regencyCode);
  if (!reg) throw new UnknownRegencyError(regencyCode);
  const prov = (await getProvinces()).find((p) => p.code === reg.province_code);
  if (!prov) throw new UnknownRegencyError(regencyCode);

  const province = Region.parse({ code: prov.code, name: prov.name, level: 'provinsi', parent: null });
  const regency = Region.parse({
    code: reg.code,
    name: reg.name,
    level: regencyLevel(reg.code, reg.name),
    parent: prov.code,
  });
  const districts = (await getDistricts())
    .filter((d) => d.regency_code === regencyCode)
    .map((d) => Region.parse({ code: d.code, name: d.name, level: 'kecamatan', parent: d.regency_code }));
  const districtCodes = new Set(districts.map((d) => d.code));
  const villages = (await getVillages())
    .filter((v) => districtCodes.has(v.district_code))
    .map((v) => Region.parse({ code: v.code, name: v.name, level: villageLevel(v.code), parent: v.district_code }));

  // Every kelurahan/desa with its centroid where the data knows it (a pin's nearest desa, the public map).
  const located = await withCentroids(villages);
  // Parents before children so a single ordered upsert never points at a missing row.
  return { regency, province, regions: [province, regency, ...districts, ...located.regions], withoutCentroid: located.missing };
}
