import { defineHook } from '@directus/extensions-sdk';
import type { Accountability } from '@directus/types';
import { KanalForbiddenError, KanalRateLimitError } from '../shared/errors.ts';
import { exportSlots, isExportEndNotice, poolMax } from './export-slots.ts';

type Req = { method: string; path: string; accountability?: Accountability | null };
type Res = { statusCode: number; once(event: 'finish' | 'close', fn: () => void): void };
type Next = (err?: unknown) => void;

/** An export whose end Directus never announced frees its slot after this long. */
const STALE_MS = 15 * 60_000;

/**
 * Bounds Directus's background exports (POST /utils/export/:collection, the
 * app's "Export Items"): one per user and never so many that they hold every
 * database connection (see export-slots.ts). Admins are not bounded. Directus
 * answers the request before the export runs and ends it with a notification to
 * the user, ready or failed; that notification gives the slot back. Downloads
 * through GET ?export= (the app's "Unduh") read outside a transaction and need
 * no slot.
 */
export default defineHook(({ init, action }, { env }) => {
  const slots = exportSlots(poolMax(env) - 2, STALE_MS);

  init('routes.before', (meta) => {
    const { app } = meta as { app: { use: (fn: (req: Req, res: Res, next: Next) => void) => void } };
    app.use((req, res, next) => {
      if (req.method !== 'POST' || !/^\/utils\/export\/[^/]+\/?$/.test(req.path)) return next();
      const acc = req.accountability;
      if (acc?.admin === true) return next();
      const user = acc?.user ?? null;
      const refusal = slots.take(user, Date.now());
      if (refusal) {
        const error = refusal.code === 'SINGLE_CONNECTION' || refusal.code === 'ANONYMOUS' ? KanalForbiddenError : KanalRateLimitError;
        return next(new error({ reason: refusal.reason }));
      }
      // Refused by Directus itself (bad query, no permission): no export runs, no notice follows.
      let released = false;
      const giveBack = () => {
        if (!released && res.statusCode >= 300 && user) slots.release(user);
        released = true;
      };
      res.once('finish', giveBack);
      res.once('close', giveBack);
      next();
    });
  });

  action('notifications.create', (meta) => {
    const payload = (meta as { payload?: { recipient?: unknown; subject?: unknown } }).payload;
    if (payload && typeof payload.recipient === 'string' && isExportEndNotice(payload.subject)) slots.release(payload.recipient);
  });
});
