import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import { open311Report, open311Status, showsDetail, statusesOf } from './open311.ts';
import type { Region } from './model.ts';
import { STATUSES } from './statuses.ts';

const regions: Region[] = [
  { code: '16.02', name: 'Ogan Komering Ilir', level: 'kabupaten', parent: null },
  { code: '16.02.01', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02' },
  { code: '16.02.01.2001', name: 'Sukadana', level: 'desa', parent: '16.02.01' },
  { code: '16.02.02', name: 'Tanjung Lubuk', level: 'kecamatan', parent: '16.02' },
];
const ctx = { categories: [{ code: 'jalan', active: true }, { code: 'lama', active: false }], regions, min_description: 20 };
const story = 'Jalan berlubang besar di depan sekolah, berbahaya bagi pengendara.';

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error('not refused');
};

describe('open311 status mapping', () => {
  it('is open while someone must act, closed once resolved, closed or rejected', () => {
    expect(Object.fromEntries(STATUSES.map((s) => [s, open311Status(s)]))).toEqual({
      received: 'open', needs_info: 'open', verified: 'open', dispositioned: 'open', in_progress: 'open',
      resolved: 'closed', closed: 'closed', rejected: 'closed',
    });
    expect([...statusesOf('open'), ...statusesOf('closed')].sort()).toEqual([...STATUSES].sort());
  });

  it('publishes what and where only for verified, non-confidential reports', () => {
    expect(showsDetail('in_progress', false)).toBe(true);
    expect(showsDetail('in_progress', true)).toBe(false);
    expect(showsDetail('received', false)).toBe(false);
    expect(showsDetail('needs_info', false)).toBe(false);
    expect(showsDetail('rejected', false)).toBe(false);
  });
});

describe('open311Report (the intake rules for another system)', () => {
  it('takes the region from address_id, the place named in address_string, or the description', () => {
    expect(open311Report({ service_code: 'jalan', address_id: '16.02.01.2001', description: story }, ctx).region).toBe('16.02.01.2001');
    expect(open311Report({ service_code: 'jalan', address_string: 'kec. tanjung lubuk', description: story }, ctx).region).toBe('16.02.02');
    const fromStory = open311Report({ service_code: 'jalan', lat: -3.4, long: 104.8, description: `${story} Desa Sukadana.` }, ctx);
    expect(fromStory).toMatchObject({ region: '16.02.01.2001', latitude: -3.4, longitude: 104.8, channel: 'open311', type: 'pengaduan', confidential: false });
    expect(open311Report({ service_code: 'jalan', lat: -3.4, long: 104.8, description: story }, ctx).region).toBeNull();
  });

  it('places a point in the nearest kelurahan/desa, before a place the description names, after a named address', () => {
    const mapped: Region[] = [...regions, { code: '16.02.02.2003', name: 'Tanjung Lubuk', level: 'desa', parent: '16.02.02', latitude: -3.41, longitude: 104.81 }];
    const at = { ...ctx, regions: mapped };
    expect(open311Report({ service_code: 'jalan', lat: -3.4, long: 104.8, description: `${story} Desa Sukadana.` }, at).region).toBe('16.02.02.2003');
    expect(open311Report({ service_code: 'jalan', lat: -3.4, long: 104.8, address_string: 'Desa Sukadana', description: story }, at).region).toBe('16.02.01.2001');
    // Beyond the largest village's reach from its centroid the point places nothing.
    expect(open311Report({ service_code: 'jalan', lat: -2.4, long: 104.8, description: story }, at).region).toBeNull();
  });

  it('refuses an unknown or inactive service, a short story, no place, half a point, a region outside the regency', () => {
    expect(refusal(() => open311Report({ service_code: 'nope', lat: 1, long: 1, description: story }, ctx))).toBe('OPEN311.UNKNOWN_SERVICE');
    expect(refusal(() => open311Report({ service_code: 'lama', lat: 1, long: 1, description: story }, ctx))).toBe('OPEN311.UNKNOWN_SERVICE');
    expect(refusal(() => open311Report({ service_code: 'jalan', lat: 1, long: 1, description: 'rusak' }, ctx))).toBe('OPEN311.SHORT_DESCRIPTION');
    expect(refusal(() => open311Report({ service_code: 'jalan', description: story }, ctx))).toBe('OPEN311.NO_LOCATION');
    expect(refusal(() => open311Report({ service_code: 'jalan', lat: 1, description: story }, ctx))).toBe('OPEN311.HALF_POINT');
    expect(refusal(() => open311Report({ service_code: 'jalan', address_id: '16.02', description: story }, ctx))).toBe('OPEN311.UNKNOWN_ADDRESS_ID');
    expect(refusal(() => open311Report({ service_code: 'jalan', address_id: '31.71.01', description: story }, ctx))).toBe('OPEN311.UNKNOWN_ADDRESS_ID');
  });
});
