import { z } from 'zod';
import {
  rateLimited,
  reEngagementRequired,
  serverError,
  type GraphErrorReply,
} from './graph-errors.ts';

/**
 * Faults a test can arm: 429 rate limit, 500 server error, 131047 outside the
 * 24 h window, and 'slow' (the send succeeds, but only after `delay_ms`).
 */
export const FaultKind = z.union([z.literal(429), z.literal(500), z.literal(131047), z.literal('slow')]);
export type FaultKind = z.infer<typeof FaultKind>;

/** Default pause of a 'slow' fault. */
export const SLOW_DEFAULT_MS = 5_000;

/** Body of `POST /sim/faults`. */
export const FaultRequest = z.object({
  status: FaultKind,
  count: z.number().int().min(1).max(1000).default(1),
  /** Only for 'slow': how long the send hangs before answering (default 5 s). */
  delay_ms: z.number().int().min(0).max(120_000).optional(),
  /** Which calls it hits: message sends (default) or media uploads (`POST /{phone-number-id}/media`). */
  target: z.enum(['messages', 'media']).default('messages'),
  /** An outage instead of a count: every call in the next `for_ms` meets the fault (count is then ignored). */
  for_ms: z.number().int().min(1).max(600_000).optional(),
});
export type FaultTarget = 'messages' | 'media';
export type FaultRequest = z.infer<typeof FaultRequest>;

/**
 * Queue of armed faults, consumed by send calls in arrival order.
 * A 131047 fault does not hit template sends (Meta lets templates through outside
 * the window), so a template neither fails nor uses up that fault.
 */
export class FaultQueue {
  #queue: Array<{ kind: FaultKind; left: number; delayMs: number; target: FaultTarget; until?: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Arms `count` faults, or with `forMs` an outage: every call until then meets it. */
  arm(kind: FaultKind, count: number, delayMs = SLOW_DEFAULT_MS, target: FaultTarget = 'messages', forMs?: number): void {
    const until = forMs === undefined ? undefined : this.now() + forMs;
    this.#queue.push({ kind, left: until === undefined ? count : Number.POSITIVE_INFINITY, delayMs: kind === 'slow' ? delayMs : 0, target, ...(until === undefined ? {} : { until }) });
  }

  /** What this send (or, with target 'media', upload) meets: a pause before answering (slow) and/or an error, or nothing. */
  next(isTemplate: boolean, target: FaultTarget = 'messages'): { delayMs: number; error: GraphErrorReply | null } {
    const now = this.now();
    this.#queue = this.#queue.filter((f) => f.until === undefined || f.until > now);
    const index = this.#queue.findIndex((f) => f.target === target);
    const head = this.#queue[index];
    if (!head) return { delayMs: 0, error: null };
    if (head.kind === 131047 && isTemplate) return { delayMs: 0, error: null };
    head.left -= 1;
    if (head.left <= 0) this.#queue.splice(index, 1);
    if (head.kind === 'slow') return { delayMs: head.delayMs, error: null };
    return { delayMs: 0, error: faultReply(head.kind) };
  }

  /** The error to answer for this send, or null to let it through (a slow fault is used up without waiting). */
  take(isTemplate: boolean): GraphErrorReply | null {
    return this.next(isTemplate).error;
  }

  pending(): Array<{ status: FaultKind; count?: number; until?: string; delay_ms?: number; target?: FaultTarget }> {
    const now = this.now();
    return this.#queue.filter((f) => f.until === undefined || f.until > now).map((f) => ({
      status: f.kind,
      ...(f.until === undefined ? { count: f.left } : { until: new Date(f.until).toISOString() }),
      ...(f.kind === 'slow' ? { delay_ms: f.delayMs } : {}),
      ...(f.target === 'media' ? { target: f.target } : {}),
    }));
  }

  clear(): void {
    this.#queue = [];
  }
}

export function faultReply(kind: Exclude<FaultKind, 'slow'>): GraphErrorReply {
  switch (kind) {
    case 429:
      return rateLimited();
    case 500:
      return serverError();
    case 131047:
      return reEngagementRequired();
  }
}
