import { defineHook } from '@directus/extensions-sdk';
import { ForbiddenError } from '../shared/errors.ts';
import { fullReadMap, fullyReadableFrom, ipAllowed, type PermissionRowLike } from './read-access.ts';
import { queryCrossings, refusalMessage, refusedCrossings, type FullyReadable, type QueryLike, type SchemaLike } from './relational-paths.ts';
import { isHttpWriteByQuery, isWebSocketWriteByQuery, WRITE_BY_QUERY_REFUSAL } from './write-by-query.ts';

/** The part of Directus's accountability this guard reads (11.x). */
type Accountability = { admin?: boolean; user?: string | null; role?: string | null; roles?: string[]; app?: boolean; ip?: string | null; share?: string | null } | null | undefined;
type Knex = ((table: string) => any) & { raw?: unknown };
type Req = { method: string; path: string; body: unknown; accountability?: Accountability; schema?: SchemaLike };
type Access = { readable: FullyReadable };
type Next = (err?: unknown) => void;

/**
 * Every service read emits `<scope>.query` (api/dist/services/items.js readByQuery):
 * `items.query` for user collections, the system collection's name without
 * `directus_` for Directus's own (`users.query`, `files.query`, …). REST,
 * GraphQL, exports, WebSocket reads and the admin app all go through it.
 */
const QUERY_EVENTS = [
  'items', 'users', 'files', 'folders', 'activity', 'revisions', 'comments', 'notifications', 'presets', 'shares',
  'dashboards', 'panels', 'roles', 'policies', 'permissions', 'access', 'versions', 'flows', 'operations', 'translations', 'settings',
].map((scope) => `${scope}.query`);

/** Rights change rarely; a changed policy is seen by every instance within this long. */
const ACCESS_TTL_MS = 30_000;

/**
 * Confidentiality guard for every non-admin caller (the public included), in
 * front of Directus's own checks:
 * - no update or delete "by query" (REST collection routes, WebSocket, MCP):
 *   Directus resolves those rows without the caller's permissions, so the
 *   answer told whether a hidden row matched (./write-by-query.ts);
 * - no filter, sort, aggregate, groupBy or deep step across a relation into a
 *   collection the caller does not read on every row: Directus evaluates such
 *   a condition on hidden related rows too (./relational-paths.ts).
 * Admins keep both features; internal reads (no accountability) are not checked.
 */
export default defineHook(({ init, filter, action }, { database, getSchema, logger }) => {
  const knex = database as unknown as Knex;
  const cache = new Map<string, { at: number; access: Access }>();
  const forget = () => cache.clear();
  for (const scope of ['permissions', 'policies', 'access', 'roles']) {
    for (const verb of ['create', 'update', 'delete']) action(`${scope}.${verb}`, forget);
  }

  async function accessFor(acc: NonNullable<Accountability>): Promise<Access> {
    if (acc.share) return { readable: () => false };
    const roles = acc.roles ?? (acc.role ? [acc.role] : []);
    const key = JSON.stringify([acc.user ?? null, roles, !!acc.app, acc.ip ?? null]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ACCESS_TTL_MS) return hit.access;
    const links: Array<{ policy: string; ip_access: unknown }> = await knex('directus_access as a')
      .join('directus_policies as p', 'p.id', 'a.policy')
      .select('a.policy', 'p.ip_access')
      .where(function (this: any) {
        if (roles.length) this.whereIn('a.role', roles);
        else this.whereNull('a.role').whereNull('a.user');
        if (acc.user) this.orWhere('a.user', acc.user);
      });
    const policies = [...new Set(links.filter((a) => ipAllowed(a.ip_access, acc.ip)).map((a) => a.policy))];
    const rows: PermissionRowLike[] = policies.length
      ? await knex('directus_permissions').select('collection', 'permissions', 'fields').whereIn('policy', policies).andWhere('action', 'read')
      : [];
    const access = { readable: fullyReadableFrom(fullReadMap(rows, acc.app === true)) };
    cache.set(key, { at: Date.now(), access });
    return access;
  }

  async function checkRead(acc: Accountability, schema: SchemaLike, collection: string, query: QueryLike) {
    if (!acc || acc.admin === true || !schema?.collections?.[collection]) return;
    const crossings = queryCrossings(schema, collection, query ?? {});
    if (!crossings.length) return;
    const refused = refusedCrossings(crossings, (await accessFor(acc)).readable);
    if (refused.length) {
      logger.info(`kanal-aduan: refused a relational query on ${collection} by ${acc.user ?? 'public'}: ${refused.map((c) => `${c.part}:${c.path}->${c.into}.${c.field}`).join(', ')}`);
      throw new ForbiddenError({ reason: refusalMessage(refused) });
    }
  }

  for (const event of QUERY_EVENTS) {
    filter(event, async (query, meta, context) => {
      const ctx = context as { accountability?: Accountability; schema?: SchemaLike | null };
      const schema = ctx.schema ?? ((await getSchema()) as unknown as SchemaLike);
      const collection = (meta as { collection: string }).collection;
      await checkRead(ctx.accountability, schema, collection, query as QueryLike);
      return query;
    });
  }

  // After authentication and the schema (api/dist/app.js: authenticate, schema, sanitize-query, then `routes.before`).
  init('routes.before', (meta) => {
    const { app } = meta as unknown as { app: { use: (fn: (req: Req, res: unknown, next: Next) => void) => void } };
    app.use((req, _res, next) => {
      const acc = req.accountability;
      if (acc?.admin === true) return next();
      if (isHttpWriteByQuery(req)) return next(new ForbiddenError({ reason: WRITE_BY_QUERY_REFUSAL }));
      // Exports run in the background after the answer; refuse a relational query while the caller can still read why.
      const parts = req.path.split('/').filter(Boolean);
      if (req.method === 'POST' && parts[0] === 'utils' && parts[1] === 'export' && parts[2] && req.schema) {
        const body = req.body as { query?: QueryLike } | null;
        checkRead(acc ?? { roles: [] }, req.schema, parts[2], body?.query ?? {}).then(() => next(), next);
        return;
      }
      next();
    });
  });

  filter('websocket.message', async (message, meta) => {
    const client = (meta as { client?: { accountability?: Accountability } }).client;
    if (client?.accountability?.admin === true) return message;
    const schema = (await getSchema()) as unknown as { collections: Record<string, { singleton?: boolean }> };
    if (isWebSocketWriteByQuery(message, (c) => schema.collections[c]?.singleton === true)) throw new ForbiddenError({ reason: WRITE_BY_QUERY_REFUSAL });
    return message;
  });
});
