// Which fields does a caller read on every row of a collection? Gathered the
// way Directus 11 gathers a caller's rights (api/dist/permissions/lib/
// fetch-policies.js + fetch-raw-permissions.js): the policies attached to the
// user or their roles (the public policy when there is neither), minus those
// whose IP allow-list excludes the caller, then their `read` permission rows.
// A row "without an item rule" is one whose `permissions` is null or empty
// (api/dist/permissions/modules/process-ast/utils/has-item-permissions.js).

export type PermissionRowLike = { collection: string; permissions: unknown; fields: unknown };

/** Directus's minimal app permissions that read every row (api system-data appAccessMinimalPermissions). */
export const APP_MINIMAL_FULL_READS = ['directus_collections', 'directus_fields', 'directus_relations', 'directus_translations', 'directus_settings'];

const hasItemRule = (rule: unknown): boolean => {
  let r = rule;
  if (typeof r === 'string') {
    try {
      r = JSON.parse(r);
    } catch {
      return true;
    }
  }
  return r !== null && r !== undefined && !(typeof r === 'object' && Object.keys(r as object).length === 0);
};

const fieldsOf = (fields: unknown): string[] => {
  if (Array.isArray(fields)) return fields.map(String);
  if (typeof fields === 'string') {
    try {
      const parsed = JSON.parse(fields);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // A CSV string (SQLite stores csv fields as text).
    }
    return fields.split(',').map((f) => f.trim()).filter(Boolean);
  }
  return [];
};

/** From the caller's read permission rows: collection -> fields read on every row ('*' for all). */
export function fullReadMap(rows: PermissionRowLike[], app: boolean): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const grant = (collection: string, fields: string[]) => {
    const set = map.get(collection) ?? new Set<string>();
    for (const f of fields) set.add(f);
    map.set(collection, set);
  };
  for (const row of rows) if (!hasItemRule(row.permissions)) grant(row.collection, fieldsOf(row.fields));
  if (app) for (const c of APP_MINIMAL_FULL_READS) grant(c, ['*']);
  return map;
}

export const fullyReadableFrom = (map: Map<string, Set<string>>) => (collection: string, field: string): boolean => {
  const fields = map.get(collection);
  return !!fields && (fields.has('*') || fields.has(field));
};

/** Whether a policy's IP allow-list lets the caller in (exact addresses; a range never widens access here). */
export function ipAllowed(ipAccess: unknown, ip: string | null | undefined): boolean {
  const list = Array.isArray(ipAccess) ? ipAccess.map(String) : typeof ipAccess === 'string' && ipAccess ? ipAccess.split(',').map((s) => s.trim()) : [];
  if (list.length === 0) return true;
  return !!ip && list.includes(ip);
}
