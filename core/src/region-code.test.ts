import { describe, expect, it } from 'vitest';
import { kecamatanOf, regionStamp } from './region-code.ts';

describe('kecamatanOf', () => {
  it('finds the kecamatan of a desa or kelurahan code, and of a kecamatan itself', () => {
    expect(kecamatanOf('16.02.01.2001')).toBe('16.02.01');
    expect(kecamatanOf('16.02.18.1005')).toBe('16.02.18');
    expect(kecamatanOf('16.02.05')).toBe('16.02.05');
  });

  it('has none for the kabupaten, no region or a malformed code', () => {
    expect(kecamatanOf('16.02')).toBeNull();
    expect(kecamatanOf(null)).toBeNull();
    expect(kecamatanOf('')).toBeNull();
    expect(kecamatanOf('16.2.1')).toBeNull();
    expect(kecamatanOf('16.02.01.2001.9')).toBeNull();
  });
});

describe('regionStamp', () => {
  it('stamps the kecamatan only when the write sets the region', () => {
    expect(regionStamp({ region: '16.02.03.2004', description: 'x' })).toEqual({ kecamatan: '16.02.03' });
    expect(regionStamp({ region: { code: '16.02.03.2004' } })).toEqual({ kecamatan: '16.02.03' });
    expect(regionStamp({ region: null })).toEqual({ kecamatan: null });
    expect(regionStamp({ status: 'verified' })).toEqual({});
  });
});
