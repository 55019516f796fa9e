import { describe, expect, it } from 'vitest';
import { apiErrorMessage, savedKey } from './app-form.ts';

describe('savedKey', () => {
  it('is the key of a saved item, null on a new form', () => {
    expect(savedKey('+')).toBeNull();
    expect(savedKey(null)).toBeNull();
    expect(savedKey(12)).toBe('12');
    expect(savedKey('6b1f2a10-0000-4000-8000-000000000108')).toBe('6b1f2a10-0000-4000-8000-000000000108');
  });
});

describe('apiErrorMessage', () => {
  it('says the server\'s reason, else the fallback', () => {
    expect(apiErrorMessage({ response: { data: { errors: [{ message: 'Tulis dulu «Catatan pertemuan».' }] } } }, 'x')).toBe('Tulis dulu «Catatan pertemuan».');
    expect(apiErrorMessage(new Error('Network Error'), 'periksa koneksi')).toBe('periksa koneksi');
  });
});
