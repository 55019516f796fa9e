import type { Request, Router } from 'express';
import type { DirectusServices, SchemaLike } from '../shared/directus-store.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { roleFromAccountability } from '../shared/role.ts';

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

/**
 * Our machine-to-machine routes (conversation lock, reminder reclaim, event
 * receipts) answer only the n8n service account and admins. A request without
 * a user is the public, never "an internal call" (roleFromAccountability's
 * reading of a missing accountability).
 */
export function assertServiceCaller(req: DirectusRequest, reason: string): void {
  const a = req.accountability;
  const role = a?.user || a?.admin ? roleFromAccountability(a) : 'citizen';
  if (role !== 'service' && role !== 'admin') throw new ForbiddenError({ reason });
}

/**
 * Routes that only the n8n service account may call, admins included in the
 * refusal: the intake and the delivery statuses write what n8n saw at Meta,
 * which no person should make up. `reason` is the Indonesian 403 message.
 */
export function assertServiceOnly(accountability: DirectusRequest['accountability'], reason: string): void {
  const a = accountability;
  const service = Boolean(a?.user) && a?.admin !== true && roleFromAccountability(a) === 'service';
  if (!service) throw new ForbiddenError({ reason });
}
