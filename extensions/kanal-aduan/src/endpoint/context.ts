import type { Request, Router } from 'express';
import type { DirectusServices, SchemaLike } from '../shared/directus-store.ts';

/** What every route module gets: Directus's endpoint context, loosely typed. */
export type RouteContext = {
  services: DirectusServices;
  database: unknown;
  getSchema: () => Promise<unknown>;
  logger: { warn(msg: unknown, ...rest: unknown[]): void; error(msg: unknown, ...rest: unknown[]): void };
};

/** One route module = one file in ./routes that mounts its paths on the scoped router. */
export type RouteModule = (router: Router, ctx: RouteContext) => void;

/** Request as Directus 11 decorates it (middleware/authenticate.ts, middleware/schema.ts). */
export type DirectusRequest = Request & {
  accountability?: { user?: string | null; role?: string | null; admin?: boolean } | null;
  schema?: SchemaLike;
};

export async function schemaOf(req: DirectusRequest, ctx: RouteContext): Promise<SchemaLike> {
  return req.schema ?? ((await ctx.getSchema()) as SchemaLike);
}
