// The triage bench's held-out split, shared by run.ts and agency-cv.ts: a seeded shuffle within
// each stratum (category; else outside the kabupaten's authority, spam or noise), so the split is
// the same on every machine and every stratum keeps its share in both parts.

import { seededRandom } from '@kanal-aduan/core';

/** mulberry32, core's (the routing model's regression shuffles with it). */
export const rng = seededRandom;

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
