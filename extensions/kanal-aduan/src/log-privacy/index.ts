import { defineHook } from '@directus/extensions-sdk';
import { redactUrl } from './redact-url.ts';

type Req = { originalUrl?: string; url?: string };

/**
 * Keeps citizens' numbers out of Directus's request log. Directus 11.17 logs
 * each request with pino-http (api/dist/logger/index.js), serialising the URL
 * from `req.originalUrl` when the request starts and masking only
 * `access_token`. `middlewares.before` runs just before that logger is mounted
 * (api/dist/app.js), so the log sees the masked URL; routing and the query
 * parser read `req.url`, and the cache key the path, which stay as sent.
 * The parsed query object is censored by LOGGER_REDACT__PATHS (scripts/stack,
 * docker-compose.yml).
 */
export default defineHook(({ init }) => {
  init('middlewares.before', (meta) => {
    const { app } = meta as unknown as { app: { use: (fn: (req: Req, res: unknown, next: () => void) => void) => void } };
    app.use((req, _res, next) => {
      const url = req.originalUrl ?? req.url;
      if (url && url.includes('?')) req.originalUrl = redactUrl(url);
      next();
    });
  });
});
