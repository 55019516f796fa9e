import { suggestCategories } from '../category-suggest.ts';
import type { Category, RoutingRule } from '../model.ts';
import type { FeatureConfig } from './classifier.ts';
import { fitTriageSteps, OUT_OF_SCOPE, ROUTE_FEATURES, readRoute, routeFrom, ruleAgency, type PreparedItem, type TriageFit, type TriageSelection } from './route-model.ts';
import type { Steps } from './steps.ts';

// Choosing a model's options where it is trained (the nightly flow calls
// trainTriage, not the bench): k-fold cross-validation inside the training
// reports only, so a measurement on reports held out afterwards stays honest.
// The grid is small on purpose: every candidate is trained once per fold, and
// a kabupaten's few thousand reports must still train in a minute or two.

/**
 * Options tried; a key the caller fixes is not searched. `blend` and `rulePrior` need no retraining.
 * Complement NB and character 3-grams were added when the bench's set grew to ~500 training reports:
 * on each of six seeded splits' training parts, 5-fold CV put them 2–6 points above plain NB on words
 * (3-grams alone, without complement NB, were below it). They quadruple the selection's work, which
 * is why the selection runs in steps (selectTriageSteps) that a shared event loop can pause between.
 */
export const SELECTION_GRID: {
  alpha: readonly number[];
  keywordVotes: readonly number[];
  complement: readonly boolean[];
  features: readonly FeatureConfig[];
  blend: readonly number[];
  rulePrior: readonly number[];
} = {
  alpha: [0.3, 1],
  keywordVotes: [1, 2, 3],
  complement: [false, true],
  features: [ROUTE_FEATURES, { ...ROUTE_FEATURES, charNgrams: [3, 3] }],
  blend: [0, 0.25, 0.5],
  rulePrior: [1, 3, 10],
};

/** Thresholds tried for min_confidence. */
export const MIN_CONFIDENCE_GRID: readonly number[] = Array.from({ length: 20 }, (_, i) => i / 20);

/** Below this many reports the folds are too small to choose by; the defaults are used. */
export const MIN_SELECTION_REPORTS = 40;
export const CV_FOLDS = 5;
/** Held-out reports read between two steps of the selection (a fit is a step of its own). */
export const SELECTION_STEP_READS = 50;

export type SearchedOption = keyof typeof SELECTION_GRID;

export interface CandidateFigures {
  options: Pick<TriageFit, SearchedOption>;
  agency_accuracy: number;
  category_accuracy: number;
}

export interface SelectionResult {
  options: TriageFit;
  selection: TriageSelection;
  /** Every candidate's CV figures, best first (for the bench's report). */
  table: CandidateFigures[];
}

const wantedAgency = (h: PreparedItem) => (h.out_of_scope || h.category === null ? OUT_OF_SCOPE : h.agency);
const wantedCategory = (h: PreparedItem) => (h.out_of_scope || h.category === null ? OUT_OF_SCOPE : h.category);

/**
 * The threshold at which "the model when this sure, else the rules on the
 * keyword rules' category" (chooseRoute, with the keyword category standing in
 * for the one the citizen picks) was right most often; ties go to the higher
 * threshold, which leaves more to the rules admins control.
 */
export function chooseMinConfidence(outcomes: readonly { confidence: number; usable: boolean; model: boolean; rules: boolean }[]): { min_confidence: number; hits: number } {
  let best = { min_confidence: 1, hits: -1 };
  for (const t of MIN_CONFIDENCE_GRID) {
    const hits = outcomes.reduce((n, o) => n + ((o.usable && o.confidence >= t ? o.model : o.rules) ? 1 : 0), 0);
    if (hits >= best.hits) best = { min_confidence: t, hits };
  }
  return best;
}

/**
 * Cross-validates the option grid on `history` (keyword categories already
 * computed) and returns the best options with min_confidence. `fixed` holds
 * the caller's options; keys in `searched` are chosen, the rest kept. In steps
 * (steps.ts): one after each fit, and after every SELECTION_STEP_READS
 * held-out reports read; runSteps runs them straight through.
 */
export function* selectTriageSteps(
  history: readonly PreparedItem[],
  categories: readonly Category[],
  rules: readonly RoutingRule[],
  fixed: TriageFit,
  searched: ReadonlySet<SearchedOption>,
  chooseThreshold: boolean,
): Steps<SelectionResult> {
  const grid = <K extends SearchedOption>(k: K): readonly TriageFit[K][] => (searched.has(k) ? (SELECTION_GRID[k] as readonly TriageFit[K][]) : [fixed[k]]);
  const n = history.length;
  // The fallback reads the keyword rules' category as the desk sees it (suggestCategories), as chooseRoute's callers do.
  const fallback: boolean[] = [];
  for (const h of history) {
    const kw = suggestCategories(h.text, categories)[0]?.category ?? null;
    fallback.push((kw === null ? null : ruleAgency(kw, h.region, rules, categories)) === wantedAgency(h));
    if (fallback.length % SELECTION_STEP_READS === 0) yield;
  }
  type Cell = { options: Pick<TriageFit, SearchedOption>; hits: number; catHits: number; outcomes: { confidence: number; usable: boolean; model: boolean; rules: boolean }[] };
  const cells: Cell[] = [];
  const trained = grid('alpha').flatMap((alpha) => grid('keywordVotes').flatMap((keywordVotes) =>
    grid('complement').flatMap((complement) => grid('features').map((features) => ({ alpha, keywordVotes, complement, features })))));
  // One trained option set read with every blend and rule prior (they need no retraining).
  function* crossValidate(options: TriageFit, into: readonly Cell[]): Steps<void> {
    for (let f = 0; f < CV_FOLDS; f++) {
      const fit = history.filter((_, i) => i % CV_FOLDS !== f);
      const models = yield* fitTriageSteps(fit, categories, options);
      yield;
      for (let i = f, read = 1; i < n; i += CV_FOLDS, read++) {
        if (read % SELECTION_STEP_READS === 0) yield;
        const h = history[i]!;
        const reading = readRoute(models, h.text, h.region, categories, h.keywords);
        const catHit = reading.category.label === wantedCategory(h) ? 1 : 0;
        for (const cell of into) {
          const s = routeFrom(models, reading, h.region, rules, categories, cell.options.blend, cell.options.rulePrior);
          const right = s.agency === wantedAgency(h);
          cell.hits += right ? 1 : 0;
          cell.catHits += catHit;
          cell.outcomes[i] = { confidence: s.confidence, usable: s.agency !== OUT_OF_SCOPE, model: right, rules: fallback[i]! };
        }
      }
    }
  }
  const newCell = (options: Cell['options']): Cell => ({ options, hits: 0, catHits: 0, outcomes: new Array(n) });
  // The grid is searched with naive Bayes alone: the regression would multiply its work many times over.
  for (const { alpha, keywordVotes, complement, features } of trained) {
    const mine = grid('blend').flatMap((blend) => grid('rulePrior').map((rulePrior) => newCell({ alpha, keywordVotes, complement, features, blend, rulePrior })));
    yield* crossValidate({ ...fixed, alpha, keywordVotes, complement, features, categorySoftmax: false }, mine);
    cells.push(...mine);
  }
  // Best agency accuracy; then category accuracy; then the earlier (simpler) grid point.
  const ranked = cells.map((c, order) => ({ c, order })).sort((a, b) => b.c.hits - a.c.hits || b.c.catHits - a.c.catHits || a.order - b.order).map((x) => x.c);
  let best = ranked[0]!;
  // The best options once more with the category model's regression; kept when it is right at least as often.
  let categorySoftmax = false;
  if (fixed.categorySoftmax) {
    const withSoftmax = newCell(best.options);
    yield* crossValidate({ ...fixed, ...best.options, categorySoftmax: true }, [withSoftmax]);
    if (withSoftmax.hits >= best.hits) {
      best = withSoftmax;
      categorySoftmax = true;
    }
  }
  const threshold = chooseThreshold ? chooseMinConfidence(best.outcomes) : { min_confidence: fixed.minConfidence, hits: best.outcomes.reduce((k, o) => k + ((o.usable && o.confidence >= fixed.minConfidence ? o.model : o.rules) ? 1 : 0), 0) };
  const share = (k: number) => Math.round((k / n) * 1000) / 1000;
  return {
    options: { ...fixed, ...best.options, categorySoftmax, minConfidence: threshold.min_confidence },
    selection: {
      folds: CV_FOLDS,
      reports: n,
      candidates: cells.length,
      category_accuracy: share(best.catHits),
      agency_accuracy: share(best.hits),
      routed_accuracy: share(threshold.hits),
      keyword_agency_accuracy: share(fallback.filter(Boolean).length),
    },
    table: ranked.map((c) => ({ options: c.options, agency_accuracy: share(c.hits), category_accuracy: share(c.catHits) })),
  };
}
