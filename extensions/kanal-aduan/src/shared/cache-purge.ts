import type { DirectusServices } from './directus-store.ts';

/**
 * Clears Directus's response cache after a commit of rows written with knex
 * (the cache only sees writes made through Directus's own services), for many
 * callers at once: at most one clear runs at a time, and a caller that comes
 * while one runs waits for one more that starts after it, so every caller's
 * commit precedes a clear it waited for. A GET that read the old rows just
 * before the commit stores its answer when it finishes, so one more clear
 * follows `settleMs` later (one for all the callers meanwhile).
 *
 * Many writers per second then cost a handful of clears, where a clear per
 * item-service write cost a Redis KEYS scan and UNLINK each.
 */
export interface CachePurger {
  /** Resolves once a clear that started after this call has finished (a failed clear is ignored: the cache expires on its own). */
  afterCommit(): Promise<void>;
}

export function cachePurger(clear: () => Promise<unknown>, settleMs = 1_500): CachePurger {
  let running: Promise<void> | null = null;
  let again = false;
  let settle: ReturnType<typeof setTimeout> | null = null;

  const run = (): Promise<void> => {
    running ??= (async () => {
      do {
        again = false;
        await clear().catch(() => undefined);
      } while (again);
      running = null;
    })();
    return running;
  };

  return {
    async afterCommit() {
      if (running) again = true;
      await run();
      settle ??= setTimeout(() => {
        settle = null;
        void run();
      }, settleMs);
      settle.unref?.();
    },
  };
}

/** What an endpoint's context gives to clear the cache: Directus's UtilsService, database and schema. */
export type PurgeContext = { services: Pick<DirectusServices, 'UtilsService'>; database: unknown; getSchema: () => Promise<unknown> };

const purgers = new WeakMap<PurgeContext, CachePurger | null>();

/**
 * The one purger of an endpoint context (every route of the bundle's endpoint shares it, so
 * the intake's steps and the statuses' batches coalesce their clears), or null when Directus
 * gives no UtilsService.
 */
export function responseCachePurger(ctx: PurgeContext): CachePurger | null {
  if (!purgers.has(ctx)) {
    const Utils = ctx.services.UtilsService;
    purgers.set(ctx, Utils ? cachePurger(async () => new Utils({ knex: ctx.database, schema: await ctx.getSchema(), accountability: { admin: true } }).clearCache({ system: false })) : null);
  }
  return purgers.get(ctx) ?? null;
}
