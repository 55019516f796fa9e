// The delivery-status batch SQL on Postgres with real concurrent transactions:
// several webhook processors write overlapping batches at once (same wamids,
// different orders, unknown wamids racing to be inserted). Every batch must
// commit, and every row must end where applying all statuses one by one would
// leave it. Scratch database on the test server, dropped afterwards.
import { nextDeliveryStatus, toWaStatus, type WaMessageStatus } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { scratchPostgresSuite } from '../../test-support/scratch-postgres.ts';
import { createWaMessagesTable } from '../../test-support/wa-messages-table.ts';
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
});
