import type { Category } from '../model.ts';
import { DEFAULT_TRIAGE_OPTIONS, fitTriageSteps, prepareHistory, type TriageHistoryItem, type TriageModels, type TriageTrainOptions } from './route-model.ts';
import { MIN_SELECTION_REPORTS, SELECTION_GRID, selectTriageSteps, type SearchedOption, type SelectionResult } from './select.ts';
import { runSteps, type Steps } from './steps.ts';

// Training the routing model as the nightly flow runs it: the options the
// caller leaves open (smoothing, how far to trust the keyword rules, the blend,
// how much history overrules a routing rule) and min_confidence are chosen by
// cross-validation inside `history` (select.ts), then the model is trained on
// all of it. The model itself lives in route-model.ts.

export * from './route-model.ts';
export * from './steps.ts';

/** Trains with options chosen by cross-validation (see select.ts); with `onSelection`, the CV table too. */
export function trainTriage(
  history: readonly TriageHistoryItem[],
  categories: readonly Category[],
  opts: TriageTrainOptions = {},
  onSelection?: (result: SelectionResult) => void,
): TriageModels {
  return runSteps(trainTriageSteps(history, categories, opts, onSelection));
}

/** trainTriage in steps (the selection's; see steps.ts), for a caller that shares its event loop. */
export function* trainTriageSteps(
  history: readonly TriageHistoryItem[],
  categories: readonly Category[],
  opts: TriageTrainOptions = {},
  onSelection?: (result: SelectionResult) => void,
): Steps<TriageModels> {
  const prepared = prepareHistory(history, categories);
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as TriageTrainOptions;
  const fixed = { ...DEFAULT_TRIAGE_OPTIONS, ...given } as typeof DEFAULT_TRIAGE_OPTIONS;
  const searched = new Set((Object.keys(SELECTION_GRID) as SearchedOption[]).filter((k) => given[k] === undefined));
  const select = opts.select ?? prepared.length >= MIN_SELECTION_REPORTS;
  if (!select || (searched.size === 0 && given.minConfidence !== undefined)) return yield* fitTriageSteps(prepared, categories, fixed, opts.now);
  yield;
  const result = yield* selectTriageSteps(prepared, categories, opts.rules ?? [], fixed, searched, given.minConfidence === undefined);
  onSelection?.(result);
  const models = yield* fitTriageSteps(prepared, categories, result.options, opts.now);
  return { ...models, selection: result.selection };
}
