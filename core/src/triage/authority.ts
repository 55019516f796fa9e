import type { NormalizedText } from './normalize.ts';

// Matters a kabupaten has no authority over, by who does (UU 23/2014 on regional government and
// its annex dividing the affairs; UU 2/2002 on the police), as groups of the words citizens use for
// them. A routing model reads each group as one feature ("kew:polri") beside the words: a stolen
// motorbike, a begal and a sabu den are each rare in a desk's history, but together they are many
// reports the desk marked "not ours", and the group carries what each word alone cannot. The model
// learns how far to trust a group from the desk's own verdicts (a group is evidence, never a rule):
// "listrik" in a school without power is still the school's.

/** Stemmed words (as normalizeText gives them) and word pairs, per authority. */
export const AUTHORITY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  // Crime: the police.
  polri: ['curi', 'maling', 'rampok', 'copet', 'jambret', 'begal', 'curanmor', 'narkoba', 'sabu', 'ganja', 'tawur', 'bunuh', 'tipu', 'sajam', 'polisi', 'polsek', 'polres'],
  // Electricity: PLN.
  pln: ['pln', 'voltase', 'listrik padam', 'padam listrik', 'padam gilir', 'listrik mati', 'mati listrik', 'token listrik', 'tagih listrik', 'meteran listrik', 'tiang listrik', 'kabel listrik'],
  // National and provincial roads: the Ministry's and the province's public works.
  jalan_negara: ['jalan nasional', 'jalan provinsi', 'lintas timur', 'lintas sumatera', 'jalan tol', 'tol'],
  // Senior high and special schools: the province since 2017.
  sekolah_provinsi: ['sma', 'smk', 'slb', 'sman', 'smkn'],
  // Fuel: Pertamina and BPH Migas.
  bbm: ['spbu', 'talite', 'pertalite', 'bbm', 'solar subsid', 'pertamax'],
  // Land titles: BPN.
  pertanahan: ['bpn', 'sertifikat tanah', 'sengketa tanah'],
  // Loans and banks: OJK.
  keuangan: ['pinjol', 'ojk', 'rentenir', 'bank keliling', 'pinjam online'],
  // Phone signal and internet: the operators and the ministry.
  telekomunikasi: ['sinyal', 'bts', 'telkomsel', 'indihome', 'operator seluler'],
  // Health insurance: BPJS Kesehatan.
  bpjs: ['bpjs'],
};

const groups = Object.entries(AUTHORITY_GROUPS).map(([name, terms]) => ({
  name,
  words: new Set(terms.filter((t) => !t.includes(' '))),
  pairs: new Set(terms.filter((t) => t.includes(' '))),
}));

/** The authority groups a text's words name, as features (`kew:<group>`). */
export function authorityFeatures(text: Pick<NormalizedText, 'tokens'>): string[] {
  const t = text.tokens;
  const out: string[] = [];
  for (const g of groups) {
    let hit = t.some((w) => g.words.has(w));
    for (let i = 1; !hit && i < t.length; i++) hit = g.pairs.has(`${t[i - 1]} ${t[i]}`);
    if (hit) out.push(`kew:${g.name}`);
  }
  return out;
}
