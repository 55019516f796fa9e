// The tracker's budgets on Postgres: two Directus instances (two knex pools on
// one database) spend one budget between them, in a scratch database on the
// test server (dropped afterwards).
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchPostgresSuite } from '../test-support/scratch-postgres.ts';
import { codeBudget, TRACK_LIMITS_TABLE, trackBudget } from './track-limiter.ts';

describe('tracking budgets shared by every Directus instance on Postgres', () => {
  // The first instance's pool is the suite's; the second instance gets its own on the same database.
  const scratch = scratchPostgresSuite('kanal_tracklim', { poolMax: 2 });
  let first: Knex;
  let second: Knex;
  beforeAll(() => {
    first = scratch.knex;
    second = scratch.db.connect(2);
  });
  afterAll(async () => {
    await second?.destroy();
  });

  it('an address gets one budget across two instances, not one each', async () => {
    const a = trackBudget({ points: 4, durationSeconds: 60 }, first, 'track');
    const b = trackBudget({ points: 4, durationSeconds: 60 }, second, 'track');
    const answers = [await a.take('203.0.113.7'), await b.take('203.0.113.7'), await a.take('203.0.113.7', 2), await b.take('203.0.113.7')];
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    expect(answers[3]).toBeGreaterThanOrEqual(1);
    // Another address still has its whole budget.
    expect(await b.take('203.0.113.8', 4)).toBeNull();
    const rows = (await first.raw(`SELECT key FROM ${TRACK_LIMITS_TABLE} ORDER BY key`)).rows as Array<{ key: string }>;
    expect(rows.map((r) => r.key)).toEqual(['track:203.0.113.7', 'track:203.0.113.8']);
  });

  it('keeps the per-ticket code budget apart from the address budget', async () => {
    const address = trackBudget({ points: 1, durationSeconds: 60 }, first, 'track');
    const codes = [codeBudget({ codeAttempts: 2, codeWindowSeconds: 900 }, first), codeBudget({ codeAttempts: 2, codeWindowSeconds: 900 }, second)];
    expect(await address.take('ADU-2612-00001')).toBeNull();
    expect(await codes[0]!.take('ADU-2612-00001')).toBeNull();
    expect(await codes[1]!.take('ADU-2612-00001')).toBeNull();
    expect(await codes[0]!.take('ADU-2612-00001')).toBeGreaterThanOrEqual(1);
  });
});
