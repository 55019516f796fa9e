import { describe, expect, it } from 'vitest';
import { changedFields, planUpsert } from './upsert.ts';

describe('planUpsert', () => {
  it('creates missing rows, patches only changed fields and counts the rest unchanged', () => {
    const plan = planUpsert(
      'code',
      [
        { code: 'A', name: 'Satu', keywords: ['x', 'y'], active: true },
        { code: 'B', name: 'Dua', keywords: [], active: true },
        { code: 'C', name: 'Tiga', keywords: null, active: false },
      ],
      [
        { code: 'A', name: 'Satu', keywords: ['x', 'y'], active: 1, extra: 'admin field' },
        { code: 'B', name: 'Dua (lama)', keywords: [], active: true },
      ],
    );
    expect(plan.create.map((r) => r.code)).toEqual(['C']);
    expect(plan.update).toEqual([{ code: 'B', name: 'Dua' }]);
    expect(plan.unchanged).toBe(1);
  });

  it('fills fields that are still empty but leaves values someone set (an admin edit) alone', () => {
    const plan = planUpsert(
      'code',
      [
        { code: 'DPUPR', head: 'user-1', name: 'Dinas PUPR' },
        { code: 'DINKES', head: 'user-2', name: 'Dinas Kesehatan' },
      ],
      [
        { code: 'DPUPR', head: null, name: 'Dinas PUPR' },
        { code: 'DINKES', head: 'user-9', name: 'Dinkes (diubah admin)' },
      ],
    );
    expect(plan.fill).toEqual([{ code: 'DPUPR', head: 'user-1' }]);
    expect(plan.edited).toBe(1);
    expect(plan.update).toHaveLength(2);
  });

  it('compares JSON regardless of key order and numbers returned as strings', () => {
    expect(changedFields({ w: { a: 1, b: 2 }, n: 0.5 }, { w: { b: 2, a: 1 }, n: '0.5' })).toEqual([]);
    expect(changedFields({ w: { a: 1 } }, { w: { a: 2 } })).toEqual(['w']);
  });
});
