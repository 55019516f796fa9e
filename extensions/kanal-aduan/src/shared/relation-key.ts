/**
 * A many-to-one value in a Directus payload is either the key itself or a
 * nested object (when the client creates/reads it inline). Returns the key.
 */
export function relationKey(value: unknown, keyField = 'code'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const key = (value as Record<string, unknown>)[keyField] ?? (value as Record<string, unknown>)['id'];
    return key === undefined || key === null ? null : String(key);
  }
  return null;
}
