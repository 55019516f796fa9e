import type { Knex } from 'knex';

/**
 * SQLite (the demo default, WAL journal, a few pooled connections) lets one
 * writer at a time. A transaction that READS first and then writes cannot wait
 * for its turn: when another connection committed in between, its snapshot is
 * stale and the write fails at once with SQLITE_BUSY, the busy timeout
 * (node-sqlite3: 1 s) is not consulted (https://www.sqlite.org/rescode.html#busy_snapshot).
 * So our read-then-write transactions take the write lock with their first
 * statement, which does wait (the SQLite side of Postgres's advisory lock), and
 * run again when even that wait ran out.
 */
export const isSqlite = (knex: Knex): boolean => /sqlite/.test(String((knex.client as { config?: { client?: unknown } }).config?.client ?? ''));

/** First statement of a transaction on SQLite: an UPDATE that changes nothing still makes this connection the writer (waits up to the busy timeout). */
export async function takeSqliteWriteLock(trx: Knex.Transaction, table: string, column: string): Promise<void> {
  await trx.raw('UPDATE ?? SET ?? = ?? WHERE 0', [table, column, column]);
}

export const isSqliteBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/** Runs `fn` (a whole transaction) again while SQLite answers SQLITE_BUSY, with a growing pause; other errors and the last BUSY pass through. */
export async function retrySqliteBusy<T>(fn: () => Promise<T>, attempts = 5, baseDelayMs = 50): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random())));
    }
  }
}

const serialized = new WeakSet<object>();
/** Longest wait for a turn; longer than any transaction of ours (an export of the demo's data takes a second or two). */
const TURN_WAIT_MS = 15_000;

/**
 * Runs the top-level transactions of this knex (Directus's own and ours) one at
 * a time on SQLite, as the single pooled connection used to, while plain reads
 * use the other connections. Directus's transactions read before they write
 * (ItemsService checks, then inserts), so two of them at once on two connections
 * make one fail with SQLITE_BUSY, and Directus gives up after four tries
 * ("Transaction failed after 4 attempts"): 20 reports filed at once lost half.
 * Waiting here instead of in SQLite's busy handler also keeps libuv's four
 * threads free (node-sqlite3 sleeps on one of them while it waits for the lock).
 * Nested transactions (trx.transaction) are savepoints on the same connection
 * and are not queued. A transaction that starts another top-level one and waits
 * for it (a deadlock with one connection) lets it run after TURN_WAIT_MS.
 */
export function serializeSqliteTransactions(knex: Knex, turnWaitMs = TURN_WAIT_MS): void {
  if (!isSqlite(knex)) return;
  const context = (knex as unknown as { context: Record<string, unknown> }).context;
  if (serialized.has(context)) return;
  serialized.add(context);
  const original = context['_transaction'] as (container: unknown, config: unknown, outerTx?: unknown) => Promise<unknown>;
  let tail: Promise<void> = Promise.resolve();
  context['_transaction'] = function (this: unknown, container: unknown, config: unknown, outerTx: unknown = null) {
    if (outerTx) return original.call(this, container, config, outerTx);
    let release!: () => void;
    const turn = tail;
    tail = new Promise<void>((resolve) => (release = resolve));
    // A turn that never comes (a transaction waiting on a top-level one it started) must not stop
    // the API: after TURN_WAIT_MS the next one runs anyway, as it would without the queue.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = Promise.race([turn, new Promise<void>((resolve) => (timer = setTimeout(resolve, turnWaitMs)))]).finally(() => clearTimeout(timer));
    const run = waited.then(() => original.call(this, container, config, outerTx));
    if (typeof container === 'function') {
      run.then(release, release);
      return run;
    }
    // No handler: the caller commits later; the turn ends with the transaction.
    return run.then(
      (trx) => {
        const done = (trx as { executionPromise?: Promise<unknown> }).executionPromise;
        if (done) done.then(release, release);
        else release();
        return trx;
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  };
}
