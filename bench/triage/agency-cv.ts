// Agency top-1 by k-fold cross-validation inside the training part of one seeded split of
// bench/triage/run.ts (same files, same stratified 70/30 shuffle): the held-out part is never read,
// so variants of the routing model can be compared here and measured once on it afterwards.
//
//   npx tsx bench/triage/agency-cv.ts [--seed 20261204] [--folds 5] [--repeats 2] [--only 'prefix|prefix'] [--select] [--by-file] [--errors] [--misses]
//
// Each variant is trained on k−1 folds and read on the k-th (every training-part report in scope,
// plus the out-of-scope ones, judged as the bench judges agency); --repeats reshuffles the folds.
// --by-file folds by writer instead (each data file's training-part reports read by a model of the
// others'): the bench's "across hands" inside the training part. Besides agency top-1 it prints how
// often the chat would skip its category question (confidentCategory) and how often rightly.
// Without --select the options are fixed at what the selection chose on the full training part of
// seed 20261204 before idf (complement NB, character 3-grams, alpha 1, one keyword feature, blend 0,
// rule prior 1; no idf, prior weight 1, no regression), a variant changing some; with --select each fold
// runs core's own selection over the options a variant leaves open, as the nightly training does (slow).
// The "softmax" and "mean of softmax and NB" variants read with a logistic regression of their own
// (softmax.ts) where the stored model reads with naive Bayes; "(core)" variants use core's own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  agencyToLabel, categoryKnowledge, confidentCategory, train as trainNb, fitTriage, keywordFeatures, OUT_OF_SCOPE, predict, prepareHistory, regionFeatures, routeFrom, suggestRoute, trainTriage,
  type Category, type PreparedItem, type Prediction, type RoutingRule, type TrainingExample, type TriageFit, type TriageHistoryItem, type TriageModels,
} from '@kanal-aduan/core';
import { buildReferenceData } from '@kanal-aduan/seeds';
import { predictSoftmax, trainSoftmax, type SoftmaxOptions } from './softmax.ts';
import { rng, stratifiedSplit } from './split.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261204' },
    test: { type: 'string', default: '0.3' },
    folds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '2' },
    only: { type: 'string' },
    // Prints each variant's most frequent errors (wanted → got) and, with --misses, the reports.
    errors: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    select: { type: 'boolean', default: false },
    // Folds by hand instead of at random: each data file's training-part reports read by a model trained on the
    // other files' (reports.json and reports-added.json count as one hand's), as the bench's "across hands" does.
    'by-file': { type: 'boolean', default: false },
  },
});

interface Report {
  id: string;
  text: string;
  region: string | null;
  category: string | null;
  agency: string | null;
  out_of_scope: string | null;
  is_spam: boolean;
  noise: boolean;
}

const here = import.meta.dirname;
const files = ['reports.json', 'reports-added.json', 'reports-more.json', 'reports-desk2.json', 'reports-desk3.json'];
const handOf = new Map<Report, string>();
const reports: Report[] = files.flatMap((f) =>
  (JSON.parse(readFileSync(join(here, 'data', f), 'utf8')) as Report[]).map((r) => (handOf.set(r, f === 'reports-added.json' ? 'reports.json' : f), r)));
const ref = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });

// The training part of run.ts's split, unchanged.
const trainingPart = (seed: number): Report[] => stratifiedSplit(reports, seed, Number(values.test)).trainSet;

const isReport = (r: Report) => !r.is_spam && !r.noise;
const now = new Date('2026-12-04T00:00:00Z');
const part = trainingPart(Number(values.seed)).filter(isReport);
const items: TriageHistoryItem[] = part.map((r) => ({ text: r.text, region: r.region, category: r.category, agency: r.agency, out_of_scope: r.out_of_scope !== null }));
const hands = [...new Set(part.map((r) => handOf.get(r)!))];
const handIndex = part.map((r) => hands.indexOf(handOf.get(r)!));
const wanted = (h: TriageHistoryItem) => (h.out_of_scope || h.category === null ? OUT_OF_SCOPE : h.agency);

/** A variant: trains on a fold's reports and answers an agency for a report. */
interface Variant {
  name: string;
  /** The answer; for a variant that stores a category model the chat reads, also what the chat would do with the report. */
  fit(train: readonly TriageHistoryItem[], categories: readonly Category[], rules: readonly RoutingRule[]): (h: TriageHistoryItem) => string | { agency: string; chat: string | null };
}

const CHOSEN: TriageFit = {
  alpha: 1, features: { bigrams: true, charNgrams: [3, 3] }, blend: 0, categoryKnowledge: true, keywordVotes: 1, rulePrior: 1, minConfidence: 0.1, complement: true,
  idf: false, priorWeight: 1, categorySoftmax: false,
};

const fixed = (name: string, o: Partial<TriageFit>): Variant => ({
  name,
  fit(train, categories, rules) {
    const m = values.select
      ? trainTriage(train, categories, { rules, now, idf: CHOSEN.idf, priorWeight: CHOSEN.priorWeight, ...o })
      : fitTriage(prepareHistory(train, categories), categories, { ...CHOSEN, ...o }, now);
    // The chat skips its category question when the category model is sure (confidentCategory).
    const reader = { category: m.category, keywordVotes: m.keywordVotes, min_confidence: m.min_confidence };
    return (h) => ({ agency: suggestRoute(m, h.text, h.region, rules, categories).agency, chat: confidentCategory(reader, h.text, categories)?.category ?? null });
  },
});

/** The examples fitTriage trains its two models on. */
function examples(train: readonly PreparedItem[], categories: readonly Category[], o: TriageFit) {
  const out = (h: TriageHistoryItem) => h.out_of_scope === true || h.category === null;
  const kw = (h: PreparedItem) => keywordFeatures(h.text, categories, o.keywordVotes, h.keywords);
  const cat: TrainingExample[] = train.map((h) => ({ text: h.text, label: out(h) ? OUT_OF_SCOPE : h.category!, features: kw(h) }));
  if (o.categoryKnowledge) cat.push(...categoryKnowledge(categories).map((e) => ({ ...e, features: keywordFeatures(e.text, categories, o.keywordVotes) })));
  const ag: TrainingExample[] = train.filter((h) => out(h) || h.agency !== null).map((h) => ({
    text: h.text, label: out(h) ? OUT_OF_SCOPE : agencyToLabel(h.agency!, h.region), features: [...regionFeatures(h.region), ...kw(h)],
  }));
  return { cat, ag };
}

type Reader = (text: string, extra: readonly string[]) => Prediction;
/** Category and agency read by other classifiers, combined by core's routeFrom with the NB model's category_agencies. */
const readers = (name: string, o: Partial<TriageFit>, make: (ex: TrainingExample[], which: 'cat' | 'ag', nb: TriageModels) => Reader): Variant => ({
  name,
  fit(train, categories, rules) {
    const opts = { ...CHOSEN, ...o };
    const prepared = prepareHistory(train, categories);
    const nb = fitTriage(prepared, categories, opts, now);
    const ex = examples(prepared, categories, opts);
    const cat = make(ex.cat, 'cat', nb);
    const ag = make(ex.ag, 'ag', nb);
    return (h) => {
      const kw = keywordFeatures(h.text, categories, opts.keywordVotes);
      const reading = { category: cat(h.text, kw), agency: ag(h.text, [...regionFeatures(h.region), ...kw]) };
      return routeFrom(nb, reading, h.region, rules, categories).agency;
    };
  },
});
const nbReader = (nb: TriageModels, which: 'cat' | 'ag'): Reader => {
  const m = which === 'cat' ? nb.category : nb.agency;
  const n = Object.keys(m.label_counts).length;
  return (t, x) => predict(m, t, x, n);
};
const softmax = (so: SoftmaxOptions, which: 'cat' | 'ag' | 'both' = 'both', features = CHOSEN.features) => (ex: TrainingExample[], w: 'cat' | 'ag', nb: TriageModels): Reader => {
  if (which !== 'both' && which !== w) return nbReader(nb, w);
  const m = trainSoftmax(ex, { features, ...so });
  return (t, x) => predictSoftmax(m, t, x, m.labels.length);
};
/** JSON sizes of the softmax models a variant trained (printed with its figures). */
const softmaxBytes: number[] = [];
/** Mean of the NB and softmax distributions. */
const mixed = (so: SoftmaxOptions, weight = 0.5, features = CHOSEN.features, which: 'cat' | 'ag' | 'both' = 'both') => (ex: TrainingExample[], w: 'cat' | 'ag', nb: TriageModels): Reader => {
  if (which !== 'both' && which !== w) return nbReader(nb, w);
  const m = trainSoftmax(ex, { features, ...so });
  softmaxBytes.push(JSON.stringify(m.half).length);
  const n = nbReader(nb, w);
  return (t, x) => {
    const a = predictSoftmax(m, t, x, m.labels.length);
    const b = n(t, x);
    const p = new Map<string, number>();
    for (const y of a.top) p.set(y.label, weight * y.p);
    for (const y of b.top) p.set(y.label, (p.get(y.label) ?? 0) + (1 - weight) * y.p);
    const top = [...p].map(([label, q]) => ({ label, p: q })).sort((x1, x2) => x2.p - x1.p || x1.label.localeCompare(x2.label));
    return { label: top[0]!.label, confidence: top[0]!.p, top, words: a.words };
  };
};

/**
 * The category model trained on category × agency labels ("LAINNYA|DISPORA"): a catch-all category
 * is several topics, each of which a single word distribution reads badly. Read back as category
 * (and agency) by summing.
 */
const joint = (name: string, o: Partial<TriageFit>, agencyToo: boolean): Variant => ({
  name,
  fit(train, categories, rules) {
    const opts = { ...CHOSEN, ...o };
    const prepared = prepareHistory(train, categories);
    const nb = fitTriage(prepared, categories, opts, now);
    const out = (h: TriageHistoryItem) => h.out_of_scope === true || h.category === null;
    const kw = (h: PreparedItem) => keywordFeatures(h.text, categories, opts.keywordVotes, h.keywords);
    const sub = (h: TriageHistoryItem) => (out(h) ? OUT_OF_SCOPE : `${h.category}|${h.agency ? agencyToLabel(h.agency, h.region) : ''}`);
    const ex: TrainingExample[] = prepared.map((h) => ({ text: h.text, label: sub(h), features: kw(h) }));
    const most = new Map<string, Map<string, number>>();
    for (const h of prepared) if (!out(h)) { const c = most.get(h.category!) ?? new Map(); c.set(sub(h), (c.get(sub(h)) ?? 0) + 1); most.set(h.category!, c); }
    const knowledgeLabel = (c: string) => [...(most.get(c) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? `${c}|`;
    if (opts.categoryKnowledge) ex.push(...categoryKnowledge(categories).map((e) => ({ ...e, label: knowledgeLabel(e.label), features: keywordFeatures(e.text, categories, opts.keywordVotes) })));
    const m = train_(ex, opts);
    const n = Object.keys(m.label_counts).length;
    return (h) => {
      const kwf = keywordFeatures(h.text, categories, opts.keywordVotes);
      const p = predict(m, h.text, [...kwf], n);
      const sum = (key: (l: string) => string) => {
        const acc = new Map<string, number>();
        for (const t of p.top) acc.set(key(t.label), (acc.get(key(t.label)) ?? 0) + t.p);
        const top = [...acc].map(([label, q]) => ({ label, p: q })).sort((a, b) => b.p - a.p || a.label.localeCompare(b.label));
        return { label: top[0]!.label, confidence: top[0]!.p, top, words: p.words };
      };
      const category = sum((l) => l.split('|')[0]!);
      const agency = agencyToo ? sum((l) => (l === OUT_OF_SCOPE ? l : l.split('|')[1]!)) : nbReader(nb, 'ag')(h.text, [...regionFeatures(h.region), ...kwf]);
      return routeFrom(nb, { category, agency }, h.region, rules, categories).agency;
    };
  },
});
const train_ = (ex: TrainingExample[], o: TriageFit) => trainNb(ex, { alpha: o.alpha, features: o.features, complement: o.complement, idf: o.idf, priorWeight: o.priorWeight, now });

// Without --only, the variants below; names are matched by prefix.
const NEW = { idf: true, priorWeight: 0 };
const grid: [string, Partial<TriageFit>][] = [
  ['plain NB, words + bigrams', { complement: false, features: { bigrams: true, charNgrams: null } }],
  ['complement NB, words + bigrams', { features: { bigrams: true, charNgrams: null } }],
  ['alpha 0.3', { alpha: 0.3 }],
  ['keyword rule as 2 features', { keywordVotes: 2 }],
  ['blend 0.25', { blend: 0.25 }],
  ['rule prior 3', { rulePrior: 3 }],
];
// Feature sets with idf (the grid keeps one: character 3-grams).
const featureSets: [string, Partial<TriageFit>][] = [
  ['char 3–4-grams', { features: { bigrams: true, charNgrams: [3, 4] } }],
  ['char 3–5-grams', { features: { bigrams: true, charNgrams: [3, 5] } }],
  ['char 4-grams', { features: { bigrams: true, charNgrams: [4, 4] } }],
  ['char 2–3-grams', { features: { bigrams: true, charNgrams: [2, 3] } }],
  ['no word bigrams', { features: { bigrams: false, charNgrams: [3, 3] } }],
  ['no keyword feature', { keywordVotes: 0 }],
  ['no category knowledge', { categoryKnowledge: false as true }],
  ['blend 0.5', { blend: 0.5 }],
  ['blend 1 (the agency model alone)', { blend: 1 }],
];
const variants: Variant[] = [
  fixed('baseline (complement NB, words + bigrams + char 3-grams, alpha 1, keyword rule as 1 feature, blend 0, rule prior 1)', {}),
  fixed('prior weight 0', { priorWeight: 0 }),
  fixed('prior weight 0.5', { priorWeight: 0.5 }),
  fixed('idf', { idf: true }),
  fixed('idf, prior weight 0.5', { idf: true, priorWeight: 0.5 }),
  fixed('idf, prior weight 0 (new default)', NEW),
  fixed('idf, prior weight 0, alpha 1 (not searched)', { ...NEW, alpha: 1 }),
  fixed('idf, prior weight 0, the category model with its regression (core)', { ...NEW, categorySoftmax: true }),
  ...[1, 3, 6].flatMap((authority) => [
    fixed(`idf, prior weight 0, the category model with its regression (core), authority groups as ${authority}`, { ...NEW, categorySoftmax: true, features: { bigrams: true, charNgrams: [3, 3], authority } }),
    fixed(`idf, prior weight 0, blend 0.25, the category model with its regression (core), authority groups as ${authority}`, { ...NEW, blend: 0.25, categorySoftmax: true, features: { bigrams: true, charNgrams: [3, 3], authority } }),
  ]),
  fixed('idf, prior weight 0, blend 0.25', { ...NEW, blend: 0.25 }),
  fixed('idf, prior weight 0, blend 0.25, the category model with its regression (core)', { ...NEW, blend: 0.25, categorySoftmax: true }),
  ...grid.flatMap(([name, o]) => [fixed(`grid: ${name}`, o), fixed(`grid: ${name}, idf, prior weight 0`, { ...o, ...NEW })]),
  ...featureSets.map(([name, o]) => fixed(`features: ${name}, idf, prior weight 0`, { ...o, ...NEW })),
  readers('softmax (L2 1e-5, 30 epochs) for category and agency', {}, softmax({ lambda: 1e-5, epochs: 30, eta: 1 })),
  readers('softmax for the category, NB for the agency', {}, softmax({ lambda: 1e-5, epochs: 30, eta: 1 }, 'cat')),
  readers('softmax, words + bigrams only', {}, softmax({ lambda: 1e-5, epochs: 30, eta: 1 }, 'both', { bigrams: true, charNgrams: null })),
  readers('mean of softmax and NB (idf, prior weight 0)', NEW, mixed({ lambda: 1e-5, epochs: 30, eta: 1 })),
  ...[0.03, 0.1, 0.3].map((prune) => readers(`mean of softmax and NB (idf, prior weight 0), softmax pruned at ${prune}`, NEW, mixed({ lambda: 1e-5, epochs: 30, eta: 1, prune }))),
  ...(['cat', 'ag'] as const).map((which) => readers(`mean of softmax and NB (idf, prior weight 0), ${which === 'cat' ? 'category' : 'agency'} model only, pruned at 0.1`, NEW, mixed({ lambda: 1e-5, epochs: 30, eta: 1, prune: 0.1 }, 0.5, CHOSEN.features, which))),
  readers('mean of softmax and NB (idf, prior weight 0), softmax on words + bigrams, pruned at 0.1', NEW, mixed({ lambda: 1e-5, epochs: 30, eta: 1, prune: 0.1 }, 0.5, { bigrams: true, charNgrams: null })),
  ...(['cat', 'both'] as const).flatMap((which) => [0.3, 0.5, 0.7].map((share) => readers(`regression share ${share} (${which === 'cat' ? 'category model' : 'both models'}), idf, prior weight 0, blend 0.25`, { ...NEW, blend: 0.25 }, mixed({ lambda: 1e-5, epochs: 30, eta: 1, prune: 0.1 }, share, CHOSEN.features, which)))),
  ...([[1e-4, 30], [1e-6, 30], [1e-5, 15], [1e-5, 60]] as const).map(([lambda, epochs]) => readers(`regression (category model) L2 ${lambda}, ${epochs} epochs, idf, prior weight 0`, NEW, mixed({ lambda, epochs, eta: 1, prune: 0.1 }, 0.5, CHOSEN.features, 'cat'))),
  joint('category model on category × agency labels', {}, false),
  joint('category model on category × agency labels, idf, prior weight 0', NEW, false),
];

// ---- folds: a seeded shuffle of the training part per repeat, round-robin into k folds
const k = Number(values.folds);
const repeats = Number(values.repeats);
const only = values.only?.split('|');
const chosen = only ? variants.filter((v) => only.some((o) => v.name.startsWith(o))) : variants;
const inScope = items.filter((h) => !(h.out_of_scope || h.category === null)).length;
console.log(`seed ${values.seed}: ${items.length} training-part reports (${inScope} in scope), ${values['by-file'] ? `one fold per hand (${hands.join(', ')})` : `${k} folds`} × ${repeats} repeat(s)${values.select ? ', selection inside each fold' : ', fixed options'}`);
for (const v of chosen) {
  const perRepeat: number[] = [];
  const confusion = new Map<string, number>();
  const missed: string[] = [];
  let chatSkips = 0;
  let chatRight = 0;
  const perHand = new Map<string, { n: number; hits: number }>();
  const t0 = performance.now();
  for (let rep = 0; rep < repeats; rep++) {
    const rand = rng(1000 + rep);
    const order = items.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let hits = 0;
    const byFile = values['by-file'];
    const foldOf = (i: number, p: number) => (byFile ? handIndex[i]! : p % k);
    for (let f = 0; f < (byFile ? hands.length : k); f++) {
      const train = order.filter((i, p) => foldOf(i, p) !== f).map((i) => items[i]!);
      const test = order.filter((i, p) => foldOf(i, p) === f).map((i) => items[i]!);
      const answer = v.fit(train, ref.categories, ref.routingRules);
      const hand = perHand.get(hands[f]!) ?? { n: 0, hits: 0 };
      if (byFile) perHand.set(hands[f]!, hand);
      for (const h of test) {
        const a = answer(h);
        const got = typeof a === 'string' ? a : a.agency;
        hand.n++;
        if (got === wanted(h)) hand.hits++;
        if (typeof a !== 'string' && a.chat !== null) {
          chatSkips++;
          if (a.chat === h.category) chatRight++;
        }
        if (got === wanted(h)) hits++;
        else if (rep === 0) {
          const key = `${wanted(h)} → ${got}`;
          confusion.set(key, (confusion.get(key) ?? 0) + 1);
          if (values.misses) missed.push(`  ${key} [${h.category}] ${h.region}: ${h.text.slice(0, 110)}`);
        }
      }
    }
    perRepeat.push((100 * hits) / items.length);
  }
  const acc = perRepeat.reduce((a, b) => a + b, 0) / perRepeat.length;
  console.log(`${acc.toFixed(1)} %  (${perRepeat.map((x) => x.toFixed(1)).join(' / ')})  ${v.name}  [${((performance.now() - t0) / 1000).toFixed(0)} s]`);
  if (softmaxBytes.length) console.log(`    softmax models: ${(softmaxBytes.reduce((a, b) => a + b, 0) / softmaxBytes.length / 1000).toFixed(0)} kB of JSON weights each on average (category and agency)`);
  softmaxBytes.length = 0;
  if (perHand.size) console.log(`    by hand: ${[...perHand].map(([f, x]) => `${f} ${((100 * x.hits) / x.n).toFixed(1)} % of ${x.n}`).join(' · ')}`);
  if (chatSkips) console.log(`    chat: category question skipped for ${((100 * chatSkips) / (items.length * repeats)).toFixed(1)} % of reports, the category right in ${((100 * chatRight) / chatSkips).toFixed(1)} % of those`);
  if (values.errors) console.log(`    errors: ${[...confusion].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12).map(([key, n]) => `${key} ${n}`).join(' · ')}`);
  if (values.misses) console.log(missed.sort().join('\n'));
}
