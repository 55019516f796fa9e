import { describe, expect, it } from 'vitest';
import { trackBudget, trackLimitsFromEnv } from './track-limiter.ts';

describe('tracking budget per address', () => {
  it('allows the budget, then asks to wait, and keeps addresses apart', async () => {
    const budget = trackBudget({ points: 3, durationSeconds: 60, missCost: 2 });
    expect(await budget.take('10.0.0.1')).toBeNull();
    expect(await budget.take('10.0.0.1')).toBeNull();
    expect(await budget.take('10.0.0.1')).toBeNull();
    const wait = await budget.take('10.0.0.1');
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await budget.take('10.0.0.2')).toBeNull();
  });

  it('a miss costs more than a hit', async () => {
    const budget = trackBudget({ points: 5, durationSeconds: 60, missCost: 4 });
    expect(await budget.take('a')).toBeNull();
    expect(await budget.take('a', 4)).toBeNull();
    expect(await budget.take('a')).not.toBeNull();
  });

  it('reads the environment with defaults and refuses nonsense', () => {
    expect(trackLimitsFromEnv({})).toEqual({ points: 30, durationSeconds: 60, missCost: 4 });
    expect(trackLimitsFromEnv({ KANAL_TRACK_RATE_LIMIT: '100', KANAL_TRACK_MISS_COST: '0' })).toMatchObject({ points: 100, missCost: 0 });
    expect(() => trackLimitsFromEnv({ KANAL_TRACK_RATE_LIMIT: 'banyak' })).toThrow(/KANAL_TRACK_RATE_LIMIT/);
  });
});
