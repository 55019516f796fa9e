import { describe, expect, it } from 'vitest';
import { matchPlace, normalizePlaceText } from './place-match.ts';
import { OKI_REGIONS } from './fixtures.ts';

describe('matchPlace (answer mode)', () => {
  it.each([
    // [typed, expected code, confident]
    ['kec. kayu agung', '16.02.05', true],
    ['Kecamatan Kayu Agung', '16.02.05', true],
    ['kec kayuagung', '16.02.05', true],
    ['KAYU  AGUNG', '16.02.05.1002', true], // kelurahan Kayuagung lies in kecamatan Kayu Agung: the deeper one
    ['kayuagung', '16.02.05.1002', true],
    ['desa sukadana', '16.02.05.1008', true],
    ['ds. Sukadana', '16.02.05.1008', true],
    ['kel sukadana', '16.02.05.1008', true],
    ['desa sukadna', '16.02.05.1008', false], // one typo: confirm first
    ['sukdana', '16.02.05.1008', false],
    ['Sukadana, Kayu Agung', '16.02.05.1008', true],
    ['di desa sukadana kec kayu agung', '16.02.05.1008', true],
    ['kec. kayu agun', '16.02.05', false],
    ['pedamaran', '16.02.03', true], // not "Pedamaran I"
    ['Pedamaran VI', '16.02.03.2002', true],
    ['jua jua', '16.02.05.1001', true],
    ['Jua-Jua', '16.02.05.1001', true],
    ['sukaraja pedamaran', '16.02.03.2011', true], // the namesake inside the named kecamatan
    ['Sukaraja, Kec. Pangkalan Lampam', '16.02.19.2006', true],
    ['pangkalan lampan', '16.02.19', false],
  ])('%s -> %s', (text, code, confident) => {
    const m = matchPlace(text, OKI_REGIONS);
    expect(m.best?.code).toBe(code);
    expect(m.confident).toBe(confident);
  });

  it('labels a village with its kecamatan', () => {
    expect(matchPlace('sukadana', OKI_REGIONS).best?.label).toBe('Sukadana, Kec. Kayu Agung');
    expect(matchPlace('kec pedamaran', OKI_REGIONS).best?.label).toBe('Kec. Pedamaran');
  });

  it('asks between namesakes in different kecamatan', () => {
    const m = matchPlace('sukaraja', OKI_REGIONS);
    expect(m.best).toBeNull();
    expect(m.candidates.slice(0, 3).map((c) => c.label)).toEqual([
      'Sukaraja, Kec. Pedamaran',
      'Sukaraja, Kec. Sirah Pulau Padang',
      'Sukaraja, Kec. Pangkalan Lampam',
    ]);
  });

  it('asks between Tanjung Lubuk the kecamatan town and Tanjung Lubuk the desa in Kayu Agung', () => {
    const m = matchPlace('tanjung lubuk', OKI_REGIONS);
    expect(m.best).toBeNull();
    expect(m.candidates.map((c) => c.code)).toEqual(expect.arrayContaining(['16.02.02.1011', '16.02.05.2013']));
  });

  it.each(['', 'jakarta selatan', 'pak', 'rumah saya', 'ok'])('finds nothing in %j', (text) => {
    const m = matchPlace(text, OKI_REGIONS);
    expect(m.best).toBeNull();
    expect(m.candidates).toEqual([]);
  });

  it('never matches the regency or province themselves', () => {
    expect(matchPlace('ogan komering ilir', OKI_REGIONS).candidates).toEqual([]);
  });

  it('returns at most 10 candidates', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({
      code: `16.02.05.${String(2100 + i)}`,
      name: 'Sukamaju',
      level: 'desa' as const,
      parent: '16.02.05',
    }));
    expect(matchPlace('sukamaju', [...OKI_REGIONS, ...many]).candidates).toHaveLength(10);
  });
});

describe('matchPlace (sentence mode)', () => {
  it.each([
    ['Jalan berlubang besar di depan SD di kelurahan Sukadana, sudah dua bulan', '16.02.05.1008'],
    ['lampu jalan mati di desa sukadna sejak minggu lalu', '16.02.05.1008'],
    ['sampah menumpuk di pasar kayuagung tidak diangkut', '16.02.05.1002'],
    ['jembatan rusak di Pedamaran VI dekat masjid', '16.02.03.2002'],
  ])('%s -> %s', (text, code) => {
    expect(matchPlace(text, OKI_REGIONS, 'sentence').best?.code).toBe(code);
  });

  it.each([
    'pak tolong jalan anyar rusak parah', // "Anyar" is a desa but also a word: too short to trust unprompted
    'lampu paku mati', // "Paku" likewise
    'jalan sukadna rusak', // a typo without "desa"/"kec." before it is not trusted in a sentence
  ])('ignores place-like words in %j', (text) => {
    expect(matchPlace(text, OKI_REGIONS, 'sentence').best).toBeNull();
  });
});

describe('normalizePlaceText', () => {
  it('lowercases, strips accents and punctuation but keeps separators', () => {
    expect(normalizePlaceText('  Kec.  Kayu-Agung, Désa X ')).toBe('kec kayu agung, desa x');
  });
});
