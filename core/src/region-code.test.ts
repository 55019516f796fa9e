import { describe, expect, it } from 'vitest';
import { kecamatanOf, regionStamp, territorialRegionProblem } from './region-code.ts';

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

describe('territorialRegionProblem', () => {
  it('lets a Camat hold exactly a kecamatan and a Lurah/Kepala Desa exactly a desa or kelurahan', () => {
    expect(territorialRegionProblem('camat', '16.02.01')).toBeNull();
    expect(territorialRegionProblem('kades', '16.02.05.2015')).toBeNull();
    expect(territorialRegionProblem('kades', '16.02.18.1005')).toBeNull();
  });

  it('refuses a wider or narrower region, or none, saying which level is needed', () => {
    expect(territorialRegionProblem('camat', '16.02')).toBe('Akun Camat harus berwilayah satu kecamatan (kode seperti 16.02.01), bukan 16.02.');
    expect(territorialRegionProblem('camat', '16.02.01.2001')).toMatch(/^Akun Camat harus berwilayah satu kecamatan/);
    expect(territorialRegionProblem('camat', null)).toBe('Akun Camat harus punya wilayah: pilih kecamatannya (kode seperti 16.02.01).');
    expect(territorialRegionProblem('kades', '16.02.05')).toMatch(/^Akun Lurah\/Kepala Desa harus berwilayah satu desa atau kelurahan .*bukan 16\.02\.05\.$/);
    expect(territorialRegionProblem('kades', '')).toMatch(/harus punya wilayah/);
  });

  it('asks nothing of other roles', () => {
    for (const role of ['verifikator', 'opd_officer', 'opd_head', 'pimpinan', 'admin', null]) expect(territorialRegionProblem(role, null)).toBeNull();
  });
});
