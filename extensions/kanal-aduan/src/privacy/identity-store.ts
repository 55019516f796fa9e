import type { DirectusServices, SchemaLike } from '../shared/directus-store.ts';
import type { IdentityStore, ReportRow, UpdateRow } from './identity-handlers.ts';

type Deps = { services: DirectusServices; database: unknown; schema: SchemaLike };
type Writer = { updateOne(key: string | number, data: Record<string, unknown>, opts?: { emitEvents?: boolean }): Promise<unknown> };

/** Directus adapter of IdentityStore: ItemsService with full rights on the hook's knex (the create's transaction in a create filter). */
export function identityStore(deps: Deps): IdentityStore {
  const items = (collection: string) => new deps.services.ItemsService(collection, { knex: deps.database, schema: deps.schema });
  const has = (collection: string, field: string) =>
    field in (((deps.schema.collections[collection] as { fields?: Record<string, unknown> } | undefined)?.fields) ?? {});
  return {
    async citizenNames(citizen) {
      if (!has('citizens', 'display_name')) return [];
      const rows = await items('citizens').readMany([citizen], { fields: ['display_name'] });
      const name = rows[0]?.['display_name'];
      return typeof name === 'string' && name.trim() ? [name] : [];
    },
    async reporterOf(complaint) {
      const rows = await items('complaints').readMany([complaint], { fields: ['reporter'] });
      const reporter = rows[0]?.['reporter'];
      return typeof reporter === 'string' && reporter ? reporter : null;
    },
    async updates(keys) {
      if (!has('complaint_updates', 'body_private')) return [];
      return (await items('complaint_updates').readMany(keys, { fields: ['id', 'complaint', 'kind', 'body', 'body_private'], limit: -1 })) as UpdateRow[];
    },
    async reports(keys) {
      if (!has('complaints', 'description_private')) return [];
      const fields = ['id', 'confidential', 'reporter', 'title', 'description', 'address', 'description_private', 'address_private'];
      return (await items('complaints').readMany(keys, { fields, limit: -1 })) as ReportRow[];
    },
    async patchUpdate(id, patch) {
      await (items('complaint_updates') as unknown as Writer).updateOne(id, patch, { emitEvents: false });
    },
    async patchReport(id, patch) {
      await (items('complaints') as unknown as Writer).updateOne(id, patch, { emitEvents: false });
    },
  };
}
