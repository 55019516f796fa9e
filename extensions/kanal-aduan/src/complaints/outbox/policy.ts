import type { DeliveryResult } from '../../shared/events.ts';

/** An `event_outbox` row (schema/src/collections/outbox.ts) as the store hands it over. */
export type OutboxRow = {
  id: string;
  event: string;
  complaint: string | number | null;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
  /** When the row may be tried (again); also the claim's lease. Null: parked (events off), never sent. */
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  last_error: string | null;
};

/**
 * A row's life: pending (next_attempt_at <= now) -> claimed (attempts + 1,
 * next_attempt_at = now + lease: nobody else takes it while one sender tries)
 * -> delivered (n8n answered 2xx) or pending again after a backoff that
 * doubles per attempt up to a cap. A sender that dies mid-attempt leaves the
 * row claimed; the lease runs out and the row is pending again. Never dropped:
 * an event n8n cannot take stays until it can (and the sweep warns).
 */
export type OutboxPolicy = {
  /** Delay after the first failed attempt; doubles per attempt. */
  baseDelayMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
  /** How long a claim holds; longer than one HTTP attempt (10 s timeout). */
  leaseMs: number;
  /** An undelivered event older than this is worth telling the admin about. */
  staleAfterMs: number;
  /** Reports whose move is still unrecorded this long after the save are repaired by the sweep (the action normally takes milliseconds). */
  repairAfterMs: number;
  /** Seconds between sweeps (schedule hook). */
  sweepSeconds: number;
  /** Delivered rows older than this (by delivered_at) are deleted by the sweep; 0 keeps them forever. */
  retentionMs: number;
  /** Rows one prune statement deletes at most (short statements: the table is never locked for long). */
  pruneBatch: number;
  /** Prune statements one sweep runs at most. */
  pruneBatchesPerSweep: number;
  /**
   * How far back the sweep looks for public follow-ups whose event was never
   * queued (Directus stopped or the action threw): at most a day, and always
   * well inside the retention, so a pruned row is never mistaken for a missing one.
   */
  followUpLookbackMs: number;
};

const DAY_MS = 86_400_000;

/** A day, or half the retention when that is shorter (pruned rows must not look unqueued). */
export function followUpLookbackMs(retentionMs: number): number {
  return retentionMs > 0 ? Math.min(DAY_MS, Math.floor(retentionMs / 2)) : DAY_MS;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  baseDelayMs: 15_000,
  maxDelayMs: 600_000,
  leaseMs: 60_000,
  staleAfterMs: 600_000,
  repairAfterMs: 10_000,
  sweepSeconds: 20,
  retentionMs: 30 * DAY_MS,
  pruneBatch: 500,
  pruneBatchesPerSweep: 4,
  followUpLookbackMs: DAY_MS,
};

/**
 * KANAL_OUTBOX_SWEEP_SECONDS (5–59, default 20),
 * KANAL_OUTBOX_RETRY_MAX_SECONDS (default 600) and
 * KANAL_OUTBOX_RETENTION_DAYS (0–3650, default 30; 0 = never prune); bad values fall back to the default.
 */
export function outboxPolicyFromEnv(env: Record<string, string | undefined>): OutboxPolicy {
  const num = (name: string, min: number, max: number, fallback: number) => {
    const raw = env[name];
    const n = raw === undefined || raw === '' ? Number.NaN : Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  };
  const sweepSeconds = num('KANAL_OUTBOX_SWEEP_SECONDS', 5, 59, DEFAULT_OUTBOX_POLICY.sweepSeconds);
  const maxDelayMs = num('KANAL_OUTBOX_RETRY_MAX_SECONDS', 15, 86_400, DEFAULT_OUTBOX_POLICY.maxDelayMs / 1000) * 1000;
  const retentionMs = num('KANAL_OUTBOX_RETENTION_DAYS', 0, 3650, DEFAULT_OUTBOX_POLICY.retentionMs / DAY_MS) * DAY_MS;
  return {
    ...DEFAULT_OUTBOX_POLICY,
    sweepSeconds,
    maxDelayMs,
    baseDelayMs: Math.min(DEFAULT_OUTBOX_POLICY.baseDelayMs, maxDelayMs),
    retentionMs,
    followUpLookbackMs: followUpLookbackMs(retentionMs),
  };
}

/** Cron of the sweep for Directus's schedule hook (six fields: seconds first). */
export function sweepCron(policy: OutboxPolicy): string {
  return `*/${policy.sweepSeconds} * * * * *`;
}

/** Wait after the `attempts`-th failed attempt: base, 2×base, 4×base, … capped. */
export function retryDelayMs(attempts: number, policy: OutboxPolicy): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^30 × 15 s is already centuries: stop doubling long before overflow.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
}

/** What an attempt's outcome writes on a claimed row (`attempts` already counts this attempt). */
export function settlePatch(
  row: Pick<OutboxRow, 'attempts'>,
  result: DeliveryResult,
  now: Date,
  policy: OutboxPolicy,
): Partial<Pick<OutboxRow, 'delivered_at' | 'next_attempt_at' | 'last_error'>> {
  if (result.ok) return { delivered_at: now, next_attempt_at: null, last_error: null };
  return { next_attempt_at: new Date(now.getTime() + retryDelayMs(row.attempts, policy)), last_error: result.error.slice(0, 1000) };
}

/** Summary of events n8n has not taken for longer than the policy's patience. */
export type StaleSummary = { count: number; oldest: Date | null; lastError: string | null };

/** The admin's warning for stale events, in Indonesian (Directus logs); null when nothing is stale. */
export function staleWarning(summary: StaleSummary, targetUrl: string | null, now: Date): string | null {
  if (summary.count === 0 || !summary.oldest) return null;
  const minutes = Math.floor((now.getTime() - summary.oldest.getTime()) / 60_000);
  return (
    `[kanal-aduan] ${summary.count} peristiwa laporan belum terkirim, yang tertua ${minutes} menit: ` +
    `n8n tidak terjangkau di ${targetUrl ?? '(alamat tidak diatur)'}` +
    `${summary.lastError ? ` (galat terakhir: ${summary.lastError})` : ''}; peristiwa akan dikirim ulang otomatis. ` +
    'Periksa bahwa n8n berjalan dan alur "Kanal Aduan — Disposisi & pemberitahuan" aktif; antrian ada di koleksi event_outbox.'
  );
}
