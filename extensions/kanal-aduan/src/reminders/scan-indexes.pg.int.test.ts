// The SLA scan's stage indexes on Postgres, in a scratch database on the test
// server (dropped afterwards): created CONCURRENTLY and idempotently, an invalid
// one (an interrupted build) rebuilt, one the rule no longer names dropped, and
// each stage query answered from its index. No timing: the plan is the check;
// the speed is bench/sla-scan's. SQLite: scan-indexes.sqlite.test.ts.
import { REMINDER_MARK_FIELD, STAGE_RULES } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchPostgres, type ScratchPostgres } from '../test-support/scratch-postgres.ts';
import { installScanIndexes, SCAN_INDEX_PREFIX, scanIndexes } from './scan-indexes.ts';

let db: ScratchPostgres;
let knex: Knex;

const present = async () =>
  ((await knex.raw(`SELECT c.relname AS name, x.indisvalid AS valid FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'complaints'::regclass ORDER BY 1`)).rows as Array<{ name: string; valid: boolean }>)
    .filter((r) => r.name.startsWith(SCAN_INDEX_PREFIX));

describe('SLA scan stage indexes on Postgres', () => {
  beforeAll(async () => {
    db = await scratchPostgres('kanal_scanidx');
    knex = db.connect(4);
    // The columns the scan reads and the one-column indexes Directus keeps on them (status, each due date),
    // so the planner has the same alternatives as on a real install.
    await knex.raw(`CREATE TABLE complaints (id serial PRIMARY KEY, ticket varchar(255), status varchar(255), assigned_agency varchar(255), category varchar(255),
      verify_due timestamptz, respond_due timestamptz, resolve_due timestamptz, first_response_at timestamptz, overdue boolean, days_late integer, overdue_stage varchar(255), description text,
      reminder_mark_verify integer, reminder_mark_respond integer, reminder_mark_resolve integer)`);
    for (const c of ['status', 'verify_due', 'respond_due', 'resolve_due']) await knex.raw(`CREATE INDEX complaints_${c}_index ON complaints (${c})`);
    // 200,000 reports shaped like a kabupaten's years: nearly all closed or rejected with deadlines long past,
    // a few percent open with deadlines around now.
    await knex.raw(`INSERT INTO complaints (ticket, status, verify_due, respond_due, resolve_due, description)
      SELECT 'ADU-' || g, s.status, d.due, d.due + interval '5 days', d.due + interval '20 days', 'x'
      FROM generate_series(1, 200000) g
      CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 78 THEN 'closed' WHEN g % 100 < 88 THEN 'rejected' WHEN g % 100 < 93 THEN 'resolved'
        WHEN g % 100 < 94 THEN 'received' WHEN g % 100 < 96 THEN 'dispositioned' ELSE 'in_progress' END AS status) s
      CROSS JOIN LATERAL (SELECT CASE WHEN s.status IN ('received', 'dispositioned', 'in_progress') THEN now() - ((g % 40) || ' days')::interval
        ELSE now() - ((g % 700) || ' days')::interval - interval '30 days' END AS due) d`);
    // As the scans leave them: open reports past their due dates by more than a day carry a mark (some level
    // recorded); the rest, and every closed report, none.
    for (const [mark, due] of [['reminder_mark_verify', 'verify_due'], ['reminder_mark_respond', 'respond_due'], ['reminder_mark_resolve', 'resolve_due']]) {
      await knex.raw(`UPDATE complaints SET ${mark} = (ARRAY[-1, 0, 2])[1 + id % 3] WHERE status IN ('received', 'dispositioned', 'in_progress') AND ${due} < now() - interval '1 day'`);
    }
  });

  afterAll(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  it('creates every index of the rule, valid; a second call changes nothing', async () => {
    const wanted = scanIndexes().map((i) => i.name);
    expect(await installScanIndexes(knex)).toEqual({ created: wanted, dropped: [] });
    expect(await present()).toEqual([...wanted].sort().map((name) => ({ name, valid: true })));
    expect(await installScanIndexes(knex)).toEqual({ created: [], dropped: [] });
  });

  it('rebuilds an index an interrupted concurrent build left invalid, and drops one the rule no longer names', async () => {
    const [first] = scanIndexes();
    // What CREATE INDEX CONCURRENTLY leaves when the process dies mid-build (needs a superuser here).
    await knex.raw(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = ?::regclass`, [first!.name]);
    await knex.raw(`CREATE INDEX sla_scan_verify_due_needs_info ON complaints (verify_due, id) WHERE status = 'needs_info'`);
    const r = await installScanIndexes(knex);
    expect(r.created).toEqual([first!.name]);
    expect(r.dropped.sort()).toEqual([first!.name, 'sla_scan_verify_due_needs_info'].sort());
    expect((await present()).every((i) => i.valid)).toBe(true);
    expect((await present()).map((i) => i.name)).not.toContain('sla_scan_verify_due_needs_info');
  });

  // Postgres keeps no statistics for a partial index's rows: it estimates `due <= horizon` over the
  // whole table (nearly every report's deadline is past), so every index restricted to the status
  // (the status index, any stage index of that status) costs about the same to it, and it may take
  // any of them: all read only that status's reports. Hence two checks: the query is answered from an
  // index of its status, never a pass over the table; and with the other indexes of that status out
  // of the way, the stage index answers it on its due-date range, i.e. the query's shape proves the
  // index's predicate (`status IN (a, b)` would not prove a per-status index, and Postgres would
  // fall back to the whole-table due-date index).
  it("answers each stage query (status = $1 AND due <= $2, as Directus sends the node's filter) from an index of its status, and the stage index fits it", async () => {
    await knex.raw('ANALYZE complaints');
    const horizon = new Date(Date.now() + 86_400_000).toISOString();
    const queries = scanIndexes().filter((i) => i.kind === 'due').flatMap((i) =>
      i.stages.map((stage) => {
        const rule = STAGE_RULES[stage];
        const q = knex('complaints').select('id', 'ticket', 'status', 'assigned_agency', 'category', 'verify_due', 'respond_due', 'resolve_due', 'first_response_at', 'overdue', 'days_late', 'overdue_stage')
          .where('status', i.status).where(rule.due, '<=', horizon);
        if (rule.endedBy) q.whereNull(rule.endedBy);
        return { label: `${stage}/${i.status}`, status: i.status, index: i.name, due: rule.due, sql: q.toSQL() };
      }),
    );
    const planOf = async (k: Knex, sql: Knex.Sql) =>
      ((await k.raw(`EXPLAIN ${sql.sql}`, sql.bindings as never)).rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
    for (const q of queries) {
      const plan = await planOf(knex, q.sql);
      expect(plan, `${q.label}:\n${plan}`).toMatch(new RegExp(`Index Scan (on|using) (${SCAN_INDEX_PREFIX}[a-z_]+_due_${q.status}|complaints_status_index) `));
      expect(plan).not.toContain('Seq Scan');
    }
    const sameStatus = (status: string) => ['complaints_status_index', ...scanIndexes().filter((i) => i.status === status).map((i) => i.name)];
    for (const q of queries) {
      // The other indexes of the status are dropped inside a transaction that is rolled back.
      const trx = await knex.transaction();
      try {
        for (const other of sameStatus(q.status).filter((n) => n !== q.index)) await trx.raw(`DROP INDEX ${other}`);
        const plan = await planOf(trx, q.sql);
        expect(plan, `${q.label}:\n${plan}`).toContain(q.index);
        expect(plan).toContain(`Index Cond: (${q.due} <= `);
      } finally {
        await trx.rollback();
      }
    }
  });

  // The scan's two queries per stage and status ask for `id` only (the node then reads the few reports
  // returned by id). Postgres estimates `due <= cutoff` and `mark IS NULL` from the whole table (nearly every
  // report past its due date, nearly every report unmarked: the closed ones), so for a query of whole rows it
  // sees every index of the status as reading the whole status, and may take the status index and check the
  // mark and the due date on every row (it does on this table). Answered from its own index alone
  // (Index Only Scan: the predicate holds status and mark, the key the due date, mark and id), no row is
  // visited, whatever the estimate.
  it('answers the unmarked and the marked id query of each stage and status from their own index alone', async () => {
    await knex.raw('VACUUM ANALYZE complaints');
    const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    for (const i of scanIndexes().filter((x) => x.kind !== 'due')) {
      const stage = i.stages[0]!;
      const rule = STAGE_RULES[stage];
      const mark = REMINDER_MARK_FIELD[stage];
      const q = knex('complaints').select('id').where('status', i.status);
      if (rule.endedBy) q.whereNull(rule.endedBy);
      if (i.kind === 'unmarked') q.whereNull(mark).where(rule.due, '<=', iso(1));
      else {
        q.whereNotNull(mark).where((b) => {
          b.orWhere((x) => x.where(mark, '<', -1).where(rule.due, '<=', iso(1)));
          b.orWhere((x) => x.where(mark, '<', 0).where(rule.due, '<=', iso(0)));
          b.orWhere((x) => x.where(mark, '<', 2).where(rule.due, '<=', iso(-3)));
        });
      }
      const sql = q.toSQL();
      const plan = ((await knex.raw(`EXPLAIN ${sql.sql}`, sql.bindings as never)).rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
      const scans = [...plan.matchAll(/Scan (?:on|using) (\w+)/g)].map((m) => m[1]);
      expect(scans, `${i.name}:\n${plan}`).toEqual([i.name]);
      expect(plan, `${i.name}:\n${plan}`).toMatch(/^Index Only Scan using /);
    }
  });
});
