// The SLA scan's stage indexes on SQLite (the demo's database), with the knex +
// sqlite3 of the pinned Directus runtime; Postgres: scan-indexes.pg.int.test.ts.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STAGE_RULES } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { installScanIndexes, SCAN_INDEX_PREFIX, scanIndexes } from './scan-indexes.ts';

const runtime = fileURLToPath(new URL('../../../../runtime/directus/package.json', import.meta.url));
let knex: Knex;

const indexNames = async () =>
  ((await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaints' ORDER BY name`)) as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((n) => n.startsWith(SCAN_INDEX_PREFIX));

describe('scanIndexes (from core STAGE_RULES)', () => {
  it("has one index per status of each stage, over that stage's due column", () => {
    const list = scanIndexes();
    const pairs = Object.values(STAGE_RULES).flatMap((r) => r.statuses.map((s) => `${r.due}:${s}`));
    expect(list.map((i) => `${i.due}:${i.status}`).sort()).toEqual([...new Set(pairs)].sort());
    for (const i of list) {
      expect(i.name).toBe(`${SCAN_INDEX_PREFIX}${i.due}_${i.status}`);
      for (const stage of i.stages) expect(STAGE_RULES[stage].statuses).toContain(i.status);
    }
  });

  it('shares one index between two stages that watch the same due date in the same status', () => {
    const list = scanIndexes({ a: { due: 'resolve_due', statuses: ['in_progress'] }, b: { due: 'resolve_due', statuses: ['in_progress', 'verified'] } });
    expect(list.map((i) => [i.name, i.stages])).toEqual([
      ['sla_scan_resolve_due_in_progress', ['a', 'b']],
      ['sla_scan_resolve_due_verified', ['b']],
    ]);
  });
});

describe.skipIf(!existsSync(runtime))('installScanIndexes (SQLite)', () => {
  beforeEach(async () => {
    knex ??= (createRequire(runtime)('knex') as (c: unknown) => Knex)({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    await knex.schema.dropTableIfExists('complaints');
    await knex.schema.createTable('complaints', (t) => {
      t.increments('id');
      t.string('status');
      for (const c of ['verify_due', 'respond_due', 'resolve_due', 'first_response_at']) t.timestamp(c).nullable();
    });
  });
  afterAll(() => knex?.destroy());

  it('creates every stage index once; a second call changes nothing', async () => {
    const first = await installScanIndexes(knex);
    const wanted = scanIndexes().map((i) => i.name).sort();
    expect(first).toEqual({ created: scanIndexes().map((i) => i.name), dropped: [] });
    expect(wanted.length).toBeGreaterThanOrEqual(Object.keys(STAGE_RULES).length);
    expect(await indexNames()).toEqual(wanted);
    expect(await installScanIndexes(knex)).toEqual({ created: [], dropped: [] });
    expect(await indexNames()).toEqual(wanted);
  });

  it('replaces the indexes of a rule that changed and drops those of a stage that is gone', async () => {
    await installScanIndexes(knex, scanIndexes({ verify: { due: 'verify_due', statuses: ['received'] }, old: { due: 'respond_due', statuses: ['verified'] } }));
    const r = await installScanIndexes(knex, scanIndexes({ verify: { due: 'verify_due', statuses: ['received', 'needs_info'] } }));
    expect(r).toEqual({ created: ['sla_scan_verify_due_needs_info'], dropped: ['sla_scan_respond_due_verified'] });
    expect(await indexNames()).toEqual(['sla_scan_verify_due_needs_info', 'sla_scan_verify_due_received']);
  });

  it("answers each stage query (status = ? AND due <= ?, values bound as Directus sends them) from its status's index", async () => {
    await knex('complaints').insert(
      Array.from({ length: 400 }, (_, n) => ({
        status: ['closed', 'closed', 'closed', 'rejected', 'received', 'dispositioned', 'in_progress', 'resolved'][n % 8],
        verify_due: `2026-11-${String(1 + (n % 28)).padStart(2, '0')} 10:00:00`,
        respond_due: `2026-11-${String(1 + (n % 28)).padStart(2, '0')} 10:00:00`,
        resolve_due: `2026-11-${String(1 + (n % 28)).padStart(2, '0')} 10:00:00`,
      })),
    );
    await installScanIndexes(knex);
    await knex.raw('ANALYZE');
    for (const i of scanIndexes()) {
      const q = knex('complaints').select('id', 'status', i.due).where('status', i.status).where(i.due, '<=', '2026-11-10 00:00:00').toSQL();
      const plan = ((await knex.raw(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings as never)) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      expect(plan, i.name).toContain(`INDEX ${i.name}`);
    }
  });
});
