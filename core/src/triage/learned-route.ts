import { DomainError } from '../errors.ts';
import type { Category, RoutingRule } from '../model.ts';
import { suggestCategories } from '../category-suggest.ts';
import { suggestAgency } from '../routing.ts';
import { AGENCY_HELD_STATUSES, TRANSITIONS, type Status } from '../statuses.ts';
import { predict, type TextModel } from './classifier.ts';
import { SELECTION_STEP_READS } from './select.ts';
import { keywordFeatures, OUT_OF_SCOPE, runSteps, suggestRoute, trainTriageSteps, TRIAGE_MODEL_VERSION, type Steps, type TriageHistoryItem, type TriageModels, type TriageTrainOptions } from './suggest.ts';

// The learned routing as the desk runs it: trained on a schedule from the
// desk's own final dispositions, measured on a part of that history it did not
// learn from (beside the keyword rules on the same reports), kept as data, and
// used for a new report only when it is confident; otherwise, and without a
// model, the routing rules decide as before.

/** Below this many reports with a final agency a model is not trained: it would know too little. */
export const MIN_TRAINING_REPORTS = 30;
/**
 * A model's agency is suggested from this confidence on (the blended
 * probability of its best agency) when neither the caller nor the model says
 * otherwise; trainTriage stores the threshold its cross-validation chose.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.6;

/**
 * Statuses in which a report's agency is its final one, what the model learns
 * from: an agency holds it and has accepted it (derived from the graph: every
 * agency-held status but the one disposition leads to, where the agency may
 * still hand it back in time as "bukan wewenang").
 */
export const FINAL_AGENCY_STATUSES: readonly Status[] = AGENCY_HELD_STATUSES.filter(
  (s) => !TRANSITIONS.some((t) => t.action === 'dispose' && t.to === s),
);

/** A stored report as the training reads it. */
export interface DispositionRow {
  description: string | null;
  region: string | null;
  category: string | null;
  assigned_agency: string | null;
  status: string;
  status_reason: string | null;
}

/** What a report teaches: its final agency, or "not ours" when it was rejected as out of scope; null when nothing. */
export function trainingExample(r: DispositionRow): TriageHistoryItem | null {
  const text = (r.description ?? '').trim();
  if (!text) return null;
  if (r.status === 'rejected' && r.status_reason === 'out_of_scope') return { text, region: r.region, category: null, agency: null, out_of_scope: true };
  if ((FINAL_AGENCY_STATUSES as readonly string[]).includes(r.status) && r.assigned_agency) {
    return { text, region: r.region, category: r.category, agency: r.assigned_agency };
  }
  return null;
}

export interface TriageEvaluation {
  /** Reports learned from (the held-out part excluded) and reports held out. */
  trained_on: number;
  held_out: number;
  /** Top-1 accuracy on the held-out reports, 0–1. */
  category_accuracy: number;
  agency_accuracy: number;
  /** The keyword rules (category from keywords, then the routing rules) on the same held-out reports. */
  keyword_agency_accuracy: number;
  /**
   * chooseRoute on the held-out reports at the model's own min_confidence, the
   * rules reading the keyword rules' category below it (the category a report
   * carries is not known here).
   */
  routed_accuracy: number;
  /** The threshold the training chose by cross-validation. */
  min_confidence: number;
}

/** Every `every`-th report (by position) held out, the rest to learn from: the same split for the same history. */
export function holdoutSplit<T>(items: readonly T[], every = 5): { train: T[]; test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  items.forEach((x, i) => (i % every === every - 1 ? test : train).push(x));
  return { train, test };
}

const wantedAgency = (h: TriageHistoryItem) => (h.out_of_scope || h.category === null ? OUT_OF_SCOPE : h.agency);
const wantedCategory = (h: TriageHistoryItem) => (h.out_of_scope || h.category === null ? OUT_OF_SCOPE : h.category);

/** The keyword rules' agency for a text: its best keyword category, then the routing rules; null when they find none. */
export function keywordAgency(text: string, region: string | null, rules: readonly RoutingRule[], categories: readonly Category[]): string | null {
  const best = suggestCategories(text, categories)[0];
  if (!best) return null;
  try {
    return suggestAgency({ category: best.category, region }, rules, categories).agency;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** Trains on the history minus the held-out part and measures both the model and the keyword rules on that part. */
export function evaluateTriage(
  history: readonly TriageHistoryItem[],
  categories: readonly Category[],
  rules: readonly RoutingRule[],
  opts: TriageTrainOptions = {},
): TriageEvaluation {
  return runSteps(evaluateTriageSteps(history, categories, rules, opts)).evaluation;
}

/**
 * evaluateTriage in steps (see steps.ts), with the model it measured: its
 * options (chosenOptions) can train the model on the whole history without
 * choosing them a second time.
 */
export function* evaluateTriageSteps(
  history: readonly TriageHistoryItem[],
  categories: readonly Category[],
  rules: readonly RoutingRule[],
  opts: TriageTrainOptions = {},
): Steps<{ evaluation: TriageEvaluation; models: TriageModels }> {
  const { train, test } = holdoutSplit(history);
  // Options and min_confidence are chosen inside `train` only (trainTriage's cross-validation).
  const models = yield* trainTriageSteps(train, categories, { rules, ...opts });
  let cat = 0;
  let ag = 0;
  let kw = 0;
  let routed = 0;
  for (const [k, h] of test.entries()) {
    if (k % SELECTION_STEP_READS === SELECTION_STEP_READS - 1) yield;
    const s = suggestRoute(models, h.text, h.region, rules, categories);
    if (s.category.label === wantedCategory(h)) cat++;
    if (s.agency === wantedAgency(h)) ag++;
    const byKeywords = keywordAgency(h.text, h.region, rules, categories);
    if (byKeywords === wantedAgency(h)) kw++;
    const byRoute = s.agency !== OUT_OF_SCOPE && s.confidence >= models.min_confidence ? s.agency : byKeywords;
    if (byRoute === wantedAgency(h)) routed++;
  }
  const share = (n: number) => (test.length ? Math.round((n / test.length) * 1000) / 1000 : 0);
  const evaluation = {
    trained_on: train.length, held_out: test.length, category_accuracy: share(cat), agency_accuracy: share(ag), keyword_agency_accuracy: share(kw),
    routed_accuracy: share(routed), min_confidence: models.min_confidence,
  };
  return { evaluation, models };
}

/**
 * The options a trained model was made with, as training options: the same
 * model again on other reports, with no selection. min_confidence included.
 */
export function chosenOptions(models: TriageModels): TriageTrainOptions {
  return {
    alpha: models.agency.alpha,
    features: models.agency.features,
    complement: models.agency.complement === true,
    idf: models.agency.idf === true,
    priorWeight: models.agency.prior_weight ?? 1,
    categorySoftmax: models.category.softmax !== undefined,
    keywordVotes: models.keywordVotes,
    blend: models.blend,
    rulePrior: models.rule_prior,
    minConfidence: models.min_confidence,
  };
}

export interface ChosenRoute {
  /** The agency suggested to the verifikator (null: none found). */
  agency: string | null;
  source: 'model' | 'rules' | 'none';
  /** The model's view, when a model was asked. */
  learned: { agency: string; confidence: number; category: string; words: string[] } | null;
  /** The routing rules' view (null: no rule and no default agency for the category). */
  rules: string | null;
}

/**
 * A new report's suggestion: the model's agency when it is at least
 * `minConfidence` sure (default: the threshold the model's training chose)
 * and names one of ours; else the routing rules' (which stay the override
 * admins control: the model reaches an agency through them, from the category
 * it reads). A report the model finds outside the kabupaten's authority keeps
 * the rules' agency; the verifikator sees why. A model of an older format is
 * not read: the rules decide, as without a model.
 */
export function chooseRoute(
  models: TriageModels | null,
  report: { text: string; category: string | null; region: string | null },
  rules: readonly RoutingRule[],
  categories: readonly Category[],
  minConfidence?: number,
): ChosenRoute {
  let byRules: string | null = null;
  try {
    byRules = suggestAgency({ category: report.category, region: report.region }, rules, categories).agency;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  if (models?.version !== TRIAGE_MODEL_VERSION) return { agency: byRules, source: byRules ? 'rules' : 'none', learned: null, rules: byRules };
  const threshold = minConfidence ?? models.min_confidence ?? DEFAULT_MIN_CONFIDENCE;
  const s = suggestRoute(models, report.text, report.region, rules, categories);
  // Features that are not words (the kecamatan, the keyword rules' vote) are not shown as words.
  const words = s.words.filter((w) => w.weight > 0 && !w.token.includes(':')).slice(0, 5).map((w) => w.token.replaceAll('_', ' '));
  const learned = { agency: s.agency, confidence: s.confidence, category: s.category.label, words };
  if (s.agency !== OUT_OF_SCOPE && s.confidence >= threshold) return { agency: s.agency, source: 'model', learned, rules: byRules };
  return { agency: byRules, source: byRules ? 'rules' : 'none', learned, rules: byRules };
}

/** The verifikator's one-line reading of a suggestion (Bahasa Indonesia). */
export function routeExplanation(route: ChosenRoute, modelName: string | null): string {
  const pct = (p: number) => `${Math.round(p * 100)} %`;
  const parts: string[] = [];
  if (route.learned && modelName) {
    const l = route.learned;
    const what = l.agency === OUT_OF_SCOPE ? 'mungkin di luar kewenangan pemerintah daerah' : l.agency;
    parts.push(`Model ${modelName}: ${what} (keyakinan ${pct(l.confidence)})${l.words.length ? `, kata penentu: ${l.words.join(', ')}` : ''}.`);
  }
  parts.push(route.rules ? `Aturan disposisi: ${route.rules}.` : 'Aturan disposisi: belum ada instansi untuk kategori dan wilayah ini.');
  parts.push(
    route.source === 'model'
      ? `Disarankan: ${route.agency} (dari model).`
      : route.source === 'rules'
        ? `Disarankan: ${route.agency} (dari aturan disposisi${route.learned ? '; model kurang yakin' : ''}).`
        : 'Belum ada saran instansi: pilih instansi tujuan secara manual.',
  );
  return parts.join(' ');
}

/** What the chat needs of the routing model to read a story's category: its category part, as trained. */
export interface CategoryReader {
  category: TextModel;
  keywordVotes: number;
  min_confidence: number;
}

/**
 * The least confidence at which the chat skips the category question, whatever
 * threshold routing uses. Routing's threshold is chosen by cross-validation and
 * may be low, because below it the rules only take over a suggestion that a
 * verifikator checks anyway; a skipped question is an answer the citizen never gave.
 */
export const CHAT_MIN_CONFIDENCE = 0.6;

/**
 * The category a story is about, when the model is at least `min_confidence`
 * (and CHAT_MIN_CONFIDENCE) sure and it is one of the active categories (not
 * "outside the kabupaten's authority": that is the verifikator's call); null
 * otherwise. The chat then need not ask the citizen.
 */
export function confidentCategory(reader: CategoryReader, text: string, categories: readonly Category[]): { category: string; confidence: number } | null {
  const n = Object.keys(reader.category.label_counts).length;
  const p = predict(reader.category, text, keywordFeatures(text, categories, reader.keywordVotes), n);
  if (p.label === OUT_OF_SCOPE || p.confidence < Math.max(reader.min_confidence, CHAT_MIN_CONFIDENCE)) return null;
  return categories.some((c) => c.active && c.code === p.label) ? { category: p.label, confidence: p.confidence } : null;
}

