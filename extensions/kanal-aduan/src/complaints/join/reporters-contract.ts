// The reporter count's contract, run on SQLite (reporters.sqlite.test.ts, the
// demo's database) and Postgres (reporters.pg.int.test.ts).
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { backfillReporterCounts, countReporters, joinRoot, recountJoinedReporters } from './reporters.ts';

export async function createComplaints(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('complaints');
  await knex.schema.createTable('complaints', (t) => {
    t.integer('id').primary();
    t.string('reporter').nullable();
    t.string('status');
    t.string('status_reason').nullable();
    t.integer('duplicate_of').nullable();
    t.integer('reporters_count').defaultTo(1);
  });
}

const joined = (id: number, reporter: string | null, into: number) => ({ id, reporter, status: 'rejected', status_reason: 'duplicate', duplicate_of: into });
const count = async (knex: Knex, id: number) => Number((await knex('complaints').where({ id }).first('reporters_count'))!.reporters_count);

export function reportersContract(knex: () => Knex): void {
  it('an original counts itself and each citizen joined into it, at any depth, each citizen once', async () => {
    await knex()('complaints').insert([
      { id: 1, reporter: 'sari', status: 'dispositioned', status_reason: null, duplicate_of: null },
      joined(2, 'budi', 1),
      joined(3, 'sari', 1), // the reporter wrote twice: still one citizen
      { id: 4, reporter: 'wati', status: 'rejected', status_reason: 'duplicate', duplicate_of: 2 }, // joined into a duplicate (admin data)
      joined(5, null, 1), // a desk report without a citizen counts once
      { id: 6, reporter: 'joko', status: 'rejected', status_reason: 'spam', duplicate_of: 1 }, // not a join
    ]);
    expect(await joinRoot(knex(), 4)).toBe(1);
    expect(await joinRoot(knex(), 1)).toBeNull();
    expect(await joinRoot(knex(), 6)).toBeNull();
    expect(await recountJoinedReporters(knex(), 4)).toEqual({ root: 1, reporters: 4 });
    expect(await count(knex(), 1)).toBe(4);
    expect(await recountJoinedReporters(knex(), 1)).toBeNull();
  });

  it('a cycle in hand-edited data ends: each report counted once', async () => {
    await knex()('complaints').insert([joined(1, 'a', 2), joined(2, 'b', 3), joined(3, 'c', 1)]);
    expect([1, 2, 3]).toContain(await joinRoot(knex(), 1));
    expect(await countReporters(knex(), 1)).toBe(3);
  });

  it('the backfill counts every original of an installation that joined reports before the count existed, and a second run changes nothing', async () => {
    await knex()('complaints').insert([
      { id: 1, reporter: 'sari', status: 'in_progress', status_reason: null, duplicate_of: null },
      joined(2, 'budi', 1),
      joined(3, 'wati', 1),
      { id: 4, reporter: 'joko', status: 'verified', status_reason: null, duplicate_of: null },
      joined(5, 'tono', 4),
      { id: 6, reporter: 'ani', status: 'received', status_reason: null, duplicate_of: null },
    ]);
    expect(await backfillReporterCounts(knex())).toBe(2);
    expect([await count(knex(), 1), await count(knex(), 4), await count(knex(), 6)]).toEqual([3, 2, 1]);
    expect(await backfillReporterCounts(knex())).toBe(2);
    expect(await count(knex(), 1)).toBe(3);
  });
}
