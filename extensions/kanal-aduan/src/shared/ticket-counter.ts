/** The slice of knex this module uses, so tests can pass a fake. */
export type CounterKnex = {
  (table: string): {
    insert(row: Record<string, unknown>): {
      onConflict(column: string): {
        merge(update: Record<string, unknown>): { returning(column: string): PromiseLike<unknown[]> };
      };
    };
  };
  raw(sql: string, bindings: readonly unknown[]): unknown;
};

/**
 * Increments the per-period counter in `ticket_counters` and returns the new
 * value, in one statement:
 *   INSERT INTO ticket_counters (period, last) VALUES (?, 1)
 *   ON CONFLICT (period) DO UPDATE SET last = ticket_counters.last + 1
 *   RETURNING last
 * Postgres takes a row lock for the upsert, so concurrent creates queue up and
 * each gets its own number (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT);
 * SQLite (>= 3.35 for RETURNING) serialises writers anyway. Run it with the
 * create's transaction so a failed create does not burn a number.
 */
export async function nextTicketSeq(knex: CounterKnex, period: string): Promise<number> {
  const rows = await ticketCounterQuery(knex, period);
  const first = rows[0];
  const value = typeof first === 'object' && first !== null ? (first as { last: unknown }).last : first;
  const seq = Number(value);
  if (!Number.isInteger(seq) || seq < 1) {
    throw new Error(`ticket_counters returned no sequence for period ${period}`);
  }
  return seq;
}

/** The upsert itself (a knex builder: awaiting it runs it, toString() shows it). */
export function ticketCounterQuery(knex: CounterKnex, period: string) {
  return knex('ticket_counters')
    .insert({ period, last: 1 })
    .onConflict('period')
    .merge({ last: knex.raw('?? + 1', ['ticket_counters.last']) })
    .returning('last');
}
