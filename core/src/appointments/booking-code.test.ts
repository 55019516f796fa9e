import { describe, expect, it } from 'vitest';
import { findBookingCode, newBookingCode } from './booking-code.ts';

describe('booking codes', () => {
  it('are TMU- and six characters that cannot be misread', () => {
    for (let i = 0; i < 200; i++) expect(newBookingCode()).toMatch(/^TMU-[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
  });

  it('are found in what a citizen types, in any case and spacing', () => {
    expect(findBookingCode('batal temu tmu-7k3pq9 ya')).toBe('TMU-7K3PQ9');
    expect(findBookingCode('pindah TMU 7K3PQ9')).toBe('TMU-7K3PQ9');
    expect(findBookingCode('batal temu besok')).toBeNull();
  });
});
