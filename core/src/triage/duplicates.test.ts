import { describe, expect, it } from 'vitest';
import { findDuplicates, haversineM, type DuplicateReport } from './duplicates.ts';

// Around the Kayu Agung camat's office (OKI); 0.001° of latitude is ~111 m.
const base: DuplicateReport = { id: 'o1', category: 'JALAN', region: '16.02.05.1002', latitude: -3.3912, longitude: 104.8305, created_at: '2026-11-02T08:00:00+07:00', text: 'jalan lintas depan kantor camat kayuagung berlubang besar, bahaya buat motor' };
const fresh = (over: Partial<DuplicateReport>): DuplicateReport => ({ ...base, id: 'n1', created_at: '2026-11-20T08:00:00+07:00', text: 'lubang besar di jalan depan kantor camat kayuagung belum diperbaiki', ...over });

describe('haversineM', () => {
  it('measures metres on the ground', () => {
    expect(haversineM(-3.39, 104.83, -3.39, 104.83)).toBe(0);
    expect(haversineM(-3.39, 104.83, -3.391, 104.83)).toBeCloseTo(111.2, 0);
    // Kayu Agung to Palembang is roughly 60 km.
    expect(haversineM(-3.39, 104.83, -2.976, 104.775) / 1000).toBeGreaterThan(45);
  });
});

describe('findDuplicates', () => {
  it('finds the same problem at the same place, with the evidence', () => {
    const [c, ...rest] = findDuplicates(fresh({ latitude: -3.3915, longitude: 104.8308 }), [base]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ id: 'o1', same_region: true });
    expect(c!.distance_m).toBeGreaterThan(30);
    expect(c!.distance_m).toBeLessThan(60);
    expect(c!.similarity).toBeGreaterThan(0.25);
    expect(c!.shared_words).toEqual(expect.arrayContaining(['camat', 'kayuagung', 'lubang']));
    expect(c!.days_apart).toBe(18);
  });

  it('keeps apart reports far away, of another category, or outside the window', () => {
    expect(findDuplicates(fresh({ latitude: -3.3812, longitude: 104.8305 }), [base])).toEqual([]); // ~1.1 km
    expect(findDuplicates(fresh({ category: 'PJU' }), [base])).toEqual([]);
    expect(findDuplicates(fresh({ created_at: '2026-12-10T08:00:00+07:00' }), [base])).toEqual([]);
    expect(findDuplicates(fresh({ created_at: '2026-12-10T08:00:00+07:00' }), [base], { windowDays: 60 })).toHaveLength(1);
    expect(findDuplicates(fresh({ category: null }), [{ ...base, category: null }])).toEqual([]);
  });

  it('needs the texts to agree: another problem at the same spot is not a duplicate', () => {
    expect(findDuplicates(fresh({ text: 'jembatan kecil dekat pasar papannya lapuk dan patah' }), [base])).toEqual([]);
  });

  it('without pins, the same desa/kelurahan stands in for distance, never a coarser region', () => {
    const noPin = { latitude: null, longitude: null };
    expect(findDuplicates(fresh(noPin), [base])).toHaveLength(1);
    expect(findDuplicates(fresh(noPin), [{ ...base, region: '16.02.05.1003' }])).toEqual([]);
    expect(findDuplicates(fresh({ ...noPin, region: '16.02.05' }), [{ ...base, ...noPin, region: '16.02.05' }])).toEqual([]);
  });

  it('ranks closer, more similar reports first and honours the limit', () => {
    const open = [
      base,
      { ...base, id: 'o2', latitude: -3.3930, text: 'jalan depan kantor camat kayuagung ada lubang' },
      { ...base, id: 'o3', latitude: -3.3912, longitude: 104.8306, text: 'lubang besar jalan depan kantor camat kayuagung belum diperbaiki juga' },
    ];
    const got = findDuplicates(fresh({}), open);
    expect(got[0]!.id).toBe('o3');
    expect(got.map((c) => c.score)).toEqual([...got.map((c) => c.score)].sort((a, b) => b - a));
    expect(findDuplicates(fresh({}), open, { limit: 1 })).toHaveLength(1);
  });
});
