import { defineHook } from '@directus/extensions-sdk';
import { regionStamp } from '@kanal-aduan/core';
import { directusStore, type DirectusServices, type SchemaLike } from '../shared/directus-store.ts';
import { toDirectusError } from '../shared/errors.ts';
import { eventsTarget, webhookSender } from '../shared/events.ts';
import { outboxStore } from '../shared/outbox-store.ts';
import type { AccountabilityLike } from '../shared/role.ts';
import { prepareNewComplaint } from './handlers/create-filter.ts';
import { announceFollowUp, recordTransition, type RecordDeps } from './handlers/history-action.ts';
import { guardFollowUp } from './handlers/follow-up-filter.ts';
import { guardMediaMove, prepareMedia } from './handlers/media-filter.ts';
import { guardStatusChange } from './handlers/update-filter.ts';
import { deliverOne, sweepOutbox, type DeliveryDeps } from './outbox/delivery.ts';
import { outboxPolicyFromEnv, sweepCron } from './outbox/policy.ts';
import { parseLastTransition } from './transition.ts';

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

/** Warn about stale events at most this often (the sweep runs every few seconds). */
const STALE_WARNING_EVERY_MS = 5 * 60_000;

/**
 * Complaint lifecycle hooks: ticket numbers and deadlines on create, the
 * status guard on update, then (after the commit) history rows, assignments
 * and signed events to n8n through the durable outbox. The filters put the
 * move on the row itself (`last_transition`), so the actions and the
 * schedule's repair sweep derive everything from committed data.
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
  const outboxDeps = async (schema: SchemaLike | null): Promise<RecordDeps & DeliveryDeps> => ({
    outbox: outboxStore(await storeDeps(database, schema)),
    now: () => new Date(),
    eventsOn: send !== null,
    send,
    policy,
    logger,
    targetUrl: target?.url ?? null,
  });
  const deliverAll = async (ids: string[], deps: DeliveryDeps) => {
    for (const id of ids) await deliverOne(id, deps);
  };

  filter('complaints.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    try {
      return await prepareNewComplaint(payload as Record<string, unknown>, {
        store: await storeFor(ctx),
        accountability: ctx.accountability,
        now: new Date(),
      });
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  filter('complaints.items.update', async (payload, meta, context) => {
    const ctx = context as EventContext;
    try {
      const guarded = await guardStatusChange(payload as Record<string, unknown>, (meta['keys'] ?? []) as Array<string | number>, {
        store: await storeFor(ctx),
        accountability: ctx.accountability,
        now: new Date(),
      });
      return { ...guarded.payload, ...regionStamp(guarded.payload) }; // kecamatan follows region (Dasbor Pimpinan groups by it)
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  // After the commit. A failure here is healed by the sweep (pending_transition stays set).
  action('complaints.items.create', async (meta, context) => {
    const last = parseLastTransition((meta['payload'] as Record<string, unknown> | undefined)?.['last_transition']);
    if (!last) return;
    try {
      const deps = await outboxDeps((context as EventContext).schema);
      await deliverAll(await recordTransition(meta['key'], last, deps), deps);
    } catch (error) {
      logger.error(error, `[kanal-aduan] riwayat laporan baru ${String(meta['key'])} belum tertulis; penyapu antrian akan memulihkannya`);
    }
  });

  action('complaints.items.update', async (meta, context) => {
    const last = parseLastTransition((meta['payload'] as Record<string, unknown> | undefined)?.['last_transition']);
    if (!last) return;
    try {
      const deps = await outboxDeps((context as EventContext).schema);
      const written: string[] = [];
      // REST hands keys over as strings; events and rows carry the integer id as before.
      for (const key of (meta['keys'] ?? []) as Array<string | number>) {
        written.push(...(await recordTransition(/^\d+$/.test(String(key)) ? Number(key) : key, last, deps)));
      }
      await deliverAll(written, deps);
    } catch (error) {
      logger.error(error, `[kanal-aduan] riwayat perpindahan status ${String(meta['keys'])} belum tertulis; penyapu antrian akan memulihkannya`);
    }
  });

  filter('complaint_updates.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    try {
      await guardFollowUp(payload as Record<string, unknown>, { store: await storeFor(ctx), accountability: ctx.accountability });
      return payload;
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
      const deps = await outboxDeps((context as EventContext).schema);
      const id = await announceFollowUp({ key: meta['key'], payload: meta['payload'] ?? {} }, deps);
      if (id) await deliverAll([id], deps);
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
