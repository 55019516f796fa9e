import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A writer whose calls the test finishes by hand. */
function manualWriter() {
  const calls: Array<{ items: string[]; finish(): void; fail(e: Error): void }> = [];
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items: [...items], finish: resolve, fail: reject });
    });
  return { calls, write };
}

/** Tracks whether a promise has settled, without awaiting it. */
function watch(p: Promise<void>) {
  const state = { settled: false, error: undefined as unknown };
  p.then(
    () => (state.settled = true),
    (e: unknown) => ((state.settled = true), (state.error = e)),
  );
  return state;
}

describe('GroupCommit', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes everything submitted within the window as one batch, and each submitter waits for that write', async () => {
    const gc = new GroupCommit<string>({ windowMs: 30, maxItems: 100 });
    const w = manualWriter();
    const a = watch(gc.submit(['a1', 'a2'], w.write));
    await vi.advanceTimersByTimeAsync(10);
    const b = watch(gc.submit(['b1'], w.write));
    await vi.advanceTimersByTimeAsync(10);
    const c = watch(gc.submit(['c1'], w.write));
    expect(w.calls).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(15);
    expect(w.calls.map((c) => c.items)).toEqual([['a1', 'a2', 'b1', 'c1']]);
    expect([a.settled, b.settled, c.settled]).toEqual([false, false, false]);

    w.calls[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect([a.settled, b.settled, c.settled]).toEqual([true, true, true]);
    expect(a.error).toBeUndefined();
  });

  it('while a batch is being written, later submissions gather into the next one, written right after', async () => {
    const gc = new GroupCommit<string>({ windowMs: 20, maxItems: 100 });
    const w = manualWriter();
    const first = watch(gc.submit(['1'], w.write));
    await vi.advanceTimersByTimeAsync(25);
    expect(w.calls).toHaveLength(1);

    // The write is slow: many webhooks arrive, well past the window.
    const later = ['2', '3', '4', '5'].map((x) => watch(gc.submit([x], w.write)));
    await vi.advanceTimersByTimeAsync(200);
    expect(w.calls).toHaveLength(1);
    expect(gc.pending).toBe(4);

    w.calls[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.settled).toBe(true);
    expect(later.some((l) => l.settled)).toBe(false);
    expect(w.calls.map((c) => c.items)).toEqual([['1'], ['2', '3', '4', '5']]);

    w.calls[1]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(later.every((l) => l.settled && l.error === undefined)).toBe(true);
  });

  it("a failed write fails every submitter of that batch and no other", async () => {
    const gc = new GroupCommit<string>({ windowMs: 10, maxItems: 100 });
    const w = manualWriter();
    const a = watch(gc.submit(['a'], w.write));
    const b = watch(gc.submit(['b'], w.write));
    await vi.advanceTimersByTimeAsync(10);
    const c = watch(gc.submit(['c'], w.write));
    w.calls[0]!.fail(new Error('ECONNREFUSED'));
    await vi.advanceTimersByTimeAsync(10);
    expect((a.error as Error).message).toBe('ECONNREFUSED');
    expect((b.error as Error).message).toBe('ECONNREFUSED');
    expect(c.settled).toBe(false);
    w.calls[1]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(c).toEqual({ settled: true, error: undefined });
  });

  it('a writer that throws synchronously fails its batch instead of the caller', async () => {
    const gc = new GroupCommit<string>({ windowMs: 5, maxItems: 100 });
    const a = watch(
      gc.submit(['a'], () => {
        throw new Error('boom');
      }),
    );
    await vi.advanceTimersByTimeAsync(5);
    expect((a.error as Error).message).toBe('boom');
  });

  it('a full batch is written at once, without waiting for its window', async () => {
    const gc = new GroupCommit<string>({ windowMs: 1_000, maxItems: 3 });
    const w = manualWriter();
    void gc.submit(['1', '2'], w.write);
    void gc.submit(['3'], w.write);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.calls.map((c) => c.items)).toEqual([['1', '2', '3']]);
    void gc.submit(['4'], w.write);
    expect(gc.pending).toBe(1);
  });

  it('never writes more than the limit at once: a submission that would pass it starts the next batch', async () => {
    const gc = new GroupCommit<string>({ windowMs: 1_000, maxItems: 3 });
    const w = manualWriter();
    const a = watch(gc.submit(['1', '2'], w.write));
    const b = watch(gc.submit(['3', '4'], w.write));
    await vi.advanceTimersByTimeAsync(0);
    expect(w.calls.map((c) => c.items)).toEqual([['1', '2']]);
    w.calls[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect([a.settled, b.settled]).toEqual([true, false]);
    // The next batch waits for its window, as any batch that is not full.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.calls.map((c) => c.items)).toEqual([['1', '2'], ['3', '4']]);
    // One submission bigger than the limit is written whole, at once: a submitter's items are never split across writes.
    void gc.submit(['5', '6', '7', '8'], w.write);
    w.calls[1]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.calls.map((c) => c.items)).toEqual([['1', '2'], ['3', '4'], ['5', '6', '7', '8']]);
  });

  it('every submitter of a batch gets the one write\'s answer', async () => {
    const gc = new GroupCommit<string, { stored: number }>({ windowMs: 10, maxItems: 100 });
    const write = async (items: string[]) => ({ stored: items.length });
    const answers = Promise.all([gc.submit(['a'], write), gc.submit(['b', 'c'], write)]);
    await vi.advanceTimersByTimeAsync(10);
    expect(await answers).toEqual([{ stored: 3 }, { stored: 3 }]);
  });

  it('writes a batch with the writer of its first submitter', async () => {
    const gc = new GroupCommit<string>({ windowMs: 10, maxItems: 100 });
    const used: string[] = [];
    void gc.submit(['a'], async () => void used.push('first'));
    void gc.submit(['b'], async () => void used.push('second'));
    await vi.advanceTimersByTimeAsync(10);
    expect(used).toEqual(['first']);
  });
});
