import { DEFAULT_FEATURES, features, type FeatureConfig, type Prediction, type TrainingExample } from '@kanal-aduan/core';
import { rng } from './split.ts';

// Multinomial logistic regression (softmax) over the routing model's features: a prototype the
// cross-validation (agency-cv.ts) compares with naive Bayes. Not used by the product (it was below
// complement NB on the same features, and its weights would not fit the stored model unpruned).

export interface SoftmaxModel {
  kind: 'softmax';
  version: 1;
  trained_at: string;
  features: FeatureConfig;
  labels: string[];
  vocabulary: string[];
  /** Per label, sparse weights: feature index -> weight. */
  weights: Record<string, Record<number, number>>;
  bias: Record<string, number>;
  /** Examples per label (reports only), as in the NB model: the readers count labels by it. */
  label_counts: Record<string, number>;
  /** How features are scaled: 'l2' divides a report's binary features by the square root of their number. */
  norm: 'l2' | 'none';
}

export interface SoftmaxOptions {
  features?: FeatureConfig;
  epochs?: number;
  /** L2 penalty per example. */
  lambda?: number;
  /** First learning rate. */
  eta?: number;
  minCount?: number;
  /** Weights smaller than this are dropped when stored. */
  prune?: number;
  norm?: 'l2' | 'none';
  now?: Date;
  seed?: number;
}


export function trainSoftmax(examples: readonly TrainingExample[], o: SoftmaxOptions = {}): SoftmaxModel {
  const config = o.features ?? DEFAULT_FEATURES;
  const epochs = o.epochs ?? 20;
  const lambda = o.lambda ?? 1e-4;
  const eta0 = o.eta ?? 0.5;
  const minCount = o.minCount ?? 1;
  const norm = o.norm ?? 'l2';
  const docs = examples.map((e) => ({ label: e.label, prior: e.prior ?? true, f: features(e.text, e.features, config) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.f) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = [...df].filter(([, n]) => n >= minCount).map(([t]) => t).sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const L = labels.length;
  const V = vocabulary.length;
  const rows = docs.map((d) => {
    const idx = d.f.map((f) => index.get(f)).filter((i): i is number => i !== undefined);
    return { y: li.get(d.label)!, idx, x: norm === 'l2' && idx.length ? 1 / Math.sqrt(idx.length) : 1 };
  });
  const v = new Float64Array(L * V);
  const b = new Float64Array(L);
  let s = 1;
  let t = 0;
  const rand = rng(o.seed ?? 7);
  const order = rows.map((_, i) => i);
  const score = new Float64Array(L);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const row = rows[r]!;
      const eta = eta0 / (1 + eta0 * lambda * t++);
      let max = -Infinity;
      for (let l = 0; l < L; l++) {
        let z = 0;
        for (const i of row.idx) z += v[l * V + i]!;
        score[l] = s * z * row.x + b[l]!;
        if (score[l]! > max) max = score[l]!;
      }
      let sum = 0;
      for (let l = 0; l < L; l++) sum += (score[l] = Math.exp(score[l]! - max));
      s *= 1 - eta * lambda;
      for (let l = 0; l < L; l++) {
        const g = score[l]! / sum - (l === row.y ? 1 : 0);
        if (Math.abs(g) < 1e-7) continue;
        const step = (eta * g * row.x) / s;
        for (const i of row.idx) v[l * V + i]! -= step;
        b[l]! -= eta * g;
      }
      if (s < 1e-6) {
        for (let q = 0; q < v.length; q++) v[q]! *= s;
        s = 1;
      }
    }
  }
  const prune = o.prune ?? 0.001;
  const weights: SoftmaxModel['weights'] = {};
  const bias: SoftmaxModel['bias'] = {};
  const label_counts: Record<string, number> = {};
  labels.forEach((l, k) => {
    const w: Record<number, number> = {};
    for (let i = 0; i < V; i++) {
      const x = s * v[k * V + i]!;
      if (Math.abs(x) >= prune) w[i] = Math.round(x * 1e4) / 1e4;
    }
    weights[l] = w;
    bias[l] = Math.round(b[k]! * 1e4) / 1e4;
    label_counts[l] = 0;
  });
  for (const d of docs) if (d.prior) label_counts[d.label]!++;
  return { kind: 'softmax', version: 1, trained_at: (o.now ?? new Date()).toISOString(), features: config, labels, vocabulary, weights, bias, label_counts, norm };
}

interface Compiled {
  index: Map<string, number>;
  W: Float64Array;
  V: number;
}
const compiled = new WeakMap<SoftmaxModel, Compiled>();
function compile(m: SoftmaxModel): Compiled {
  const hit = compiled.get(m);
  if (hit) return hit;
  const V = m.vocabulary.length;
  const W = new Float64Array(m.labels.length * V);
  m.labels.forEach((l, k) => {
    for (const [i, w] of Object.entries(m.weights[l] ?? {})) W[k * V + Number(i)] = w;
  });
  const out = { index: new Map(m.vocabulary.map((t, i) => [t, i])), W, V };
  compiled.set(m, out);
  return out;
}

export function predictSoftmax(model: SoftmaxModel, text: string, extra: readonly string[] = [], topN = 3): Prediction {
  const m = compile(model);
  const L = model.labels.length;
  if (L === 0) return { label: '', confidence: 0, top: [], words: [] };
  const idx = features(text, extra, model.features).map((f) => m.index.get(f)).filter((i): i is number => i !== undefined);
  const x = model.norm === 'l2' && idx.length ? 1 / Math.sqrt(idx.length) : 1;
  const score = model.labels.map((l, k) => {
    let z = 0;
    for (const i of idx) z += m.W[k * m.V + i]!;
    return z * x + (model.bias[l] ?? 0);
  });
  const max = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - max));
  const z = exp.reduce((a, b) => a + b, 0);
  const ranked = model.labels.map((label, l) => ({ label, l, p: exp[l]! / z })).sort((a, b) => b.p - a.p || a.label.localeCompare(b.label));
  const best = ranked[0]!;
  const words = idx
    .map((i) => {
      let others = 0;
      for (let l = 0; l < L; l++) if (l !== best.l) others += m.W[l * m.V + i]!;
      const weight = m.W[best.l * m.V + i]! - (L > 1 ? others / (L - 1) : 0);
      return { token: model.vocabulary[i]!, weight: Math.round(weight * 1000) / 1000 };
    })
    .filter((w) => w.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.token.localeCompare(b.token))
    .slice(0, 6);
  return {
    label: best.label,
    confidence: Math.round(best.p * 1000) / 1000,
    top: ranked.slice(0, topN).map(({ label, p }) => ({ label, p: Math.round(p * 1000) / 1000 })),
    words,
  };
}
