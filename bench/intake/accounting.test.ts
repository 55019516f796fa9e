import { describe, expect, it } from 'vitest';
import { account, percentile, statusCounts, type Reply, type Turn } from './accounting.ts';

describe('percentile', () => {
  it('uses nearest rank on unsorted input', () => {
    const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 95)).toBe(10);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
  });
  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('account', () => {
  const t = (waId: string, turn: number, sentAt: number): Turn => ({ waId, turn, wamid: `${waId}-${turn}`, sentAt });
  it('counts answered citizens, first-reply time and lost turns', () => {
    const turns = [t('a', 0, 0), t('a', 1, 1000), t('b', 0, 0)];
    const replies: Reply[] = [
      { waId: 'a', id: 'r1', at: 300 },
      { waId: 'a', id: 'r2', at: 1200 },
    ];
    const r = account(turns, replies, 5000);
    expect(r.citizens).toBe(2);
    expect(r.citizensAnswered).toBe(1);
    expect(r.firstReplyMs).toEqual([300]);
    expect(r.lost).toBe(1);
    expect(r.duplicated).toBe(0);
  });
  it('treats a reply later than the bound as lost', () => {
    const r = account([t('a', 0, 0)], [{ waId: 'a', id: 'r1', at: 9000 }], 5000);
    expect(r.citizensAnswered).toBe(0);
    expect(r.lost).toBe(1);
  });
  it('counts a turn answered twice and a message id seen twice as duplicates', () => {
    const turns = [t('a', 0, 0)];
    const replies: Reply[] = [
      { waId: 'a', id: 'r1', at: 100, contextId: 'a-0' },
      { waId: 'a', id: 'r2', at: 200, contextId: 'a-0' },
      { waId: 'a', id: 'r2', at: 200, contextId: 'a-0' },
    ];
    const r = account(turns, replies, 5000);
    expect(r.duplicated).toBe(2);
    expect(r.lost).toBe(0);
  });
  it('counts a reply quoting an older turn after a newer one as out of order', () => {
    const turns = [t('a', 0, 0), t('a', 1, 10)];
    const replies: Reply[] = [
      { waId: 'a', id: 'r2', at: 100, contextId: 'a-1' },
      { waId: 'a', id: 'r1', at: 200, contextId: 'a-0' },
    ];
    const r = account(turns, replies, 5000);
    expect(r.outOfOrder).toBe(1);
    expect(r.lost).toBe(0);
  });
});

describe('statusCounts', () => {
  it('groups statuses, 0 for connection errors', () => {
    expect(statusCounts([200, 200, 0, 503])).toEqual({ '0': 1, '200': 2, '503': 1 });
  });
});
