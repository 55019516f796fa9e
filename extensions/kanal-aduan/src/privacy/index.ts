import { defineHook } from '@directus/extensions-sdk';
import type { DirectusServices, SchemaLike } from '../shared/directus-store.ts';
import { toDirectusError } from '../shared/errors.ts';
import type { AccountabilityLike } from '../shared/role.ts';
import { guardCitizenMessageEdit, hideIdentityInCitizenMessage, hideIdentityInNewReport, hideIdentityInReportUpdate } from './identity-handlers.ts';
import { identityStore } from './identity-store.ts';

type EventContext = { database: unknown; schema: SchemaLike | null; accountability: AccountabilityLike };
type Payload = Record<string, unknown>;

/**
 * Identity in what citizens write (their messages to the verifikator, the
 * description and address of a confidential report) is hidden from agencies:
 * the create filters store a redacted copy where agencies read and the
 * original in a field only admin and verifikator read. Thin: the rules are in
 * ./identity-handlers.ts and core's findIdentity.
 */
export default defineHook(({ filter }, { services, getSchema }) => {
  const fieldsOf = (schema: SchemaLike, collection: string) =>
    ((schema.collections[collection] as { fields?: Record<string, unknown> } | undefined)?.fields) ?? {};
  /** The store when the schema has the private fields (the apply adds them one by one on first boot), else null. */
  const storeFor = async (ctx: EventContext, collection: string, field: string) => {
    const schema = (ctx.schema ?? (await getSchema())) as SchemaLike;
    if (!(field in fieldsOf(schema, collection))) return null;
    return identityStore({ services: services as unknown as DirectusServices, database: ctx.database, schema });
  };
  const keysOf = (meta: Record<string, unknown>) => (meta['keys'] ?? []) as Array<string | number>;

  filter('complaint_updates.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    const store = await storeFor(ctx, 'complaint_updates', 'body_private');
    if (!store) return payload;
    try {
      return await hideIdentityInCitizenMessage(payload as Payload, { store, accountability: ctx.accountability });
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  filter('complaint_updates.items.update', async (payload, meta, context) => {
    const ctx = context as EventContext;
    const store = await storeFor(ctx, 'complaint_updates', 'body_private');
    if (!store) return payload;
    try {
      return await guardCitizenMessageEdit(payload as Payload, keysOf(meta), { store, accountability: ctx.accountability });
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  filter('complaints.items.create', async (payload, _meta, context) => {
    const ctx = context as EventContext;
    const store = await storeFor(ctx, 'complaints', 'description_private');
    if (!store) return payload;
    try {
      return await hideIdentityInNewReport(payload as Payload, { store, accountability: ctx.accountability });
    } catch (error) {
      throw toDirectusError(error);
    }
  });

  filter('complaints.items.update', async (payload, meta, context) => {
    const ctx = context as EventContext;
    const store = await storeFor(ctx, 'complaints', 'description_private');
    if (!store) return payload;
    try {
      return await hideIdentityInReportUpdate(payload as Payload, keysOf(meta), { store, accountability: ctx.accountability });
    } catch (error) {
      throw toDirectusError(error);
    }
  });
});
