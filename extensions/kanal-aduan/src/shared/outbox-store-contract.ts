// What the outbox's follow-up repair and pruning SQL promise, on whichever
// database the caller set up: outbox-store.sqlite.test.ts (SQLite, epoch-ms
// timestamps, text activity times) and outbox-store.pg.int.test.ts (Postgres,
// timestamptz, concurrent transactions) both run it. The tables have the
// columns and types Directus 11 gives them.
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { enqueueFollowUp } from '../complaints/handlers/record-move.ts';
import type { DirectusServices } from './directus-store.ts';
import { FOLLOW_UP_INDEX, outboxStore } from './outbox-store.ts';

export type OutboxSqlFixture = { knex: Knex; sqlite: boolean };

const t0 = new Date('2026-11-02T03:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const DAY = 86_400_000;

/** Creates complaints, complaint_updates, directus_activity and event_outbox as Directus has them. */
export async function createOutboxTables(knex: Knex, sqlite: boolean): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, c: string) => (sqlite ? t.dateTime(c) : t.timestamp(c, { useTz: true }));
  await knex.schema.createTable('complaints', (t) => {
    t.integer('id').primary();
    t.string('ticket');
    t.string('status');
    t.json('last_transition');
    t.string('pending_transition');
    ts(t, 'date_created');
    ts(t, 'date_updated');
  });
  await knex.schema.createTable('complaint_updates', (t) => {
    t.increments('id');
    t.integer('complaint');
    t.string('kind');
    t.boolean('public');
    t.text('body');
    ts(t, 'date_created');
  });
  await knex.schema.createTable('directus_activity', (t) => {
    t.increments('id');
    t.string('action', 45);
    t.string('collection', 64);
    t.string('item', 255);
    // Directus: a timestamp defaulting to now (text on SQLite); indexed since 11.13 (retention).
    t.timestamp('timestamp', { useTz: true }).defaultTo(knex.fn.now()).index();
  });
  await knex.schema.createTable('event_outbox', (t) => {
    t.string('id', 120).primary();
    t.string('event', 64);
    t.integer('complaint');
    t.json('payload');
    for (const c of ['created_at', 'next_attempt_at', 'delivered_at', 'received_at']) ts(t, c);
    t.integer('attempts').defaultTo(0);
    t.text('last_error');
  });
}

/** Directus's ItemsService as far as enqueueFollowUp reads it (the report's ticket and status); not under test. */
function itemsStandIn(): DirectusServices {
  class Items {
    constructor(private collection: string, private opts: { knex: unknown }) {}
    async readMany(keys: ReadonlyArray<string | number>, query?: { fields?: string[] }) {
      return (this.opts.knex as Knex)(this.collection).whereIn('id', keys as Array<string | number>).select(query?.fields ?? '*');
    }
    readOne(): never { throw new Error('not used'); }
    readByQuery(): never { throw new Error('not used'); }
    readSingleton(): never { throw new Error('not used'); }
    createOne(): never { throw new Error('not used'); }
    updateOne(): never { throw new Error('not used'); }
  }
  return { ItemsService: Items as unknown as DirectusServices['ItemsService'] };
}

export function outboxSqlContract(fixture: () => OutboxSqlFixture): void {
  const store = () => {
    const { knex } = fixture();
    return outboxStore({ services: itemsStandIn(), database: knex, schema: { collections: {} }, env: {} });
  };
  const dbTime = (d: Date) => (fixture().sqlite ? d.getTime() : d);
  /** A complaint_updates row; `viaDirectus` adds the activity row Directus writes in the same transaction. */
  const addUpdate = async (row: { id: number; kind?: string; public?: boolean; ms: number; viaDirectus?: boolean | 'update' }) => {
    const { knex, sqlite } = fixture();
    await knex('complaint_updates').insert({ id: row.id, complaint: 1, kind: row.kind ?? 'follow_up', public: row.public ?? true, body: 'Sudah ditinjau.', date_created: dbTime(at(row.ms)) });
    if (row.viaDirectus !== false) {
      const when = at(row.ms);
      await knex('directus_activity').insert({
        action: row.viaDirectus === 'update' ? 'update' : 'create', collection: 'complaint_updates', item: String(row.id),
        timestamp: sqlite ? when.toISOString().replace('T', ' ').slice(0, 19) : when,
      });
    }
  };

  it('lists only public follow-ups saved through Directus, in the window, whose event is not queued', async () => {
    const { knex, sqlite } = fixture();
    await knex('complaints').insert({ id: 1, ticket: 'ADU-2611-00001', status: 'in_progress' });
    await addUpdate({ id: 1, ms: -60_000 }); // lost: listed
    await addUpdate({ id: 2, ms: -60_000, viaDirectus: false }); // imported by a seed/backfill
    await addUpdate({ id: 3, ms: -60_000, public: false });
    await addUpdate({ id: 4, ms: -60_000, kind: 'internal_note' });
    await addUpdate({ id: 5, ms: -5_000 }); // too fresh: its action may be running
    await addUpdate({ id: 6, ms: -2 * DAY }); // before the lookback
    await addUpdate({ id: 7, ms: -30_000 }); // queued already
    await addUpdate({ id: 8, ms: -20_000, viaDirectus: 'update' }); // only an edit was logged
    await addUpdate({ id: 9, ms: -40_000 }); // lost: listed
    await addUpdate({ id: 10, ms: -35_000, kind: 'leader_message' }); // the Pimpinan's message, lost: listed
    await addUpdate({ id: 11, ms: -35_000, kind: 'status_change' });
    await knex('event_outbox').insert({ id: 'update:7', event: 'complaint.update_posted', complaint: 1, payload: '{}', created_at: dbTime(at(-29_000)), attempts: 0 });
    const s = store();
    const lost = await s.unannouncedFollowUps(at(-DAY), at(-10_000), 50);
    expect(lost).toEqual([
      { id: 1, complaint: 1, created_at: at(-60_000) },
      { id: 9, complaint: 1, created_at: at(-40_000) },
      { id: 10, complaint: 1, created_at: at(-35_000) },
    ]);
    expect((await s.unannouncedFollowUps(at(-DAY), at(-10_000), 1)).map((u) => u.id)).toEqual([1]);
    // The partial index the query runs on was created on the way.
    const idx = sqlite
      ? await knex.raw(`SELECT sql FROM sqlite_master WHERE name = ?`, [FOLLOW_UP_INDEX])
      : await knex.raw(`SELECT indexdef AS sql FROM pg_indexes WHERE indexname = ?`, [FOLLOW_UP_INDEX]);
    const rows = (Array.isArray(idx) ? idx : idx.rows) as Array<{ sql: string }>;
    expect(rows[0]?.sql).toMatch(/'follow_up'.*'leader_message'/);
  });

  it('queues a lost follow-up exactly once when two recorders race, with the usual event body', async () => {
    const s = store();
    const deps = { outbox: s, now: () => at(0), eventsOn: true };
    const results = await Promise.all([1, 1, 1].map(() => enqueueFollowUp({ id: 9, complaint: 1, at: at(-40_000) }, deps)));
    expect(results.filter((r) => r !== null)).toEqual(['update:9']);
    const { knex } = fixture();
    const rows = await knex('event_outbox').where('id', 'update:9').select('payload', 'next_attempt_at');
    expect(rows).toHaveLength(1);
    const payload = typeof rows[0].payload === 'string' ? JSON.parse(rows[0].payload) : rows[0].payload;
    expect(payload).toEqual({
      id: 'update:9', event: 'complaint.update_posted', complaint_id: 1, ticket: 'ADU-2611-00001', status_from: null, status_to: 'in_progress',
      at: at(-40_000).toISOString(), update_id: 9,
    });
    expect((await s.unannouncedFollowUps(at(-DAY), at(-10_000), 50)).map((u) => u.id)).toEqual([1, 10]);
  });

  it('prunes delivered rows older than the cut-off, oldest first, a batch per call, never an undelivered one', async () => {
    const { knex } = fixture();
    const row = (id: string, createdDaysAgo: number, state: { delivered?: number; next?: number | null; received?: number }) => ({
      id, event: 'complaint.status_changed', complaint: 1, payload: JSON.stringify({ id }), created_at: dbTime(at(-createdDaysAgo * DAY)), attempts: 1,
      delivered_at: state.delivered === undefined ? null : dbTime(at(-state.delivered * DAY)),
      next_attempt_at: state.next === undefined || state.next === null ? null : dbTime(at(-state.next * DAY)),
      received_at: state.received === undefined ? null : dbTime(at(-state.received * DAY)),
    });
    await knex('event_outbox').insert([
      row('old:a', 50, { delivered: 50, received: 50 }),
      row('old:b', 45, { delivered: 45, received: 45 }),
      row('old:c', 40, { delivered: 40 }),
      row('old:d', 35, { delivered: 34 }),
      row('old:e', 32, { delivered: 31 }),
      row('recent', 31, { delivered: 29 }), // created long ago, delivered inside the retention
      row('stuck', 60, { next: 1, received: 59 }), // n8n took it once but never answered 2xx
      row('parked', 60, { next: null }), // events off
    ]);
    const s = store();
    const cutoff = at(-30 * DAY);
    const remaining = async () => (await knex('event_outbox').where('id', 'not like', 'update:%').orderBy('id').select('id')).map((r: { id: string }) => r.id);
    expect(await s.pruneDelivered(cutoff, 2)).toBe(2);
    expect(await remaining()).toEqual(['old:c', 'old:d', 'old:e', 'parked', 'recent', 'stuck']);
    expect(await s.pruneDelivered(cutoff, 2)).toBe(2);
    expect(await s.pruneDelivered(cutoff, 2)).toBe(1);
    expect(await s.pruneDelivered(cutoff, 2)).toBe(0);
    expect(await remaining()).toEqual(['parked', 'recent', 'stuck']);
    // A receipt for a pruned event is simply unknown; the live ones still count.
    expect(await s.markReceived('old:a', at(0))).toBe('unknown');
    expect(await s.markReceived('recent', at(0))).toBe('first');
  });
}
