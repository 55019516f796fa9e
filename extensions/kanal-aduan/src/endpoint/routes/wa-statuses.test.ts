// The delivery-status batch endpoint: who may call it, what a body must look
// like, how a batch is grouped, and its SQL on SQLite (the demo's database) with
// the knex + sqlite3 the pinned Directus runtime installs. Postgres runs the same
// statements in test/e2e/wa-statuses.int.test.ts.
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import { assertStatusWriter, MAX_STATUSES_PER_BATCH, parseWaStatusesBody, planStatusWrites, recordStatuses } from './wa-statuses.ts';
import { createWaMessagesTable } from '../../test-support/wa-messages-table.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../../test-support/runtime-sqlite.ts';

const st = (id: string, status: string, extra: Record<string, unknown> = {}) => ({ id, status, timestamp: '1790000000', recipient_id: '6281234567890', ...extra });
const UNDELIVERABLE = [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];

describe('who may record delivery statuses', () => {
  const refused = (a: Parameters<typeof assertStatusWriter>[0]) => {
    try {
      assertStatusWriter(a);
    } catch (error) {
      return error as { status: number; message: string };
    }
    return null;
  };

  it('the n8n service account only', () => {
    expect(refused({ user: 'u-n8n', role: ROLE_IDS.service, admin: false })).toBeNull();
  });

  it('refuses admins, officers, verifiers and the public with 403 in Indonesian', () => {
    for (const a of [
      { user: 'u-admin', role: 'some-admin-role', admin: true },
      { user: 'u-ver', role: ROLE_IDS.verifikator, admin: false },
      { user: 'u-opd', role: ROLE_IDS.opd_officer, admin: false },
      { user: null, role: null, admin: false },
      null,
    ]) {
      const e = refused(a);
      expect(e, JSON.stringify(a)).not.toBeNull();
      expect(e!.status).toBe(403);
      expect(e!.message).toBe('Hanya akun Layanan n8n yang boleh mencatat status pengiriman WhatsApp.');
    }
  });
});

describe('the body', () => {
  it("takes Meta's status objects as they come, extra fields and all", () => {
    const body = parseWaStatusesBody({ statuses: [st('wamid.A', 'sent', { conversation: { id: 'c1' }, pricing: { billable: true } })] });
    expect(body.statuses[0]).toMatchObject({ id: 'wamid.A', conversation: { id: 'c1' } });
  });

  it('answers 400 with what is wrong for a malformed body', () => {
    for (const bad of [null, {}, { statuses: [] }, { statuses: [{ status: 'sent' }] }, { statuses: [st('', 'sent')] }, { statuses: 'sent' }]) {
      let error: { status: number; message: string } | undefined;
      try {
        parseWaStatusesBody(bad);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error?.status, JSON.stringify(bad)).toBe(400);
      expect(error!.message).toContain('status pengiriman WhatsApp tidak sah');
    }
  });

  it(`refuses more than ${MAX_STATUSES_PER_BATCH} statuses in one call`, () => {
    const many = Array.from({ length: MAX_STATUSES_PER_BATCH + 1 }, (_, i) => st(`wamid.${i}`, 'sent'));
    expect(() => parseWaStatusesBody({ statuses: many })).toThrow(/tidak sah/);
  });
});

describe('planStatusWrites', () => {
  it('groups a batch into one statement per target status and per error list, whatever its size', () => {
    const statuses = [
      ...Array.from({ length: 50 }, (_, i) => st(`wamid.${String(i).padStart(2, '0')}`, 'sent')),
      ...Array.from({ length: 50 }, (_, i) => st(`wamid.${String(i).padStart(2, '0')}`, 'delivered')),
      st('wamid.X', 'failed', { errors: UNDELIVERABLE }),
      st('wamid.Y', 'failed', { errors: UNDELIVERABLE }),
      st('wamid.Z', 'deleted'),
    ];
    const plan = planStatusWrites(statuses);
    expect(plan.messages).toHaveLength(52);
    expect(plan.moves.map((m) => [m.status, m.wamids.length])).toEqual([
      ['delivered', 50],
      ['failed', 2],
    ]);
    expect(plan.moves[0]!.replaces).toEqual(['received', 'sent']);
    expect(plan.errors).toEqual([{ json: JSON.stringify(UNDELIVERABLE), wamids: ['wamid.X', 'wamid.Y'] }]);
    expect(plan.ignored).toBe(1);
  });

  it('orders the messages by wamid, the order rows are locked in', () => {
    const plan = planStatusWrites([st('wamid.C', 'sent'), st('wamid.A', 'sent'), st('wamid.B', 'sent')]);
    expect(plan.messages.map((m) => m.wamid)).toEqual(['wamid.A', 'wamid.B', 'wamid.C']);
  });
});


describe.skipIf(!hasRuntimeSqlite)('recordStatuses on SQLite', () => {
  let knex: Knex;
  const now = new Date('2026-12-04T03:00:00.000Z');
  type Row = { wamid: string; direction: string; wa_id: string; type: string; status: string; error: string | null; payload: string | null; complaint: number | null; date_created: number };
  const row = async (wamid: string) => (await knex('wa_messages').where({ wamid }).first()) as Row | undefined;
  const outbound = (wamid: string, status = 'sent', complaint: number | null = 7) =>
    knex('wa_messages').insert({ id: `id-${wamid}`, wamid, direction: 'out', wa_id: '6281234567890', type: 'text', payload: JSON.stringify({ text: { body: 'Laporan diterima' } }), status, complaint });

  beforeAll(async () => {
    knex = runtimeSqlite();
    await createWaMessagesTable(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
  });
  beforeEach(async () => {
    await knex('wa_messages').delete();
  });

  it('moves outbound rows forward only, out of order or not, and keeps the report link', async () => {
    await outbound('wamid.A');
    await outbound('wamid.B', 'read');
    const r = await recordStatuses(knex, [st('wamid.A', 'read'), st('wamid.A', 'delivered'), st('wamid.B', 'delivered')], now);
    expect(r).toMatchObject({ statuses: 3, ignored: 0, inserted: 0, advanced: 1, errors: 0 });
    expect(await row('wamid.A')).toMatchObject({ status: 'read', complaint: 7, type: 'text' });
    expect(await row('wamid.B')).toMatchObject({ status: 'read' });
  });

  it("a failure keeps Meta's errors on the row; a later read does not undo it", async () => {
    await outbound('wamid.F', 'delivered');
    await recordStatuses(knex, [st('wamid.F', 'failed', { errors: UNDELIVERABLE })], now);
    await recordStatuses(knex, [st('wamid.F', 'read')], now);
    const f = await row('wamid.F');
    expect(f).toMatchObject({ status: 'failed', complaint: 7 });
    expect(JSON.parse(f!.error!)).toEqual(UNDELIVERABLE);
  });

  it('keeps a status for a wamid it never logged as a row of type status', async () => {
    const r = await recordStatuses(knex, [st('wamid.U', 'sent'), st('wamid.U', 'delivered', { recipient_id: '6289999' })], now);
    expect(r).toMatchObject({ inserted: 1, advanced: 0 });
    const u = await row('wamid.U');
    expect(u).toMatchObject({ direction: 'out', type: 'status', status: 'delivered', wa_id: '6281234567890', complaint: null, date_created: now.getTime() });
    expect(JSON.parse(u!.payload!)).toMatchObject({ id: 'wamid.U', status: 'sent' });
  });

  it('the same batch twice changes nothing', async () => {
    await outbound('wamid.A');
    const batch = [st('wamid.A', 'delivered'), st('wamid.N', 'failed', { errors: UNDELIVERABLE }), st('wamid.A', 'failed', { errors: UNDELIVERABLE })];
    const first = await recordStatuses(knex, batch, now);
    expect(first).toMatchObject({ inserted: 1, advanced: 1, errors: 1 });
    const before = await knex('wa_messages').orderBy('wamid');
    const again = await recordStatuses(knex, batch, new Date(now.getTime() + 60_000));
    expect(again).toMatchObject({ advanced: 0, errors: 0 });
    expect(await knex('wa_messages').orderBy('wamid')).toEqual(before);
  });

  it('never touches an inbound message, and ignores statuses it does not track', async () => {
    await knex('wa_messages').insert({ id: 'id-in', wamid: 'wamid.IN', direction: 'in', wa_id: '6281234567890', type: 'text', status: 'received' });
    const r = await recordStatuses(knex, [st('wamid.IN', 'read'), st('wamid.D', 'deleted')], now);
    expect(r).toMatchObject({ ignored: 2, inserted: 0, advanced: 0 });
    expect(await row('wamid.IN')).toMatchObject({ status: 'received' });
    expect(await row('wamid.D')).toBeUndefined();
  });
});
