import {
  compileSoftmax, DEFAULT_FEATURES, features, softmaxProbabilities, trainSoftmax as trainHalf,
  type FeatureConfig, type Prediction, type SoftmaxHalf, type SoftmaxOptions as HalfOptions, type TrainingExample,
} from '@kanal-aduan/core';

// Multinomial logistic regression (core's softmax.ts, the category model's discriminative half) as
// a classifier of its own, over a vocabulary of its own: what the cross-validation (agency-cv.ts)
// compares naive Bayes and their mean with, on feature sets the stored model does not use.

export interface SoftmaxModel {
  features: FeatureConfig;
  labels: string[];
  vocabulary: string[];
  half: SoftmaxHalf;
}

export interface SoftmaxOptions extends HalfOptions {
  features?: FeatureConfig;
}

export function trainSoftmax(examples: readonly TrainingExample[], o: SoftmaxOptions = {}): SoftmaxModel {
  const config = o.features ?? DEFAULT_FEATURES;
  const docs = examples.map((e) => ({ label: e.label, f: features(e.text, e.features, config) }));
  const vocabulary = [...new Set(docs.flatMap((d) => d.f))].sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const rows = docs.map((d) => ({ y: labels.indexOf(d.label), idx: d.f.map((f) => index.get(f)!) }));
  return { features: config, labels, vocabulary, half: trainHalf(rows, labels, vocabulary.length, { prune: 0.001, ...o }) };
}

const compiled = new WeakMap<SoftmaxModel, { index: Map<string, number>; c: ReturnType<typeof compileSoftmax> }>();

export function predictSoftmax(model: SoftmaxModel, text: string, extra: readonly string[] = [], topN = 3): Prediction {
  let m = compiled.get(model);
  if (!m) compiled.set(model, (m = { index: new Map(model.vocabulary.map((t, i) => [t, i])), c: compileSoftmax(model.half, model.labels, model.vocabulary.length) }));
  const L = model.labels.length;
  if (L === 0) return { label: '', confidence: 0, top: [], words: [] };
  const idx = features(text, extra, model.features).map((f) => m.index.get(f)).filter((i): i is number => i !== undefined);
  const p = softmaxProbabilities(m.c, L, model.vocabulary.length, idx);
  const ranked = model.labels.map((label, l) => ({ label, p: p[l]! })).sort((a, b) => b.p - a.p || a.label.localeCompare(b.label));
  return { label: ranked[0]!.label, confidence: ranked[0]!.p, top: ranked.slice(0, topN), words: [] };
}
