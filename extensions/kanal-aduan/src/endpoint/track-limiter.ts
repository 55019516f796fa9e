import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TRACK_LIMITS_TABLE } from '@kanal-aduan/schema/src/ranking-tables.ts';
import { z } from 'zod';
import { isPostgres } from '../shared/knex-dialect.ts';

/**
 * Per-address budget for the public ticket tracking route. Tickets are
 * sequential (ADU-2611-00001, -00002, …), so without a budget anyone could walk
 * the whole month's reports. A lookup costs 1 point; a lookup of a ticket that
 * does not exist costs `missCost` more, so a person who mistypes their own
 * ticket a few times is fine while a script guessing numbers runs dry fast.
 * On Postgres the counts live in one table (TRACK_LIMITS_TABLE) that every
 * Directus instance shares, so running N instances does not give a caller N
 * budgets; on SQLite (one instance by nature) they stay in memory.
 */
export const TrackLimits = z.object({
  points: z.coerce.number().int().min(1).default(30),
  durationSeconds: z.coerce.number().int().min(1).default(60),
  missCost: z.coerce.number().int().min(0).default(4),
  /** Tracking-code tries per ticket per `codeWindowSeconds`, from all addresses together. */
  codeAttempts: z.coerce.number().int().min(1).default(5),
  codeWindowSeconds: z.coerce.number().int().min(1).default(900),
});
export type TrackLimits = z.infer<typeof TrackLimits>;

export function trackLimitsFromEnv(env: Record<string, string | undefined>): TrackLimits {
  const parsed = TrackLimits.safeParse({
    points: env['KANAL_TRACK_RATE_LIMIT'] || undefined,
    durationSeconds: env['KANAL_TRACK_RATE_WINDOW_SECONDS'] || undefined,
    missCost: env['KANAL_TRACK_MISS_COST'] || undefined,
    codeAttempts: env['KANAL_TRACK_CODE_ATTEMPTS'] || undefined,
    codeWindowSeconds: env['KANAL_TRACK_CODE_WINDOW_SECONDS'] || undefined,
  });
  if (!parsed.success) {
    throw new Error(
      `KANAL_TRACK_RATE_LIMIT / KANAL_TRACK_RATE_WINDOW_SECONDS / KANAL_TRACK_MISS_COST / KANAL_TRACK_CODE_ATTEMPTS / KANAL_TRACK_CODE_WINDOW_SECONDS must be whole numbers ≥ 1 (miss cost ≥ 0): ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  return parsed.data;
}

export type TrackBudget = {
  /** Takes `cost` points for `key`; resolves to null when allowed, or the seconds to wait when the budget is spent. */
  take(key: string, cost?: number): Promise<number | null>;
};

// The table where Postgres keeps the budgets: not a collection, so Directus is told to ignore it (DB_EXCLUDE_TABLES).
export { TRACK_LIMITS_TABLE };

/** A knex instance as Directus hands it to endpoints; only what the shared store needs. */
export type SharedStore = { client: { config?: { client?: unknown } } };

/**
 * `store` (Directus's knex) makes the budget shared across instances when it is
 * Postgres. `name` keeps two budgets apart in the one table. If the table cannot
 * be reached, the memory limiter of this instance answers meanwhile
 * (rate-limiter-flexible's insurance), so a database hiccup neither opens the
 * gate nor fails the citizen's lookup.
 */
export function trackBudget(limits: Pick<TrackLimits, 'points' | 'durationSeconds'>, store?: SharedStore, name = 'track'): TrackBudget {
  const memory = new RateLimiterMemory({ points: limits.points, duration: limits.durationSeconds });
  let limiter: RateLimiterAbstract = memory;
  let ready: Promise<void> = Promise.resolve();
  if (store && isPostgres(store)) {
    ready = new Promise((resolve) => {
      limiter = new RateLimiterPostgres(
        {
          storeClient: store,
          storeType: 'knex',
          tableName: TRACK_LIMITS_TABLE,
          keyPrefix: name,
          points: limits.points,
          duration: limits.durationSeconds,
          insuranceLimiter: memory,
        },
        // Two instances starting together both run CREATE TABLE IF NOT EXISTS, and Postgres can
        // refuse the second one (a race in its catalog) although the table is there. So keep
        // counting in Postgres: were the table really missing, each take would fall back to this
        // instance's memory (the insurance limiter) anyway.
        (error?: unknown) => {
          if (error) (limiter as unknown as { tableCreated: boolean }).tableCreated = true;
          resolve();
        },
      );
    });
  }
  return {
    async take(key, cost = 1) {
      if (cost <= 0) return null;
      await ready;
      try {
        await limiter.consume(key, cost);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}

/** The stricter budget of tracking-code tries, kept per ticket (so rotating addresses does not help). */
export function codeBudget(limits: Pick<TrackLimits, 'codeAttempts' | 'codeWindowSeconds'>, store?: SharedStore): TrackBudget {
  return trackBudget({ points: limits.codeAttempts, durationSeconds: limits.codeWindowSeconds }, store, 'track-code');
}

type PeerRequest = {
  ip?: string;
  socket?: { remoteAddress?: string };
  app?: { get?: (setting: string) => unknown };
};

/**
 * The address the budget is kept for: one the caller cannot choose. Directus
 * sets Express's `trust proxy` from IP_TRUST_PROXY (api/dist/app.js), whose
 * default is `true`: trust every X-Forwarded-For, so `req.ip` is whatever the
 * client wrote there. With `true` (or when the setting cannot be read) we take
 * the TCP peer; with a setting the operator narrowed to their own proxy
 * (`false`, a hop count, `loopback`, a list of addresses) `req.ip` is Express's
 * answer under that trust, so we take it
 * (https://expressjs.com/en/guide/behind-proxies.html).
 */
export function clientAddress(req: PeerRequest): string {
  const peer = req.socket?.remoteAddress;
  const trust = typeof req.app?.get === 'function' ? req.app.get('trust proxy') : true;
  const address = trust === true || trust === undefined ? peer : (req.ip ?? peer);
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
