// The SLA scan's stage indexes on SQLite (the demo's database), with the knex +
// sqlite3 of the pinned Directus runtime; Postgres: scan-indexes.pg.int.test.ts.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REMINDER_MARK_FIELD, STAGE_RULES, type ReminderStage } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { installScanIndexes, SCAN_INDEX_PREFIX, scanIndexes, type ScanIndex } from './scan-indexes.ts';

const runtime = fileURLToPath(new URL('../../../../runtime/directus/package.json', import.meta.url));
let knex: Knex;

const indexNames = async () =>
  ((await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaints' ORDER BY name`)) as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((n) => n.startsWith(SCAN_INDEX_PREFIX));

describe('scanIndexes (from core STAGE_RULES)', () => {
  it("has one due-date index per status of each stage, and per stage and status one for the unmarked and one for the marked", () => {
    const list = scanIndexes();
    const due = list.filter((i) => i.kind === 'due');
    const pairs = Object.values(STAGE_RULES).flatMap((r) => r.statuses.map((s) => `${r.due}:${s}`));
    expect(due.map((i) => `${i.due}:${i.status}`).sort()).toEqual([...new Set(pairs)].sort());
    for (const i of due) {
      expect(i.name).toBe(`${SCAN_INDEX_PREFIX}${i.due}_${i.status}`);
      expect(i.columns).toEqual([i.due, 'id']);
      for (const stage of i.stages) expect(STAGE_RULES[stage].statuses).toContain(i.status);
    }
    const stagePairs = Object.entries(STAGE_RULES).flatMap(([stage, r]) => r.statuses.map((s) => `${stage}:${s}`));
    for (const kind of ['unmarked', 'marked'] as const) {
      const of = list.filter((i) => i.kind === kind);
      expect(of.map((i) => `${i.stages.join()}:${i.status}`).sort()).toEqual([...stagePairs].sort());
      for (const i of of) {
        const stage = i.stages[0] as ReminderStage;
        const rule = STAGE_RULES[stage];
        const mark = REMINDER_MARK_FIELD[stage];
        const ended = rule.endedBy ? [rule.endedBy] : [];
        expect(i.name).toBe(`${SCAN_INDEX_PREFIX}${stage}_${i.status}_${kind}`);
        // The unmarked query bounds the due date; the marked one compares mark and due date in each arm.
        expect(i.columns).toEqual(kind === 'unmarked' ? [rule.due, 'id'] : [mark, rule.due, 'id']);
        expect([i.isNull, i.notNull]).toEqual(kind === 'unmarked' ? [[mark, ...ended], []] : [ended, [mark]]);
      }
    }
  });

  it('shares one index between two stages that watch the same due date in the same status', () => {
    const list = scanIndexes({ a: { due: 'resolve_due', statuses: ['in_progress'] }, b: { due: 'resolve_due', statuses: ['in_progress', 'verified'] } })
      .filter((i) => i.kind === 'due');
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
      t.string('category').nullable();
      for (const c of ['verify_due', 'respond_due', 'resolve_due', 'first_response_at']) t.timestamp(c).nullable();
      for (const c of Object.values(REMINDER_MARK_FIELD)) t.integer(c).nullable();
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
    expect(await indexNames()).toEqual([
      'sla_scan_respond_due_verified', 'sla_scan_verify_due_received', 'sla_scan_verify_received_marked', 'sla_scan_verify_received_unmarked',
    ]);
    const r = await installScanIndexes(knex, scanIndexes({ verify: { due: 'verify_due', statuses: ['received', 'needs_info'] } }));
    expect(r).toEqual({
      created: ['sla_scan_verify_due_needs_info', 'sla_scan_verify_needs_info_unmarked', 'sla_scan_verify_needs_info_marked'],
      dropped: ['sla_scan_respond_due_verified'],
    });
    expect(await indexNames()).toEqual([
      'sla_scan_verify_due_needs_info', 'sla_scan_verify_due_received', 'sla_scan_verify_needs_info_marked', 'sla_scan_verify_needs_info_unmarked',
      'sla_scan_verify_received_marked', 'sla_scan_verify_received_unmarked',
    ]);
  });

  it("answers each query of the scan and of sla.maintain (values bound as Directus sends them) from its own index", async () => {
    await knex('complaints').insert(
      Array.from({ length: 400 }, (_, n) => ({
        status: ['closed', 'closed', 'closed', 'rejected', 'received', 'dispositioned', 'in_progress', 'resolved'][n % 8],
        verify_due: `2026-11-${String(1 + (n % 28)).padStart(2, '0')} 10:00:00`,
        respond_due: `2026-11-${String(1 + (n % 28)).padStart(2, '0')} 10:00:00`,
        resolve_due: `2026-11-${String(1 + (n % 28)).padStart(2, '0')} 10:00:00`,
        ...Object.fromEntries(Object.values(REMINDER_MARK_FIELD).map((f) => [f, [null, null, -1, 0, 2][n % 5]])),
      })),
    );
    await installScanIndexes(knex);
    await knex.raw('ANALYZE');
    for (const i of scanIndexes()) {
      const plan = ((await knex.raw(`EXPLAIN QUERY PLAN ${scanQuery(knex, i).sql}`, scanQuery(knex, i).bindings as never)) as Array<{ detail: string }>)
        .map((r) => r.detail).join('\n');
      expect(plan, i.name).toContain(`INDEX ${i.name}`);
    }
  });
});

/**
 * The query an index is for, as Directus builds it from the node's filters
 * (scan-context stageFilters / markFilters): `due` sla.maintain's, `unmarked`
 * and `marked` the scan's two per stage and status.
 */
function scanQuery(k: Knex, i: ScanIndex): Knex.Sql {
  const stage = i.stages[0] as ReminderStage;
  const rule = STAGE_RULES[stage] as { due: string; endedBy: string | null };
  const mark = REMINDER_MARK_FIELD[stage];
  const q = k('complaints').select('id', 'status', 'category', i.due, mark).where('status', i.status);
  if (rule.endedBy) q.whereNull(rule.endedBy);
  if (i.kind === 'due') q.where(i.due, '<=', '2026-11-10 00:00:00');
  if (i.kind === 'unmarked') q.whereNull(mark).where(i.due, '<=', '2026-11-10 00:00:00');
  if (i.kind === 'marked') {
    q.whereNotNull(mark).where((b) => {
      b.orWhere((x) => x.where(mark, '<', -1).where(i.due, '<=', '2026-11-10 00:00:00'));
      b.orWhere((x) => x.where(mark, '<', 0).where(i.due, '<=', '2026-11-08 00:00:00'));
      b.orWhere((x) => x.where(mark, '<', 2).where(i.due, '<=', '2026-11-05 00:00:00'));
    });
  }
  return q.toSQL();
}
