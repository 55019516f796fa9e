import type { CategoryReader, TriageModels } from '@kanal-aduan/core';
import type { DirectusServices, SchemaLike } from '../shared/directus-store.ts';
import { loadReferenceData, ReferenceCache } from './reference-cache.ts';

// The one reference cache of this Directus process, shared by the intake
// endpoint (reads) and the intake hook (clears it on edits): both entries are
// built into the same bundle module.

let cache: ReferenceCache | null = null;
/** The newest active routing model's category part, by id: read again only when another model becomes the newest. */
let reader: (Omit<CategoryReader, 'min_confidence'> & { id: number }) | null = null;

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
      categoryReader: async () => {
        if (!('triage_models' in schema.collections)) return null;
        const [head] = await items('triage_models').readByQuery({ filter: { active: { _eq: true } }, fields: ['id', 'min_confidence'], sort: ['-id'], limit: 1 });
        if (!head) return null;
        const id = Number(head['id']);
        const min_confidence = Number(head['min_confidence'] ?? 0.6);
        if (reader?.id !== id) {
          const [row] = await items('triage_models').readByQuery({ filter: { id: { _eq: id } }, fields: ['model'], limit: 1 });
          const raw = row?.['model'];
          const models = (typeof raw === 'string' ? JSON.parse(raw) : raw) as TriageModels | null;
          if (!models?.category) return null;
          reader = { id, category: models.category, keywordVotes: models.keywordVotes };
        }
        return { category: reader.category, keywordVotes: reader.keywordVotes, min_confidence };
      },
    });
  });
  return cache;
}

/** An edit of settings, categories, regions, templates or routing models: the next message reads them afresh. */
export function invalidateReferences(): void {
  cache?.invalidate();
}
