// Temu Bupati's notices for the reminders flow (POST /appointments/reminders): the account each goes
// out from. The route on a fake router over in-memory Directus services, its row locks and the
// citizens' messages on SQLite (the demo's database) with the knex + sqlite3 the pinned Directus
// runtime installs; the flow's e2e run covers Postgres.
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../../test-support/runtime-sqlite.ts';
import { createWaMessagesTable } from '../../test-support/wa-messages-table.ts';
import type { RouteContext } from '../context.ts';
import { appointmentRoutes } from './appointments.ts';

type Row = Record<string, unknown>;
type Handler = (req: unknown, res: unknown, next: (err?: unknown) => void) => Promise<void> | void;

const SERVICE = { user: 'n8n-service', role: ROLE_IDS.service, roles: [ROLE_IDS.service], admin: false };
const NOW = '2026-12-06T03:00:00.000Z'; // 10:00 in Jakarta: tomorrow is 7 December
const DESK_WA = '100000000000002';
const DESK_BOT = 'tg:7000000002';

/** Bookings as the route reads them (ItemsService) and locks them (knex). */
const BOOKINGS: Row[] = [
  { id: 1, code: 'TMU-AAAAAA', status: 'scheduled', scheduled_at: '2026-12-07T02:00:00.000Z', reminded_at: null, notice_pending: null, place: 'Pendopo', locale: 'id', slot_date: '2026-12-07', citizen: { wa_id: '6281200000001', blocked: false } },
  { id: 2, code: 'TMU-BBBBBB', status: 'requested', scheduled_at: '2026-12-07T03:00:00.000Z', reminded_at: null, notice_pending: null, place: 'Pendopo', locale: 'id', slot_date: '2026-12-07', citizen: { wa_id: 'tg:5550002', blocked: false } },
  { id: 3, code: 'TMU-CCCCCC', status: 'scheduled', scheduled_at: '2026-12-10T02:00:00.000Z', reminded_at: null, notice_pending: 'appointment.office_moved', place: 'Pendopo', locale: 'id', slot_date: '2026-12-08', citizen: { wa_id: '6281200000003', blocked: false } },
];

describe.skipIf(!hasRuntimeSqlite)('POST /appointments/reminders (SQLite)', () => {
  let knex: Knex;
  let n = 0;
  const inbound = (wa_id: string, at: string, account: string | null) =>
    knex('wa_messages').insert({
      id: `m-${++n}`,
      wamid: `wamid.${n}`,
      direction: 'in',
      wa_id,
      type: 'text',
      payload: JSON.stringify({ type: 'text', ...(account ? { kanal_phone_number_id: account } : {}) }),
      date_created: at,
    });

  beforeAll(async () => {
    knex = runtimeSqlite();
    await createWaMessagesTable(knex);
    await knex.schema.createTable('appointments', (t) => {
      t.integer('id').primary();
      t.string('status');
      t.timestamp('reminded_at');
      t.string('notice_pending');
    });
    await knex('appointments').insert(BOOKINGS.map((b) => ({ id: b['id'], status: b['status'], reminded_at: null, notice_pending: b['notice_pending'] })));
    // The first citizen booked through the desk's number after writing to the main one; the second
    // started only the desk's bot; the third wrote to the desk's number, then last with no stored account.
    await inbound('6281200000001', '2026-12-01T08:00:00.000Z', '100000000000001');
    await inbound('6281200000001', '2026-12-02T08:00:00.000Z', DESK_WA);
    await inbound('tg:5550002', '2026-12-02T09:00:00.000Z', DESK_BOT);
    await inbound('6281200000003', '2026-12-01T08:00:00.000Z', DESK_WA);
    await inbound('6281200000003', '2026-12-03T08:00:00.000Z', null);
  });
  afterAll(() => knex.destroy());

  function serve() {
    const ItemsService = class {
      constructor(private collection: string, private opts: { knex: Knex }) {}
      async readSingleton() {
        return this.collection === 'settings' ? { instance_name: 'Lapor Bupati', regency_code: '16.02', timezone: 'Asia/Jakarta', ticket_prefix: 'ADU' } : {};
      }
      async readByQuery(q: Row) {
        if (this.collection !== 'appointments') return [];
        const pending = JSON.stringify(q['filter']).includes('notice_pending');
        return BOOKINGS.filter((b) => (pending ? b['notice_pending'] !== null : true));
      }
      async updateOne(id: number, data: Row) {
        await this.opts.knex(this.collection).where({ id }).update(data);
      }
    };
    const routes = new Map<string, Handler>();
    const router = { get: (p: string, h: Handler) => routes.set(`GET ${p}`, h), post: (p: string, h: Handler) => routes.set(`POST ${p}`, h) };
    const ctx = { services: { ItemsService }, database: knex, getSchema: async () => ({ collections: {} }), logger: { warn() {}, error() {} } } as unknown as RouteContext;
    appointmentRoutes(router as never, ctx);
    return async (body: Row) => {
      let json: unknown;
      let error: unknown;
      const res = { json: (b: unknown) => (json = b) };
      await routes.get('POST /appointments/reminders')!({ body, accountability: SERVICE, schema: { collections: {} } }, res, (e) => (error = e));
      if (error) throw error;
      return (json as { data: { reminders: Row[] } }).data.reminders;
    };
  }

  it("gives each notice the account the citizen last wrote to, for the flow's «Send From»", async () => {
    const reminders = await serve()({ now: NOW });
    expect(reminders.map((r) => [r['code'], r['key'], r['to'], r['from']])).toEqual([
      ['TMU-AAAAAA', 'appointment.reminder', '6281200000001', DESK_WA],
      ['TMU-BBBBBB', 'appointment.reminder', 'tg:5550002', DESK_BOT],
      // Their latest message was stored without an account: the default account.
      ['TMU-CCCCCC', 'appointment.office_moved', '6281200000003', ''],
    ]);
  });
});
