import { describe, expect, it } from 'vitest';
import { suggestCategories } from './category-suggest.ts';
import type { Category } from './model.ts';

const cat = (code: string, keywords: string[], active = true): Category => ({
  code,
  name: code,
  name_en: null,
  description: null,
  keywords,
  default_agency: null,
  sla_policy: null,
  active,
  sort: null,
});
const CATS = [
  cat('JALAN', ['jalan', 'berlubang', 'jembatan', 'jalan rusak', 'aspal']),
  cat('PJU', ['lampu', 'lampu jalan', 'penerangan']),
  cat('SAMPAH', ['sampah', 'tps']),
  cat('LAMA', ['sampah'], false),
];

describe('suggestCategories', () => {
  it.each<[string, string | null]>([
    ['Jalan rusak parah di depan SD, banyak yang berlubang', 'JALAN'],
    ['lampu jalan mati sudah seminggu', 'PJU'],
    ['Sampah menumpuk di TPS pasar', 'SAMPAH'],
    ['jembatn putus pak', 'JALAN'], // typo, one edit
    ['buang ke tpa', null], // short keywords (tps) must match exactly
    ['mohon info jadwal vaksin', null],
  ])('%j -> %s', (text, best) => {
    expect(suggestCategories(text, CATS)[0]?.category ?? null).toBe(best);
  });

  it('reports what matched and ignores inactive categories', () => {
    const r = suggestCategories('sampah di jalan', CATS);
    expect(r.map((m) => m.category).sort()).toEqual(['JALAN', 'SAMPAH']);
    expect(r.find((m) => m.category === 'JALAN')?.matched).toEqual(['jalan']);
  });

  it('reads "RT 3 RW 5" as a place, not as the keyword "rt"; "pak RT" still is one', () => {
    const cats = [...CATS, cat('PEMDES', ['kepala desa', 'rt', 'rw']), cat('DRAINASE', ['got', 'selokan', 'drainase'])];
    expect(suggestCategories('Got tersumbat di RT 3 RW 5, air meluap', cats).map((m) => m.category)).toEqual(['DRAINASE']);
    expect(suggestCategories('pak RT minta pungutan', cats)[0]?.category).toBe('PEMDES');
  });
});
