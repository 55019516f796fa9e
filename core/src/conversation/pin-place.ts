import { around, distance } from 'geokdbush';
import KDBush from 'kdbush';
import type { Region } from '../model.ts';
import { labelOf } from './place-match.ts';

/**
 * How far a pin may lie from the nearest kelurahan/desa centroid and still be taken as
 * in it. Centroids stand for whole villages, and OKI's largest desa (peat and river
 * land) reach 8–10 km from centre to edge; further than that the pin is most likely
 * outside the regency, and the verifikator places it by hand.
 */
export const PIN_PLACE_MAX_KM = 10;

export type PinPlace = {
  /** The kelurahan/desa code. */
  code: string;
  /** "Sukadana, Kec. Kayu Agung", as a typed place is labelled. */
  label: string;
  /** Distance from the pin to the village's centroid. */
  km: number;
};

type Village = Region & { latitude: number; longitude: number };
const isVillage = (r: Region): r is Village =>
  (r.level === 'kelurahan' || r.level === 'desa') && typeof r.latitude === 'number' && typeof r.longitude === 'number';

/**
 * The kelurahan/desa a shared pin falls in, by the nearest village centroid (a Voronoi
 * approximation of the boundaries, which the seed data does not carry), or null when
 * no centroid lies within `maxKm` or the regions carry no coordinates.
 */
export function placeOfPin(regions: readonly Region[], pin: { latitude: number; longitude: number }, maxKm = PIN_PLACE_MAX_KM): PinPlace | null {
  const villages = regions.filter(isVillage);
  if (villages.length === 0) return null;
  const index = new KDBush(villages.length);
  for (const v of villages) index.add(v.longitude, v.latitude);
  index.finish();
  const [nearest] = around(index, pin.longitude, pin.latitude, 1, maxKm) as number[];
  if (nearest === undefined) return null;
  const village = villages[nearest]!;
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const km = distance(pin.longitude, pin.latitude, village.longitude, village.latitude);
  return { code: village.code, label: labelOf(village, byCode), km: Math.round(km * 100) / 100 };
}
