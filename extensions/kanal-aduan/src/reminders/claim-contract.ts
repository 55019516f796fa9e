// The claim endpoint's storage contract, run on SQLite (claim.sqlite.test.ts, the
// demo's database) and Postgres (claim.pg.int.test.ts, with two scans at once):
// per report, rows and marks together or not at all; a taken key is lost, not an
// error; a mark only rises. The backfill fills marks from rows recorded before them.
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { claimBatches, ClaimBody, type ClaimRow } from './claim.ts';
import { backfillReminderMarks } from './marks-backfill.ts';

const SP4N = [
  { stage: 'verify', after_days: -1, notify: 'verifikator' },
  { stage: 'verify', after_days: 0, notify: 'verifikator' },
  { stage: 'respond', after_days: -1, notify: 'agency_officers' },
  { stage: 'respond', after_days: 0, notify: 'agency_head' },
  { stage: 'respond', after_days: 2, notify: 'pimpinan' },
];

export async function createTables(knex: Knex): Promise<void> {
  for (const t of ['reminders', 'complaints', 'sla_policies', 'categories']) await knex.schema.dropTableIfExists(t);
  await knex.schema.createTable('complaints', (t) => {
    t.integer('id').primary();
    t.string('status');
    t.string('category').nullable();
    for (const s of ['verify', 'respond', 'resolve']) t.integer(`reminder_mark_${s}`).nullable();
  });
  await knex.schema.createTable('reminders', (t) => {
    t.string('key', 64).primary();
    t.integer('complaint');
    t.string('stage');
    t.string('level');
    t.string('status');
    t.integer('attempts').nullable();
    t.string('claimed_at').nullable();
    t.integer('days_late').nullable();
    t.text('recipients').nullable();
  });
  await knex.schema.createTable('sla_policies', (t) => {
    t.string('code').primary();
    t.text('escalation');
  });
  await knex.schema.createTable('categories', (t) => {
    t.string('code').primary();
    t.string('sla_policy').nullable();
  });
  await knex('complaints').insert([
    { id: 1, status: 'received' },
    { id: 2, status: 'dispositioned', category: 'JALAN' },
    { id: 3, status: 'closed' },
  ]);
  await knex('sla_policies').insert({ code: 'SP4N', escalation: JSON.stringify(SP4N) });
  await knex('categories').insert({ code: 'JALAN', sla_policy: 'SP4N' });
}

/** Stands in for ItemsService.createOne: a plain insert, refused by the primary key. */
export const insertRow = async (trx: Knex, row: ClaimRow) => {
  await trx('reminders').insert({ ...row, recipients: JSON.stringify(row.recipients ?? []) });
};

const row = (complaint: number, stage: 'verify' | 'respond', level: string, status: 'claimed' | 'superseded' = 'claimed') =>
  ({ key: `${complaint}:${stage}:${level}`, stage, level, status, days_late: 0, recipients: [] });

export const body = (batches: ClaimBody['batches']): ClaimBody => ClaimBody.parse({ now: '2026-11-25T02:00:00.000Z', batches });

const marks = async (knex: Knex) =>
  (await knex('complaints').orderBy('id').select('id', 'reminder_mark_verify', 'reminder_mark_respond')).map((r) => [Number(r.id), r.reminder_mark_verify, r.reminder_mark_respond]);

export function claimContract(get: () => Knex) {
  it('inserts the rows and raises the marks; a key already taken is lost, not an error', async () => {
    const knex = get();
    const first = await claimBatches(knex, body([{ complaint: 1, rows: [row(1, 'verify', 'verifikator-1')], marks: { verify: -1 } }]), insertRow);
    expect(first).toEqual(['1:verify:verifikator-1']);
    const again = await claimBatches(knex, body([
      { complaint: 1, rows: [row(1, 'verify', 'verifikator-1'), row(1, 'verify', 'verifikator+0')], marks: { verify: 0 } },
      { complaint: 2, rows: [row(2, 'respond', 'agency_officers-1', 'superseded'), row(2, 'respond', 'agency_head+0')], marks: { respond: 0 } },
    ]), insertRow);
    expect(again).toEqual(['1:verify:verifikator+0', '2:respond:agency_head+0']);
    expect(await marks(knex)).toEqual([[1, 0, null], [2, null, 0], [3, null, null]]);
    expect((await knex('reminders').orderBy('key').select('key', 'status')).map((r) => `${r.key} ${r.status}`)).toEqual([
      '1:verify:verifikator+0 claimed', '1:verify:verifikator-1 claimed', '2:respond:agency_head+0 claimed', '2:respond:agency_officers-1 superseded',
    ]);
  });

  it('never lowers a mark (a run that read an older state)', async () => {
    const knex = get();
    await claimBatches(knex, body([{ complaint: 2, rows: [], marks: { respond: 2 } }]), insertRow);
    await claimBatches(knex, body([{ complaint: 2, rows: [], marks: { respond: -1 } }]), insertRow);
    expect(await marks(knex)).toEqual([[1, null, null], [2, null, 2], [3, null, null]]);
  });

  it('a batch that fails leaves neither its rows nor its mark; earlier batches stay', async () => {
    const knex = get();
    const failing = async (trx: Knex, r: ClaimRow) => {
      if (r.key.endsWith('+0')) throw new Error('disk full');
      await insertRow(trx, r);
    };
    await expect(claimBatches(knex, body([
      { complaint: 2, rows: [row(2, 'respond', 'agency_officers-1')], marks: { respond: -1 } },
      { complaint: 1, rows: [row(1, 'verify', 'verifikator-1'), row(1, 'verify', 'verifikator+0')], marks: { verify: 0 } },
    ]), failing)).rejects.toThrow(/disk full/);
    expect(await marks(knex)).toEqual([[1, null, null], [2, null, -1], [3, null, null]]);
    expect((await knex('reminders').select('key')).map((r) => r.key)).toEqual(['2:respond:agency_officers-1']);
  });

  it("refuses a key that is not the batch's report", () => {
    expect(ClaimBody.safeParse({ now: '2026-11-25T02:00:00.000Z', batches: [{ complaint: 1, rows: [row(2, 'verify', 'verifikator-1')], marks: {} }] }).success).toBe(false);
  });

  it('backfill: marks from rows recorded before them, on open reports only; a second run changes nothing', async () => {
    const knex = get();
    await knex('complaints').insert({ id: 4, status: 'dispositioned' });
    await knex('reminders').insert([
      { key: '1:verify:verifikator-1', complaint: 1, stage: 'verify', level: 'verifikator-1', status: 'sent' },
      { key: '1:verify:verifikator+0', complaint: 1, stage: 'verify', level: 'verifikator+0', status: 'superseded' },
      { key: '2:respond:agency_officers-1', complaint: 2, stage: 'respond', level: 'agency_officers-1', status: 'sent' },
      { key: '2:respond:agency_head+0', complaint: 2, stage: 'respond', level: 'agency_head+0', status: 'failed' },
      // The officers' warning never went out (nobody with a number): no mark, the scan keeps reading it.
      { key: '4:respond:agency_head+0', complaint: 4, stage: 'respond', level: 'agency_head+0', status: 'sent' },
      { key: '3:verify:verifikator-1', complaint: 3, stage: 'verify', level: 'verifikator-1', status: 'sent' },
    ]);
    expect(await backfillReminderMarks(knex)).toBe(2);
    expect(await marks(knex)).toEqual([[1, 0, null], [2, null, 0], [3, null, null], [4, null, null]]);
    expect(await backfillReminderMarks(knex)).toBe(0);
  });
}
