import { describe, expect, it } from 'vitest';
import type { Region } from '../model.ts';
import { OKI_REGIONS } from './fixtures.ts';
import { PIN_PLACE_MAX_KM, placeOfPin } from './pin-place.ts';

describe('placeOfPin', () => {
  it('names the kelurahan/desa whose centroid is nearest, labelled with its kecamatan', () => {
    // 0.4 km from Sukadana's centroid, 1.5 km from Kayuagung's.
    expect(placeOfPin(OKI_REGIONS, { latitude: -3.3700, longitude: 104.8360 })).toEqual({ code: '16.02.05.1008', label: 'Sukadana, Kec. Kayu Agung', km: expect.closeTo(0.4, 1) });
    expect(placeOfPin(OKI_REGIONS, { latitude: -3.3790, longitude: 104.8500 })?.code).toBe('16.02.05.1002');
  });

  it('gives nothing for a pin further than the limit from every centroid (outside the regency)', () => {
    expect(placeOfPin(OKI_REGIONS, { latitude: -2.99, longitude: 104.76 })).toBeNull(); // Palembang, ~40 km away
    // Just inside and just outside the limit, due south of Tanjung Lubuk (1° of latitude ≈ 111.2 km).
    const south = (km: number) => ({ latitude: -3.5331 - km / 111.2, longitude: 104.7616 });
    expect(placeOfPin(OKI_REGIONS, south(PIN_PLACE_MAX_KM - 0.5))?.code).toBe('16.02.02.1011');
    expect(placeOfPin(OKI_REGIONS, south(PIN_PLACE_MAX_KM + 0.5))).toBeNull();
  });

  it('never answers with a kecamatan, and needs centroids', () => {
    const kecamatanOnly: Region[] = [{ code: '16.02.05', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02', latitude: -3.39, longitude: 104.83 }];
    expect(placeOfPin(kecamatanOnly, { latitude: -3.39, longitude: 104.83 })).toBeNull();
    const noCoordinates = OKI_REGIONS.map(({ latitude: _la, longitude: _lo, ...r }) => r);
    expect(placeOfPin(noCoordinates, { latitude: -3.37, longitude: 104.836 })).toBeNull();
  });
});
