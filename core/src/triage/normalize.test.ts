import { describe, expect, it } from 'vitest';
import { normalizeText, squeezeRepeats, stemWord, tokenize } from './normalize.ts';

describe('normalizeText', () => {
  it('standardises informal spelling, repeated letters and abbreviations', () => {
    const n = normalizeText('Jln dpn SD sdh rusakkkk bgt, tlg dibenerin yg cepet. Gak ada yg peduli krn blm viral');
    expect(n.words).toEqual(expect.arrayContaining(['jalan', 'depan', 'sudah', 'rusak', 'banget', 'tolong', 'diperbaiki', 'yang', 'tidak', 'karena', 'belum']));
    expect(n.words).not.toContain('rusakkkk');
    expect(n.words).not.toContain('gak');
  });

  it('maps the short and Malay spellings of "sebelum" and "selalu"', () => {
    expect(normalizeText('sebarkan sblm dihapus, sehat salalu').words).toEqual(['sebarkan', 'sebelum', 'dihapus', 'sehat', 'selalu']);
  });

  it('maps every spelling of "tidak" to one word', () => {
    for (const w of ['gak', 'ga', 'nggak', 'enggak', 'tdk', 'gk', 'dak']) expect(normalizeText(w).words).toEqual(['tidak']);
  });

  it('takes links, phone numbers and emoji out of the text and keeps them as signals', () => {
    const n = normalizeText('Promo!! 🙏🙏 klik https://bit.ly/abc atau wa.me/6281234567890, hub 0812-3456-7890');
    expect(n.urls).toEqual(['https://bit.ly/abc', 'wa.me/6281234567890']);
    expect(n.phones).toEqual(['081234567890']);
    expect(n.emojiCount).toBe(2);
    expect(n.text).toBe('promo klik atau hubungi');
  });

  it('keeps every label of a bare host, and reads a number with hidden digits as a number', () => {
    const n = normalizeText('cek di bansos-kemensos-cek.blogspot.com atau dinkes.okikab.go.id, hub 0821-xxxx-6677');
    expect(n.urls).toEqual(['bansos-kemensos-cek.blogspot.com', 'dinkes.okikab.go.id']);
    expect(n.phones).toEqual(['0821xxxx6677']);
    expect(n.text).toBe('cek di atau hubungi');
  });

  it('drops stopwords and greetings from tokens and stems inflections to one key', () => {
    expect(tokenize('Assalamualaikum pak, selamat pagi')).toEqual([]);
    expect(stemWord('kerusakan')).toBe(stemWord('rusaknya'));
    expect(stemWord('kebakaran')).toBe('bakar');
    expect(stemWord('pungutan')).toBe(stemWord('dipungut'));
    // Codes and short abbreviations are not stemmed away.
    expect(tokenize('lampu pju mati, gas 3kg langka')).toEqual(['lampu', 'pju', 'mati', 'gas', '3kg', 'langka']);
  });

  it('keeps hyphenated and digit reduplication as one word', () => {
    expect(tokenize('gorong-gorong mampet, anak2 sakit')).toEqual(['gorong', 'mampet', 'anak', 'sakit']);
  });

  it('never throws on empty or odd input', () => {
    expect(normalizeText('').tokens).toEqual([]);
    expect(normalizeText('!!! ??? 👍').words).toEqual([]);
    expect(normalizeText(undefined as unknown as string).text).toBe('');
  });
});

describe('squeezeRepeats', () => {
  it('collapses three or more of a letter but keeps doubled letters', () => {
    expect(squeezeRepeats('tolonggggg')).toBe('tolong');
    expect(squeezeRepeats('maaf')).toBe('maaf');
  });
});
