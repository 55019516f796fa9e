import { describe, expect, it } from 'vitest';
import { abandoned, claimable, CLAIM_MS, jsonColumn, overdue, REPLY_WINDOW_MS, STALE_MS, parseQueuedWamid, pendingInOrder, PENDING_WINDOW_MS, queuedPayload, queuedWamid, released, type InboundRow } from './pending.ts';

const NOW = Date.parse('2026-12-04T08:00:00Z');
const row = (wamid: string, sentSecondsAgo: number | null, arrival: number): InboundRow => ({
  id: `id-${wamid}`,
  wamid,
  payload: sentSecondsAgo === null ? { id: wamid } : { id: wamid, timestamp: String(Math.floor(NOW / 1000) - sentSecondsAgo) },
  arrival,
});
const reply = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '6281234567890', type: 'text', text: { body: 'Halo' } } as never;

describe('pendingInOrder', () => {
  it('handles three photos in the order the citizen sent them, whatever order their webhooks arrived in', () => {
    const rows = [row('photo3', 5, 0), row('photo1', 7, 1), row('photo2', 6, 2)];
    expect(pendingInOrder(rows, 'photo3', NOW).map((r) => r.wamid)).toEqual(['photo1', 'photo2', 'photo3']);
  });

  it('messages sent in the same second go in the order they were logged', () => {
    const rows = [row('b', 3, 1), row('a', 3, 0), row('c', 3, 2)];
    expect(pendingInOrder(rows, 'c', NOW).map((r) => r.wamid)).toEqual(['a', 'b', 'c']);
  });

  it('leaves old unhandled rows alone (logged before this endpoint existed), but always takes the asked message', () => {
    const old = (PENDING_WINDOW_MS + 60_000) / 1000;
    const rows = [row('stale', old, 0), row('asked-again', old + 10, 1), row('fresh', 2, 2)];
    expect(pendingInOrder(rows, 'asked-again', NOW).map((r) => r.wamid)).toEqual(['asked-again', 'fresh']);
  });

  it('a row without Meta’s timestamp is handled only when asked for, last', () => {
    expect(pendingInOrder([row('x', null, 0), row('y', 1, 1)], 'x', NOW).map((r) => r.wamid)).toEqual(['y', 'x']);
    expect(pendingInOrder([row('x', null, 0), row('y', 1, 1)], 'y', NOW).map((r) => r.wamid)).toEqual(['y']);
  });
});

describe('overdue', () => {
  const sent = (secondsAgo: number) => ({ timestamp: String(Math.floor(NOW / 1000) - secondsAgo) });
  it('takes over a stored message whose execution has had its time, within the pending window only', () => {
    expect(overdue(sent(2), NOW)).toBe(false);
    expect(overdue(sent(STALE_MS / 1000), NOW)).toBe(true);
    expect(overdue(sent((PENDING_WINDOW_MS + 60_000) / 1000), NOW)).toBe(false);
    expect(overdue({}, NOW)).toBe(false);
  });
});

describe('queued replies', () => {
  it('carry their inbound message and position in a provisional wamid that no Meta id can take', () => {
    const w = queuedWamid('wamid.HBgM=:abc', 3);
    expect(w).toBe('queued:wamid.HBgM=:abc:03');
    expect(parseQueuedWamid(w)).toEqual({ inbound: 'wamid.HBgM=:abc', n: 3 });
    expect(parseQueuedWamid('wamid.HBgMNjI4MTIzNDU2Nzg5MBUCABEYEjQ=')).toBeNull();
  });

  it('belong to the execution that got them until its claim runs out; unclaimed ones to whoever asks', () => {
    const mine = queuedPayload(reply, 'n8n:41', NOW);
    expect(claimable(mine, 'n8n:41', NOW + 1_000)).toBe(true); // the same execution asking again
    expect(claimable(mine, 'n8n:42', NOW + 1_000)).toBe(false); // Meta redelivering while 41 sends: no second answer
    expect(claimable(mine, 'n8n:42', NOW + 121_000)).toBe(true); // 41 died: a retry sends them
    expect(claimable(queuedPayload(reply, null, NOW), 'n8n:43', NOW)).toBe(true); // written while another message held the lock
  });

  it('are taken over by the redrive pass once their holder is gone or nobody came for them, not while they are being sent', () => {
    expect(abandoned(queuedPayload(reply, 'n8n:41', NOW), NOW + 1_000)).toBe(false); // 41 is sending
    expect(abandoned(queuedPayload(reply, 'n8n:41', NOW), NOW + CLAIM_MS)).toBe(true); // 41 died
    expect(abandoned(queuedPayload(reply, null, NOW), NOW + 1_000)).toBe(false); // its own execution is about to ask
    expect(abandoned(queuedPayload(reply, null, NOW), NOW + STALE_MS)).toBe(true); // it never did
    expect(abandoned(queuedPayload(reply, null, NOW), NOW + REPLY_WINDOW_MS + 1)).toBe(false); // a day late: left unsent
    expect(abandoned({ reply, claim: { holder: null, until: null } }, NOW)).toBe(false); // written before queued_at existed
  });

  it('a reply whose send failed for now is released: the next redrive pass takes it, not only once the claim runs out', () => {
    const failedNow = released(queuedPayload(reply, 'n8n:41', NOW));
    expect(abandoned(queuedPayload(reply, 'n8n:41', NOW), NOW + STALE_MS)).toBe(false); // still held: waits for the claim
    expect(abandoned(failedNow, NOW + STALE_MS)).toBe(true);
    expect(abandoned(failedNow, NOW + 1_000)).toBe(false); // just written: its own execution may still ask
    expect(failedNow.queued_at).toBe(queuedPayload(reply, null, NOW).queued_at);
  });

  it('reads JSON columns as Postgres (parsed) and SQLite (text) hand them over', () => {
    expect(jsonColumn({ a: 1 })).toEqual({ a: 1 });
    expect(jsonColumn('{"a":1}')).toEqual({ a: 1 });
    expect(jsonColumn('not json')).toBeNull();
    expect(jsonColumn(null)).toBeNull();
  });
});
