// What the ranking SQL promises, on whichever database the caller set up:
// query.sqlite.test.ts (SQLite) and query.pg.int.test.ts (Postgres) both run it.
// The one aggregate and the pre-aggregate give exactly core's row-by-row tallies.
import { overdueNow, RankingAssignmentRow, rankingWindows, tallyAssignments, type UnitTally, type WorkCalendar } from '@kanal-aduan/core';
import { buildReferenceData, demoContextFromReference, generateComplaints, type DemoBatch } from '@kanal-aduan/seeds';
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { preAggregatedTallies } from './pre-aggregate.ts';
import { isSqlite } from './query.ts';
import { queryTallies } from '../test-support/ranking-reference.ts';

export type PreAggregateFixture = { knex: Knex; rows: RankingAssignmentRow[]; calendar: WorkCalendar; now: Date };

export type RankingData = Omit<PreAggregateFixture, 'knex'> & { batch: DemoBatch };

/**
 * The columns of `complaints` and `assignments` that the ranking SQL reads;
 * `timestamp` adds a date-time column the way Directus declares one on the
 * caller's database (Postgres: timestamptz; SQLite: text holding epoch ms or ISO).
 */
export async function createRankingTables(knex: Knex, timestamp: (t: Knex.CreateTableBuilder, column: string) => void): Promise<void> {
  await knex.schema.createTable('complaints', (t) => {
    t.integer('id').primary();
    t.string('status');
    t.string('status_reason');
    for (const c of ['resolve_due', 'resolved_at']) timestamp(t, c);
    t.integer('satisfaction');
    t.integer('reopen_count');
  });
  await knex.schema.createTable('assignments', (t) => {
    t.integer('id').primary();
    t.integer('complaint');
    t.string('agency');
    for (const c of ['assigned_at', 'respond_due', 'accepted_at', 'first_response_at', 'returned_at', 'resolved_at']) timestamp(t, c);
    t.boolean('active');
  });
}

/**
 * The contract's data: 3000 generated reports of the demo kabupaten as they
 * stand at a fixed `now` (`batch`, for the caller to store in its database),
 * and core's rows for the same reports (`rows`, the reference tallies).
 */
export async function rankingData(): Promise<RankingData> {
  const now = new Date('2026-11-24T10:00:00+07:00');
  const ctx = demoContextFromReference(await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' }), now);
  const batch = generateComplaints(3000, ctx, 11);
  const byId = new Map(batch.complaints.map((c) => [c.id, c]));
  const rows = batch.assignments.map((a) => RankingAssignmentRow.parse({ ...a, complaint: byId.get(a.complaint) }));
  return { now, calendar: ctx.calendar, batch, rows };
}

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
      // The previous window's snapshot follows the rows too (see the two cases below).
      expect(fast.previous).toEqual(ref.previous);
    }
    expect(Number((await knex('ranking_dirty').count({ n: '*' }).first())?.n)).toBe(0);
  }, 120_000);

  // The trend's previous window [from, T) is judged as of T. Its snapshot is kept, so these two
  // prove it is kept *exact*: it moves with corrections of what was true at T and only with those.
  const previousCase = async () => {
    const { knex, now, calendar } = fixture();
    const input = { ...rankingWindows(30, now, 'Asia/Jakarta'), now, calendar, graceDays: 1 };
    const T = input.previous.to;
    const inPrevious = (await knex('assignments as a').join('complaints as c', 'c.id', 'a.complaint')
      .select('a.id', 'a.agency', 'a.complaint', 'a.assigned_at', 'a.first_response_at', 'a.accepted_at', 'a.returned_at', 'a.resolved_at as a_resolved',
        'c.status', 'c.resolved_at as c_resolved', 'c.satisfaction', 'c.reopen_count'))
      .map((r) => ({ ...r, at: toDate(r.assigned_at)!, resolved: toDate(r.a_resolved) ?? toDate(r.c_resolved) }))
      .filter((r) => r.at >= input.previous.from && r.at < T)
      .sort((x, y) => Number(x.id) - Number(y.id));
    // Only one assignment per report, so a write to the report touches only the one we chose.
    const perReport = new Map<unknown, number>();
    for (const r of await knex('assignments').select('complaint')) perReport.set(r.complaint, (perReport.get(r.complaint) ?? 0) + 1);
    const single = inPrevious.filter((r) => perReport.get(r.complaint) === 1);
    const snapshot = async () => (await knex('ranking_snapshots').select('k', 'created_at')).map((r) => `${r.k}@${r.created_at}`).sort();
    const figures = async () => {
      const fast = plain(await preAggregatedTallies(knex, input));
      expect(fast).toEqual(plain(await queryTallies(knex, input)));
      return fast.previous;
    };
    const before = await figures();
    const afterT = (v: unknown) => toDate(v) === null || toDate(v)! >= T;
    return { knex, T, single, afterT, before, figures, snapshot, ts: (d: Date) => (isSqlite(knex) ? String(d.getTime()) : d.toISOString()) };
  };

  it('the previous window does not move for what happened only after its end', async () => {
    const { knex, T, single, afterT, before, figures, snapshot, ts } = await previousCase();
    const kept = await snapshot();
    const later = (h: number) => ts(new Date(T.getTime() + h * 3_600_000));
    // An assignment still unanswered at T gets its answer (again) after T.
    const waiting = single.find((r) => afterT(r.first_response_at) && afterT(r.accepted_at) && afterT(r.returned_at));
    // A report still open at T is resolved (again), rated and reopened after T.
    const open = single.find((r) => afterT(r.resolved) && r !== waiting);
    expect(waiting && open).toBeTruthy();
    await knex('assignments').where('id', waiting!.id).update({ first_response_at: later(2), accepted_at: later(2) });
    await knex('assignments').where('id', open!.id).update({ resolved_at: later(30) });
    await knex('complaints').where('id', open!.complaint).update({ status: 'in_progress', status_reason: null, resolved_at: later(30), satisfaction: 2, reopen_count: 1 });
    expect(await figures()).toEqual(before);
    // The same snapshot, brought up to date day by day (not remade whole).
    expect(await snapshot()).toEqual(kept);
  }, 120_000);

  it('the previous window follows corrections of what was true at its end', async () => {
    const { knex, single, afterT, before, figures, snapshot } = await previousCase();
    const kept = await snapshot();
    const resolvedUnrated = single.filter((r) => !afterT(r.resolved) && r.satisfaction === null && !r.returned_at);
    const fixedNow = single.filter((r) => !afterT(r.resolved) && ['resolved', 'closed'].includes(String(r.status)) && !r.reopen_count && !r.returned_at);
    const [gone, moved] = single.filter((r) => afterT(r.resolved));
    const rated = resolvedUnrated[0];
    const notFixed = fixedNow.find((r) => r !== rated);
    expect(gone && moved && rated && notFixed).toBeTruthy();
    const agencies = new Set([gone!.agency, moved!.agency, 'DPUPR', 'DINKES', rated!.agency, notFixed!.agency].map(String));
    const pick = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([a]) => agencies.has(a)));
    // An assignment entered by mistake is deleted; another was routed to the wrong OPD.
    await knex('assignments').where('id', gone!.id).delete();
    await knex('assignments').where('id', moved!.id).update({ agency: moved!.agency === 'DPUPR' ? 'DINKES' : 'DPUPR' });
    // A report resolved before T: its "resolved" is corrected to "closed, not fixed" (invalid).
    await knex('complaints').where('id', notFixed!.complaint).update({ status: 'closed', status_reason: 'invalid' });
    // Decision (pre-aggregate.ts): a rating of a report resolved before T counts, whenever given.
    await knex('complaints').where('id', rated!.complaint).update({ satisfaction: 1 });
    const after = await figures();
    expect(pick(after)).not.toEqual(pick(before));
    const sum = (p: Record<string, UnitTally>, k: 'assigned' | 'fixed') => Object.values(p).reduce((n, t) => n + t[k], 0);
    expect(sum(after, 'assigned')).toBe(sum(before, 'assigned') - 1);
    expect(sum(after, 'fixed')).toBe(sum(before, 'fixed') - 1);
    expect(after[String(rated!.agency)]!.rated).toBe(before[String(rated!.agency)]!.rated + 1);
    expect(await snapshot()).toEqual(kept);
  }, 120_000);
}

/** A timestamp as either database returns it (Postgres: Date; SQLite: epoch ms or ISO text). */
function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  return /^\d+(\.\d+)?$/.test(String(v)) ? new Date(Number(v)) : new Date(String(v));
}
