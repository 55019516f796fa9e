// The claim endpoint's storage on Postgres, in a scratch database: the shared
// contract, and two scans claiming the same levels at once (each key won by
// one, marks raised by both, no deadlock), and a re-claim racing a scan's read.
// SQLite: claim.sqlite.test.ts and reclaim.test.ts.
import { reclaimable, ReminderRecord } from '@kanal-aduan/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { scratchPostgresSuite } from '../test-support/scratch-postgres.ts';
import { claimBatches } from './claim.ts';
import { body, claimContract, createTables, insertRow } from './claim-contract.ts';
import { reclaimReminders } from './reclaim.ts';

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

  it('a scan reading while another re-claims sees the old claim or the new one, never a re-claimed row with its old claimed_at', async () => {
    const { knex } = scratch;
    const failedAt = '2027-01-14T00:00:00.000Z';
    const now = new Date('2027-01-14T00:20:00.000Z');
    const key = '7:verify:verifikator+0';
    await knex('reminders').insert({ key, complaint: 7, stage: 'verify', level: 'verifikator+0', status: 'failed', attempts: 1, claimed_at: failedAt });
    // What scan B does: read the reminder rows, keep the abandoned ones (core), re-claim those at the count it read.
    const scanB = async () => {
      const rows = (await knex('reminders').where('key', key).select('key', 'status', 'attempts', 'claimed_at')).map((r) => ReminderRecord.parse(r));
      const retry = reclaimable(rows, now);
      return { read: rows[0], won: await reclaimReminders(knex, retry.map((r) => ({ key: r.key, attempts: r.attempts ?? 1 })), stampWith(now)) };
    };
    const stampWith = (at: Date) => async (trx: typeof knex, keys: string[]) => {
      await trx('reminders').whereIn('key', keys).update({ claimed_at: at.toISOString() });
    };
    let b: ReturnType<typeof scanB> | undefined;
    // Scan A wins the compare-and-set; scan B reads and tries while A's transaction is still open.
    const a = await reclaimReminders(knex, [{ key, attempts: 1 }], async (trx, keys) => {
      b = scanB();
      await new Promise((r) => setTimeout(r, 300));
      await stampWith(now)(trx, keys);
    });
    const { read, won } = await b!;
    expect(a).toEqual([key]);
    expect(read).toMatchObject({ status: 'failed', attempts: 1 });
    expect(won).toEqual([]);
    expect(await knex('reminders').where('key', key).first('status', 'attempts', 'claimed_at')).toEqual({ status: 'claimed', attempts: 2, claimed_at: now.toISOString() });
    // After A's commit a scan at the same moment sees a fresh claim and leaves it alone.
    expect((await scanB()).won).toEqual([]);
  });
});
