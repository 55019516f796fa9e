import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import { prepareNewComplaint } from './create-filter.ts';

const verifikator = { user: 'v-1', role: ROLE_IDS.verifikator, roles: [ROLE_IDS.verifikator], admin: false };
// Monday 2 November 2026, 09:00 WIB.
const monday9am = new Date('2026-11-02T02:00:00.000Z');

describe('prepareNewComplaint', () => {
  it('numbers tickets per month: ADU-2611-00001, 00002, then ADU-2612-00001', async () => {
    const store = new FakeStore();
    const create = (now: Date) => prepareNewComplaint({ description: 'Lampu jalan mati' }, { store, accountability: null, now });
    expect((await create(monday9am))['ticket']).toBe('ADU-2611-00001');
    expect((await create(monday9am))['ticket']).toBe('ADU-2611-00002');
    expect((await create(new Date('2026-12-01T02:00:00.000Z')))['ticket']).toBe('ADU-2612-00001');
  });

  it('cuts months at local midnight of the instance timezone, not UTC', async () => {
    const store = new FakeStore();
    // 30 Nov 2026 18:00 UTC is already 1 December 01:00 WIB.
    const out = await prepareNewComplaint({}, { store, accountability: null, now: new Date('2026-11-30T18:00:00.000Z') });
    expect(out['ticket']).toBe('ADU-2612-00001');
  });

  it('uses the prefix from settings', async () => {
    const store = new FakeStore();
    store.settingsValue = { ticketPrefix: 'LPR', timezone: 'Asia/Makassar' };
    const out = await prepareNewComplaint({}, { store, accountability: null, now: monday9am });
    expect(out['ticket']).toBe('LPR-2611-00001');
  });

  it('sets status received, received_at, reopen_count 0 and verify_due 3 working days later (end of Thursday WIB)', async () => {
    const out = await prepareNewComplaint({ description: 'x', category: 'JALAN' }, { store: new FakeStore(), accountability: verifikator, now: monday9am });
    expect(out).toMatchObject({
      description: 'x',
      category: 'JALAN',
      status: 'received',
      received_at: '2026-11-02T02:00:00.000Z',
      reopen_count: 0,
      verify_due: '2026-11-05T16:59:59.999Z',
    });
  });

  it("skips holidays and follows the category's own SLA policy", async () => {
    const store = new FakeStore();
    store.holidays = new Set(['2026-11-04']);
    expect((await prepareNewComplaint({}, { store, accountability: null, now: monday9am }))['verify_due']).toBe('2026-11-06T16:59:59.999Z');

    store.policies.set('KILAT', { code: 'KILAT', name: 'Kilat', verify_days: 1, respond_days: 1, resolve_days: 2, autoclose_days: 3, return_grace_days: 1, escalation: [] });
    store.categoryPolicy.set('BENCANA', 'KILAT');
    const out = await prepareNewComplaint({ category: { code: 'BENCANA' } }, { store, accountability: null, now: monday9am });
    expect(out['verify_due']).toBe('2026-11-03T16:59:59.999Z');
  });

  it('lets only admins and the service backfill received_at; others may not set computed fields', async () => {
    const backfill = { received_at: '2026-10-15T03:00:00.000Z' };
    const asService = await prepareNewComplaint(backfill, { store: new FakeStore(), accountability: null, now: monday9am });
    expect(asService).toMatchObject({ ticket: 'ADU-2610-00001', received_at: '2026-10-15T03:00:00.000Z' });
    await expect(prepareNewComplaint(backfill, { store: new FakeStore(), accountability: verifikator, now: monday9am }))
      .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD', message: expect.stringContaining('received_at') });
    await expect(prepareNewComplaint({ verify_due: '2027-01-01T00:00:00.000Z' }, { store: new FakeStore(), accountability: verifikator, now: monday9am }))
      .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    // Null too, and the fields n8n computes (the citizen's rating, the SLA scan's verdict).
    for (const field of ['verify_due', 'reopen_count', 'satisfaction', 'overdue', 'kecamatan']) {
      await expect(prepareNewComplaint({ [field]: null }, { store: new FakeStore(), accountability: verifikator, now: monday9am }), field)
        .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
    }
  });

  it('draws a fresh tracking code for every report and ignores one the client sent', async () => {
    const store = new FakeStore();
    const a = await prepareNewComplaint({ tracking_code: 'AAAAAAAA' }, { store, accountability: null, now: monday9am });
    const b = await prepareNewComplaint({}, { store, accountability: verifikator, now: monday9am });
    expect(a['tracking_code']).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(a['tracking_code']).not.toBe('AAAAAAAA');
    expect(b['tracking_code']).not.toBe(a['tracking_code']);
    const fixed = await prepareNewComplaint({}, { store, accountability: null, now: monday9am, newCode: () => 'K7P3XW9A' });
    expect(fixed['tracking_code']).toBe('K7P3XW9A');
  });

  it('overrides a ticket the client tried to choose', async () => {
    const out = await prepareNewComplaint({ ticket: 'ADU-2611-99999' }, { store: new FakeStore(), accountability: verifikator, now: monday9am });
    expect(out['ticket']).toBe('ADU-2611-00001');
  });

  it('refuses a new report that starts anywhere but received, in Indonesian', async () => {
    await expect(prepareNewComplaint({ status: 'resolved' }, { store: new FakeStore(), accountability: null, now: monday9am }))
      .rejects.toMatchObject({ code: 'COMPLAINT.INITIAL_STATUS', message: expect.stringContaining('Diterima') });
  });

  it("writes the first move ('received') on the row, for the first history row and complaint.created", async () => {
    const out = await prepareNewComplaint({ description: 'x' }, { store: new FakeStore(), accountability: verifikator, now: monday9am, newId: () => 'move-0' });
    expect(out).toMatchObject({
      last_transition: { id: 'move-0', at: monday9am.toISOString(), to: 'received', role: 'verifikator', author: 'v-1', agency: null, note: null, ticket: 'ADU-2611-00001' },
      pending_transition: 'move-0',
    });
    await expect(prepareNewComplaint({ last_transition: { id: 'x' } }, { store: new FakeStore(), accountability: null, now: monday9am }))
      .rejects.toMatchObject({ code: 'COMPLAINT.MANAGED_FIELD' });
  });
});
