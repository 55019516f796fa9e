import { describe, expect, it } from 'vitest';
import { deliveryMode, serviceWindowOpen } from './service-window.ts';

const now = new Date('2026-11-23T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const H = 3600_000;

describe('serviceWindowOpen (Meta 24 h customer-service window)', () => {
  it('is open for 24 hours after the person last wrote, then closed', () => {
    expect(serviceWindowOpen(ago(1000), now)).toBe(true);
    expect(serviceWindowOpen(ago(23 * H + 59 * 60_000), now)).toBe(true);
    expect(serviceWindowOpen(ago(24 * H), now)).toBe(false);
    expect(serviceWindowOpen(ago(3 * 24 * H), now)).toBe(false);
  });

  it('is closed for someone who never wrote or whose time is unreadable', () => {
    expect(serviceWindowOpen(null, now)).toBe(false);
    expect(serviceWindowOpen(undefined, now)).toBe(false);
    expect(serviceWindowOpen('kemarin', now)).toBe(false);
  });

  it('accepts Date objects and a clock slightly ahead of ours', () => {
    expect(serviceWindowOpen(new Date(now.getTime() + 5_000), now)).toBe(true);
  });
});

describe('deliveryMode', () => {
  it('sends text inside the window and the approved template outside it', () => {
    expect(deliveryMode(ago(2 * H), now, 'kanal_aduan_disposisi')).toBe('text');
    expect(deliveryMode(ago(30 * H), now, 'kanal_aduan_disposisi')).toBe('template');
    expect(deliveryMode(null, now, 'kanal_aduan_disposisi')).toBe('template');
  });

  it('stays text when no approved template is configured (nothing else could be sent)', () => {
    expect(deliveryMode(null, now, null)).toBe('text');
    expect(deliveryMode(null, now, '  ')).toBe('text');
  });
});
