import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { nextTicketSeq, ticketCounterQuery, type CounterKnex } from './ticket-counter.ts';

/** A knex stand-in that records the upsert and answers like a driver would. */
function fakeKnex(answer: unknown[]) {
  const calls: Array<{ table: string; row?: unknown; conflict?: string; merge?: unknown; returning?: string }> = [];
  const k = ((table: string) => {
    const call: (typeof calls)[number] = { table };
    calls.push(call);
    return {
      insert(row: Record<string, unknown>) {
        call.row = row;
        return {
          onConflict(column: string) {
            call.conflict = column;
            return {
              merge(update: Record<string, unknown>) {
                call.merge = update;
                return {
                  async returning(col: string) {
                    call.returning = col;
                    return answer;
                  },
                };
              },
            };
          },
        };
      },
    };
  }) as unknown as CounterKnex;
  (k as unknown as { raw: (sql: string, b: unknown[]) => unknown }).raw = (sql, b) => ({ sql, b });
  return { k, calls };
}

describe('nextTicketSeq', () => {
  it('upserts the period row and returns the new value (pg/sqlite answer rows as objects)', async () => {
    const { k, calls } = fakeKnex([{ last: 42 }]);
    await expect(nextTicketSeq(k, '2611')).resolves.toBe(42);
    expect(calls[0]).toMatchObject({ table: 'ticket_counters', row: { period: '2611', last: 1 }, conflict: 'period', returning: 'last' });
  });

  it('accepts drivers that answer bare values', async () => {
    const { k } = fakeKnex([7]);
    await expect(nextTicketSeq(k, '2612')).resolves.toBe(7);
  });

  it('fails loudly rather than issue a ticket without a number', async () => {
    const { k } = fakeKnex([]);
    await expect(nextTicketSeq(k, '2611')).rejects.toThrow(/no sequence/);
  });

  it.each(['pg', 'sqlite3'])('is one atomic INSERT … ON CONFLICT … RETURNING statement on %s', async (client) => {
    const real = knex({ client, useNullAsDefault: true });
    const sql = (ticketCounterQuery(real as unknown as CounterKnex, '2611') as unknown as { toString(): string }).toString();
    const q = client === 'pg' ? '"' : '`';
    const id = (s: string) => `${q}${s}${q}`;
    expect(sql).toBe(
      `insert into ${id('ticket_counters')} (${id('last')}, ${id('period')}) values (1, '2611') on conflict (${id('period')}) ` +
        `do update set ${id('last')} = ${id('ticket_counters')}.${id('last')} + 1 returning ${id('last')}`,
    );
    await real.destroy();
  });
});
