// The triage bench's held-out split, shared by run.ts and agency-cv.ts: a seeded shuffle within
// each stratum (category; else outside the kabupaten's authority, spam or noise), so the split is
// the same on every machine and every stratum keeps its share in both parts.

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Labelled = { category: string | null; out_of_scope: unknown; is_spam: unknown };

const stratum = (r: Labelled) => r.category ?? (r.out_of_scope ? 'OUT' : r.is_spam ? 'SPAM' : 'NOISE');

/** `testFraction` of each stratum (rounded) held out, the rest for training. */
export function stratifiedSplit<R extends Labelled>(reports: readonly R[], seed: number, testFraction: number): { trainSet: R[]; testSet: R[] } {
  const rand = rng(seed);
  const trainSet: R[] = [];
  const testSet: R[] = [];
  for (const key of [...new Set(reports.map(stratum))].sort()) {
    const group = reports.filter((r) => stratum(r) === key);
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    const nTest = Math.round(group.length * testFraction);
    testSet.push(...group.slice(0, nTest));
    trainSet.push(...group.slice(nTest));
  }
  return { trainSet, testSet };
}
