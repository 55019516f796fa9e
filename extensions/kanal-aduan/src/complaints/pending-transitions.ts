import type { Role, Status } from '@kanal-aduan/core';

/** What the update filter decided, handed to the update action for the history row and event. */
export type Transition = {
  /** String form of the primary key, for matching (REST passes keys as strings). */
  key: string;
  /** The primary key as the database returns it (a number for `complaints`). */
  complaintId: string | number;
  ticket: string | null;
  from: Status;
  to: Status;
  role: Role;
  author: string | null;
  agency: string | null;
  note: string | null;
  /** dispose: the agency the report now goes to. */
  assignedAgency?: string;
  /** dispose: the respond deadline the filter computed. */
  respondDue?: string | null;
  /** return: the agency that handed the report back. */
  previousAgency?: string | null;
};

/**
 * Directus runs the update filter before the write (outside the write's
 * transaction) and the action after it, and gives the action no "previous
 * values". The filter parks each accepted transition here; the action takes it.
 * Entries the action never claims (the write failed later, e.g. on
 * permissions) expire, and a stale entry is never taken for another target
 * status. Per process: fine for one Directus instance; with several instances
 * behind a load balancer the filter and action of one request still run in the
 * same process.
 */
export class PendingTransitions {
  readonly #entries = new Map<string, { transition: Transition; expires: number }>();
  readonly #ttlMs: number;
  readonly #clock: () => number;

  constructor(ttlMs = 120_000, clock: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  park(transition: Transition): void {
    this.#sweep();
    this.#entries.set(transition.key, { transition, expires: this.#clock() + this.#ttlMs });
  }

  /** The parked transition of `key` towards `to`, removed; undefined when none is fresh. */
  take(key: string | number, to: unknown): Transition | undefined {
    const id = String(key);
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    if (entry.expires < this.#clock() || entry.transition.to !== to) return undefined;
    return entry.transition;
  }

  get size(): number {
    return this.#entries.size;
  }

  #sweep(): void {
    const now = this.#clock();
    for (const [key, entry] of this.#entries) if (entry.expires < now) this.#entries.delete(key);
  }
}
