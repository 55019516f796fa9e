import { z } from 'zod';
import {
  rateLimited,
  reEngagementRequired,
  serverError,
  type GraphErrorReply,
} from './graph-errors.ts';

/** Faults a test can arm: 429 rate limit, 500 server error, 131047 outside the 24 h window. */
export const FaultKind = z.union([z.literal(429), z.literal(500), z.literal(131047)]);
export type FaultKind = z.infer<typeof FaultKind>;

/** Body of `POST /sim/faults`. */
export const FaultRequest = z.object({
  status: FaultKind,
  count: z.number().int().min(1).max(1000).default(1),
});
export type FaultRequest = z.infer<typeof FaultRequest>;

/**
 * Queue of armed faults, consumed by send calls in arrival order.
 * A 131047 fault does not hit template sends (Meta lets templates through outside
 * the window), so a template neither fails nor uses up that fault.
 */
export class FaultQueue {
  #queue: Array<{ kind: FaultKind; left: number }> = [];

  arm(kind: FaultKind, count: number): void {
    this.#queue.push({ kind, left: count });
  }

  /** The error to answer for this send, or null to let it through. */
  take(isTemplate: boolean): GraphErrorReply | null {
    const head = this.#queue[0];
    if (!head) return null;
    if (head.kind === 131047 && isTemplate) return null;
    head.left -= 1;
    if (head.left <= 0) this.#queue.shift();
    return faultReply(head.kind);
  }

  pending(): Array<{ status: FaultKind; count: number }> {
    return this.#queue.map((f) => ({ status: f.kind, count: f.left }));
  }

  clear(): void {
    this.#queue = [];
  }
}

export function faultReply(kind: FaultKind): GraphErrorReply {
  switch (kind) {
    case 429:
      return rateLimited();
    case 500:
      return serverError();
    case 131047:
      return reEngagementRequired();
  }
}
