// What the ranking SQL promises, on whichever database the caller set up:
// query.sqlite.test.ts (SQLite) and query.pg.int.test.ts (Postgres) both run it.
// The one aggregate and the pre-aggregate give exactly core's row-by-row tallies.
import { overdueNow, rankingWindows, tallyAssignments, type RankingAssignmentRow, type WorkCalendar } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { preAggregatedTallies } from './pre-aggregate.ts';
import { queryTallies } from './query.ts';

export type PreAggregateFixture = { knex: Knex; rows: RankingAssignmentRow[]; calendar: WorkCalendar; now: Date };

const plain = (r: Awaited<ReturnType<typeof queryTallies>>) => ({ current: Object.fromEntries(r.current), previous: Object.fromEntries(r.previous), overdue: Object.fromEntries(r.overdue) });

export function rankingSqlContract(fixture: () => PreAggregateFixture): void {
  it.each([7, 30, 45])('gives exactly core’s tallies for a %i-day window and the one before', async (days) => {
    const { knex, rows, calendar, now } = fixture();
    const { current, previous } = rankingWindows(days, now, 'Asia/Jakarta');
    const sql = await queryTallies(knex, { current, previous, now, calendar, graceDays: 1 });
    const ctx = { calendar, graceDays: 1, now };
    const ref = tallyAssignments(rows, current, ctx);
    expect(ref.size).toBeGreaterThan(10);
    expect(Object.fromEntries(sql.current)).toEqual(Object.fromEntries(ref));
    expect(Object.fromEntries(sql.previous)).toEqual(Object.fromEntries(tallyAssignments(rows, previous, { ...ctx, asOf: previous.to })));
    expect(Object.fromEntries(sql.overdue)).toEqual(Object.fromEntries(overdueNow(rows, now)));
    // The data exercises every rule: returns in and after the grace, ratings, reopens, misses.
    const all = [...ref.values()];
    const total = (k: 'returned_in_grace' | 'returned_late' | 'rated' | 'reopened' | 'fixed') => all.reduce((s, t) => s + t[k], 0);
    if (days >= 30) for (const k of ['returned_in_grace', 'rated', 'fixed'] as const) expect(total(k), k).toBeGreaterThan(0);
  }, 60_000);

  it('serves the same tallies from the pre-aggregate, and keeps them exact through writes', async () => {
    const { knex, rows, calendar, now } = fixture();
    const input = (days: number) => ({ ...rankingWindows(days, now, 'Asia/Jakarta'), now, calendar, graceDays: 1 });
    const first: Record<number, ReturnType<typeof plain>> = {};
    for (const days of [7, 30]) {
      first[days] = plain(await preAggregatedTallies(knex, input(days)));
      expect(first[days]).toEqual(plain(await queryTallies(knex, input(days))));
    }
    // Writes after the first read: triggers mark the days, the next read folds them in.
    const recent = rows.filter((r) => r.assigned_at! >= input(30).current.from).slice(0, 40);
    const ids = (await knex('assignments').whereIn('complaint', knex('assignments').select('complaint').where('agency', recent[0]!.agency)).limit(30).select('complaint')).map((r) => r.complaint);
    await knex('complaints').whereIn('id', ids.slice(0, 10)).update({ status: 'closed', status_reason: 'citizen_confirmed', satisfaction: 1 });
    await knex('complaints').whereIn('id', ids.slice(10, 20)).update({ status: 'in_progress', status_reason: null, reopen_count: 2 });
    const a = await knex('assignments').orderBy('id', 'desc').first();
    await knex('assignments').insert({ ...a, id: Number(a.id) + 1, agency: 'DINKES', returned_at: null, first_response_at: null, accepted_at: null });
    await knex('assignments').where('id', Number(a.id) - 1).delete();
    await knex('assignments').where('id', Number(a.id) - 2).update({ agency: 'DPUPR' });
    for (const days of [7, 30]) {
      const fast = plain(await preAggregatedTallies(knex, input(days)));
      const ref = plain(await queryTallies(knex, input(days)));
      expect(fast.current).toEqual(ref.current);
      expect(fast.overdue).toEqual(ref.overdue);
      expect(fast.current).not.toEqual(first[days]!.current);
      // The previous window stays as first judged after its end (ratings given since do not reach back).
      expect(fast.previous).toEqual(first[days]!.previous);
    }
    expect(Number((await knex('ranking_dirty').count({ n: '*' }).first())?.n)).toBe(0);
  }, 120_000);
}
