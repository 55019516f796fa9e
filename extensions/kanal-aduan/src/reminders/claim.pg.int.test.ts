// The claim endpoint's storage on Postgres, in a scratch database: the shared
// contract, and two scans claiming the same levels at once (each key won by
// one, marks raised by both, no deadlock). SQLite: claim.sqlite.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { scratchPostgresSuite } from '../test-support/scratch-postgres.ts';
import { claimBatches } from './claim.ts';
import { body, claimContract, createTables, insertRow } from './claim-contract.ts';

describe('reminder claims and marks (Postgres)', () => {
  const scratch = scratchPostgresSuite('kanal_claim', { poolMax: 6 });
  beforeEach(() => createTables(scratch.knex));

  claimContract(() => scratch.knex);

  it('two scans claiming the same levels at once: each key is won once and both raise the marks', async () => {
    const { knex } = scratch;
    await knex('complaints').insert(Array.from({ length: 40 }, (_, i) => ({ id: 100 + i, status: 'received' })));
    const batches = Array.from({ length: 40 }, (_, i) => ({
      complaint: 100 + i,
      rows: ['verifikator-1', 'verifikator+0'].map((level) => ({ key: `${100 + i}:verify:${level}`, stage: 'verify' as const, level, status: 'claimed' as const, days_late: 0, recipients: [] })),
      marks: { verify: 0 },
    }));
    const reversed = [...batches].reverse();
    const [a, b, c] = await Promise.all([
      claimBatches(knex, body(batches), insertRow),
      claimBatches(knex, body(batches), insertRow),
      claimBatches(knex, body(reversed), insertRow),
    ]);
    const all = [...a, ...b, ...c].sort();
    expect(all).toEqual(batches.flatMap((x) => x.rows.map((r) => r.key)).sort());
    expect(new Set(all).size).toBe(80);
    expect(await knex('complaints').where('id', '>=', 100).whereNot('reminder_mark_verify', 0).count({ n: '*' }).first()).toEqual({ n: '0' });
  });
});
