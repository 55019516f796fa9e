import {
  Agency, Category, Region, RoutingRule, SlaPolicy, type Assignment, type Citizen, type Complaint, type ComplaintUpdate,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { DEMO_USERS } from '../users.ts';
import { chunk } from '../upsert.ts';
import { demoContext } from './context.ts';
import { createDemoGenerator, type DemoBatch, type DemoContext } from './generate.ts';

export type KnexWriteOptions = {
  /** Reports per transaction (default 5000). */
  batch?: number;
  seed?: number;
  now?: Date;
  days?: number;
  log?: (line: string) => void;
};

export type KnexWriteResult = { complaints: number; citizens: number; assignments: number; updates: number; ms: number; perSecond: number };

const TIMESTAMPS: Record<string, readonly string[]> = {
  citizens: ['date_created'],
  complaints: ['verify_due', 'respond_due', 'resolve_due', 'autoclose_due', 'received_at', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at', 'date_created', 'date_updated'],
  assignments: ['assigned_at', 'respond_due', 'accepted_at', 'first_response_at', 'returned_at', 'resolved_at'],
  complaint_updates: ['date_created'],
};

function isSqlite(knex: Knex): boolean {
  return /sqlite/i.test(String(knex.client.config.client));
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const bool = (v: unknown) => v === true || v === 1 || v === '1';
/** node-pg returns `date` columns as local-midnight Date objects. */
const ymd = (v: unknown) =>
  v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v).slice(0, 10);

/** Reads the instance's reference data straight from the database (what Directus holds is the truth). */
export async function demoContextFromDb(knex: Knex, now: Date, days?: number): Promise<DemoContext> {
  const settings = await knex('settings').first();
  const timezone = String(settings?.timezone ?? process.env.KANAL_TIMEZONE ?? 'Asia/Jakarta');
  const regions = (await knex('regions').select('code', 'name', 'level', 'parent')).map((r) => Region.parse(r));
  const agencies = (await knex('agencies').select()).map((a) => Agency.parse({ ...a, active: bool(a.active), head: a.head ?? null, wa_group: a.wa_group ?? null }));
  const categories = (await knex('categories').select()).map((c) => Category.parse({ ...c, keywords: json(c.keywords), active: bool(c.active) }));
  const routingRules = (await knex('routing_rules').select()).map((r) => RoutingRule.parse({ ...r, active: bool(r.active) }));
  const policies = (await knex('sla_policies').select()).map((p) => SlaPolicy.parse({ ...p, escalation: json(p.escalation) }));
  const holidays = (await knex('holidays').select('date')).map((h) => ymd(h.date));
  if (policies.length === 0 || regions.length === 0 || categories.length === 0) {
    throw new Error('Data rujukan belum ada di basis data: jalankan dulu `npx tsx seeds/src/cli.ts apply`.');
  }
  const max = async (table: string) => Number((await knex(table).max({ m: 'id' }).first())?.m ?? 0);
  const counters = await knex('ticket_counters').select('period', 'last');
  let present = new Set<string>();
  try {
    present = new Set((await knex('directus_users').whereIn('id', DEMO_USERS.map((u) => u.id)).select('id')).map((u) => String(u.id)));
  } catch {
    /* no directus_users table (bare database): history without authors */
  }
  const ref = { timezone, holidays, policies, ticketPrefix: settings?.ticket_prefix, regencyCode: settings?.regency_code, categories, routingRules, agencies, regions };
  return {
    ...demoContext(ref, now, present),
    days,
    firstIds: { complaint: (await max('complaints')) + 1, assignment: (await max('assignments')) + 1, update: (await max('complaint_updates')) + 1 },
    ticketStart: Object.fromEntries(counters.map((c) => [String(c.period), Number(c.last)])),
  };
}

function toRows<T extends Record<string, unknown>>(table: string, rows: readonly T[], sqlite: boolean): Record<string, unknown>[] {
  if (!sqlite) return rows as unknown as Record<string, unknown>[];
  // Directus keeps SQLite timestamps as epoch milliseconds in text (DateHelperSQLite).
  const ts = TIMESTAMPS[table] ?? [];
  return rows.map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const f of ts) if (typeof out[f] === 'string') out[f] = String(Date.parse(out[f] as string));
    return out;
  });
}

async function insertAll(trx: Knex.Transaction, table: string, rows: readonly Record<string, unknown>[], sqlite: boolean, conflict?: string) {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!).length;
  // Bind-parameter limits: 65535 on Postgres, 32766 on SQLite >= 3.32.
  const per = Math.max(1, Math.floor((sqlite ? 32000 : 65000) / cols));
  for (const part of chunk(toRows(table, rows, sqlite), per)) {
    const q = trx(table).insert(part);
    if (conflict) await q.onConflict(conflict).ignore();
    else await q;
  }
}

async function writeBatch(knex: Knex, b: DemoBatch, sqlite: boolean) {
  await knex.transaction(async (trx) => {
    await insertAll(trx, 'citizens', b.citizens as Citizen[], sqlite, 'wa_id');
    await insertAll(trx, 'complaints', b.complaints as Complaint[], sqlite);
    await insertAll(trx, 'assignments', b.assignments as Assignment[], sqlite);
    await insertAll(trx, 'complaint_updates', b.updates as ComplaintUpdate[], sqlite);
  });
}

/**
 * Fast demo/benchmark writer: inserts `n` generated reports straight into the
 * Directus database (Postgres or SQLite) in big batches, one transaction per
 * batch. Bypasses Directus hooks on purpose — the generator already produces
 * what the hooks would (tickets, due dates, history rows) — and then moves
 * `ticket_counters` and the id sequences past what it wrote.
 */
export async function writeDemoWithKnex(knex: Knex, n: number, opts: KnexWriteOptions = {}): Promise<KnexWriteResult> {
  const log = opts.log ?? (() => {});
  const sqlite = isSqlite(knex);
  const started = Date.now();
  const ctx = await demoContextFromDb(knex, opts.now ?? new Date(), opts.days);
  const gen = createDemoGenerator(n, ctx, opts.seed ?? 42);
  const size = opts.batch ?? 5000;
  const totals = { complaints: 0, citizens: 0, assignments: 0, updates: 0 };
  while (gen.remaining > 0) {
    const b = gen.next(size);
    await writeBatch(knex, b, sqlite);
    totals.complaints += b.complaints.length;
    totals.citizens += b.citizens.length;
    totals.assignments += b.assignments.length;
    totals.updates += b.updates.length;
    const secs = (Date.now() - started) / 1000;
    log(`${totals.complaints.toLocaleString('id-ID')}/${n.toLocaleString('id-ID')} laporan (${Math.round(totals.complaints / secs).toLocaleString('id-ID')}/detik)`);
  }
  await knex.transaction(async (trx) => {
    for (const [period, last] of Object.entries(gen.ticketCounters())) {
      await trx('ticket_counters').insert({ period, last }).onConflict('period').merge(['last']);
    }
    if (!sqlite) {
      for (const t of ['complaints', 'assignments', 'complaint_updates']) {
        await trx.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT MAX(id) FROM ??), 1))`, [t, t]);
      }
    }
  });
  const ms = Date.now() - started;
  return { ...totals, ms, perSecond: Math.round(totals.complaints / (ms / 1000)) };
}
