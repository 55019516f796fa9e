import { describe, expect, it } from 'vitest';
import { claimPatch, isClaimable } from '../../test-support/outbox-claim.ts';
import {
  DEFAULT_OUTBOX_POLICY as P, outboxPolicyFromEnv, retryDelayMs, settlePatch, staleWarning, sweepCron,
} from './policy.ts';

const now = new Date('2026-11-02T03:00:00.000Z');
const plus = (ms: number) => new Date(now.getTime() + ms);

describe('outbox policy', () => {
  it('backs off 15 s, 30 s, 60 s … and never waits longer than the cap', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, P))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect(retryDelayMs(6, P)).toBe(480_000);
    expect(retryDelayMs(7, P)).toBe(600_000);
    expect(retryDelayMs(500, P)).toBe(600_000);
  });

  it('claims only pending rows that are due; a claim counts the attempt and holds a lease', () => {
    expect(isClaimable({ delivered_at: null, next_attempt_at: now }, now)).toBe(true);
    expect(isClaimable({ delivered_at: null, next_attempt_at: plus(1) }, now)).toBe(false); // leased or backing off
    expect(isClaimable({ delivered_at: now, next_attempt_at: null }, now)).toBe(false); // delivered
    expect(isClaimable({ delivered_at: null, next_attempt_at: null }, now)).toBe(false); // parked: events off
    const claimed = claimPatch({ attempts: 2 }, now, P);
    expect(claimed).toEqual({ attempts: 3, next_attempt_at: plus(60_000) });
    // The lease keeps a second sender off; when it runs out (sender died), the row is due again.
    expect(isClaimable({ delivered_at: null, next_attempt_at: claimed.next_attempt_at }, plus(59_999))).toBe(false);
    expect(isClaimable({ delivered_at: null, next_attempt_at: claimed.next_attempt_at }, plus(60_000))).toBe(true);
  });

  it('settles a delivered row for good and a failed one for a later try with the error', () => {
    expect(settlePatch({ attempts: 1 }, { ok: true }, now, P)).toEqual({ delivered_at: now, next_attempt_at: null, last_error: null });
    expect(settlePatch({ attempts: 3 }, { ok: false, error: 'HTTP 404' }, now, P)).toEqual({ next_attempt_at: plus(60_000), last_error: 'HTTP 404' });
  });

  it('reads the sweep interval and the cap from the environment, ignoring nonsense', () => {
    expect(outboxPolicyFromEnv({})).toEqual(P);
    const custom = outboxPolicyFromEnv({ KANAL_OUTBOX_SWEEP_SECONDS: '5', KANAL_OUTBOX_RETRY_MAX_SECONDS: '60' });
    expect(custom).toMatchObject({ sweepSeconds: 5, maxDelayMs: 60_000 });
    expect(sweepCron(custom)).toBe('*/5 * * * * *');
    expect(outboxPolicyFromEnv({ KANAL_OUTBOX_SWEEP_SECONDS: '0', KANAL_OUTBOX_RETRY_MAX_SECONDS: 'x' })).toEqual(P);
    expect(outboxPolicyFromEnv({ KANAL_OUTBOX_SWEEP_SECONDS: '90' }).sweepSeconds).toBe(20);
  });

  it('keeps delivered rows 30 days unless KANAL_OUTBOX_RETENTION_DAYS says otherwise (0: forever)', () => {
    const day = 86_400_000;
    expect(P).toMatchObject({ retentionMs: 30 * day, followUpLookbackMs: day });
    expect(outboxPolicyFromEnv({ KANAL_OUTBOX_RETENTION_DAYS: '7' })).toMatchObject({ retentionMs: 7 * day, followUpLookbackMs: day });
    expect(outboxPolicyFromEnv({ KANAL_OUTBOX_RETENTION_DAYS: '0' })).toMatchObject({ retentionMs: 0, followUpLookbackMs: day });
    // A one-day retention: the follow-up repair looks back half a day, so a pruned row never looks unqueued.
    expect(outboxPolicyFromEnv({ KANAL_OUTBOX_RETENTION_DAYS: '1' })).toMatchObject({ retentionMs: day, followUpLookbackMs: day / 2 });
    for (const bad of ['-1', '1.5', 'tiga puluh', '99999']) expect(outboxPolicyFromEnv({ KANAL_OUTBOX_RETENTION_DAYS: bad }).retentionMs).toBe(30 * day);
  });

  it('tells the admin in Indonesian what is stuck, where n8n should be and that nothing is lost', () => {
    expect(staleWarning({ count: 0, oldest: null, lastError: null }, 'http://n8n:5678/webhook/kanal-aduan-events', now)).toBeNull();
    const text = staleWarning({ count: 3, oldest: new Date(now.getTime() - 12 * 60_000), lastError: 'HTTP 404' }, 'http://n8n:5678/webhook/kanal-aduan-events', now);
    expect(text).toContain('3 peristiwa laporan belum terkirim, yang tertua 12 menit');
    expect(text).toContain('n8n tidak terjangkau di http://n8n:5678/webhook/kanal-aduan-events (galat terakhir: HTTP 404)');
    expect(text).toContain('peristiwa akan dikirim ulang');
  });
});
