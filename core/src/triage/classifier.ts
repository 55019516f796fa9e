import { authorityFeatures } from './authority.ts';
import { normalizeText } from './normalize.ts';
import { compileSoftmax, softmaxProbabilities, trainSoftmaxSteps, type SoftmaxHalf, type SoftmaxOptions } from './softmax.ts';
import { runSteps, type Steps } from './steps.ts';

// Text classifier trained from history (category, or agency), for the
// verifikator's suggestion.
//
// Why multinomial naive Bayes with binarised counts (each token once per
// report, Wang & Manning 2012, "Baselines and Bigrams", ACL) rather than
// logistic regression:
// - a kabupaten starts with a few hundred labelled reports; NB is known to
//   reach its best accuracy with far less data than discriminative models
//   (Ng & Jordan 2001), and needs no learning rate, epochs or regularisation
//   to tune, so retraining nightly is safe for people who are not ML staff;
// - training is one counting pass and the model is plain counts: JSON-
//   serialisable, diffable, mergeable, deterministic (no random init);
// - the words that drove a suggestion fall out directly (per-token
//   log-likelihood ratios), which the verifikator sees;
// - predicting is a sum over the report's tokens: well under a millisecond.
// Features: stemmed content tokens, adjacent-token bigrams ("lampu mati"
// differs from "air mati"), plus optional caller features such as the
// report's kecamatan ("wil:16.02.05").
// Two departures from textbook NB, both derived at reading from the stored
// counts (a model without them reads as before): features weighted by their
// inverse document frequency, and the label prior left out (prior_weight 0).
// On the bench's training parts (bench/triage/agency-cv.ts) they moved agency
// top-1 from ~80 % to ~82 % by cross-validation; a discriminative model
// (softmax regression over the same features) stayed below NB there alone,
// but averaged with NB it was above both: the category model may carry one
// (TextModel.softmax, softmax.ts).

export interface TrainingExample {
  text: string;
  label: string;
  /** Extra categorical features (e.g. `wil:<kecamatan code>`), used as tokens. */
  features?: readonly string[];
  /**
   * false for knowledge that is not a real report (a category's keywords and
   * description): it teaches words but does not count in the label's prior.
   */
  prior?: boolean;
}

/** How a text becomes features; stored in the model so predict() reads texts the way train() did. */
export interface FeatureConfig {
  /** Adjacent-token bigrams ("lampu mati" differs from "air mati"). */
  bigrams: boolean;
  /**
   * Character n-grams of each content word, [min, max] (null: none). They
   * let "berlobang" meet "lubang" and "dukcapil" meet "disdukcapil" when the
   * spelling map does not know a typo.
   */
  charNgrams: [number, number] | null;
  /**
   * The authority groups the words name (authority.ts: crime for the police, PLN, national roads,
   * …), each as this many features (a report's one group against its many words). Absent: none.
   */
  authority?: number;
}

export const DEFAULT_FEATURES: FeatureConfig = { bigrams: true, charNgrams: null };

export interface TextModel {
  kind: 'multinomial_nb_binary';
  version: 1;
  trained_at: string;
  /** Laplace smoothing. */
  alpha: number;
  features: FeatureConfig;
  /** Reports per label. */
  label_counts: Record<string, number>;
  /** Sorted token list; `counts[label][i]` is how many reports of that label had vocabulary[i]. */
  vocabulary: string[];
  counts: Record<string, Record<number, number>>;
  /** Sum of counts per label. */
  totals: Record<string, number>;
  /**
   * Complement naive Bayes (Rennie et al. 2003, "Tackling the Poor Assumptions
   * of Naive Bayes Text Classifiers", ICML): a label's word weights come from
   * the reports of every other label, so a label with few reports is not
   * judged on its few words alone. Absent: plain multinomial NB.
   */
  complement?: boolean;
  /**
   * Each feature of a report read counts by its inverse document frequency
   * among the training examples, 1 + ln((documents + 1) / (df + 1)) (Rennie
   * et al. 2003, §4.1; df derived from `counts`), rescaled to a mean of one
   * over the report's features: "pungli" says more than "#jal", a fragment
   * half of all reports share, and the model is not made surer by it.
   * Absent: every feature counts once.
   */
  idf?: boolean;
  /** With idf: the examples trained on, the category knowledge included (N of the idf). */
  documents?: number;
  /**
   * How much a label's share of the reports counts in its score (1, or absent:
   * as naive Bayes; 0: not at all). The largest label (roads) otherwise takes
   * what a report's words leave open: a stolen motorbike read as a road.
   */
  prior_weight?: number;
  /**
   * A logistic regression over the same vocabulary (softmax.ts), whose probabilities predict()
   * averages with naive Bayes' by its `share`. Absent: naive Bayes alone.
   */
  softmax?: SoftmaxHalf;
}

export interface TrainOptions {
  alpha?: number;
  /** Tokens seen in fewer reports than this are left out of the vocabulary. */
  minCount?: number;
  /** Stamp for `trained_at` (default: now); pass it for byte-identical models. */
  now?: Date;
  features?: FeatureConfig;
  /** Complement naive Bayes (see TextModel.complement). */
  complement?: boolean;
  /** See TextModel.idf. */
  idf?: boolean;
  /** See TextModel.prior_weight (default 1). */
  priorWeight?: number;
  /** Also trains the discriminative half (TextModel.softmax) with these options. */
  softmax?: SoftmaxOptions;
}

export interface Prediction {
  label: string;
  confidence: number;
  top: { label: string; p: number }[];
  /** Tokens (words, word pairs, caller features) that pushed towards `label` most, strongest first; never character n-grams. */
  words: { token: string; weight: number }[];
}

/** The features of a text as the model sees them (unique). */
export function features(text: string, extra: readonly string[] = [], config: FeatureConfig = DEFAULT_FEATURES): string[] {
  const normalized = normalizeText(text);
  const t = normalized.tokens;
  const out = new Set<string>(t);
  if (config.authority) for (const f of authorityFeatures(normalized)) for (let k = 0; k < config.authority; k++) out.add(k ? `${f}#${k}` : f);
  if (config.bigrams) for (let i = 1; i < t.length; i++) out.add(`${t[i - 1]} ${t[i]}`);
  if (config.charNgrams) {
    const [lo, hi] = config.charNgrams;
    for (const w of new Set(t)) {
      const b = `<${w}>`;
      for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= b.length; i++) out.add(`#${b.slice(i, i + n)}`);
    }
  }
  for (const f of extra) out.add(f);
  return [...out];
}

export function train(examples: readonly TrainingExample[], opts: TrainOptions = {}): TextModel {
  return runSteps(trainSteps(examples, opts));
}

/** train in steps (steps.ts): the counting at once, the regression (if any) a pass at a time. */
export function* trainSteps(examples: readonly TrainingExample[], opts: TrainOptions = {}): Steps<TextModel> {
  const alpha = opts.alpha ?? 1;
  const minCount = opts.minCount ?? 1;
  const config = opts.features ?? DEFAULT_FEATURES;
  const docs = examples.map((e) => ({ label: e.label, prior: e.prior ?? true, f: features(e.text, e.features, config) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.f) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = [...df].filter(([, n]) => n >= minCount).map(([t]) => t).sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const label_counts: Record<string, number> = {};
  const counts: Record<string, Record<number, number>> = {};
  const totals: Record<string, number> = {};
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  for (const label of labels) {
    label_counts[label] = 0;
    counts[label] = {};
    totals[label] = 0;
  }
  const rows: { y: number; idx: number[] }[] = [];
  for (const d of docs) {
    if (d.prior) label_counts[d.label]!++;
    if (opts.softmax) rows.push({ y: labels.indexOf(d.label), idx: d.f.map((f) => index.get(f)).filter((i): i is number => i !== undefined) });
    const c = counts[d.label]!;
    for (const f of d.f) {
      const i = index.get(f);
      if (i === undefined) continue;
      c[i] = (c[i] ?? 0) + 1;
      totals[d.label]!++;
    }
  }
  return {
    kind: 'multinomial_nb_binary', version: 1, trained_at: (opts.now ?? new Date()).toISOString(), alpha, features: config, label_counts, vocabulary, counts, totals,
    ...(opts.complement ? { complement: true } : {}),
    ...(opts.idf ? { idf: true, documents: docs.length } : {}),
    ...(opts.priorWeight !== undefined && opts.priorWeight !== 1 ? { prior_weight: opts.priorWeight } : {}),
    ...(opts.softmax && labels.length > 1 ? { softmax: yield* trainSoftmaxSteps(rows, labels, vocabulary.length, opts.softmax) } : {}),
  };
}

interface Compiled {
  labels: string[];
  index: Map<string, number>;
  prior: Float64Array;
  /** logLik[l * V + i] = log P(token i | label l). */
  logLik: Float64Array;
  /** log P(unseen-in-label token | label): the smoothing floor. */
  V: number;
  /** With idf: each feature's weight. */
  weight: Float64Array | null;
  /** The discriminative half, dense. */
  softmax: { W: Float32Array; bias: Float64Array; share: number } | null;
}

// A model is data; its log tables are derived once per model object.
const compiled = new WeakMap<TextModel, Compiled>();

function compile(model: TextModel): Compiled {
  const hit = compiled.get(model);
  if (hit) return hit;
  const labels = Object.keys(model.label_counts).sort();
  const V = model.vocabulary.length;
  const N = labels.reduce((n, l) => n + model.label_counts[l]!, 0);
  const prior = new Float64Array(labels.length);
  const logLik = new Float64Array(labels.length * V);
  const priorWeight = model.prior_weight ?? 1;
  labels.forEach((l, li) => {
    prior[li] = priorWeight * Math.log((model.label_counts[l]! + 1) / (N + labels.length));
  });
  if (model.complement) {
    // A token's weight for a label is minus its log-probability among the other labels' reports.
    const all = new Float64Array(V);
    for (const l of labels) for (const [i, k] of Object.entries(model.counts[l]!)) all[Number(i)]! += k;
    const total = labels.reduce((n, l) => n + model.totals[l]!, 0);
    labels.forEach((l, li) => {
      const c = model.counts[l]!;
      const denom = Math.log(total - model.totals[l]! + model.alpha * V);
      for (let i = 0; i < V; i++) logLik[li * V + i] = denom - Math.log(all[i]! - (c[i] ?? 0) + model.alpha);
    });
  } else {
    labels.forEach((l, li) => {
      const denom = Math.log(model.totals[l]! + model.alpha * V);
      const c = model.counts[l]!;
      for (let i = 0; i < V; i++) logLik[li * V + i] = Math.log((c[i] ?? 0) + model.alpha) - denom;
    });
  }
  let weight: Float64Array | null = null;
  if (model.idf) {
    // Document frequency: the binarised counts summed over labels.
    const df = new Float64Array(V);
    for (const l of labels) for (const [i, k] of Object.entries(model.counts[l]!)) df[Number(i)]! += k;
    const docs = model.documents ?? N;
    weight = Float64Array.from(df, (d) => Math.max(0, 1 + Math.log((docs + 1) / (d + 1))));
  }
  const softmax = model.softmax ? { ...compileSoftmax(model.softmax, labels, V), share: model.softmax.share } : null;
  const out = { labels, index: new Map(model.vocabulary.map((t, i) => [t, i])), prior, logLik, V, weight, softmax };
  compiled.set(model, out);
  return out;
}

/** Suggests a label for `text`. Deterministic; ties break by label order. */
export function predict(model: TextModel, text: string, extra: readonly string[] = [], topN = 3): Prediction {
  const m = compile(model);
  const L = m.labels.length;
  if (L === 0) return { label: '', confidence: 0, top: [], words: [] };
  const idx = features(text, extra, model.features ?? DEFAULT_FEATURES)
    .map((f) => m.index.get(f))
    .filter((i): i is number => i !== undefined);
  // With idf, a report's features are weighted relative to each other and scaled back to a mean of one:
  // what decides changes, how sure the model is stays on the scale of plain counts (the chat skips its
  // category question from a fixed confidence).
  const f = new Float64Array(idx.length).fill(1);
  if (m.weight) {
    const sum = idx.reduce((a, i) => a + m.weight![i]!, 0);
    if (sum > 0) idx.forEach((i, k) => (f[k] = (m.weight![i]! * idx.length) / sum));
  }
  const score = Float64Array.from(m.prior);
  idx.forEach((i, k) => {
    for (let l = 0; l < L; l++) score[l]! += f[k]! * m.logLik[l * m.V + i]!;
  });
  const max = Math.max(...score);
  const exp = Array.from(score, (s) => Math.exp(s - max));
  const z = exp.reduce((a, b) => a + b, 0);
  const sm = m.softmax ? softmaxProbabilities(m.softmax, L, m.V, idx) : null;
  const share = m.softmax?.share ?? 0;
  const ranked = m.labels.map((label, l) => ({ label, l, p: (1 - share) * (exp[l]! / z) + share * (sm?.[l] ?? 0) })).sort((a, b) => b.p - a.p || a.label.localeCompare(b.label));
  const best = ranked[0]!;
  // A word's pull towards the winner: its log-likelihood there minus its mean over the other labels.
  // Character n-grams ("#lub") are not words a verifikator can read: they count, but are not shown.
  const words = idx
    .map((i, k) => ({ i, k }))
    .filter(({ i }) => !model.vocabulary[i]!.startsWith('#'))
    .map(({ i, k }) => {
      let others = 0;
      for (let l = 0; l < L; l++) if (l !== best.l) others += m.logLik[l * m.V + i]!;
      const weight = f[k]! * (m.logLik[best.l * m.V + i]! - (L > 1 ? others / (L - 1) : 0));
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
