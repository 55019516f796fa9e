import { defineHook } from '@directus/extensions-sdk';
import { regionStamp } from '@kanal-aduan/core';
import { directusStore, type DirectusServices, type SchemaLike } from '../shared/directus-store.ts';
import { toDirectusError } from '../shared/errors.ts';
import { eventsTarget, webhookSender } from '../shared/events.ts';
import { outboxStore, outboxTx } from '../shared/outbox-store.ts';
import type { AccountabilityLike } from '../shared/role.ts';
import { prepareNewComplaint } from './handlers/create-filter.ts';
import { isRecordedWrite, itemKey, recordWithWrite } from './handlers/activity-filter.ts';
import { announceFollowUp, isPublicFollowUp, moveEventIds, recordAfterCommit, type OutboxRecordDeps } from './handlers/record-move.ts';
import { guardFollowUp, guardLeaderMessage } from './handlers/follow-up-filter.ts';
import { guardMediaMove, prepareMedia } from './handlers/media-filter.ts';
import { guardStatusChange } from './handlers/update-filter.ts';
import { guardDeskChange, withDefaultDesk, type DeskMoveRecord } from './handlers/desk-move.ts';
import { deliverOne, sweepOutbox, type DeliveryDeps } from './outbox/delivery.ts';
import { outboxPolicyFromEnv, sweepCron } from './outbox/policy.ts';
import { parseLastTransition, type LastTransition } from './transition.ts';

type EventContext = { database: unknown; schema: SchemaLike | null; accountability: AccountabilityLike };

/** Whether the schema apply has created what the sweep reads (it adds fields one by one). */
function outboxReady(schema: SchemaLike): boolean {
  const fields = (collection: string) => (schema.collections[collection] as { fields?: Record<string, unknown> } | undefined)?.fields ?? {};
  return (
    ['delivered_at', 'next_attempt_at', 'received_at'].every((f) => f in fields('event_outbox')) &&
    'pending_transition' in fields('complaints') &&
    ['kind', 'public', 'date_created'].every((f) => f in fields('complaint_updates'))
  );
}

/**
 * Whether Directus wrote an activity row for this save (inside its transaction,
 * where our `activity.create` filter recorded the save's rows): it does for a
 * save with a user (accountability) on a collection whose activity tracking is on
 * (api/dist/services/items.js: createOne, updateMany).
 */
function loggedByDirectus(collection: string, context: EventContext): boolean {
  if (!context.accountability) return false;
  const meta = context.schema?.collections[collection] as { accountability?: unknown } | undefined;
  return meta !== undefined && meta.accountability !== null;
}

/**
 * Desk changes checked by the update filter, per report, until the save writes their history
 * rows: in its own transaction (the activity filter) when Directus logs the save, else in the
 * action after the commit. A save that fails leaves an entry the report's next save replaces.
 */
const pendingDeskMoves = new Map<string, DeskMoveRecord>();

/** Warn about stale events at most this often (the sweep runs every few seconds). */
const STALE_WARNING_EVERY_MS = 5 * 60_000;

/**
 * Complaint lifecycle hooks: ticket numbers and deadlines on create, the
 * status guard on update; in the same transaction as the save, its history
 * rows, assignments and outbox event; after the commit, signed events to n8n
 * through the durable outbox. The filters put the move on the row itself
 * (`last_transition`, `pending_transition`); the `activity.create` filter,
 * which Directus runs inside the save's transaction after the write, derives
 * the rows from it. Saves Directus does not log (no user) are recorded by the
 * actions after the commit, and the schedule's sweep repairs what a crash lost.
 * Thin on purpose: each event goes to a handler in ./handlers or ./outbox.
 */
export default defineHook(({ filter, action, schedule }, { services, logger, getSchema, database }) => {
  // process.env, not the context's env: Directus casts numeric-looking values
  // (a secret "12345", a timezone-less "16.10") to numbers there.
  const env = process.env;
  const target = eventsTarget(env);
  const send = target ? webhookSender(target) : null;
  const policy = outboxPolicyFromEnv(env);

  const storeDeps = async (db: unknown, schema: SchemaLike | null) => ({
    services: services as unknown as DirectusServices,
    database: db,
    schema: schema ?? ((await getSchema()) as unknown as SchemaLike),
    env,
  });
  const storeFor = async (context: EventContext) => directusStore(await storeDeps(context.database, context.schema));
  // Actions and the sweep always use the root knex: the outbox opens its own transaction.
  const outboxDeps = async (schema: SchemaLike | null): Promise<OutboxRecordDeps & DeliveryDeps> => ({
    outbox: outboxStore(await storeDeps(database, schema)),
    now: () => new Date(),
    eventsOn: send !== null,
    send,
    policy,
    logger,
    targetUrl: target?.url ?? null,
  });
  const deliverAll = async (ids: string[], deps: DeliveryDeps) => {
    const missed: string[] = [];
    for (const id of ids) if (!(await deliverOne(id, deps))) missed.push(id);
    return missed;
  };
  // A save inside a caller's transaction (an endpoint's) runs its action before that
  // commit, when its outbox rows are not visible yet: look once more a moment later
  // instead of leaving them to the sweep. A row already sent or backing off is not claimable: no second send.
  const deliverNow = async (ids: string[], deps: DeliveryDeps) => {
    const missed = await deliverAll(ids, deps);
    if (missed.length === 0 || !send) return;
    setTimeout(() => {
      deliverAll(missed, deps).catch((error: unknown) => logger.warn(`[kanal-aduan] pengiriman ulang peristiwa gagal: ${(error as Error).message}`));
    }, 1_500).unref?.();
  };

  const writeDeskMoves = async (moves: DeskMoveRecord[], db: unknown, schema: SchemaLike) => {
    const updates = new (services as unknown as DirectusServices).ItemsService('complaint_updates', { knex: db, schema });
    for (const m of moves) await updates.createOne({ complaint: m.complaint, kind: 'desk_move', body: m.body, public: false, author: m.author });
  };

  filter('complaints.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    try {
      const store = await storeFor(ctx);
      const prepared = await prepareNewComplaint(payload as Record<string, unknown>, { store, accountability: ctx.accountability, now: new Date() });
      return await withDefaultDesk(prepared, { store, accountability: ctx.accountability });
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  filter('complaints.items.update', async (payload, meta, context) => {
    const ctx = context as EventContext;
    try {
      const keys = (meta['keys'] ?? []) as Array<string | number>;
      const store = await storeFor(ctx);
      // Before the save, while the reports still show the desk they leave; written once it is done.
      const deskMoves = await guardDeskChange(payload as Record<string, unknown>, keys, { store, accountability: ctx.accountability });
      for (const m of deskMoves) pendingDeskMoves.set(String(m.complaint), m);
      const guarded = await guardStatusChange(payload as Record<string, unknown>, keys, {
        store,
        accountability: ctx.accountability,
        now: new Date(),
      });
      return { ...guarded.payload, ...regionStamp(guarded.payload) }; // kecamatan follows region (Dasbor Pimpinan groups by it)
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  // Inside the save's transaction, after its INSERT/UPDATE: the rows of the save commit with it.
  filter('activity.create', async (payload, _meta, context) => {
    const entry = payload as Record<string, unknown>;
    if (!isRecordedWrite(entry)) return payload;
    const ctx = context as EventContext;
    const schema = ctx.schema ?? ((await getSchema()) as unknown as SchemaLike);
    const deskMove = entry['collection'] === 'complaints' ? pendingDeskMoves.get(String(entry['item'])) : undefined;
    if (deskMove) {
      pendingDeskMoves.delete(String(entry['item']));
      await writeDeskMoves([deskMove], ctx.database, schema);
    }
    // Before the schema is fully applied (first boot) there is nothing to record into.
    if (!outboxReady(schema)) return payload;
    try {
      await recordWithWrite(entry, outboxTx(await storeDeps(ctx.database, schema)), { now: () => new Date(), eventsOn: send !== null });
    } catch (error) {
      throw toDirectusError(error);
    }
    return payload;
  });

  // After the commit: send what the transaction queued. A save Directus did not log
  // (no user) is recorded here first; a failure is healed by the sweep (pending_transition stays set).
  const afterSave = async (keys: Array<string | number>, last: LastTransition, context: EventContext) => {
    const deps = await outboxDeps(context.schema);
    const ids = new Set(moveEventIds(last, keys));
    if (!loggedByDirectus('complaints', context)) {
      for (const key of keys) for (const id of (await recordAfterCommit(key, deps)).written) ids.add(id);
    }
    await deliverNow([...ids], deps);
  };

  action('complaints.items.create', async (meta, context) => {
    const last = parseLastTransition((meta['payload'] as Record<string, unknown> | undefined)?.['last_transition']);
    if (!last) return;
    try {
      await afterSave([meta['key']], last, context as EventContext);
    } catch (error) {
      logger.error(error, `[kanal-aduan] riwayat laporan baru ${String(meta['key'])} belum tertulis; penyapu antrian akan memulihkannya`);
    }
  });

  action('complaints.items.update', async (meta, context) => {
    // A save Directus did not log (no user) left its desk moves for after the commit.
    const moves = ((meta['keys'] ?? []) as Array<string | number>).map((k) => pendingDeskMoves.get(String(k))).filter((m): m is DeskMoveRecord => m !== undefined);
    if (moves.length > 0) {
      for (const m of moves) pendingDeskMoves.delete(String(m.complaint));
      try {
        await writeDeskMoves(moves, database, (context as EventContext).schema ?? ((await getSchema()) as unknown as SchemaLike));
      } catch (error) {
        logger.error(error, `[kanal-aduan] riwayat pindah meja laporan ${String(meta['keys'])} belum tertulis`);
      }
    }
    const last = parseLastTransition((meta['payload'] as Record<string, unknown> | undefined)?.['last_transition']);
    if (!last) return;
    try {
      // REST hands keys over as strings; events and rows carry the integer id as before.
      const keys = ((meta['keys'] ?? []) as unknown[]).map(itemKey).filter((k): k is string | number => k !== null);
      await afterSave(keys, last, context as EventContext);
    } catch (error) {
      logger.error(error, `[kanal-aduan] riwayat perpindahan status ${String(meta['keys'])} belum tertulis; penyapu antrian akan memulihkannya`);
    }
  });

  filter('complaint_updates.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    try {
      const checked = guardLeaderMessage(payload as Record<string, unknown>, ctx.accountability);
      await guardFollowUp(checked, { store: await storeFor(ctx), accountability: ctx.accountability });
      return checked;
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  // Photos of a follow-up get their report from it; create permissions cannot look at the report a row points to (media-filter.ts).
  filter('complaint_media.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    try {
      return await prepareMedia(payload as Record<string, unknown>, { store: await storeFor(ctx), accountability: ctx.accountability });
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  filter('complaint_media.items.update', async (payload, meta, context) => {
    const ctx = context as EventContext;
    try {
      await guardMediaMove(payload as Record<string, unknown>, (meta['keys'] ?? []) as Array<string | number>, { store: await storeFor(ctx), accountability: ctx.accountability });
      return payload;
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  action('complaint_updates.items.create', async (meta, context) => {
    try {
      const payload = (meta['payload'] ?? {}) as Record<string, unknown>;
      if (!isPublicFollowUp(payload)) return;
      const deps = await outboxDeps((context as EventContext).schema);
      // Queued in the save's transaction already, unless Directus did not log the save.
      if (!loggedByDirectus('complaint_updates', context as EventContext)) await announceFollowUp({ key: meta['key'], payload }, deps);
      await deliverNow([`update:${String(meta['key'])}`], deps);
    } catch (error) {
      logger.error(error, `[kanal-aduan] tindak lanjut ${String(meta['key'])} belum masuk antrian peristiwa`);
    }
  });

  // Directus runs a schedule on one instance per tick (SynchronizedClock, Redis
  // when configured); `sweeping` keeps a slow pass from overlapping the next
  // one here, and the row claims keep any two senders apart anyway.
  let sweeping = false;
  let lastWarning = 0;
  schedule(sweepCron(policy), async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const schema = (await getSchema()) as unknown as SchemaLike;
      // Before the schema is fully applied (first boot) there is nothing to sweep.
      if (!outboxReady(schema)) return;
      const result = await sweepOutbox(await outboxDeps(schema));
      if (result.warning && Date.now() - lastWarning >= STALE_WARNING_EVERY_MS) {
        lastWarning = Date.now();
        logger.warn(result.warning);
      }
      const parts = [
        [result.repaired, 'perpindahan dipulihkan'],
        [result.announced, 'tindak lanjut dipulihkan'],
        [result.delivered, 'terkirim'],
        [result.failed, 'gagal'],
        [result.pruned, 'peristiwa lama yang sudah terkirim dihapus'],
      ] as const;
      if (result.repaired || result.announced || result.delivered || result.pruned) {
        logger.info(`[kanal-aduan] antrian peristiwa: ${parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`).join(', ')}`);
      }
    } catch (error) {
      logger.error(error, '[kanal-aduan] penyapu antrian peristiwa gagal');
    } finally {
      sweeping = false;
    }
  });
});
