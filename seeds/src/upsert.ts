import type { DirectusRest } from './directus-rest.ts';

/** `kept`: rows that differ from the seed but were left alone (edited by an admin). */
export type UpsertCounts = { created: number; updated: number; unchanged: number; kept: number };

/** Order-independent JSON for comparing what we want with what Directus holds. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Fields of `desired` whose value differs from `current`. Only the fields we
 * seed are compared, so columns admins add or edit elsewhere are left alone.
 * Numbers that SQLite/Postgres hand back as strings (decimals) compare by value.
 */
export function changedFields(desired: Record<string, unknown>, current: Record<string, unknown> | undefined): string[] {
  if (!current) return Object.keys(desired);
  return Object.keys(desired).filter((k) => {
    const want = desired[k];
    let have = current[k];
    if (typeof want === 'number' && typeof have === 'string' && have.trim() !== '') have = Number(have);
    if (typeof want === 'boolean' && (have === 0 || have === 1)) have = have === 1;
    return canonical(want ?? null) !== canonical(have ?? null);
  });
}

/**
 * `update`: every changed field of every row; `fill`: only the fields that are
 * still empty in Directus (a seed value nobody has set or edited yet);
 * `edited`: rows that differ in a field someone did set.
 */
export type UpsertPlan<T> = { create: T[]; update: Partial<T>[]; fill: Partial<T>[]; edited: number; unchanged: number };

/** Pure diff: which rows to create and which fields of which rows to patch. */
export function planUpsert<T extends Record<string, unknown>>(
  pk: keyof T & string,
  desired: readonly T[],
  current: readonly Record<string, unknown>[],
): UpsertPlan<T> {
  const byKey = new Map(current.map((r) => [String(r[pk]), r]));
  const plan: UpsertPlan<T> = { create: [], update: [], fill: [], edited: 0, unchanged: 0 };
  for (const row of desired) {
    const have = byKey.get(String(row[pk]));
    if (!have) {
      plan.create.push(row);
      continue;
    }
    const diff = changedFields(row, have);
    if (diff.length === 0) {
      plan.unchanged++;
      continue;
    }
    plan.update.push(Object.fromEntries([[pk, row[pk]], ...diff.map((k) => [k, row[k]])]) as Partial<T>);
    const empty = diff.filter((k) => have[k] === null || have[k] === undefined);
    if (empty.length) plan.fill.push(Object.fromEntries([[pk, row[pk]], ...empty.map((k) => [k, row[k]])]) as Partial<T>);
    if (empty.length < diff.length) plan.edited++;
  }
  return plan;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Upsert rows of a collection with a natural primary key: read what exists
 * (only our keys, only our fields), create the missing ones and patch the
 * changed fields, both in batches (one request per `batch` rows).
 */
export async function upsertItems<T extends Record<string, unknown>>(
  api: DirectusRest,
  collection: string,
  pk: keyof T & string,
  rows: readonly T[],
  opts: { batch?: number; basePath?: string; overwrite?: boolean; log?: (line: string) => void } = {},
): Promise<UpsertCounts> {
  const batch = opts.batch ?? 500;
  const basePath = opts.basePath ?? `/items/${collection}`;
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, kept: 0 };
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const current: Record<string, unknown>[] = [];
  for (const keys of chunk(rows.map((r) => String(r[pk])), 200)) {
    const q = new URLSearchParams({ fields: fields.join(','), limit: '-1', filter: JSON.stringify({ [pk]: { _in: keys } }) });
    current.push(...(await api.request<Record<string, unknown>[]>('GET', `${basePath}?${q}`)));
  }
  const plan = planUpsert(pk, rows, current);
  for (const part of chunk(plan.create, batch)) await api.request('POST', basePath, part);
  // Admins own reference data once it exists (texts, rules, holidays): only
  // `overwrite` brings edited values back to the seed; without it we still fill
  // fields that are empty (e.g. an agency head, or a field a newer seed adds).
  const overwrite = opts.overwrite ?? true;
  const patches = overwrite ? plan.update : plan.fill;
  for (const part of chunk(patches, batch)) await api.request('PATCH', basePath, part);
  const counts = {
    created: plan.create.length,
    updated: patches.length,
    unchanged: plan.unchanged,
    kept: overwrite ? 0 : plan.edited,
  };
  opts.log?.(formatCounts(collection, counts));
  return counts;
}

export function formatCounts(name: string, c: UpsertCounts): string {
  return `${name}: ${c.created} baru, ${c.updated} diperbarui, ${c.unchanged} tetap${c.kept ? `, ${c.kept} diubah admin (dibiarkan)` : ''}`;
}
