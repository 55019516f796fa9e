import { describe, expect, it } from 'vitest';
import { clientAddress, trackBudget, trackLimitsFromEnv } from './track-limiter.ts';

describe('tracking budget per address', () => {
  it('allows the budget, then asks to wait, and keeps addresses apart', async () => {
    const budget = trackBudget({ points: 3, durationSeconds: 60 });
    expect(await budget.take('10.0.0.1')).toBeNull();
    expect(await budget.take('10.0.0.1')).toBeNull();
    expect(await budget.take('10.0.0.1')).toBeNull();
    const wait = await budget.take('10.0.0.1');
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await budget.take('10.0.0.2')).toBeNull();
  });

  it('a miss costs more than a hit', async () => {
    const budget = trackBudget({ points: 5, durationSeconds: 60 });
    expect(await budget.take('a')).toBeNull();
    expect(await budget.take('a', 4)).toBeNull();
    expect(await budget.take('a')).not.toBeNull();
  });

  it('reads the environment with defaults and refuses nonsense', () => {
    expect(trackLimitsFromEnv({})).toEqual({ points: 30, durationSeconds: 60, missCost: 4, codeAttempts: 5, codeWindowSeconds: 900 });
    expect(trackLimitsFromEnv({ KANAL_TRACK_CODE_ATTEMPTS: '3', KANAL_TRACK_CODE_WINDOW_SECONDS: '3600' })).toMatchObject({ codeAttempts: 3, codeWindowSeconds: 3600 });
    expect(() => trackLimitsFromEnv({ KANAL_TRACK_CODE_ATTEMPTS: '0' })).toThrow(/KANAL_TRACK_CODE_ATTEMPTS/);
    expect(trackLimitsFromEnv({ KANAL_TRACK_RATE_LIMIT: '100', KANAL_TRACK_MISS_COST: '0' })).toMatchObject({ points: 100, missCost: 0 });
    expect(() => trackLimitsFromEnv({ KANAL_TRACK_RATE_LIMIT: 'banyak' })).toThrow(/KANAL_TRACK_RATE_LIMIT/);
  });
});

describe('the address a budget is kept for', () => {
  const req = (trust: unknown, ip: string, peer: string) => ({ ip, socket: { remoteAddress: peer }, app: { get: () => trust } });

  it('is the TCP peer while Express trusts every X-Forwarded-For (Directus default IP_TRUST_PROXY=true)', () => {
    expect(clientAddress(req(true, '10.1.2.3', '::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddress({ ip: '10.1.2.3', socket: { remoteAddress: '203.0.113.7' } })).toBe('203.0.113.7');
  });

  it("is Express's req.ip once the operator named their proxy (hop count, loopback, list) or turned trust off", () => {
    expect(clientAddress(req(1, '198.51.100.4', '127.0.0.1'))).toBe('198.51.100.4');
    expect(clientAddress(req('loopback', '198.51.100.4', '127.0.0.1'))).toBe('198.51.100.4');
    expect(clientAddress(req(false, '203.0.113.7', '203.0.113.7'))).toBe('203.0.113.7');
  });
});
