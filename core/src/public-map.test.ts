import { describe, expect, it } from 'vitest';
import { publicMapPoint, type MapReport } from './public-map.ts';
import { STATUSES } from './statuses.ts';

const centroids = new Map([['16.02.05.1008', { latitude: -3.3672, longitude: 104.8333 }]]);
const report = (over: Partial<MapReport> = {}): MapReport => ({
  status: 'in_progress', confidential: false, latitude: -3.3701234, longitude: 104.8367891, region: '16.02.05.1008', category: 'JALAN', ...over,
});

describe('publicMapPoint', () => {
  it('puts an open report at its pin, to about 11 m', () => {
    expect(publicMapPoint(report(), centroids)).toEqual({
      latitude: -3.3701, longitude: 104.8368, precision: 'pin', category: 'JALAN', status: 'in_progress', kind: 'open',
    });
  });

  it('puts a confidential report only at its desa centroid, never near its pin', () => {
    const p = publicMapPoint(report({ confidential: true }), centroids);
    expect(p).toMatchObject({ latitude: -3.3672, longitude: 104.8333, precision: 'desa' });
    expect(p?.latitude).not.toBe(-3.3701);
  });

  it('leaves out a confidential report whose place is a kecamatan or unknown', () => {
    expect(publicMapPoint(report({ confidential: true, region: '16.02.05' }), centroids)).toBeNull();
    expect(publicMapPoint(report({ confidential: true, region: null }), centroids)).toBeNull();
  });

  it('puts a report without a pin at its desa centroid, and leaves out one without either', () => {
    expect(publicMapPoint(report({ latitude: null, longitude: null }), centroids)).toMatchObject({ precision: 'desa', latitude: -3.3672 });
    expect(publicMapPoint(report({ latitude: null, longitude: null, region: null }), centroids)).toBeNull();
  });

  it('shows only reports a verifikator has passed', () => {
    const shown = STATUSES.filter((status) => publicMapPoint(report({ status }), centroids) !== null);
    expect(shown).toEqual(['verified', 'dispositioned', 'in_progress', 'resolved', 'closed']);
    expect(publicMapPoint(report({ status: 'resolved' }), centroids)?.kind).toBe('fixed');
  });
});
