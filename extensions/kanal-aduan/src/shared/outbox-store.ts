import type { Knex } from 'knex';
import type { OutboxPolicy, OutboxRow, StaleSummary } from '../complaints/outbox/policy.ts';
import { directusStore, type StoreDeps } from './directus-store.ts';
import type { NewOutboxRow, OutboxStore, OutboxTx, UnrecordedComplaint } from './store.ts';

const TABLE = 'event_outbox';

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
  const sqlite = /sqlite/.test(String((knex.client as { config?: { client?: unknown } }).config?.client ?? ''));
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
        const items = directusStore({ ...deps, database: trx });
        const tx: OutboxTx = {
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
        };
        const out = await fn(tx);
        wrote = true;
        return out;
      });
      // ItemsService cleared Directus's response cache inside our transaction,
      // before the commit, and a GET that read the old rows just before the
      // commit stores its answer when it finishes (middleware/respond.js): the
      // history looked stale for CACHE_TTL (5 min) with Redis caching on.
      // Clear after the commit, and once more when such in-flight reads are done.
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

    async markReceived(id, at) {
      const updated = await knex(TABLE).where({ id }).whereNull('received_at').update({ received_at: toDb(at) });
      if (Number(updated) === 1) return 'first';
      return (await knex(TABLE).where({ id }).first('id')) ? 'duplicate' : 'unknown';
    },
  };
}
