import type { Knex } from 'knex';
import type { OutboxPolicy, OutboxRow, StaleSummary } from '../complaints/outbox/policy.ts';
import { PUBLIC_UPDATE_KINDS, type Status } from '@kanal-aduan/core';
import { recountJoinedReporters } from '../complaints/join/reporters.ts';
import { directusStore, type StoreDeps } from './directus-store.ts';
import { isSqlite } from './knex-dialect.ts';
import type { NewOutboxRow, OutboxStore, OutboxTx, UnannouncedFollowUp, UnrecordedComplaint } from './store.ts';

const TABLE = 'event_outbox';

/**
 * Partial index the follow-up repair reads (public follow-ups by creation time):
 * a few rows a day instead of a scan of the whole history every sweep. Two
 * columns on purpose: Directus's schema inspector counts a one-column index as
 * the field's "indexed" flag, and the next schema apply would try to drop it
 * under its own name (see ranking/pre-aggregate.ts).
 */
export const FOLLOW_UP_INDEX = 'kanal_outbox_public_updates';
/** The index of older versions, before the Pimpinan's messages were public updates too: dropped once. */
const OLD_FOLLOW_UP_INDEX = 'kanal_outbox_public_follow_ups';
// core PUBLIC_UPDATE_KINDS, as literals: the partial index and the sweep's query must say the same.
const publicUpdates = (alias = '') => `${alias}kind IN (${PUBLIC_UPDATE_KINDS.map((k) => `'${k}'`).join(', ')}) AND ${alias}public = true`;
const FOLLOW_UP_WHERE = publicUpdates();
const indexChecked = new WeakMap<object, number>();

/**
 * Creates the follow-up index if it is missing; checked at most every 10 minutes
 * per process (SQLite rebuilds a table, and drops its indexes, when Directus alters
 * a column). CONCURRENTLY on Postgres: a big history is indexed without blocking
 * officers' writes. A concurrent build that was interrupted (Directus stopped
 * mid-build) leaves an invalid index behind; it is dropped and built again,
 * unless another instance is building it right now.
 */
async function ensureFollowUpIndex(knex: Knex, sqlite: boolean): Promise<void> {
  const last = indexChecked.get(knex.client as object);
  if (last !== undefined && Date.now() - last < 600_000) return;
  const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
  if (sqlite) {
    const found = rowsOf(await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?`, [FOLLOW_UP_INDEX]));
    if (found.length === 0) await knex.raw(`CREATE INDEX IF NOT EXISTS ${FOLLOW_UP_INDEX} ON complaint_updates (date_created, id) WHERE ${FOLLOW_UP_WHERE}`);
    await knex.raw(`DROP INDEX IF EXISTS ${OLD_FOLLOW_UP_INDEX}`);
  } else {
    const found = rowsOf(await knex.raw(
      `SELECT i.indisvalid AS valid, EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = c.oid) AS building
         FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = ? AND c.relkind = 'i'`,
      [FOLLOW_UP_INDEX],
    ));
    if (found[0]?.['building']) return; // another instance is on it: look again next sweep
    if (found[0] && !found[0]['valid']) await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${FOLLOW_UP_INDEX}`);
    if (!found[0]?.['valid']) await knex.raw(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${FOLLOW_UP_INDEX} ON complaint_updates (date_created, id) WHERE ${FOLLOW_UP_WHERE}`);
    await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${OLD_FOLLOW_UP_INDEX}`);
  }
  indexChecked.set(knex.client as object, Date.now());
}


/**
 * The writes of one move on `deps.database`, which is a transaction already
 * open (the save's own, handed to the `activity.create` filter, or one
 * outboxStore().transaction opened): nothing here opens or commits one.
 * History and assignments go through Directus's ItemsService on that
 * transaction (no user: Directus logs no activity for them, so the filter
 * does not run again); the outbox and the report's move record are plain SQL.
 */
export function outboxTx(deps: StoreDeps): OutboxTx {
  const trx = deps.database as Knex;
  const sqlite = isSqlite(trx);
  const toDb = (d: Date | null): Date | number | null => (d === null ? null : sqlite ? d.getTime() : d);
  const items = directusStore(deps);
  return {
    ...items,
    async outboxExists(id: string) {
      return (await trx(TABLE).where({ id }).first('id')) !== undefined;
    },
    async addOutbox(row: NewOutboxRow) {
      await trx(TABLE).insert({
        id: row.id,
        event: row.event,
        complaint: row.complaint,
        payload: JSON.stringify(row.payload),
        created_at: toDb(row.created_at),
        attempts: 0,
        next_attempt_at: toDb(row.next_attempt_at),
        delivered_at: null,
        last_error: null,
      });
    },
    async moveState(complaint) {
      const q = trx('complaints').where({ id: complaint }).first('status', 'last_transition', 'pending_transition');
      // Postgres: a recorder outside the save (action fallback, sweep) waits for the save's
      // commit and then sees its move recorded. SQLite has one writer (and knex warns on FOR UPDATE).
      const row = (await (sqlite ? q : q.forUpdate())) as Record<string, unknown> | undefined;
      if (!row) return null;
      return {
        status: row['status'] as Status,
        last_transition: row['last_transition'],
        pending_transition: (row['pending_transition'] as string | null | undefined) ?? null,
      };
    },
    async lastRecordedStatus(complaint) {
      const row = (await trx('complaint_updates')
        .where({ complaint, kind: 'status_change' })
        .whereNotNull('status_to')
        .orderBy('id', 'desc')
        .first('status_to')) as { status_to?: Status } | undefined;
      return row?.status_to ?? null;
    },
    async clearPendingTransition(complaint, transitionId) {
      await trx('complaints').where({ id: complaint, pending_transition: transitionId }).update({ pending_transition: null });
    },
    async updateRow(id) {
      const row = (await trx('complaint_updates').where({ id }).first('complaint', 'kind', 'public')) as Record<string, unknown> | undefined;
      const complaint = row?.['complaint'];
      if (typeof complaint !== 'string' && typeof complaint !== 'number') return null;
      return { complaint, kind: row!['kind'], public: row!['public'] };
    },
    async recountReporters(complaint) {
      await recountJoinedReporters(trx, complaint);
    },
  };
}

/**
 * The outbox over knex (Postgres in production, SQLite in the demo). History
 * and assignments go through Directus's ItemsService on the same transaction
 * (directus-store.ts); the outbox itself is plain SQL because its claim must be
 * one conditional UPDATE whose row count says who won.
 *
 * Timestamps: Directus keeps `timestamp` fields as timestamptz on Postgres and
 * as epoch milliseconds on SQLite (api/dist/database/helpers/date/dialects/sqlite.js),
 * so values are bound and read through `toDb`/`fromDb`.
 */
export function outboxStore(deps: StoreDeps): OutboxStore {
  const knex = deps.database as Knex;
  const sqlite = isSqlite(knex);
  const toDb = (d: Date | null): Date | number | null => (d === null ? null : sqlite ? d.getTime() : d);
  const fromDb = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string | number)));
  const json = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>));
  const readRow = (r: Record<string, unknown>): OutboxRow => ({
    id: String(r['id']),
    event: String(r['event']),
    complaint: (r['complaint'] as number | null) ?? null,
    payload: json(r['payload']),
    created_at: fromDb(r['created_at']) ?? new Date(0),
    attempts: Number(r['attempts'] ?? 0),
    next_attempt_at: fromDb(r['next_attempt_at']),
    delivered_at: fromDb(r['delivered_at']),
    last_error: (r['last_error'] as string | null) ?? null,
  });

  return {
    async transaction<T>(fn: (tx: OutboxTx) => Promise<T>): Promise<T> {
      let wrote = false;
      const result = await knex.transaction(async (trx) => {
        const out = await fn(outboxTx({ ...deps, database: trx }));
        wrote = true;
        return out;
      });
      // ItemsService cleared Directus's response cache inside our transaction,
      // before the commit, and a GET that read the old rows just before the
      // commit stores its answer when it finishes (middleware/respond.js): the
      // history looked stale for CACHE_TTL (5 min) with Redis caching on.
      // Clear after the commit, and once more when such in-flight reads are done.
      // (A save that records its rows in its own transaction needs none of
      // this: Directus clears the cache after that commit.)
      if (wrote && deps.services.UtilsService) {
        const Utils = deps.services.UtilsService;
        const purge = () => new Utils({ knex, schema: deps.schema, accountability: { admin: true } }).clearCache({ system: false }).catch(() => undefined);
        await purge();
        setTimeout(() => void purge(), 1_500).unref?.();
      }
      return result;
    },

    async clearPendingTransition(complaint, transitionId) {
      await knex('complaints').where({ id: complaint, pending_transition: transitionId }).update({ pending_transition: null });
    },

    async unrecorded(before, limit): Promise<UnrecordedComplaint[]> {
      // pending_transition is indexed and almost always empty: this reads a handful of rows.
      const rows = await knex('complaints')
        .whereNotNull('pending_transition')
        .andWhere((q) => q.where('date_updated', '<', toDb(before)).orWhere((q2) => q2.whereNull('date_updated').andWhere('date_created', '<', toDb(before))))
        .orderBy('id')
        .limit(limit)
        .select('id', 'last_transition', 'pending_transition');
      return rows.map((r: Record<string, unknown>) => ({ id: r['id'] as number, last_transition: r['last_transition'], pending_transition: String(r['pending_transition']) }));
    },

    async claim(id: string, now: Date, policy: OutboxPolicy): Promise<OutboxRow | null> {
      // One conditional UPDATE: on Postgres a second claimer waits on the row
      // lock, re-reads the condition and updates nothing; SQLite has one writer.
      const leaseUntil = new Date(now.getTime() + policy.leaseMs);
      const claimed = await knex(TABLE)
        .where({ id })
        .whereNull('delivered_at')
        .whereNotNull('next_attempt_at')
        .andWhere('next_attempt_at', '<=', toDb(now))
        .update({ attempts: knex.raw('attempts + 1'), next_attempt_at: toDb(leaseUntil) });
      if (Number(claimed) !== 1) return null;
      const row = await knex(TABLE).where({ id }).first();
      return row ? readRow(row as Record<string, unknown>) : null;
    },

    async dueIds(now, limit) {
      const rows = await knex(TABLE)
        .whereNull('delivered_at')
        .whereNotNull('next_attempt_at')
        .andWhere('next_attempt_at', '<=', toDb(now))
        .orderBy('created_at')
        .limit(limit)
        .select('id');
      return rows.map((r: { id: string }) => String(r.id));
    },

    async settle(id, patch) {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) row[k] = v instanceof Date ? toDb(v) : v;
      await knex(TABLE).where({ id }).update(row);
    },

    async undeliveredSince(before): Promise<StaleSummary> {
      const base = () => knex(TABLE).whereNull('delivered_at').whereNotNull('next_attempt_at').andWhere('created_at', '<', toDb(before));
      const counted = (await base().count({ n: '*' }).first()) as { n?: number | string } | undefined;
      const count = Number(counted?.n ?? 0);
      if (count === 0) return { count: 0, oldest: null, lastError: null };
      const oldest = (await base().orderBy('created_at').first('created_at')) as { created_at?: unknown } | undefined;
      const latest = (await base().whereNotNull('last_error').orderBy('created_at', 'desc').first('last_error')) as { last_error?: string } | undefined;
      return { count, oldest: fromDb(oldest?.created_at), lastError: latest?.last_error ?? null };
    },

    async unannouncedFollowUps(since, before, limit): Promise<UnannouncedFollowUp[]> {
      await ensureFollowUpIndex(knex, sqlite);
      // Literal predicates (not bound parameters), so SQLite can use the partial index too.
      const q = knex('complaint_updates as cu')
        .whereRaw(publicUpdates('cu.'))
        .andWhere('cu.date_created', '>=', toDb(since))
        .andWhere('cu.date_created', '<', toDb(before))
        .whereNotExists(knex(`${TABLE} as o`).select(knex.raw('1')).whereRaw(`o.id = 'update:' || CAST(cu.id AS VARCHAR(20))`))
        .whereExists((sub) => {
          sub
            .from('directus_activity as a')
            .select(knex.raw('1'))
            .whereRaw(`a.collection = 'complaint_updates' AND a.action = 'create' AND a.item = CAST(cu.id AS VARCHAR(255))`);
          // Postgres: keep the activity probe on its timestamp index (the log is the biggest table).
          // SQLite keeps that column as text: no bound there (the demo's log is small).
          if (!sqlite) sub.andWhere('a.timestamp', '>=', new Date(since.getTime() - 3_600_000));
        })
        .orderBy('cu.id')
        .limit(limit)
        .select('cu.id', 'cu.complaint', 'cu.date_created');
      return (await q).map((r: Record<string, unknown>) => ({
        id: r['id'] as number,
        complaint: r['complaint'] as number,
        created_at: fromDb(r['date_created']) ?? before,
      }));
    },

    async pruneDelivered(before, batch) {
      // One short statement per batch, oldest first, on the delivered_at index.
      // Receipts (received_at) live on the same row and go with it.
      const ids = knex(TABLE).select('id').whereNotNull('delivered_at').andWhere('delivered_at', '<', toDb(before)).orderBy('delivered_at').limit(batch);
      const deleted = await knex(TABLE).whereIn('id', ids).whereNotNull('delivered_at').del();
      return Number(deleted);
    },

    async markReceived(id, at) {
      const updated = await knex(TABLE).where({ id }).whereNull('received_at').update({ received_at: toDb(at) });
      if (Number(updated) === 1) return 'first';
      return (await knex(TABLE).where({ id }).first('id')) ? 'duplicate' : 'unknown';
    },
  };
}
