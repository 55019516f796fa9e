// The account a citizen last wrote to, on SQLite (the demo's database) with the knex + sqlite3 the
// pinned Directus runtime installs; Postgres runs the same statement under the e2e tests.
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';
import { createWaMessagesTable } from '../test-support/wa-messages-table.ts';
import { lastWrittenTo } from './written-to.ts';

const DESK_WA = '100000000000002';
const MAIN_WA = '100000000000001';

describe.skipIf(!hasRuntimeSqlite)('lastWrittenTo (SQLite)', () => {
  let knex: Knex;
  let n = 0;
  const message = (wa_id: string, at: string, account: string | null, direction = 'in') =>
    knex('wa_messages').insert({
      id: `id-${++n}`,
      wamid: `wamid.${n}`,
      direction,
      wa_id,
      type: 'text',
      payload: JSON.stringify({ type: 'text', text: { body: 'halo' }, ...(account ? { kanal_phone_number_id: account } : {}) }),
      date_created: at,
    });

  beforeAll(async () => {
    knex = runtimeSqlite();
    await createWaMessagesTable(knex);
  });
  afterAll(() => knex.destroy());
  beforeEach(() => knex('wa_messages').delete());

  it("is the account of each citizen's latest inbound message, in one answer for all of them", async () => {
    await message('6281', '2026-12-04T08:00:00.000Z', MAIN_WA);
    await message('6281', '2026-12-05T08:00:00.000Z', DESK_WA);
    // Our own later message to them does not count: only what they wrote.
    await message('6281', '2026-12-05T09:00:00.000Z', MAIN_WA, 'out');
    await message('tg:555', '2026-12-05T08:00:00.000Z', 'tg:7000000002');
    await message('tg:555', '2026-12-01T08:00:00.000Z', null);
    const accounts = await lastWrittenTo(knex, ['6281', 'tg:555', '6281']);
    expect(Object.fromEntries(accounts)).toEqual({ '6281': DESK_WA, 'tg:555': 'tg:7000000002' });
  });

  it("is the default account '' for a latest message stored without an account, and for someone who never wrote", async () => {
    await message('6282', '2026-12-04T08:00:00.000Z', DESK_WA);
    await message('6282', '2026-12-05T08:00:00.000Z', null);
    expect(Object.fromEntries(await lastWrittenTo(knex, ['6282', '6283']))).toEqual({ '6282': '', '6283': '' });
    expect((await lastWrittenTo(knex, [])).size).toBe(0);
  });
});
