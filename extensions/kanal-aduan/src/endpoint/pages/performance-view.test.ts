import { describe, expect, it } from 'vitest';
import { performanceModel, periodWindow, type PerformanceStats } from './performance-view.ts';
import { PERFORMANCE } from './render.ts';
import { textsFor } from './texts.ts';

const stats: PerformanceStats = {
  from: '2026-10-31T17:00:00.000Z', to: '2026-11-20T03:00:00.000Z', total: 7, fixed: 3,
  byCategory: [{ code: 'JALAN', name: 'Jalan <rusak>', name_en: 'Roads', count: 5, fixed: 2 }, { code: null, name: null, name_en: null, count: 2, fixed: 1 }],
  byKecamatan: [{ code: '16.02.01', name: 'Kayu Agung', count: 1, fixed: 0 }, { code: '16.02.05', name: 'Tanjung Lubuk', count: 6, fixed: 3 }],
  responseDays: { 0: 1, 2: 2, 7: 1 }, resolutionDays: { 3: 1, 5: 2 }, rated: 3, satisfactionSum: 13,
};
const base = { period: 'bulan-ini' as const, timezone: 'Asia/Jakarta', hrefFor: (p: string) => `/kanal-aduan/kinerja?periode=${p}`, ranking: null, generatedAt: '2026-11-20T03:00:00.000Z' };

describe('periodWindow', () => {
  const now = new Date('2026-03-10T20:00:00Z'); // 11 March 03:00 WIB
  it('starts at local midnight of this month, two months back, or January', () => {
    expect(periodWindow('bulan-ini', now, 'Asia/Jakarta')).toEqual({ from: new Date('2026-02-28T17:00:00Z'), to: now, days: 11 });
    expect(periodWindow('3-bulan', now, 'Asia/Jakarta').from).toEqual(new Date('2025-12-31T17:00:00Z'));
    expect(periodWindow('tahun-ini', now, 'Asia/Jakarta').from).toEqual(new Date('2025-12-31T17:00:00Z'));
    expect(periodWindow('3-bulan', new Date('2026-01-15T00:00:00Z'), 'Asia/Makassar').from).toEqual(new Date('2025-10-31T16:00:00Z'));
  });
});

describe('performanceModel', () => {
  it('medians of the working-day histograms, satisfaction over the ratings, largest group first', () => {
    const m = performanceModel(stats, { ...base, locale: 'id' });
    expect(m.medianResponse).toBe('2');
    expect(m.medianResolution).toBe('5');
    expect(m.satisfactionAverage).toBe('4,3');
    expect(m.satisfactionOf).toBe('dari 5, berdasarkan 3 penilaian');
    expect(m.groups[1]!.rows.map((r) => [r.name, r.count, r.width])).toEqual([['Tanjung Lubuk', '6', 20], ['Kayu Agung', '1', 3]]);
    expect(m.groups[0]!.rows.map((r) => r.name)).toEqual(['Jalan <rusak>', 'Tanpa kategori']);
    expect(m.ranking).toBeNull();
    expect(m.periods.find((p) => p.current)?.label).toBe('Bulan ini');
  });

  it('says "–" where nothing was measured, and English names in English', () => {
    const m = performanceModel({ ...stats, responseDays: {}, resolutionDays: {}, rated: 0, satisfactionSum: 0 }, { ...base, locale: 'en' });
    expect([m.medianResponse, m.medianResolution, m.satisfactionAverage]).toEqual(['–', '–', '–']);
    expect(m.groups[0]!.rows[0]!.name).toBe('Roads');
  });

  it('the ranking shows rank, name, score and volume only, and the page escapes names', () => {
    const ranking = {
      weights: {} as never, min_volume: 5,
      ranked: [{ rank: 1, unit: { code: 'DPUPR', name: 'Dinas <b>PUPR</b>', short_name: 'DPUPR' }, score: 81.25, counted: 12, previous_score: null, delta: null, trend: null, details: false }],
      insufficient: [{ rank: null, unit: { code: 'DINKES', name: 'Dinas Kesehatan', short_name: 'DINKES' }, score: null, counted: 2, previous_score: null, delta: null, trend: null, details: false }],
    };
    const m = performanceModel(stats, { ...base, locale: 'id', ranking: ranking as never });
    expect(m.ranking?.rows).toEqual([{ rank: 1, name: 'Dinas <b>PUPR</b>', score: '81,3', counted: '12' }]);
    expect(m.ranking?.insufficient).toEqual(['DINKES']);
    const html = PERFORMANCE({ t: textsFor('id'), ...m });
    expect(html).toContain('Dinas &lt;b&gt;PUPR&lt;/b&gt;');
    expect(html).toContain('Jalan &lt;rusak&gt;');
    expect(html).toContain('data-testid="ranking"');
    expect(PERFORMANCE({ t: textsFor('id'), ...performanceModel(stats, { ...base, locale: 'id' }) })).not.toContain('data-testid="ranking"');
  });
});
