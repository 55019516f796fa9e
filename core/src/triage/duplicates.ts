import { normalizeText } from './normalize.ts';

// Possible duplicates of a new report among the open ones, with the evidence
// a verifikator needs to decide (distance, similarity, shared words). A
// duplicate is the same problem at the same place: same category, near each
// other (or the same desa/kelurahan when a pin is missing), described alike,
// and not months apart.

export interface DuplicateReport {
  id: string;
  text: string;
  category: string | null;
  /** Kemendagri desa/kelurahan code ('16.02.05.1002') or a coarser one. */
  region: string | null;
  latitude?: number | null;
  longitude?: number | null;
  /** ISO timestamp. */
  created_at: string;
  /** `normalizeText(text).tokens`, when the caller keeps them with the open reports (saves re-normalising the pool on every new report). */
  tokens?: readonly string[];
}

export interface DuplicateOptions {
  /**
   * Pins closer than this are "the same place". 300 m: phone GPS in open
   * rural areas is off by 5-50 m, but citizens often drop the pin from home
   * or the next warung rather than on the pothole, and one road defect,
   * blocked drain or dark stretch of PJU spans 100-200 m. Two potholes a
   * kilometre apart on the same road stay separate reports.
   */
  maxDistanceM: number;
  /** Minimum IDF-weighted cosine similarity of the two texts' token sets. */
  minSimilarity: number;
  /** Only open reports created this many days before (or after) the new one. */
  windowDays: number;
  /** At most this many candidates, best first. */
  limit: number;
}

export const DEFAULT_DUPLICATE_OPTIONS: DuplicateOptions = { maxDistanceM: 300, minSimilarity: 0.25, windowDays: 30, limit: 5 };

export interface DuplicateCandidate {
  id: string;
  /** Similarity × place agreement; what the list is sorted by. */
  score: number;
  similarity: number;
  /** Metres between the pins, or null when a pin is missing. */
  distance_m: number | null;
  same_region: boolean;
  days_apart: number;
  shared_words: string[];
}

const EARTH_RADIUS_M = 6_371_008.8; // mean radius (IUGG)

/** Great-circle distance in metres (haversine). */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

const hasPin = (r: DuplicateReport) => typeof r.latitude === 'number' && typeof r.longitude === 'number';

/** Region codes agree at desa/kelurahan level (four parts); coarser codes never count as the same place. */
function sameVillage(a: string | null, b: string | null): boolean {
  return a !== null && a === b && a.split('.').length === 4;
}

export function findDuplicates(
  newReport: DuplicateReport,
  openReports: readonly DuplicateReport[],
  options: Partial<DuplicateOptions> = {},
): DuplicateCandidate[] {
  const opts = { ...DEFAULT_DUPLICATE_OPTIONS, ...options };
  const t0 = Date.parse(newReport.created_at);
  const windowMs = opts.windowDays * 86_400_000;
  const pool = openReports.filter(
    (r) =>
      r.id !== newReport.id &&
      newReport.category !== null &&
      r.category === newReport.category &&
      Math.abs(Date.parse(r.created_at) - t0) <= windowMs,
  );
  if (!pool.length) return [];

  // IDF over the new report and its pool: words every report of the category
  // shares ("jalan" among road reports) say little; place names and specifics say a lot.
  const sets = new Map<string, Set<string>>();
  const tokensOf = (r: DuplicateReport) => {
    let s = sets.get(r.id);
    if (!s) sets.set(r.id, (s = new Set(r.tokens ?? normalizeText(r.text).tokens)));
    return s;
  };
  const mine = tokensOf(newReport);
  const df = new Map<string, number>();
  for (const r of [newReport, ...pool]) for (const t of tokensOf(r)) df.set(t, (df.get(t) ?? 0) + 1);
  const N = pool.length + 1;
  const idf = (t: string) => Math.log(1 + N / (df.get(t) ?? 1));
  const norm = (s: Set<string>) => Math.sqrt([...s].reduce((a, t) => a + idf(t) ** 2, 0));
  const myNorm = norm(mine);

  const out: DuplicateCandidate[] = [];
  for (const r of pool) {
    const distance = hasPin(newReport) && hasPin(r) ? haversineM(newReport.latitude!, newReport.longitude!, r.latitude!, r.longitude!) : null;
    const same_region = sameVillage(newReport.region, r.region);
    // With both pins, the pins decide; without, the desa/kelurahan does.
    const near = distance !== null ? distance <= opts.maxDistanceM : same_region;
    if (!near) continue;
    const theirs = tokensOf(r);
    const shared = [...mine].filter((t) => theirs.has(t));
    const denom = myNorm * norm(theirs);
    const similarity = denom > 0 ? shared.reduce((a, t) => a + idf(t) ** 2, 0) / denom : 0;
    if (similarity < opts.minSimilarity) continue;
    const place = distance !== null ? 1 - (0.5 * distance) / opts.maxDistanceM : 0.75;
    out.push({
      id: r.id,
      score: round(similarity * place),
      similarity: round(similarity),
      distance_m: distance === null ? null : Math.round(distance),
      same_region,
      days_apart: round(Math.abs(Date.parse(r.created_at) - t0) / 86_400_000),
      shared_words: shared.sort((a, b) => idf(b) - idf(a) || a.localeCompare(b)),
    });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, opts.limit);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
