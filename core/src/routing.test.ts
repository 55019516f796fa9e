import { describe, expect, it } from 'vitest';
import type { Category, RoutingRule } from './model.ts';
import { matchingRules, regionIsWithin, suggestAgency } from './routing.ts';

let nextId = 1;
const rule = (p: Partial<RoutingRule> & { agency: string }): RoutingRule => ({
  id: nextId++,
  category: null,
  region: null,
  priority: 0,
  note: null,
  active: true,
  ...p,
});
const category = (code: string, default_agency: string | null): Category => ({
  code,
  name: code === 'JALAN' ? 'Jalan & Jembatan' : code,
  name_en: null,
  description: null,
  keywords: [],
  default_agency,
  sla_policy: 'SP4N',
  active: true,
  sort: null,
});

const CATEGORIES = [category('JALAN', 'DPUPR'), category('KESEHATAN', 'DINKES'), category('LAINNYA', null)];
const DESA = '16.02.01.2001'; // a desa in Kecamatan 16.02.01 of Kabupaten OKI (16.02)

describe('regionIsWithin', () => {
  it.each([
    [DESA, '16.02.01', true],
    [DESA, '16.02', true],
    [DESA, DESA, true],
    ['16.02.10', '16.02.1', false],
    ['16.02.01', DESA, false],
    ['16.03.01', '16.02', false],
  ])('%s within %s: %s', (code, ancestor, within) => expect(regionIsWithin(code, ancestor)).toBe(within));
});

describe('suggestAgency', () => {
  const rules = [
    rule({ agency: 'SEKDA' }), // any category, any region
    rule({ region: '16.02.01', agency: 'KEC-16.02.01' }), // anything in the kecamatan
    rule({ category: 'JALAN', agency: 'DPUPR' }),
    rule({ category: 'JALAN', region: '16.02.01', agency: 'UPTD-JALAN-1' }),
  ];

  it.each<[string, string | null, string | null, string]>([
    ['category+region beats everything', 'JALAN', DESA, 'UPTD-JALAN-1'],
    ['category only beats region only', 'JALAN', '16.02.05.2001', 'DPUPR'],
    ['region only beats any', 'KESEHATAN', DESA, 'KEC-16.02.01'],
    ['any when nothing else matches', 'KESEHATAN', '16.02.05', 'SEKDA'],
    ['no region: region rules never match', 'JALAN', null, 'DPUPR'],
    ['no category: category rules never match', null, DESA, 'KEC-16.02.01'],
  ])('%s', (_n, cat, region, agency) => {
    const s = suggestAgency({ category: cat, region }, rules, CATEGORIES);
    expect(s.agency).toBe(agency);
    expect(s.reason).toBe('rule');
    expect(s.rule?.agency).toBe(agency);
  });

  it('higher priority wins within the same specificity', () => {
    const r = [
      rule({ category: 'JALAN', agency: 'DPUPR', priority: 0 }),
      rule({ category: 'JALAN', agency: 'DISHUB', priority: 10 }),
    ];
    expect(suggestAgency({ category: 'JALAN', region: DESA }, r, CATEGORIES).agency).toBe('DISHUB');
  });

  it('the deeper region wins at equal priority', () => {
    const r = [
      rule({ region: '16.02', agency: 'KAB' }),
      rule({ region: DESA, agency: 'DESA-2001' }),
      rule({ region: '16.02.01', agency: 'KEC' }),
    ];
    expect(suggestAgency({ category: 'KESEHATAN', region: DESA }, r, CATEGORIES).agency).toBe('DESA-2001');
    expect(suggestAgency({ category: 'KESEHATAN', region: '16.02.01.2002' }, r, CATEGORIES).agency).toBe('KEC');
    expect(matchingRules({ category: null, region: DESA }, r).map((x) => x.agency)).toEqual(['DESA-2001', 'KEC', 'KAB']);
  });

  it('priority outranks region depth', () => {
    const r = [rule({ region: DESA, agency: 'DESA-2001' }), rule({ region: '16.02', agency: 'KAB', priority: 5 })];
    expect(suggestAgency({ category: null, region: DESA }, r, CATEGORIES).agency).toBe('KAB');
  });

  it('ignores inactive rules', () => {
    const r = [
      rule({ category: 'JALAN', region: DESA, agency: 'OLD', active: false }),
      rule({ category: 'JALAN', agency: 'DPUPR' }),
    ];
    expect(suggestAgency({ category: 'JALAN', region: DESA }, r, CATEGORIES).agency).toBe('DPUPR');
  });

  it("falls back to the category's default agency", () => {
    expect(suggestAgency({ category: 'KESEHATAN', region: DESA }, [], CATEGORIES)).toEqual({
      agency: 'DINKES',
      rule: null,
      reason: 'category_default',
    });
  });

  it('throws COMPLAINT.NO_ROUTE with an Indonesian message when nothing routes', () => {
    expect(() => suggestAgency({ category: 'LAINNYA', region: DESA }, [], CATEGORIES)).toThrow(
      expect.objectContaining({
        code: 'COMPLAINT.NO_ROUTE',
        message: expect.stringContaining('Belum ada OPD tujuan untuk laporan ini (kategori «LAINNYA», wilayah 16.02.01.2001)'),
        params: { category: 'LAINNYA', region: DESA },
      }),
    );
    expect(() => suggestAgency({ category: null, region: null }, [], CATEGORIES)).toThrow(/tanpa kategori, tanpa wilayah/);
  });
});
