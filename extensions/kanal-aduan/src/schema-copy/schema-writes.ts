/**
 * Requests whose Directus service may write into the schema object it is
 * handed. Directus 11.17's RelationsService.updateOne sets
 * `existingRelation.schema.constraint_name` on the schema's own relation
 * (api/dist/services/relations.js); with CACHE_SCHEMA_FREEZE_ENABLED that
 * schema is the one frozen copy every request shares, and the write throws
 * half-way through changing the foreign key. Collections, fields and
 * relations are changed rarely (the schema apply, an admin in the data
 * model), so each such request gets its own copy; everything else keeps the
 * shared one.
 */
const SCHEMA_ROUTES = new Set(['relations', 'fields', 'collections']);

export function writesSchema(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  const parts = path.split('/').filter(Boolean);
  if (SCHEMA_ROUTES.has(parts[0] ?? '')) return true;
  // GraphQL's system endpoint reaches the same services (create/update/delete_relations_item, …).
  return parts[0] === 'graphql' && parts[1] === 'system';
}

/** A writable copy of a frozen schema; an unfrozen one is already the request's own. */
export function ownSchema<T>(schema: T): T {
  return schema && typeof schema === 'object' && Object.isFrozen(schema) ? structuredClone(schema) : schema;
}
