// Applies the schema, access, dashboards and the module bar as code to a running Directus:
// read the live state once per step, then create or patch only what differs.
// A second run reports no changes. Safe to run right after Directus starts
// (waits for /server/ping; the client retries 502/503 and refused connections).
import { ACCESS, PERMISSIONS, POLICIES, POLICY_IDS, ROLES, type PermissionRow } from './access.ts';
import { COLLECTIONS, COLLECTION_NAMES, RELATIONS, SYSTEM_FIELDS } from './collections/index.ts';
import { DASHBOARDS, PANELS, RETIRED_PANEL_IDS } from './dashboards.ts';
import { prepareGeometry } from './geometry.ts';
import { applyModuleBar } from './module-bar.ts';
import { applyPresets } from './presets.ts';
import { prepareRankingTables } from './ranking-tables.ts';
import { prepareScanIndexes } from './scan-indexes.ts';
import { createClient, type Client } from './directus-client.ts';
import type { FieldPayload, FieldSchema } from './dsl.ts';
import { isDeepStrictEqual } from 'node:util';

export type ApplyOptions = { url: string; token: string; log?: (line: string) => void };
export type ApplyResult = { changes: string[] };

type LiveCollection = { collection: string; meta: Record<string, unknown> | null };
type LiveField = { collection: string; field: string; type: string; meta: Record<string, unknown> | null; schema: Record<string, unknown> | null };
type LiveRelation = { collection: string; field: string; related_collection: string | null; meta: Record<string, unknown> | null; schema: Record<string, unknown> | null };
type LivePermission = PermissionRow & { id: number };
type Row = Record<string, unknown> & { id: string };

/** Normalises values Directus returns differently per database (SQLite 0/1 booleans, numeric strings). */
export function normalizeDefault(type: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'boolean') {
    if (value === true || value === 1 || value === '1' || value === 'true') return true;
    if (value === false || value === 0 || value === '0' || value === 'false') return false;
  }
  if (['integer', 'bigInteger', 'float', 'decimal'].includes(type) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return value;
}

const emptyToNull = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 ? null : v ?? null);

/** Keys of `desired` whose values differ from `live` (only keys we manage are compared). */
export function diffKeys(desired: Record<string, unknown>, live: Record<string, unknown> | null | undefined): string[] {
  return Object.keys(desired).filter((k) => !isDeepStrictEqual(emptyToNull(desired[k]), emptyToNull(live?.[k])));
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

/** Schema keys we compare on an existing column (never the PK's auto-increment etc.). */
function schemaDiff(desired: FieldPayload, live: LiveField): FieldSchema | null {
  if (!desired.schema || desired.schema.is_primary_key) return null;
  const want: Record<string, unknown> = {
    is_nullable: desired.schema.is_nullable,
    is_unique: desired.schema.is_unique,
    is_indexed: desired.schema.is_indexed,
    default_value: normalizeDefault(desired.type, desired.schema.default_value),
  };
  const have = { ...live.schema, default_value: normalizeDefault(live.type, live.schema?.default_value) };
  const keys = diffKeys(want, have);
  return keys.length ? (pick(want, keys) as FieldSchema) : null;
}

export async function applySchema(o: ApplyOptions): Promise<ApplyResult> {
  const log = o.log ?? (() => {});
  const api = createClient(o);
  await api.waitUntilReady();
  const changes: string[] = [];
  const change = (line: string) => { changes.push(line); log(line); };

  await applyCollections(api, change);
  await applyFields(api, change);
  await applyRelations(api, change);
  await applyAccess(api, change);
  await applyDashboards(api, change);
  await applyModuleBar(api, change);
  // The map bookmarks need the geometry field, which only PostGIS (or SpatiaLite on SQLite) gives.
  await applyPresets(api, change, { map: await prepareGeometry(api, change, log) });
  // Last: the triggers go on the tables as the steps above left them (SQLite rebuilds a table to alter it).
  if ((await prepareRankingTables(api)).created) change('create ranking tables and triggers (ranking_*)');
  const scan = await prepareScanIndexes(api);
  for (const name of scan.dropped) change(`drop SLA scan index ${name}`);
  for (const name of scan.created) change(`create SLA scan index ${name}`);

  log(changes.length ? `schema: ${changes.length} change(s) applied` : 'schema: already up to date');
  return { changes };
}

async function applyCollections(api: Client, change: (s: string) => void) {
  const live = new Map((await api.get<LiveCollection[]>('/collections')).map((c) => [c.collection, c]));
  for (const def of COLLECTIONS) {
    const existing = live.get(def.collection);
    const pk = def.fields[0]!;
    if (!existing) {
      await api.post('/collections', { collection: def.collection, meta: def.meta, schema: {}, fields: [pk] });
      change(`create collection ${def.collection}`);
      continue;
    }
    const keys = diffKeys(def.meta, existing.meta);
    if (keys.length) {
      await api.patch(`/collections/${def.collection}`, { meta: pick(def.meta, keys) });
      change(`update collection ${def.collection} (${keys.join(', ')})`);
    }
  }
}

async function applyFields(api: Client, change: (s: string) => void) {
  const liveList = await api.get<LiveField[]>('/fields');
  const live = new Map(liveList.map((f) => [`${f.collection}.${f.field}`, f]));
  const wanted = [
    ...COLLECTIONS.map((c) => ({ collection: c.collection, fields: c.fields })),
    ...SYSTEM_FIELDS,
  ];
  for (const { collection, fields } of wanted) {
    for (const field of fields) {
      const existing = live.get(`${collection}.${field.field}`);
      if (!existing) {
        await api.post(`/fields/${collection}`, field);
        change(`create field ${collection}.${field.field}`);
        continue;
      }
      const metaKeys = diffKeys(field.meta, existing.meta);
      const schema = schemaDiff(field, existing);
      if (!metaKeys.length && !schema) continue;
      const body: Record<string, unknown> = { field: field.field, type: existing.type };
      if (metaKeys.length) body.meta = pick(field.meta, metaKeys);
      if (schema) body.schema = schema;
      await api.patch(`/fields/${collection}/${field.field}`, body);
      change(`update field ${collection}.${field.field} (${[...metaKeys.map((k) => `meta.${k}`), ...Object.keys(schema ?? {}).map((k) => `schema.${k}`)].join(', ')})`);
    }
  }
}

async function applyRelations(api: Client, change: (s: string) => void) {
  const live = new Map((await api.get<LiveRelation[]>('/relations')).map((r) => [`${r.collection}.${r.field}`, r]));
  for (const rel of RELATIONS) {
    const existing = live.get(`${rel.collection}.${rel.field}`);
    if (!existing) {
      await api.post('/relations', rel);
      change(`create relation ${rel.collection}.${rel.field} -> ${rel.related_collection}`);
      continue;
    }
    const metaKeys = diffKeys(rel.meta, existing.meta);
    const schemaKeys = diffKeys(rel.schema, existing.schema);
    if (!metaKeys.length && !schemaKeys.length) continue;
    // Directus 11.17 reads collection/field/related_collection from the PATCH body itself
    // (RelationsService.alterType); without them it throws inside the ALTER TABLE callback
    // and the whole process exits. It also drops and recreates the foreign key on every
    // PATCH, with ON DELETE only from the body: the schema goes along even for a meta change.
    const body: Record<string, unknown> = { collection: rel.collection, field: rel.field, related_collection: rel.related_collection, schema: rel.schema };
    if (metaKeys.length) body.meta = pick(rel.meta, metaKeys);
    await api.patch(`/relations/${rel.collection}/${rel.field}`, body);
    change(`update relation ${rel.collection}.${rel.field} (${[...metaKeys, ...schemaKeys].join(', ')})`);
  }
}

/** Upsert rows with fixed ids in a system collection endpoint (/roles, /policies, /access, /dashboards, /panels). */
async function upsertById(api: Client, endpoint: string, rows: Row[], label: string, change: (s: string) => void) {
  const live = new Map((await api.get<Row[]>(`${endpoint}?limit=-1`)).map((r) => [r.id, r]));
  for (const row of rows) {
    const existing = live.get(row.id);
    if (!existing) {
      await api.post(endpoint, row);
      change(`create ${label} ${String(row.name ?? row.id)}`);
      continue;
    }
    const { id: _id, ...rest } = row;
    const keys = diffKeys(rest, existing);
    if (keys.length) {
      await api.patch(`${endpoint}/${row.id}`, pick(rest, keys));
      change(`update ${label} ${String(row.name ?? row.id)} (${keys.join(', ')})`);
    }
  }
}

const permKey = (p: Pick<PermissionRow, 'policy' | 'collection' | 'action'>) => `${p.policy}|${p.collection}|${p.action}`;

function normalizePermission(p: Partial<PermissionRow>) {
  return {
    permissions: emptyToNull(p.permissions),
    validation: emptyToNull(p.validation),
    presets: emptyToNull(p.presets),
    fields: p.fields ? [...p.fields].sort() : null,
  };
}

async function applyAccess(api: Client, change: (s: string) => void) {
  await upsertById(api, '/roles', ROLES as unknown as Row[], 'role', change);
  await upsertById(api, '/policies', POLICIES as unknown as Row[], 'policy', change);
  await upsertById(api, '/access', ACCESS as unknown as Row[], 'access', change);

  const ours = new Set<string>(Object.values(POLICY_IDS));
  const livePerms = await api.get<LivePermission[]>('/permissions?limit=-1');
  const byKey = new Map<string, LivePermission[]>();
  for (const p of livePerms) {
    if (!p.policy || !ours.has(p.policy)) continue;
    byKey.set(permKey(p), [...(byKey.get(permKey(p)) ?? []), p]);
  }
  const wantedKeys = new Set<string>();
  for (const want of PERMISSIONS) {
    const key = permKey(want);
    wantedKeys.add(key);
    const [existing, ...dupes] = byKey.get(key) ?? [];
    for (const d of dupes) {
      await api.del(`/permissions/${d.id}`);
      change(`delete duplicate permission ${want.collection}.${want.action} (${d.id})`);
    }
    if (!existing) {
      await api.post('/permissions', want);
      change(`create permission ${policyName(want.policy)}: ${want.collection}.${want.action}`);
      continue;
    }
    const keys = diffKeys(normalizePermission(want), normalizePermission(existing));
    if (keys.length) {
      await api.patch(`/permissions/${existing.id}`, pick(want as unknown as Record<string, unknown>, keys));
      change(`update permission ${policyName(want.policy)}: ${want.collection}.${want.action} (${keys.join(', ')})`);
    }
  }
  // Our policies hold exactly what is declared here.
  for (const [key, rows] of byKey) {
    if (wantedKeys.has(key)) continue;
    for (const r of rows) {
      await api.del(`/permissions/${r.id}`);
      change(`delete permission ${policyName(r.policy)}: ${r.collection}.${r.action}`);
    }
  }
  // The public policy (access row without role and user) gets nothing on our collections.
  const access = await api.get<Array<{ role: string | null; user: string | null; policy: string }>>('/access?limit=-1');
  const publicPolicies = new Set(access.filter((a) => a.role === null && a.user === null).map((a) => a.policy));
  const ourCollections = new Set(COLLECTION_NAMES);
  for (const p of livePerms) {
    if (p.policy && publicPolicies.has(p.policy) && ourCollections.has(p.collection)) {
      await api.del(`/permissions/${p.id}`);
      change(`delete public permission ${p.collection}.${p.action}`);
    }
  }
}

function policyName(id: string) {
  return POLICIES.find((p) => p.id === id)?.name ?? id;
}

async function applyDashboards(api: Client, change: (s: string) => void) {
  await upsertById(api, '/dashboards', DASHBOARDS as unknown as Row[], 'dashboard', change);
  // Only panels with our ids: other packages add panels (the ranking) to the same dashboard.
  await upsertById(api, '/panels', PANELS as unknown as Row[], 'panel', change);
  const retired = (await api.get<Row[]>(`/panels?limit=-1&fields=id,name`)).filter((r) => RETIRED_PANEL_IDS.includes(String(r.id)));
  for (const panel of retired) {
    await api.del(`/panels/${String(panel.id)}`);
    change(`delete retired panel ${String(panel.name ?? panel.id)}`);
  }
}
