import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { RegionLevel, type Region } from '../model.ts';

// Citizens type places the way they say them: "kec. kayu agung", "kayuagung",
// "ds sukadna", "Sukadana, Kayu Agung". Kemendagri names (regions.name) are the
// reference; we compare with spaces removed so "kayu agung" == "Kayuagung",
// allow one typo (two for long names), and use prefixes (kec./desa/kel.) and a
// kecamatan named next to a village to pick between namesakes (OKI has three
// villages called Sukaraja).

export const PlaceMatch = z.object({
  code: z.string(),
  name: z.string(),
  level: RegionLevel,
  /** "Sukadana, Kec. Kayu Agung" — what the citizen is asked to confirm. */
  label: z.string(),
  score: z.number(),
  exact: z.boolean(),
});
export type PlaceMatch = z.infer<typeof PlaceMatch>;

export const PlaceMatchResult = z.object({
  /** The place meant, when one stands out (or namesakes nest, e.g. kelurahan Kayuagung in kecamatan Kayu Agung). */
  best: PlaceMatch.nullable(),
  /** True when `best` matched exactly and alone: no need to ask the citizen to confirm. */
  confident: z.boolean(),
  /** Best first, at most 10 (a WhatsApp list holds 10 rows). */
  candidates: z.array(PlaceMatch),
});
export type PlaceMatchResult = z.infer<typeof PlaceMatchResult>;

export type PlaceMatchMode =
  /** The whole text answers "where?": every word group may be a place. */
  | 'answer'
  /** A free description: only exact names of 6+ letters, or names right after kec./desa/kel. */
  | 'sentence';

type Hint = 'kecamatan' | 'village' | 'regency' | null;

const PREFIXES: Record<string, Hint> = {
  kec: 'kecamatan',
  kecamatan: 'kecamatan',
  kecmatan: 'kecamatan',
  district: 'kecamatan',
  ds: 'village',
  desa: 'village',
  kel: 'village',
  kelurahan: 'village',
  village: 'village',
  kab: 'regency',
  kabupaten: 'regency',
  kota: 'regency',
};
// Words around a place name that are never part of it.
const FILLERS = new Set(['di', 'daerah', 'wilayah', 'lokasi', 'lokasinya', 'tempat', 'tempatnya', 'in', 'at', 'the', 'dan', 'and']);

const MATCHED_LEVELS = new Set<RegionLevel>(['kecamatan', 'kelurahan', 'desa']);
const MAX_WORDS = 4;
const TIE = 0.05;

export function normalizePlaceText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s,;/\n]/gu, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const key = (name: string) => normalizePlaceText(name).replace(/[^\p{L}\p{N}]/gu, '');

/** Typos allowed for a name of this length: none below 5 letters ("paku" vs "pak"). */
function allowedEdits(len: number): number {
  if (len >= 8) return 2;
  if (len >= 5) return 1;
  return 0;
}

type Segment = { words: string[]; hint: Hint };

/** Splits at commas and at prefix words; a prefix hints the level of the words right after it. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  for (const part of normalizePlaceText(text).split(/[,;/\n]+/)) {
    let current: Segment = { words: [], hint: null };
    for (const w of part.split(' ').filter(Boolean)) {
      const hint = PREFIXES[w];
      if (hint !== undefined) {
        if (current.words.length) out.push(current);
        current = { words: [], hint };
      } else if (FILLERS.has(w) && current.words.length === 0) {
        continue;
      } else {
        current.words.push(w);
      }
    }
    if (current.words.length) out.push(current);
  }
  return out;
}

type Hit = { region: Region; score: number; exact: boolean; span: string };

function levelBonus(hint: Hint, level: RegionLevel): number {
  if (hint === 'kecamatan') return level === 'kecamatan' ? 0.2 : -0.3;
  if (hint === 'village') return level === 'kecamatan' ? -0.3 : 0.2;
  return 0;
}

export function labelOf(region: Region, byCode: ReadonlyMap<string, Region>): string {
  if (region.level === 'kecamatan') return `Kec. ${region.name}`;
  const parent = region.parent ? byCode.get(region.parent) : undefined;
  return parent?.level === 'kecamatan' ? `${region.name}, Kec. ${parent.name}` : region.name;
}

function isAncestor(ancestor: Region, region: Region, byCode: Map<string, Region>): boolean {
  let p = region.parent ? byCode.get(region.parent) : undefined;
  while (p) {
    if (p.code === ancestor.code) return true;
    p = p.parent ? byCode.get(p.parent) : undefined;
  }
  return false;
}

/** Namesakes on one line of descent (kecamatan Kayu Agung > kelurahan Kayuagung): the deepest says most. */
function deepestOfChain(hits: Hit[], byCode: Map<string, Region>): Hit | null {
  const sorted = [...hits].sort((a, b) => b.region.code.length - a.region.code.length);
  const deepest = sorted[0];
  if (!deepest) return null;
  return sorted.slice(1).every((h) => isAncestor(h.region, deepest.region, byCode)) ? deepest : null;
}

/**
 * Finds the kecamatan/desa/kelurahan a citizen typed, among the regency's
 * regions (rows of `regions`; other levels are only used for labels).
 */
export function matchPlace(text: string, regions: readonly Region[], mode: PlaceMatchMode = 'answer'): PlaceMatchResult {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const targets = regions.filter((r) => MATCHED_LEVELS.has(r.level)).map((r) => ({ region: r, key: key(r.name) }));
  const byKey = new Map<string, Region[]>();
  for (const t of targets) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t.region]);

  const hits = new Map<string, Hit>();
  const record = (region: Region, score: number, exact: boolean, span: string) => {
    const prev = hits.get(region.code);
    if (!prev || score > prev.score) hits.set(region.code, { region, score, exact, span });
  };

  segments(text).forEach((seg, s) => {
    for (let i = 0; i < seg.words.length; i++) {
      const hinted = i === 0 && seg.hint !== null;
      for (let j = i + 1; j <= Math.min(seg.words.length, i + MAX_WORDS); j++) {
        const gram = seg.words.slice(i, j).join('');
        const span = `${s}:${i}:${j}`;
        const hint = hinted ? seg.hint : null;
        if (mode === 'sentence' && !hinted) {
          if (gram.length < 6) continue;
          for (const region of byKey.get(gram) ?? []) record(region, 1, true, span);
          continue;
        }
        for (const t of targets) {
          const edits = allowedEdits(t.key.length);
          if (Math.abs(t.key.length - gram.length) > edits) continue;
          const d = gram === t.key ? 0 : edits === 0 ? Infinity : distance(gram, t.key);
          if (d > edits) continue;
          record(t.region, 1 - d / t.key.length + levelBonus(hint, t.region.level), d === 0, span);
        }
      }
    }
  });

  // A village named next to its own kecamatan ("Sukadana, Kayu Agung") wins over namesakes elsewhere.
  for (const h of hits.values()) {
    const parent = h.region.parent ? hits.get(h.region.parent) : undefined;
    if (parent && parent.span !== h.span && parent.score >= 0.8) h.score += 0.5;
  }

  const ranked = [...hits.values()].sort((a, b) => b.score - a.score || a.region.code.localeCompare(b.region.code));
  const toMatch = (h: Hit): PlaceMatch => ({
    code: h.region.code,
    name: h.region.name,
    level: h.region.level,
    label: labelOf(h.region, byCode),
    score: Math.round(h.score * 1000) / 1000,
    exact: h.exact,
  });
  const top = ranked[0];
  if (!top) return { best: null, confident: false, candidates: [] };
  const tied = ranked.filter((h) => h.score >= top.score - TIE);
  const chosen = tied.length === 1 ? top : deepestOfChain(tied, byCode);
  // Drop the ancestors a chosen namesake makes redundant, keep real alternatives;
  // when the name was typed exactly, near-miss spellings are only noise.
  const candidates = ranked
    .filter((h) => !chosen || h === chosen || !tied.includes(h))
    .filter((h) => !top.exact || h.exact)
    .slice(0, 10)
    .map(toMatch);
  if (!chosen) return { best: null, confident: false, candidates };
  return { best: toMatch(chosen), confident: chosen.exact, candidates };
}
