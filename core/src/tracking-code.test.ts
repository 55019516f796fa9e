import { describe, expect, it } from 'vitest';
import { newTrackingCode, normalizeTrackingCode, TRACKING_CODE_ALPHABET, TRACKING_CODE_LENGTH, trackingCodeMatches } from './tracking-code.ts';

describe('tracking code', () => {
  it('is 8 characters of the unambiguous alphabet, and differs between reports', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newTrackingCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toHaveLength(TRACKING_CODE_LENGTH);
      for (const ch of code) expect(TRACKING_CODE_ALPHABET).toContain(ch);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });

  it('matches what the citizen typed in any case and with spaces or a dash', () => {
    expect(normalizeTrackingCode(' ab3d-ef7h ')).toBe('AB3DEF7H');
    expect(trackingCodeMatches('AB3DEF7H', 'ab3d ef7h')).toBe(true);
    expect(trackingCodeMatches('AB3DEF7H', 'AB3DEF7J')).toBe(false);
    expect(trackingCodeMatches('AB3DEF7H', 'AB3DEF7')).toBe(false);
    expect(trackingCodeMatches('AB3DEF7H', undefined)).toBe(false);
    expect(trackingCodeMatches('AB3DEF7H', { code: 'AB3DEF7H' })).toBe(false);
  });

  it('a report without a code matches nothing, not even an empty code', () => {
    expect(trackingCodeMatches(null, '')).toBe(false);
    expect(trackingCodeMatches('', '')).toBe(false);
    expect(trackingCodeMatches(undefined, 'AB3DEF7H')).toBe(false);
  });
});
