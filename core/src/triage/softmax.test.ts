import { describe, expect, it } from 'vitest';
import { compileSoftmax, seededRandom, softmaxProbabilities, trainSoftmax, trainSoftmaxSteps, type SoftmaxRow } from './softmax.ts';

// Features 0–1 tell label A, 2–3 label B; 4 occurs in every example and tells nothing.
const rows: SoftmaxRow[] = [
  { y: 0, idx: [0, 4] }, { y: 0, idx: [1, 4] }, { y: 0, idx: [0, 1, 4] },
  { y: 1, idx: [2, 4] }, { y: 1, idx: [3, 4] }, { y: 1, idx: [2, 3, 4] },
];
const labels = ['A', 'B'];

describe('trainSoftmax (the discriminative half of a text model)', () => {
  it('learns which features tell the labels apart, and reads a report by them', () => {
    const half = trainSoftmax(rows, labels, 5);
    const c = compileSoftmax(half, labels, 5);
    const a = softmaxProbabilities(c, 2, 5, [0, 4]);
    const b = softmaxProbabilities(c, 2, 5, [3]);
    expect(a[0]).toBeGreaterThan(0.8);
    expect(b[1]).toBeGreaterThan(0.8);
    expect(a[0]! + a[1]!).toBeCloseTo(1, 10);
  });

  it('stores weights centred over the labels and pruned: a feature every label shares keeps none', () => {
    const half = trainSoftmax(rows, labels, 5, { prune: 0.05 });
    for (const l of labels) expect(half.weights[l]![4]).toBeUndefined();
    // Two labels, centred: each telling feature holds opposite weights.
    expect(half.weights['A']![0]).toBeCloseTo(-half.weights['B']![0]!, 2);
    for (const w of Object.values(half.weights).flatMap((x) => Object.values(x))) {
      expect(Math.abs(w)).toBeGreaterThanOrEqual(0.05);
      expect(Math.round(w * 1000) / 1000).toBe(w);
    }
    // Without pruning the shared feature's weights are kept (close to zero once centred).
    expect(Math.abs(trainSoftmax(rows, labels, 5, { prune: 0 }).weights['A']![4] ?? 1)).toBeLessThan(0.05);
  });

  it('is deterministic for a seed, and plain data', () => {
    const one = trainSoftmax(rows, labels, 5);
    expect(trainSoftmax(rows, labels, 5)).toEqual(one);
    expect(JSON.parse(JSON.stringify(one))).toEqual(one);
    expect(seededRandom(3)()).toBe(seededRandom(3)());
    expect(seededRandom(3)()).not.toBe(seededRandom(4)());
  });

  it('trains in steps, a pause after every pass, to the same weights', () => {
    const steps = trainSoftmaxSteps(rows, labels, 5, { epochs: 7 });
    let pauses = 0;
    let s = steps.next();
    for (; !s.done; s = steps.next()) pauses++;
    expect(pauses).toBe(7);
    expect(s.value).toEqual(trainSoftmax(rows, labels, 5, { epochs: 7 }));
  });
});
