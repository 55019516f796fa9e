// A vendor-neutral view of the live schema (GET /schema/snapshot), so the
// committed schema/snapshot.json is the same whether Directus runs on SQLite
// or Postgres. Drops what the database vendor decides (data_type, lengths,
// numeric precision, constraint names) and keeps what we decide (type, meta,
// nullability, uniqueness, indexes, defaults, foreign keys, relations).
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { normalizeDefault } from './apply.ts';
import { createClient } from './directus-client.ts';

const UUID_SYSTEM_KEYS = ['directus_users', 'directus_files', 'directus_roles', 'directus_policies', 'directus_folders'];

export const SNAPSHOT_PATH = new URL('../snapshot.json', import.meta.url);

type Raw = {
  directus: string;
  collections: Array<{ collection: string; meta: Record<string, unknown> | null }>;
  fields: Array<{ collection: string; field: string; type: string; meta: Record<string, unknown> | null; schema: Record<string, unknown> | null }>;
  relations: Array<{ collection: string; field: string; related_collection: string | null; meta: Record<string, unknown> | null; schema: Record<string, unknown> | null }>;
};

export type NormalizedSnapshot = {
  collections: Record<string, unknown>;
  fields: Record<string, unknown>;
  relations: Record<string, unknown>;
};

/** Recursively sorts object keys so JSON output and comparisons are stable. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

const withoutId = (meta: Record<string, unknown> | null) => {
  if (!meta) return null;
  const { id: _id, ...rest } = meta;
  return rest;
};

export function normalize(raw: Raw): NormalizedSnapshot {
  const collections: Record<string, unknown> = {};
  for (const c of raw.collections) collections[c.collection] = { meta: withoutId(c.meta) };
  // SQLite has no uuid column type: Directus reports a FK to a uuid key as
  // "string" there and "uuid" on Postgres. Type a FK by the key it points to.
  const keyTypes = new Map<string, string>(UUID_SYSTEM_KEYS.map((t) => [t, 'uuid']));
  for (const f of raw.fields) if (f.schema?.is_primary_key) keyTypes.set(f.collection, f.type);
  const fields: Record<string, unknown> = {};
  for (const f of raw.fields) {
    // A geometry field exists only where the database has PostGIS or SpatiaLite (the bundle's geo/location.ts makes it): the vendor decides.
    if (f.type.startsWith('geometry')) continue;
    const s = f.schema;
    const pk = Boolean(s?.is_primary_key);
    const fkTable = typeof s?.foreign_key_table === 'string' ? s.foreign_key_table : null;
    const type = fkTable && keyTypes.get(fkTable) === 'uuid' && (f.type === 'string' || f.type === 'uuid') ? 'uuid' : f.type;
    fields[`${f.collection}.${f.field}`] = {
      type,
      meta: withoutId(f.meta),
      schema: !s ? null : {
        is_primary_key: pk,
        has_auto_increment: Boolean(s.has_auto_increment),
        is_nullable: pk ? false : Boolean(s.is_nullable),
        // Postgres reports a PK as unique and indexed, SQLite does not: only compare for non-PK columns.
        is_unique: pk ? null : Boolean(s.is_unique),
        is_indexed: pk ? null : Boolean(s.is_indexed),
        default_value: pk ? null : normalizeDefault(f.type, s.default_value),
        foreign_key_table: s.foreign_key_table ?? null,
        foreign_key_column: s.foreign_key_column ?? null,
      },
    };
  }
  const relations: Record<string, unknown> = {};
  for (const r of raw.relations) {
    relations[`${r.collection}.${r.field}`] = {
      related_collection: r.related_collection,
      meta: withoutId(r.meta),
      schema: !r.schema ? null : {
        foreign_key_table: r.schema.foreign_key_table ?? null,
        foreign_key_column: r.schema.foreign_key_column ?? null,
        on_delete: r.schema.on_delete ?? null,
      },
    };
  }
  return sortKeys({ collections, fields, relations }) as NormalizedSnapshot;
}

export async function normalizedSnapshot(o: { url: string; token: string }): Promise<NormalizedSnapshot> {
  const api = createClient(o);
  return normalize(await api.get<Raw>('/schema/snapshot'));
}

/** Human-readable differences between two snapshots: one line per changed path. */
export function diffSnapshots(expected: unknown, actual: unknown, path = ''): string[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(expected) && isObj(actual)) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const k of [...new Set([...Object.keys(e), ...Object.keys(a)])].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in a)) out.push(`- ${p} (missing in live schema)`);
      else if (!(k in e)) out.push(`+ ${p} (not in snapshot.json)`);
      else out.push(...diffSnapshots(e[k], a[k], p));
    }
    return out;
  }
  return [`~ ${path}: snapshot ${JSON.stringify(expected)} != live ${JSON.stringify(actual)}`];
}

export async function readCommittedSnapshot(path: URL | string = SNAPSHOT_PATH): Promise<NormalizedSnapshot> {
  return JSON.parse(await readFile(path, 'utf8')) as NormalizedSnapshot;
}

/** Compares the live schema with the committed snapshot.json. */
export async function checkDrift(o: { url: string; token: string; snapshotPath?: URL | string }): Promise<{ drift: boolean; diff: string[] }> {
  const [expected, actual] = await Promise.all([readCommittedSnapshot(o.snapshotPath), normalizedSnapshot(o)]);
  const diff = diffSnapshots(expected, actual);
  return { drift: diff.length > 0, diff };
}
