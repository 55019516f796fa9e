import { describe, expect, it } from 'vitest';
import { checkFlood, type FloodState } from './flood.ts';

function burst(n: number, start: Date, gapMs: number, state: FloodState | null = null) {
  const verdicts: string[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    const r = checkFlood(s, new Date(start.getTime() + i * gapMs), `wamid.${start.getTime()}.${i}`, 20);
    verdicts.push(r.verdict);
    s = r.state;
  }
  return { verdicts, state: s! };
}

describe('checkFlood', () => {
  const t0 = new Date('2026-11-24T03:00:00Z');

  it('lets 20 messages in a minute through, warns once on the 21st, then stays quiet', () => {
    const { verdicts } = burst(25, t0, 1000);
    expect(verdicts.slice(0, 20).every((v) => v === 'ok')).toBe(true);
    expect(verdicts.slice(20)).toEqual(['warn', 'quiet', 'quiet', 'quiet', 'quiet']);
  });

  it('answers again once the sender calms down, and can warn again for a new burst', () => {
    const first = burst(22, t0, 500);
    const calm = checkFlood(first.state, new Date(t0.getTime() + 5 * 60_000), 'wamid.calm', 20);
    expect(calm.verdict).toBe('ok');
    const second = burst(21, new Date(t0.getTime() + 10 * 60_000), 100, calm.state);
    expect(second.verdicts.at(-1)).toBe('warn');
  });

  it('does not count slow senders: 100 messages one every 4 seconds are fine', () => {
    expect(burst(100, t0, 4000).verdicts.every((v) => v === 'ok')).toBe(true);
  });

  it('recognises a webhook delivered twice and leaves the state as it was', () => {
    const a = checkFlood(null, t0, 'wamid.A', 20);
    const again = checkFlood(a.state, new Date(t0.getTime() + 1000), 'wamid.A', 20);
    expect(again.verdict).toBe('duplicate');
    expect(again.state).toBe(a.state);
  });

  it('keeps the stored state small', () => {
    const { state } = burst(200, t0, 10);
    expect(state.at.length).toBeLessThanOrEqual(21);
    expect(state.ids.length).toBeLessThanOrEqual(30);
  });
});
