import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneFromWaId, waIdFromPhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+62 812-3456-7890', '+6281234567890'],
    ['+62 (812) 3456.7890', '+6281234567890'],
    ['006281234567890', '+6281234567890'],
    ['0711 123456', '+62711123456'], // Palembang landline
    ['+6591234567', '+6591234567'], // Singapore mobile stays foreign
    ['12345', null],
    ['08abc', null],
    ['', null],
    ['+62 812', null],
  ])('%j -> %j', (input, e164) => expect(normalizePhone(input)).toBe(e164));
});

describe('wa_id', () => {
  it('round-trips', () => {
    expect(waIdFromPhone('+6281234567890')).toBe('6281234567890');
    expect(phoneFromWaId('6281234567890')).toBe('+6281234567890');
    expect(phoneFromWaId(waIdFromPhone('+6281234567890'))).toBe('+6281234567890');
  });
});
