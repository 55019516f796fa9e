import { describe, expect, it } from 'vitest';
import type { Category, RoutingRule } from '../model.ts';
import { categoryKnowledge, OUT_OF_SCOPE, readRoute, routeFrom, suggestRoute, trainTriage, type TriageHistoryItem } from './suggest.ts';

const cat = (code: string, keywords: string[], default_agency: string | null): Category => ({
  code, name: code, name_en: null, description: null, keywords, default_agency, sla_policy: null, active: true, sort: null,
});
const categories = [
  cat('JALAN', ['jalan rusak', 'lubang', 'aspal'], 'DPUPR'),
  cat('DESA', ['kades', 'kantor desa'], 'DPMD'),
  cat('SAMPAH', ['sampah'], 'DLH'),
];
const rules: RoutingRule[] = [
  { id: 1, category: 'DESA', region: '16.02.03', agency: 'KEC-16.02.03', priority: 10, note: null, active: true },
  { id: 2, category: 'DESA', region: '16.02.11', agency: 'KEC-16.02.11', priority: 10, note: null, active: true },
];
const history: TriageHistoryItem[] = [
  { text: 'jalan desa berlubang dalam, aspal hancur', region: '16.02.03.2007', category: 'JALAN', agency: 'DPUPR' },
  { text: 'jalan poros amblas, truk terguling', region: '16.02.11.2004', category: 'JALAN', agency: 'DPUPR' },
  { text: 'kades jarang ngantor, surat keterangan lama', region: '16.02.03.2007', category: 'DESA', agency: 'KEC-16.02.03' },
  { text: 'dana desa tidak jelas penggunaannya', region: '16.02.11.2004', category: 'DESA', agency: 'KEC-16.02.11' },
  { text: 'sampah numpuk gak diangkut', region: '16.02.03.2007', category: 'SAMPAH', agency: 'DLH' },
  { text: 'listrik pln padam tiap malam, alat elektronik rusak', region: '16.02.03.2007', category: null, agency: null, out_of_scope: true },
  { text: 'token listrik pln error, petugas tidak datang', region: '16.02.11.2004', category: null, agency: null, out_of_scope: true },
];
const now = new Date('2026-12-01T00:00:00Z');

describe('suggestRoute', () => {
  it('routes a learned category through the admins\' rules, to the Camat of the report\'s own kecamatan', () => {
    const m = trainTriage(history, categories, { now });
    const s = suggestRoute(m, 'pak kades tidak pernah di kantor desa, surat keterangan tertunda', '16.02.11.2004', rules, categories);
    expect(s.category.label).toBe('DESA');
    expect(s.agency).toBe('KEC-16.02.11');
    expect(suggestRoute(m, 'pak kades tidak pernah di kantor desa', '16.02.03.2007', rules, categories).agency).toBe('KEC-16.02.03');
    expect(s.top[0]).toEqual({ agency: s.agency, p: s.confidence });
  });

  it('learns "not ours" from history, which keyword rules cannot say', () => {
    const m = trainTriage(history, categories, { now });
    expect(suggestRoute(m, 'listrik pln mati dari sore', '16.02.05.1002', rules, categories).agency).toBe(OUT_OF_SCOPE);
  });

  it('with blend 1 follows the agency model, with 0 the category and the rules', () => {
    const hist = [...history, { text: 'lapangan bola rusak gawang patah', region: '16.02.03.2007', category: 'JALAN', agency: 'DISPORA' }];
    const m = trainTriage(hist, categories, { now });
    const text = 'lapangan bola di desa kami rusak, gawang patah';
    expect(suggestRoute(m, text, '16.02.03.2007', rules, categories, 1).agency).toBe('DISPORA');
    expect(suggestRoute(m, text, '16.02.03.2007', rules, categories, 0).agency).toBe('DPUPR');
  });

  it('reads a category the desk does not dispose by the rules with the agency model, among the agencies it went to', () => {
    const cats = [...categories, cat('LAINNYA', [], 'SETDA-UMUM')];
    const hist = [
      ...history,
      ...['lapangan bola rusak, gawang patah', 'gor bocor, lapangan voli licin', 'bantuan bola voli untuk klub pemuda'].map((text) => ({ text, region: '16.02.05.1002', category: 'LAINNYA', agency: 'DISPORA' })),
      ...['perpustakaan daerah tutup sabtu', 'mobil perpustakaan keliling tidak datang', 'buku perpustakaan sedikit'].map((text) => ({ text, region: '16.02.05.1002', category: 'LAINNYA', agency: 'DISPUSIP' })),
    ];
    const m = trainTriage(hist, cats, { now, select: false });
    const text = 'lapangan voli di kelurahan rusak, gawang patah';
    const s = suggestRoute(m, text, '16.02.05.1002', rules, cats, 0);
    expect(s.category.label).toBe('LAINNYA');
    expect(s.agency).toBe('DISPORA');
    // Where the desk always followed the rules, they stay in charge.
    expect(suggestRoute(m, 'jalan poros berlubang, aspal hancur', '16.02.05.1002', rules, cats, 0).agency).toBe('DPUPR');
    // With the rules trusted as if by a hundred reports, "Lainnya" goes to its default agency again.
    expect(routeFrom(m, readRoute(m, text, '16.02.05.1002', cats), '16.02.05.1002', rules, cats, 0, 100).agency).toBe('SETDA-UMUM');
  });

  it('starts from the categories\' own keywords when history is empty', () => {
    expect(categoryKnowledge(categories).filter((e) => e.label === 'SAMPAH').map((e) => e.text)).toEqual(['SAMPAH', 'sampah']);
    const m = trainTriage([], categories, { now });
    expect(suggestRoute(m, 'tolong, sampah di pasar belum diangkut', null, rules, categories).category.label).toBe('SAMPAH');
  });
});
