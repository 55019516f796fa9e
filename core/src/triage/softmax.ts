// The discriminative half of a text model (classifier.ts TextModel.softmax): multinomial logistic
// regression over the naive-Bayes model's own vocabulary, whose distribution predict() averages with
// naive Bayes'. Naive Bayes counts every feature as independent evidence, so a report with many
// words of a neighbouring remit is read as surely that remit; the regression weighs each feature
// against the others it occurs with. Their mean was above either alone in the bench's cross-
// validation (bench/triage/agency-cv.ts: category model, agency top-1 81.7 → 82.8 %), which
// neither alone reached.
//
// Trained by seeded stochastic gradient descent with an L2 penalty (a fixed schedule: no tuning for
// the desk to do), each report's binary features scaled to unit length. Stored centred (each
// feature's mean weight over the labels subtracted, which leaves the probabilities as they are)
// and pruned: most labels then hold a weight near zero for a feature, and only the ones that tell
// are kept, at three decimals. Trained in steps (steps.ts), one pass over the examples each, so the
// nightly training's event loop is never held for a whole fit.

import { runSteps, type Steps } from './steps.ts';

export interface SoftmaxOptions {
  /** Passes over the examples. */
  epochs?: number;
  /** L2 penalty per example. */
  lambda?: number;
  /** First learning rate (it decays as 1 / (1 + eta·lambda·t)). */
  eta?: number;
  /** Stored weights smaller than this (after centring) are dropped. */
  prune?: number;
  /** Seed of the shuffle before each pass. */
  seed?: number;
  /** The regression's share of the averaged distribution (0–1). */
  share?: number;
}

export const DEFAULT_SOFTMAX: Required<SoftmaxOptions> = { epochs: 30, lambda: 1e-5, eta: 1, prune: 0.1, seed: 7, share: 0.5 };

export interface SoftmaxHalf {
  /** The regression's share of the distribution predict() returns. */
  share: number;
  /** Per label: vocabulary index → weight (pruned, centred). */
  weights: Record<string, Record<number, number>>;
  bias: Record<string, number>;
}

/** mulberry32: a small seeded PRNG, so the same reports train the same weights. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One training example: its label's position and its features' vocabulary indices (unique). */
export interface SoftmaxRow {
  y: number;
  idx: readonly number[];
}

const unitScale = (n: number) => (n ? 1 / Math.sqrt(n) : 1);

/** Trains the regression over `labels` and a vocabulary of `V` features. */
export function trainSoftmax(rows: readonly SoftmaxRow[], labels: readonly string[], V: number, options: SoftmaxOptions = {}): SoftmaxHalf {
  return runSteps(trainSoftmaxSteps(rows, labels, V, options));
}

/** trainSoftmax in steps: a pause after every pass over the examples. */
export function* trainSoftmaxSteps(rows: readonly SoftmaxRow[], labels: readonly string[], V: number, options: SoftmaxOptions = {}): Steps<SoftmaxHalf> {
  const o = { ...DEFAULT_SOFTMAX, ...options };
  const L = labels.length;
  // The weights are v·s: the L2 penalty shrinks s, not every weight (a sparse update per example).
  const v = new Float64Array(L * V);
  const b = new Float64Array(L);
  let s = 1;
  let t = 0;
  const rand = seededRandom(o.seed);
  const order = rows.map((_, i) => i);
  const score = new Float64Array(L);
  for (let e = 0; e < o.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const row = rows[r]!;
      const x = unitScale(row.idx.length);
      const eta = o.eta / (1 + o.eta * o.lambda * t++);
      let max = -Infinity;
      for (let l = 0; l < L; l++) {
        let z = 0;
        for (const i of row.idx) z += v[l * V + i]!;
        score[l] = s * z * x + b[l]!;
        if (score[l]! > max) max = score[l]!;
      }
      let sum = 0;
      for (let l = 0; l < L; l++) sum += (score[l] = Math.exp(score[l]! - max));
      s *= 1 - eta * o.lambda;
      for (let l = 0; l < L; l++) {
        const g = score[l]! / sum - (l === row.y ? 1 : 0);
        if (Math.abs(g) < 1e-7) continue;
        const step = (eta * g * x) / s;
        for (const i of row.idx) v[l * V + i]! -= step;
        b[l]! -= eta * g;
      }
      if (s < 1e-6) {
        for (let q = 0; q < v.length; q++) v[q]! *= s;
        s = 1;
      }
    }
    yield;
  }
  const weights: SoftmaxHalf['weights'] = {};
  const bias: SoftmaxHalf['bias'] = {};
  for (const l of labels) weights[l] = {};
  for (let i = 0; i < V; i++) {
    let mean = 0;
    for (let l = 0; l < L; l++) mean += v[l * V + i]!;
    mean = (s * mean) / L;
    for (let l = 0; l < L; l++) {
      const w = s * v[l * V + i]! - mean;
      if (Math.abs(w) >= o.prune) weights[labels[l]!]![i] = Math.round(w * 1000) / 1000;
    }
  }
  labels.forEach((l, k) => (bias[l] = Math.round(b[k]! * 1000) / 1000));
  return { share: o.share, weights, bias };
}

/** Dense weights of a stored half, for reading. */
export function compileSoftmax(half: SoftmaxHalf, labels: readonly string[], V: number): { W: Float32Array; bias: Float64Array } {
  const W = new Float32Array(labels.length * V);
  const bias = new Float64Array(labels.length);
  labels.forEach((l, k) => {
    for (const [i, w] of Object.entries(half.weights[l] ?? {})) if (Number(i) < V) W[k * V + Number(i)] = w;
    bias[k] = half.bias[l] ?? 0;
  });
  return { W, bias };
}

/** The regression's probabilities for a report's features (vocabulary indices, unique). */
export function softmaxProbabilities(c: { W: Float32Array; bias: Float64Array }, L: number, V: number, idx: readonly number[]): Float64Array {
  const x = unitScale(idx.length);
  const score = Float64Array.from(c.bias);
  for (let l = 0; l < L; l++) {
    let z = 0;
    for (const i of idx) z += c.W[l * V + i]!;
    score[l]! += z * x;
  }
  const max = Math.max(...score);
  let sum = 0;
  for (let l = 0; l < L; l++) sum += (score[l] = Math.exp(score[l]! - max));
  for (let l = 0; l < L; l++) score[l]! /= sum;
  return score;
}
