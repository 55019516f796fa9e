// `?search=` without hidden fields. Directus 11.17 searches every searchable
// column of a collection when the caller's read permissions on it carry no
// item rule, even columns those permissions leave out
// (api/dist/database/run-ast/lib/apply-query/search.js: the field list is
// narrowed only when there are rule "cases"). The verifikator and the n8n
// service read directus_users without the `email` column, yet
// `/users?search=rina@` listed who has that address. When a search would touch
// a column the caller may not read, it becomes the same search as a filter
// over the columns they may read. Pure: fields and access in, a filter out.

export type SearchField = { field: string; type: string; special?: string[] | null; searchable?: boolean };

const STRING_TYPES = new Set(['string', 'text']);
const NUMERIC_TYPES = new Set(['integer', 'bigInteger', 'float', 'decimal']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether Directus would compare this column with the search term (getFieldType in search.js). */
function searchedAs(f: SearchField, term: string): 'string' | 'numeric' | 'uuid' | null {
  if (f.searchable === false || f.special?.includes('conceal')) return null;
  if (STRING_TYPES.has(f.type)) return 'string';
  if (NUMERIC_TYPES.has(f.type)) return NUMBER.test(term.trim()) ? 'numeric' : null;
  if (f.type === 'uuid') return UUID.test(term) ? 'uuid' : null;
  return null;
}

/** Columns the search would read that the caller may not. */
export function hiddenSearchFields(fields: SearchField[], term: string, visible: (field: string) => boolean): string[] {
  return fields.filter((f) => searchedAs(f, term) !== null && !visible(f.field)).map((f) => f.field);
}

/**
 * The search as a filter over the visible columns only (an always-false filter
 * on the key when none is left), to be ANDed with the query's own filter.
 */
export function searchAsFilter(fields: SearchField[], term: string, visible: (field: string) => boolean, primary: string): Record<string, unknown> {
  const or: Record<string, unknown>[] = [];
  for (const f of fields) {
    if (!visible(f.field)) continue;
    const kind = searchedAs(f, term);
    if (kind === 'string') or.push({ [f.field]: { _icontains: term } });
    else if (kind === 'numeric') or.push({ [f.field]: { _eq: Number(term.trim()) } });
    else if (kind === 'uuid') or.push({ [f.field]: { _eq: term } });
  }
  return or.length ? { _or: or } : { [primary]: { _null: true } };
}
