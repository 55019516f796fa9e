import type { DirectusServices, SchemaLike } from '../shared/directus-store.ts';
import { loadReferenceData, NO_ROUTING_MODEL, ReferenceCache, routingModelReader, type RoutingModelStore } from './reference-cache.ts';

// The one reference cache of this Directus process, shared by the intake
// endpoint (reads) and the intake hook (clears it on edits): both entries are
// built into the same bundle module.

let cache: ReferenceCache | null = null;
/** The newest active routing model's parts (category and spam text), kept by model id across reference loads. */
const readRoutingModel = routingModelReader();

const CATEGORY_FIELDS = ['code', 'name', 'name_en', 'description', 'keywords', 'default_agency', 'sla_policy', 'active', 'sort'];
const TEMPLATE_FIELDS = ['id', 'key', 'locale', 'body', 'wa_template_name', 'wa_template_language', 'description'];

export function referenceCache(deps: { services: DirectusServices; database: unknown; getSchema: () => Promise<unknown> }): ReferenceCache {
  cache ??= new ReferenceCache(async () => {
    const schema = (await deps.getSchema()) as SchemaLike;
    const items = (collection: string) => new deps.services.ItemsService(collection, { knex: deps.database, schema });
    return loadReferenceData({
      settings: () => items('settings').readSingleton({ fields: ['instance_name', 'regency_code', 'timezone', 'ticket_prefix'] }),
      categories: () => items('categories').readByQuery({ filter: { active: { _eq: true } }, fields: CATEGORY_FIELDS, limit: -1 }),
      regions: (regency) => items('regions').readByQuery({ filter: { code: { _starts_with: `${regency}.` } }, fields: ['code', 'name', 'level', 'parent', 'latitude', 'longitude'], limit: -1 }),
      templates: () => items('message_templates').readByQuery({ fields: TEMPLATE_FIELDS, limit: -1 }),
      routingModel: async () => ('triage_models' in schema.collections ? readRoutingModel(triageModels(items('triage_models'))) : NO_ROUTING_MODEL),
    });
  });
  return cache;
}

/** The routing models as Directus stores them: `triage_models` rows, the body in the JSON field `model`. */
function triageModels(items: { readByQuery(query: Record<string, unknown>): Promise<Array<Record<string, unknown>>> }): RoutingModelStore {
  return {
    newest: async () => {
      const [head] = await items.readByQuery({ filter: { active: { _eq: true } }, fields: ['id', 'min_confidence'], sort: ['-id'], limit: 1 });
      return head ? { id: Number(head['id']), min_confidence: Number(head['min_confidence'] ?? 0.6) } : null;
    },
    body: async (id) => (await items.readByQuery({ filter: { id: { _eq: id } }, fields: ['model'], limit: 1 }))[0]?.['model'] ?? null,
  };
}

/** An edit of settings, categories, regions, templates or routing models: the next message reads them afresh. */
export function invalidateReferences(): void {
  cache?.invalidate();
}
