import { describe, expect, it } from 'vitest';
import { MessageLog, parseSince } from './message-log.ts';

const out = (wa_id: string, text: string, at = new Date().toISOString()) => ({
  direction: 'out' as const,
  id: `wamid.${text}`,
  wa_id,
  at,
  type: 'text',
  status: 'accepted' as const,
  body: { text: { body: text } },
});

describe('MessageLog', () => {
  it('numbers entries and filters by recipient, direction and since', () => {
    const log = new MessageLog();
    log.append(out('62811', 'a'));
    log.append({ ...out('62811', 'in'), direction: 'in', status: 'received' });
    log.append(out('62822', 'b'));
    log.append(out('62811', 'c'));
    expect(log.list({ to: '62811' }).map((e) => e.seq)).toEqual([1, 4]);
    expect(log.list({ to: '62811', since: 1 }).map((e) => e.id)).toEqual(['wamid.c']);
    expect(log.list({ to: '62811', direction: 'all' })).toHaveLength(3);
    expect(log.list({ direction: 'in' }).map((e) => e.id)).toEqual(['wamid.in']);
  });

  it('filters by time when since is a date', () => {
    const log = new MessageLog();
    log.append(out('62811', 'old', '2026-11-01T00:00:00.000Z'));
    log.append(out('62811', 'new', '2026-11-02T00:00:00.000Z'));
    expect(log.list({ since: new Date('2026-11-01T12:00:00Z') }).map((e) => e.id)).toEqual([
      'wamid.new',
    ]);
  });

  it('wait resolves as soon as a matching message arrives, not on others', async () => {
    const log = new MessageLog();
    const started = Date.now();
    const pending = log.wait({ to: '62811', since: 0 }, 5000);
    setTimeout(() => log.append(out('62899', 'other')), 10);
    setTimeout(() => log.append(out('62811', 'mine')), 40);
    const got = await pending;
    expect(got.map((e) => e.id)).toEqual(['wamid.mine']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('wait returns [] after the timeout', async () => {
    const log = new MessageLog();
    expect(await log.wait({ to: '62811' }, 30)).toEqual([]);
  });

  it('keeps counting sequence numbers across clear()', () => {
    const log = new MessageLog();
    log.append(out('62811', 'a'));
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.append(out('62811', 'b')).seq).toBe(2);
  });

  it('parses since as sequence or ISO date', () => {
    expect(parseSince('12')).toBe(12);
    expect(parseSince('2026-11-02T00:00:00Z')).toEqual(new Date('2026-11-02T00:00:00Z'));
    expect(parseSince('kemarin')).toBe('invalid');
    expect(parseSince(null)).toBeUndefined();
  });
});
