// Field conditions are read by the Directus app only (app/src/utils/apply-conditions):
// a rule with more than one top-level key, or on a field that does not exist, is
// silently ignored and the form falls back to the base meta. Catch that here.
import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from './index.ts';

const withConditions = COLLECTIONS.flatMap((c) =>
  c.fields.filter((f) => f.meta.conditions?.length).map((f) => ({ collection: c.collection, names: new Set(c.fields.map((x) => x.field)), field: f })),
);

/** Field names a filter refers to (keys that are not operators). */
function fieldsOf(rule: unknown): string[] {
  if (Array.isArray(rule)) return rule.flatMap(fieldsOf);
  if (!rule || typeof rule !== 'object') return [];
  return Object.entries(rule).flatMap(([k, v]) => (k.startsWith('_') ? fieldsOf(v) : [k]));
}

describe('field conditions', () => {
  it('exist where the report forms need them', () => {
    const names = withConditions.map((w) => `${w.collection}.${w.field.field}`);
    expect(names).toEqual(expect.arrayContaining([
      'complaints.status_reason', 'complaints.status_note', 'complaints.duplicate_of', 'complaints.assigned_agency',
      'complaint_updates.kind', 'complaint_updates.public',
    ]));
  });

  it.each(withConditions.map((w) => [`${w.collection}.${w.field.field}`, w] as const))('%s: one top-level key per rule, on fields of the collection', (_name, w) => {
    for (const c of w.field.meta.conditions!) {
      expect(Object.keys(c.rule), c.name).toHaveLength(1);
      for (const f of fieldsOf(c.rule)) expect(w.names.has(f), `${c.name}: unknown field ${f}`).toBe(true);
    }
  });

  it('offer only values the base dropdown knows (reject and close reasons)', () => {
    const reason = withConditions.find((w) => w.collection === 'complaints' && w.field.field === 'status_reason')!.field;
    const base = new Set((reason.meta.options!['choices'] as Array<{ value: string }>).map((c) => c.value));
    for (const c of reason.meta.conditions!) {
      for (const ch of (c.options?.['choices'] as Array<{ value: string }> | undefined) ?? []) expect(base.has(ch.value), ch.value).toBe(true);
    }
    const reject = reason.meta.conditions!.find((c) => c.name === 'Tolak')!;
    expect((reject.options!['choices'] as Array<{ value: string }>).map((c) => c.value)).toEqual(['spam', 'duplicate', 'out_of_scope', 'invalid']);
  });
});
