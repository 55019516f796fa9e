import { defineHook } from '@directus/extensions-sdk';
import { ownSchema, writesSchema } from './schema-writes.ts';

type Req = { method: string; path: string; schema?: unknown };

/**
 * Gives a request that changes collections, fields or relations its own
 * writable schema (./schema-writes.ts). `middlewares.after` runs after
 * Directus's schema middleware has set `req.schema` and before any route
 * (api/dist/app.js).
 */
export default defineHook(({ init }) => {
  init('middlewares.after', (meta) => {
    const { app } = meta as unknown as { app: { use: (fn: (req: Req, res: unknown, next: () => void) => void) => void } };
    app.use((req, _res, next) => {
      if (req.schema && writesSchema(req.method, req.path)) req.schema = ownSchema(req.schema);
      next();
    });
  });
});
