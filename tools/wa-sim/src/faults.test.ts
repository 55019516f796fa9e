import { describe, expect, it } from 'vitest';
import { FaultQueue, FaultRequest } from './faults.ts';

describe('FaultQueue', () => {
  it('fails exactly the next N sends, in the order armed', () => {
    const q = new FaultQueue();
    q.arm(429, 2);
    q.arm(500, 1);
    expect(q.take(false)?.status).toBe(429);
    expect(q.take(false)?.body.error.code).toBe(130429);
    expect(q.take(false)?.status).toBe(500);
    expect(q.take(false)).toBeNull();
  });

  it('lets templates through a 131047 fault without using it up', () => {
    const q = new FaultQueue();
    q.arm(131047, 1);
    expect(q.take(true)).toBeNull();
    expect(q.pending()).toEqual([{ status: 131047, count: 1 }]);
    const err = q.take(false);
    expect(err?.status).toBe(400);
    expect(err?.body.error.code).toBe(131047);
    expect(q.pending()).toEqual([]);
  });

  it('rate limits templates too', () => {
    const q = new FaultQueue();
    q.arm(429, 1);
    expect(q.take(true)?.status).toBe(429);
  });

  it('a slow fault delays the next send without failing it', () => {
    const q = new FaultQueue();
    q.arm('slow', 1, 1500);
    q.arm(500, 1);
    expect(q.pending()).toEqual([{ status: 'slow', count: 1, delay_ms: 1500 }, { status: 500, count: 1 }]);
    expect(q.next(false)).toEqual({ delayMs: 1500, error: null });
    expect(q.next(false).error?.status).toBe(500);
    expect(q.next(false)).toEqual({ delayMs: 0, error: null });
  });

  it('rejects unknown fault kinds and defaults count to 1', () => {
    expect(FaultRequest.safeParse({ status: 404, count: 1 }).success).toBe(false);
    expect(FaultRequest.parse({ status: 500 })).toEqual({ status: 500, count: 1, target: 'messages' });
    expect(FaultRequest.safeParse({ status: 500, target: 'status' }).success).toBe(false);
  });

  it('a fault armed for media uploads is left alone by message sends, and the other way round', () => {
    const q = new FaultQueue();
    q.arm(500, 1, undefined, 'media');
    q.arm(429, 1);
    expect(q.next(false).error?.status).toBe(429);
    expect(q.next(false).error).toBeNull();
    expect(q.next(true, 'media').error?.status).toBe(500);
    expect(q.next(true, 'media').error).toBeNull();
  });

  it('an outage (for_ms) fails every call until it ends, then none', () => {
    let now = 1_000;
    const q = new FaultQueue(() => now);
    q.arm(500, 1, undefined, 'messages', 20_000);
    expect(q.pending()).toEqual([{ status: 500, until: new Date(21_000).toISOString() }]);
    for (let i = 0; i < 50; i++) expect(q.take(false)?.status).toBe(500);
    now = 21_000;
    expect(q.take(false)).toBeNull();
    expect(q.pending()).toEqual([]);
    expect(FaultRequest.parse({ status: 500, for_ms: 20_000 })).toMatchObject({ for_ms: 20_000 });
  });
});
