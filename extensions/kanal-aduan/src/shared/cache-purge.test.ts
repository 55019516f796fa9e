import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachePurger } from './cache-purge.ts';

describe('cachePurger', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A clear the test finishes by hand, recording when each one started. */
  function manualClear() {
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const clear = () => {
      started.push(started.length);
      return new Promise<void>((resolve) => finish.push(resolve));
    };
    return { started, finish, clear };
  }

  it('runs one clear for callers that come while none runs, and one more for all who came during it', async () => {
    const c = manualClear();
    const purger = cachePurger(c.clear, 1_000);
    let firstDone = false;
    const first = purger.afterCommit().then(() => (firstDone = true));
    expect(c.started).toHaveLength(1);

    // Three commits while the first clear runs: they need a clear that starts after them, one is enough.
    const late = [purger.afterCommit(), purger.afterCommit(), purger.afterCommit()];
    expect(c.started).toHaveLength(1);
    c.finish[0]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.started).toHaveLength(2);
    // The first caller's commit preceded the first clear, but it waits for the loop it joined.
    expect(firstDone).toBe(false);
    c.finish[1]!();
    await Promise.all([first, ...late]);
    expect(c.started).toHaveLength(2);
  });

  it('clears once more after the settling delay, for reads that were in flight during the commit, once for all callers', async () => {
    let clears = 0;
    const purger = cachePurger(async () => void clears++, 1_000);
    await purger.afterCommit();
    await purger.afterCommit();
    expect(clears).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(clears).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(clears).toBe(3);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(clears).toBe(3);
  });

  it('a failing clear does not fail the caller (the cache expires on its own)', async () => {
    const purger = cachePurger(() => Promise.reject(new Error('Redis down')), 1_000);
    await expect(purger.afterCommit()).resolves.toBeUndefined();
  });
});
