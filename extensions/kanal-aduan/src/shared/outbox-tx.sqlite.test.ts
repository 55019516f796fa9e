// A move's rows written inside a transaction the caller opened (Directus's own
// save, or an endpoint's), on SQLite with the knex + sqlite3 of the pinned
// Directus runtime: they commit with the caller's writes or roll back with them.
// Postgres runs the same through Directus in test/e2e/move-atomicity.int.test.ts.
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordWithWrite } from '../complaints/handlers/activity-filter.ts';
import type { LastTransition } from '../complaints/transition.ts';
import type { DirectusServices } from './directus-store.ts';
import { outboxTx } from './outbox-store.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';

const at = new Date('2026-11-02T03:00:00.000Z');
let knex: Knex;

/** Directus's ItemsService as far as the move's rows use it (plain knex on the given transaction); not under test. */
function itemsStandIn(): DirectusServices {
  class Items {
    constructor(private collection: string, private opts: { knex: unknown }) {}
    private get db() {
      return this.opts.knex as Knex;
    }
    async createOne(data: Record<string, unknown>) {
      const [id] = await this.db(this.collection).insert(data);
      return id as number;
    }
    async updateOne(key: string | number, data: Record<string, unknown>) {
      await this.db(this.collection).where({ id: key }).update(data);
      return key;
    }
    async readMany(keys: ReadonlyArray<string | number>, query?: { fields?: string[] }) {
      return this.db(this.collection).whereIn('id', keys as Array<string | number>).select(query?.fields ?? '*');
    }
    async readByQuery(query: { filter?: Record<string, { _eq: unknown }>; fields?: string[] }) {
      const q = this.db(this.collection).select(query.fields ?? '*').orderBy('id', 'desc');
      for (const [field, cond] of Object.entries(query.filter ?? {})) q.where(field, cond._eq as string);
      return (await q).map((r: Record<string, unknown>) => ('active' in r ? { ...r, active: Boolean(r['active']) } : r));
    }
    readOne(): never { throw new Error('not used'); }
    readSingleton(): never { throw new Error('not used'); }
  }
  return { ItemsService: Items as unknown as DirectusServices['ItemsService'] };
}

const dispose: LastTransition = {
  id: 'm2', at: at.toISOString(), to: 'dispositioned', role: 'verifikator', author: null, agency: null, note: 'Segera.',
  assigned_agency: 'DPUPR', respond_due: null, rows: { '1': { from: 'verified', ticket: 'ADU-2611-00001' } },
};

/** What Directus's UPDATE writes (the filter's payload), then the activity filter, in the caller's transaction. */
async function save(trx: Knex.Transaction, last: LastTransition) {
  await trx('complaints').where({ id: 1 }).update({ status: last.to, last_transition: JSON.stringify(last), pending_transition: last.id });
  const tx = outboxTx({ services: itemsStandIn(), database: trx, schema: { collections: {} }, env: {} });
  await recordWithWrite({ action: 'update', collection: 'complaints', item: '1' }, tx, { now: () => at, eventsOn: true });
}

const state = async () => ({
  complaint: await knex('complaints').where({ id: 1 }).first('status', 'pending_transition'),
  history: (await knex('complaint_updates').orderBy('id').select('status_from', 'status_to', 'body')).map((r) => [r.status_from, r.status_to, r.body]),
  assignments: (await knex('assignments').orderBy('id').select('agency', 'active')).map((r) => [r.agency, Boolean(r.active)]),
  outbox: (await knex('event_outbox').orderBy('id').select('id', 'event')).map((r) => [r.id, r.event]),
});

describe.skipIf(!hasRuntimeSqlite)("a move's rows inside the caller's transaction (SQLite)", () => {
  beforeAll(async () => {
    knex = runtimeSqlite();
    await knex.schema.createTable('complaints', (t) => {
      t.integer('id').primary();
      t.string('ticket');
      t.string('status');
      t.string('category');
      t.json('last_transition');
      t.string('pending_transition');
      t.string('reporter');
      t.string('status_reason');
      t.integer('duplicate_of');
      t.integer('reporters_count').defaultTo(1);
    });
    await knex.schema.createTable('complaint_updates', (t) => {
      t.increments('id');
      t.integer('complaint');
      t.string('kind');
      t.string('status_from');
      t.string('status_to');
      t.text('body');
      t.boolean('public');
      t.string('author');
      t.string('agency');
    });
    await knex.schema.createTable('assignments', (t) => {
      t.increments('id');
      t.integer('complaint');
      t.string('agency');
      t.string('assigned_by');
      t.string('assigned_at');
      t.string('accepted_at');
      t.string('first_response_at');
      t.string('respond_due');
      t.boolean('active');
    });
    await knex.schema.createTable('event_outbox', (t) => {
      t.string('id', 120).primary();
      t.string('event');
      t.integer('complaint');
      t.json('payload');
      for (const c of ['created_at', 'next_attempt_at', 'delivered_at']) t.dateTime(c);
      t.integer('attempts').defaultTo(0);
      t.text('last_error');
    });
  });
  afterAll(async () => {
    await knex?.destroy();
  });
  beforeEach(async () => {
    for (const table of ['complaints', 'complaint_updates', 'assignments', 'event_outbox']) await knex(table).del();
    await knex('complaints').insert({ id: 1, ticket: 'ADU-2611-00001', status: 'verified', last_transition: null, pending_transition: null, reporter: 'budi' });
    await knex('complaints').insert({ id: 2, ticket: 'ADU-2611-00002', status: 'in_progress', last_transition: null, pending_transition: null, reporter: 'sari' });
    await knex('complaint_updates').insert([
      { complaint: 1, kind: 'status_change', status_from: null, status_to: 'received', public: true },
      { complaint: 1, kind: 'status_change', status_from: 'received', status_to: 'verified', public: true },
    ]);
  });

  it('rolls back with the caller: a failure after the rows were written leaves the report and its rows as they were', async () => {
    const before = await state();
    await expect(knex.transaction(async (trx) => {
      await save(trx, dispose);
      throw new Error('the caller fails after the save');
    })).rejects.toThrow('the caller fails');
    expect(await state()).toEqual(before);
  });

  it('a join ("Gabungkan") commits the original\'s count of citizens with the save, or rolls it back with it', async () => {
    const join: LastTransition = {
      id: 'm3', at: at.toISOString(), to: 'rejected', role: 'verifikator', author: null, agency: null, note: null,
      rows: { '1': { from: 'verified', ticket: 'ADU-2611-00001' } },
    };
    const saveJoin = async (trx: Knex.Transaction) => {
      await trx('complaints').where({ id: 1 }).update({ status_reason: 'duplicate', duplicate_of: 2 });
      await save(trx, join);
    };
    const reporters = async () => Number((await knex('complaints').where({ id: 2 }).first('reporters_count'))!.reporters_count);
    await expect(knex.transaction(async (trx) => {
      await saveJoin(trx);
      throw new Error('the caller fails after the save');
    })).rejects.toThrow('the caller fails');
    expect(await reporters()).toBe(1);
    await knex.transaction(saveJoin);
    expect(await reporters()).toBe(2);
    expect((await state()).history.at(-1)).toEqual(['verified', 'rejected', null]);
  });

  it('commits with the caller: history, assignment and event are there, the move no longer pending', async () => {
    await knex.transaction((trx) => save(trx, dispose));
    expect(await state()).toEqual({
      complaint: { status: 'dispositioned', pending_transition: null },
      history: [[null, 'received', null], ['received', 'verified', null], ['verified', 'dispositioned', 'Segera.']],
      assignments: [['DPUPR', true]],
      outbox: [['m2:1', 'complaint.status_changed']],
    });
  });

  it('refuses, and so rolls the save back, when the history moved on since the move was computed', async () => {
    await knex('complaint_updates').insert({ complaint: 1, kind: 'status_change', status_from: 'verified', status_to: 'rejected', public: true });
    const before = await state();
    await expect(knex.transaction((trx) => save(trx, dispose))).rejects.toMatchObject({ code: 'COMPLAINT.CHANGED_MEANWHILE' });
    expect(await state()).toEqual(before);
  });
});
