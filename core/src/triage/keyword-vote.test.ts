import { describe, expect, it } from 'vitest';
import type { Category } from '../model.ts';
import { suggestCategories } from '../category-suggest.ts';
import { keywordVotes } from './keyword-vote.ts';

const cat = (code: string, keywords: string[]): Category => ({
  code, name: code, name_en: null, description: null, keywords, default_agency: null, sla_policy: null, active: true, sort: null,
});
const categories = [
  cat('KETENAGAKERJAAN', ['buruh', 'gaji']),
  cat('SAMPAH', ['sampah', 'kotor']),
  cat('PERLINDUNGAN', ['pelecehan', 'kekerasan']),
  cat('JALAN', ['jalan rusak', 'jembatan']),
  cat('DESA', ['rt', 'kantor desa']),
];
const codes = (text: string) => keywordVotes(text, categories).map((v) => v.category);

describe('keywordVotes (the keywords as the model reads them)', () => {
  it('does not read "butuh" as "buruh" or "motor" as "kotor", which the keyword rules forgive', () => {
    const text = 'korban pelecehan, keluarga butuh pendampingan, jatuh dari motor';
    expect(suggestCategories(text, categories).map((m) => m.category)).toContain('KETENAGAKERJAAN');
    expect(codes(text)).toEqual(['PERLINDUNGAN']);
  });

  it('matches keywords through informal spelling and inflection, and phrases count double', () => {
    expect(keywordVotes('jln rusak parah, pelecehan', categories)).toEqual([
      { category: 'JALAN', score: 2 },
      { category: 'PERLINDUNGAN', score: 1 },
    ]);
    expect(codes('kekerasannya sudah lama')).toEqual(['PERLINDUNGAN']);
  });

  it('forgives one typo in a long word only, and reads "RT 3 RW 5" as a place', () => {
    expect(codes('sampha numpuk')).toEqual([]);
    expect(codes('jembatn putus')).toEqual(['JALAN']);
    expect(codes('korban pelechan')).toEqual(['PERLINDUNGAN']);
    expect(codes('sampah numpuk di RT 3 RW 5')).toEqual(['SAMPAH']);
    expect(codes('pak rt pilih kasih')).toEqual(['DESA']);
  });
});
