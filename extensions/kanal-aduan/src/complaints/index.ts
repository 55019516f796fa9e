import { defineHook } from '@directus/extensions-sdk';
import { directusStore, type DirectusServices, type SchemaLike } from '../shared/directus-store.ts';
import { toDirectusError } from '../shared/errors.ts';
import { webhookSink } from '../shared/events.ts';
import type { AccountabilityLike } from '../shared/role.ts';
import { prepareNewComplaint } from './handlers/create-filter.ts';
import { announceFollowUp, recordCreated, recordStatusChanges, type HistoryDeps } from './handlers/history-action.ts';
import { recordAssignment } from './handlers/assignment-action.ts';
import { guardFollowUp } from './handlers/follow-up-filter.ts';
import { guardStatusChange } from './handlers/update-filter.ts';
import { PendingTransitions } from './pending-transitions.ts';

type EventContext = { database: unknown; schema: SchemaLike | null; accountability: AccountabilityLike };

/**
 * Complaint lifecycle hooks: ticket numbers and deadlines on create, the
 * status guard on update, history rows and signed events to n8n afterwards.
 * Thin on purpose: each event goes to a handler in ./handlers.
 */
export default defineHook(({ filter, action }, { services, logger, getSchema }) => {
  // process.env, not the context's env: Directus casts numeric-looking values
  // (a secret "12345", a timezone-less "16.10") to numbers there.
  const env = process.env;
  const emit = webhookSink(env, logger);
  const pending = new PendingTransitions();

  const storeFor = async (context: EventContext) =>
    directusStore({
      services: services as unknown as DirectusServices,
      database: context.database,
      schema: context.schema ?? ((await getSchema()) as unknown as SchemaLike),
      env,
    });
  const historyDeps = async (context: EventContext): Promise<HistoryDeps> => ({
    history: await storeFor(context),
    emit,
    now: () => new Date(),
  });

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
      for (const t of guarded.transitions) pending.park(t);
      return guarded.payload;
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  action('complaints.items.create', async (meta, context) => {
    const ctx = context as EventContext;
    try {
      await recordCreated(
        { key: meta['key'], payload: meta['payload'] ?? {} },
        ctx.accountability?.user ?? null,
        await historyDeps(ctx),
      );
    } catch (error) {
      logger.error(error, `[kanal-aduan] history row for new complaint ${String(meta['key'])} not written`);
    }
  });

  action('complaints.items.update', async (meta, context) => {
    try {
      const deps = await historyDeps(context as EventContext);
      // Assignments first: n8n reacts to the event by reading the new assignment.
      await recordStatusChanges({ keys: meta['keys'] ?? [], payload: meta['payload'] ?? {} }, pending, deps, async (t) => {
        try {
          await recordAssignment(t, await storeFor(context as EventContext), deps.now());
        } catch (error) {
          logger.error(error, `[kanal-aduan] assignment for complaint ${String(t.complaintId)} not written`);
        }
      });
    } catch (error) {
      logger.error(error, `[kanal-aduan] status history for complaints ${String(meta['keys'])} not written`);
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

  action('complaint_updates.items.create', async (meta, context) => {
    try {
      await announceFollowUp({ key: meta['key'], payload: meta['payload'] ?? {} }, await historyDeps(context as EventContext));
    } catch (error) {
      logger.error(error, `[kanal-aduan] follow-up ${String(meta['key'])} not announced`);
    }
  });
});
