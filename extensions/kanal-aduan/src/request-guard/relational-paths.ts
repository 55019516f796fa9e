// Where does a read query cross from one collection into another? Directus 11
// checks that the caller may read each field a filter or sort names, but a
// condition on a related row (`filter[updates][body][_contains]=…`,
// `filter[complaint][description]…`, `sort=author.email`) is evaluated on every
// related row, not only the rows the caller's item rules let them read. Each
// answer then tells whether a hidden row matched. The rule kept here: for
// non-admins, every relational step a query takes in its filter, sort,
// aggregate, groupBy or deep (recursively, with deep's own _filter/_sort) may
// only land on a collection whose touched field the caller reads on every row
// (a read permission without an item rule). Pure: the schema, the query and
// that answer come in, the refused steps go out.

export type RelationLike = {
  collection: string;
  field: string;
  related_collection: string | null;
  meta?: { one_field?: string | null } | null;
};
export type SchemaLike = {
  collections: Record<string, { primary: string; fields?: Record<string, unknown> }>;
  relations: RelationLike[];
};
/** The parts of a Directus query that name fields to compare, order or group by (sanitized or raw). */
export type QueryLike = {
  filter?: unknown;
  sort?: unknown;
  aggregate?: unknown;
  group?: unknown;
  groupBy?: unknown;
  deep?: unknown;
  alias?: unknown;
};

export type QueryPart = 'filter' | 'sort' | 'aggregate' | 'group' | 'deep';

/** One step of a path from one collection into a related one, and the field the query touches there. */
export type Crossing = { part: QueryPart; path: string; from: string; into: string; field: string };

/** Whether the caller reads `field` of `collection` on every row (no item rule). */
export type FullyReadable = (collection: string, field: string) => boolean;

type Hop = { into: string | null; kind: 'm2o' | 'o2m' | 'a2o' };

const FUNCTION_KEY = /^([^()]+)\(([^)]+)\)$/;
const FOLLOW_KEY = /^\$FOLLOW\(\s*([^,\s)]+)\s*,\s*([^,\s)]+)\s*(?:,\s*([^,\s)]+)\s*)?\)$/;

/** `year(date_created)` -> date_created; `count(updates)` -> updates (with the function). */
function parseKey(key: string): { field: string; fn?: string } {
  const m = FUNCTION_KEY.exec(key.trim());
  return m ? { field: m[2]!.trim(), fn: m[1]!.trim() } : { field: key.trim() };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
const list = (v: unknown): string[] =>
  typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** The relation a field of a collection follows, as Directus resolves it (@directus/utils getRelation). */
export function hopOf(schema: SchemaLike, collection: string, segment: string): Hop | null {
  const follow = FOLLOW_KEY.exec(segment.trim());
  if (follow) return { into: follow[1]!, kind: 'o2m' };
  if (segment.includes(':')) {
    const [, into] = segment.split(':');
    return { into: into ?? null, kind: 'a2o' };
  }
  const { field } = parseKey(segment);
  const m2o = schema.relations.find((r) => r.collection === collection && r.field === field);
  if (m2o) return { into: m2o.related_collection, kind: m2o.related_collection ? 'm2o' : 'a2o' };
  const o2m = schema.relations.find((r) => r.related_collection === collection && r.meta?.one_field === field);
  if (o2m) return { into: o2m.collection, kind: 'o2m' };
  return null;
}

/** The field a segment touches in its collection (for `$FOLLOW(…)` and `a:b`, the key it starts from). */
function touchedField(schema: SchemaLike, collection: string, segment: string | undefined): string {
  if (segment === undefined || FOLLOW_KEY.test(segment.trim())) return schema.collections[collection]?.primary ?? 'id';
  if (segment.includes(':')) return segment.split(':')[0]!;
  return parseKey(segment).field;
}

/** Each relational step of one path (segments from `collection`); stops at the first field that is not relational. */
export function crossingsOfPath(schema: SchemaLike, collection: string, segments: string[], part: QueryPart, prefix = ''): Crossing[] {
  const out: Crossing[] = [];
  let current = collection;
  for (let i = 0; i < segments.length; i++) {
    const hop = hopOf(schema, current, segments[i]!);
    if (!hop || !hop.into) return out;
    const rest = segments.slice(i + 1);
    const into = hop.into;
    // A many-to-one compared by itself or by the related key is the foreign key column: nothing of the related row is read.
    if (hop.kind === 'm2o' && (rest.length === 0 || (rest.length === 1 && rest[0] === schema.collections[into]?.primary))) return out;
    out.push({ part, path: prefix + segments.slice(0, i + 1).join('.'), from: current, into, field: touchedField(schema, into, rest[0]) });
    current = into;
  }
  return out;
}

/** Filter paths as Directus flattens them (api/dist/permissions/modules/process-ast/utils/flatten-filter.js). */
export function filterPaths(filter: unknown): string[][] {
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (isObject(node) || Array.isArray(node)) {
      const entries = Array.isArray(node) ? node.map((v) => ['', v] as const) : Object.entries(node);
      for (const [key, value] of entries) {
        if (Array.isArray(node)) walk(value, path);
        else if (!key.startsWith('_') || key === '_and' || key === '_or' || key === '_some' || key === '_none') walk(value, [...path, key]);
        else {
          const parts = path.filter((p) => !p.startsWith('_'));
          if (parts.length) paths.push(parts);
        }
      }
    } else {
      const parts = path.filter((p) => !p.startsWith('_'));
      if (parts.length) paths.push(parts);
    }
  };
  walk(parseMaybeJson(filter), []);
  return paths;
}

const splitPath = (field: string) => field.split('.').map((p) => (p.startsWith('-') ? p.slice(1) : p));

/**
 * Every relational step of a query read from `collection`, in filter, sort, aggregate, groupBy and deep.
 * The field list is not a crossing: Directus applies the related rows' rules to what it reads, count(<relation>)
 * included (api/dist/permissions/modules/process-ast/lib/inject-cases.js).
 */
export function queryCrossings(schema: SchemaLike, collection: string, query: QueryLike, prefix = ''): Crossing[] {
  const out: Crossing[] = [];
  const add = (segments: string[], part: QueryPart) => out.push(...crossingsOfPath(schema, collection, segments, part, prefix));

  for (const p of filterPaths(query.filter)) add(p, 'filter');

  const aggregate = parseMaybeJson(query.aggregate);
  const aggregated = isObject(aggregate) ? aggregate : {};
  for (const s of list(query.sort)) {
    const parts = splitPath(s);
    if (parts[0] !== undefined && parts[0] in aggregated) continue;
    add(parts, 'sort');
  }
  for (const fields of Object.values(aggregated)) for (const f of list(fields)) if (f !== '*') add(f.split('.'), 'aggregate');
  for (const g of [...list(query.group), ...list(query.groupBy)]) add(g.split('.'), 'group');

  const alias = parseMaybeJson(query.alias);
  const aliases = isObject(alias) ? (alias as Record<string, unknown>) : {};
  const deep = parseMaybeJson(query.deep);
  if (isObject(deep)) {
    for (const [key, level] of Object.entries(deep)) {
      if (key.startsWith('_') || !isObject(level)) continue;
      const real = typeof aliases[key] === 'string' ? (aliases[key] as string) : key;
      const hop = hopOf(schema, collection, real);
      if (!hop?.into) continue;
      const nested: QueryLike = { filter: level['_filter'], sort: level['_sort'], aggregate: level['_aggregate'], group: level['_group'], alias: level['_alias'], deep: level };
      // Reading the related rows themselves (the field list) applies their item rules; comparing inside them must too.
      out.push(...queryCrossings(schema, hop.into, nested, `${prefix}${key}.`).map((c) => ({ ...c, part: 'deep' as const })));
    }
  }
  return out;
}

/** The steps the caller may not take: into a collection whose touched field they do not read on every row. */
export function refusedCrossings(crossings: Crossing[], fullyReadable: FullyReadable): Crossing[] {
  const seen = new Set<string>();
  return crossings.filter((c) => {
    const key = `${c.part}|${c.path}|${c.field}`;
    if (seen.has(key) || fullyReadable(c.into, c.field)) return false;
    seen.add(key);
    return true;
  });
}

/** The Indonesian refusal naming the paths (an officer reads this in the app's toast). */
export function refusalMessage(refused: Crossing[]): string {
  const paths = [...new Set(refused.map((c) => c.path))].slice(0, 5).join(', ');
  return `Kueri ini menyaring, mengurutkan atau mengelompokkan lewat relasi ke data yang tidak seluruhnya boleh Anda baca (${paths}). Gunakan kolom laporan itu sendiri, atau minta verifikator.`;
}
