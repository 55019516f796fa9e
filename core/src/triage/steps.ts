// Long pure computations (choosing a routing model's options) as generators:
// each `yield` marks a point where the caller may let other work run. The core
// decides nothing about time; an adapter that shares its event loop (an n8n
// queue worker renewing its job's lock) drives the steps with pauses, and
// everyone else runs them straight through.

/** A computation of T in steps; `yield` hands control back to the driver between them. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}
