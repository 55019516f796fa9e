// The delivery-status batch SQL on Postgres with real concurrent transactions:
// several webhook processors write overlapping batches at once (same wamids,
// different orders, unknown wamids racing to be inserted). Every batch must
// commit, and every row must end where applying all statuses one by one would
// leave it. Scratch database on the test server, dropped afterwards.
import { nextDeliveryStatus, replyCallbackData, toWaStatus, type WaMessageStatus } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { scratchPostgresSuite } from '../../test-support/scratch-postgres.ts';
import { createWaMessagesTable } from '../../test-support/wa-messages-table.ts';
import { recordSent, type IntakeDeps } from '../../intake/intake-step.ts';
import { recordStatuses, type StatusItem } from './wa-statuses.ts';

describe('recordStatuses on Postgres, batches racing', () => {
  const scratch = scratchPostgresSuite('kanal_wastatus', { poolMax: 8, setup: createWaMessagesTable });

  it('every batch commits and every row ends at the forward-only fold of all its statuses', async () => {
    const { knex } = scratch;
    const known = Array.from({ length: 40 }, (_, i) => `wamid.K${String(i).padStart(3, '0')}`);
    const unknown = Array.from({ length: 20 }, (_, i) => `wamid.U${String(i).padStart(3, '0')}`);
    await knex('wa_messages').insert(known.map((wamid, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, wamid, direction: 'out', wa_id: '62812', type: 'text', status: 'sent', complaint: 1 })));

    const names = ['sent', 'delivered', 'read', 'failed', 'deleted'];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const batches: StatusItem[][] = Array.from({ length: 12 }, () =>
      Array.from({ length: 50 }, () => {
        const pool = rand(3) === 0 ? unknown : known;
        const status = names[rand(names.length)]!;
        return { id: pool[rand(pool.length)]!, status, recipient_id: '62812', ...(status === 'failed' ? { errors: [{ code: 131026 }] } : {}) };
      }),
    );

    const results = await Promise.all(batches.map((b) => recordStatuses(knex, b, new Date())));
    expect(results.reduce((n, r) => n + r.statuses, 0)).toBe(600);

    const expected = new Map<string, WaMessageStatus>(known.map((w) => [w, 'sent']));
    for (const s of batches.flat()) {
      const status = toWaStatus(s.status);
      if (status) expected.set(s.id, nextDeliveryStatus(expected.get(s.id), status));
    }
    const rows = (await knex('wa_messages').select('wamid', 'status', 'error', 'type')) as Array<{ wamid: string; status: string; error: unknown; type: string }>;
    expect(Object.fromEntries(rows.map((r) => [r.wamid, r.status]))).toEqual(Object.fromEntries(expected));
    for (const r of rows) expect(r.error !== null, r.wamid).toBe(r.status === 'failed');
    expect(rows.filter((r) => r.type === 'status').map((r) => r.wamid).sort()).toEqual([...expected.keys()].filter((w) => w.startsWith('wamid.U')).sort());

    const again = await Promise.all(batches.map((b) => recordStatuses(knex, b, new Date())));
    expect(again.map((r) => r.advanced + r.errors + r.inserted)).toEqual(batches.map(() => 0));
  });

  it("a reply whose sender died before recording its wamid is found by the status's callback data, and is no longer waiting", async () => {
    const { knex } = scratch;
    const waiting = '11111111-2222-4333-8444-555555555555';
    const recorded = '11111111-2222-4333-8444-666666666666';
    const reply = { messaging_product: 'whatsapp', to: '62813', type: 'text', text: { body: 'Halo' } };
    await knex('wa_messages').insert([
      { id: waiting, wamid: 'queued:wamid.IN9:00', direction: 'out', wa_id: '62813', type: 'text', status: null, payload: JSON.stringify({ reply, holder: 'n8n:41' }) },
      // Already recorded by its sender: a status naming it must not take it over.
      { id: recorded, wamid: 'wamid.REC', direction: 'out', wa_id: '62813', type: 'text', status: 'sent', payload: JSON.stringify(reply) },
    ]);
    const sent = { id: 'wamid.LOST', status: 'sent', recipient_id: '62813', biz_opaque_callback_data: replyCallbackData(waiting) };
    const other = { id: 'wamid.OTHER', status: 'sent', recipient_id: '62813', biz_opaque_callback_data: replyCallbackData(recorded) };
    const first = await recordStatuses(knex, [sent, other], new Date());
    expect(first).toMatchObject({ adopted: 1, inserted: 1 });
    const row = await knex('wa_messages').where({ id: waiting }).first('wamid', 'status', 'payload');
    expect({ wamid: row.wamid, status: row.status, payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload }).toEqual({ wamid: 'wamid.LOST', status: 'sent', payload: reply });
    expect(await knex('wa_messages').where({ id: recorded }).first('wamid')).toEqual({ wamid: 'wamid.REC' });
    // Later statuses of the message move the same row forward.
    expect(await recordStatuses(knex, [{ ...sent, status: 'delivered' }], new Date())).toMatchObject({ adopted: 0, inserted: 0, advanced: 1 });
    expect(await knex('wa_messages').where({ wamid: 'wamid.LOST' }).select('id', 'status')).toEqual([{ id: waiting, status: 'delivered' }]);
  });
  it('the sender recording its wamids and statuses adopting the same replies, in opposite orders, never deadlock', async () => {
    const { knex } = scratch;
    const reply = { messaging_product: 'whatsapp', to: '62814', type: 'text', text: { body: 'Laporan diterima' } };
    for (let round = 0; round < 6; round++) {
      // Ids ascend as the wamids do; /intake/sent names the replies in the reverse order.
      const rows = Array.from({ length: 24 }, (_, i) => ({
        id: `22222222-0000-4000-8000-${String(round * 100 + i).padStart(12, '0')}`,
        wamid: `wamid.R${round}S${String(i).padStart(3, '0')}`,
      }));
      await knex('wa_messages').insert(
        rows.map((r, i) => ({ id: r.id, wamid: `queued:wamid.IN${round}:${String(i).padStart(2, '0')}`, direction: 'out', wa_id: '62814', type: 'text', status: null, payload: JSON.stringify({ reply, holder: 'n8n:7' }) })),
      );
      const statuses = (from: number, to: number) =>
        rows.slice(from, to).map((r) => ({ id: r.wamid, status: 'sent', recipient_id: '62814', biz_opaque_callback_data: replyCallbackData(r.id) }));
      const sent = recordSent({ replies: [...rows].reverse().map((r) => ({ id: r.id, wamid: r.wamid })), failed: [], retry: [], media: [] }, { knex } as IntakeDeps);
      await Promise.all([sent, recordStatuses(knex, statuses(0, 12), new Date()), recordStatuses(knex, statuses(6, 24), new Date()), recordStatuses(knex, statuses(12, 24), new Date())]);
      const after = (await knex('wa_messages').whereIn('id', rows.map((r) => r.id)).orderBy('id').select('wamid', 'status')) as Array<{ wamid: string; status: string }>;
      expect(after).toEqual(rows.map((r) => ({ wamid: r.wamid, status: 'sent' })));
      // No status-only row was made for a wamid its reply row took.
      expect(await knex('wa_messages').where({ type: 'status' }).whereIn('wamid', rows.map((r) => r.wamid)).select('wamid')).toEqual([]);
    }
  });
});
