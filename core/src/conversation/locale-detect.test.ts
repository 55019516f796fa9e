import { describe, expect, it } from 'vitest';
import { detectLocale } from './locale-detect.ts';

describe('detectLocale', () => {
  it.each([
    ['Hello, I want to report a broken road please', 'en'],
    ['hello', 'en'],
    ['The street light near my house is not working', 'en'],
    ['Halo pak, saya mau lapor jalan rusak', 'id'],
    ['tolong sampah di dekat pasar belum diangkut', 'id'],
    ['Assalamualaikum', 'id'],
    ['ok', null],
    ['👍', null],
    ['', null],
    [null, null],
  ])('%j -> %s', (text, expected) => {
    expect(detectLocale(text)).toBe(expected);
  });
});
