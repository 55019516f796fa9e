import { DomainError } from '../errors.ts';
import type { Category, RoutingRule } from '../model.ts';
import { kecamatanOf } from '../region-code.ts';
import { suggestAgency } from '../routing.ts';
import { agencyToLabel, labelToAgency, regionFeatures } from './agency-label.ts';
import { keywordVotes } from './keyword-vote.ts';
import { DEFAULT_SOFTMAX } from './softmax.ts';
import { unpackModel } from './model-codec.ts';
import { runSteps, type Steps } from './steps.ts';
import { DEFAULT_FEATURES, predict, trainSteps, type FeatureConfig, type Prediction, type TextModel, type TrainingExample } from './classifier.ts';

// The verifikator's suggestion for a new report: a category, and an agency
// that follows the routing rules where the desk's own history does, and the
// agency model where it does not:
//   P(agency) = blend · P_agency(agency | text, kecamatan)
//             + (1 - blend) · Σ_c P_category(c | text) · P(agency | c, text),
//   P(agency | c, text) = trust_c · [rules send c here to agency]
//                       + (1 - trust_c) · P_agency(agency | text, agency seen with c),
//   trust_c = (reports of c whose final agency is the rules' one + rule_prior) / (reports of c + rule_prior).
// So a category the desk always disposes by the rules (JALAN to DPUPR, DESA to
// the report's own Camat) stays with the rules admins edit, and a catch-all
// the desk sends anywhere ("Lainnya": a sports field to Dispora, a library to
// Dispusip) is read by the agency model, among the agencies that category has
// gone to.

/** Label for reports the kabupaten has no authority over (PLN, police, national roads, BPN). */
export const OUT_OF_SCOPE = 'LUAR_KEWENANGAN';

/**
 * Format of the stored TriageModels (triage_models.model). 2 added
 * `category_agencies`, `rule_prior` and `min_confidence`; models without it
 * (format 1) are refused by readTriageModels and chooseRoute, which then route
 * by the rules until the next nightly training.
 */
export const TRIAGE_MODEL_VERSION = 2;

export interface TriageHistoryItem {
  text: string;
  region: string | null;
  /** Category and agency the report ended with; both null when it was out of scope. */
  category: string | null;
  agency: string | null;
  out_of_scope?: boolean;
}

/** How the options of a model were chosen: cross-validation inside its training reports. */
export interface TriageSelection {
  folds: number;
  /** Reports the folds were drawn from. */
  reports: number;
  /** Option sets tried (each with every blend and rule_prior). */
  candidates: number;
  /** CV top-1 accuracy of the chosen options, 0–1. */
  category_accuracy: number;
  agency_accuracy: number;
  /** CV accuracy of the suggestion as chooseRoute makes it at the chosen min_confidence (else the rules on the keyword category). */
  routed_accuracy: number;
  /** The keyword rules (keyword category, then the routing rules) on the same reports. */
  keyword_agency_accuracy: number;
}

export interface TriageModels {
  version: typeof TRIAGE_MODEL_VERSION;
  category: TextModel;
  agency: TextModel;
  keywordVotes: number;
  /** Weight of the agency model alone in the blend (0: through the categories, 1: agency model only). */
  blend: number;
  /**
   * Final agencies of each category's reports, by the report's kecamatan
   * ('' when unknown), as training labels (the report's own Camat is
   * OWN_CAMAT): how far the desk follows the routing rules, per category.
   */
  category_agencies: Record<string, Record<string, Record<string, number>>>;
  /** Pseudo-reports on the rules' side in trust_c: how much history it takes to overrule them. */
  rule_prior: number;
  /** The model's agency is suggested from this confidence on; chosen by cross-validation at training. */
  min_confidence: number;
  /** null when the caller fixed the options. */
  selection: TriageSelection | null;
  /**
   * The desk's spam text model (spam-text.ts), trained with the routing model from its spam
   * verdicts; absent while it has too few, or in a model stored before it was added.
   */
  spam?: TextModel | null;
}

export interface TriageTrainOptions {
  now?: Date;
  alpha?: number;
  features?: FeatureConfig;
  blend?: number;
  /** Also learn each category's name, description and keywords (what the keyword rules know) as non-prior examples. */
  categoryKnowledge?: boolean;
  /**
   * How strongly the best category by the categories' keywords enters as a
   * feature (0: not at all; n: as n features; see keywordFeatures). Admins
   * wrote the keywords; the model learns when to trust them.
   */
  keywordVotes?: number;
  rulePrior?: number;
  minConfidence?: number;
  /** Complement naive Bayes for both models (classifier.ts). */
  complement?: boolean;
  /** Features weighted by their inverse document frequency when a report is read (classifier.ts TextModel.idf). */
  idf?: boolean;
  /** How much a label's share of the reports counts (classifier.ts TextModel.prior_weight). */
  priorWeight?: number;
  /**
   * The category model also carries a logistic regression averaged with naive Bayes (classifier.ts
   * TextModel.softmax). With selection, kept only when cross-validation finds it helps (select.ts).
   */
  categorySoftmax?: boolean;
  /**
   * The routing rules the suggestion will use: the cross-validation measures
   * agencies through them. Without them it routes by the categories' default
   * agencies only, which misjudges rules by kecamatan (the Camat).
   */
  rules?: readonly RoutingRule[];
  /** false: no cross-validation, the given options or the defaults. */
  select?: boolean;
}

/**
 * The routing models' words and word pairs, with the authority groups (authority.ts) as 3 features
 * each: chosen by cross-validation inside the bench's training part (bench/triage/agency-cv.ts;
 * the held-out part not read), agency top-1 82.8 → 83.3 % with random folds and 84.4 → 85.1 % with
 * one fold per writer (as 1 feature: +0.1; as 6: as 3). The lists were written from the law's
 * division of affairs and the training part's misses ("not ours" read as roads or transport).
 */
export const ROUTE_FEATURES: FeatureConfig = { ...DEFAULT_FEATURES, authority: 3 };

/**
 * idf and priorWeight are not searched: on the bench's training part (bench/triage/agency-cv.ts,
 * nothing held out read) idf with no prior raised agency top-1 by cross-validation from 80.8 to
 * 81.6 % with the selection inside each fold, and across hands (one fold per writer) from 81.8 to
 * 83.3 % at fixed options; it helped five of the six grid points tried (not alpha 0.3, which the
 * selection then no longer picks), and searching it would double the selection's work.
 */
export const DEFAULT_TRIAGE_OPTIONS = {
  alpha: 1, features: ROUTE_FEATURES as FeatureConfig, blend: 0, categoryKnowledge: true, keywordVotes: 2, rulePrior: 3, minConfidence: 0.6, complement: false as boolean,
  idf: true as boolean, priorWeight: 0, categorySoftmax: true as boolean,
} satisfies Omit<TriageTrainOptions, 'now' | 'rules' | 'select'>;

/**
 * A category's name, description and each keyword as examples: the model
 * starts from what admins already told the keyword rules, and history then
 * outweighs it. They do not count in the priors (they are not reports).
 */
export function categoryKnowledge(categories: readonly Category[]): TrainingExample[] {
  return categories
    .filter((c) => c.active)
    .flatMap((c) => [c.name, c.description ?? '', ...(c.keywords ?? [])].filter(Boolean).map((text) => ({ text, label: c.code, prior: false })));
}

/** The categories' keywords found in a text (keyword-vote.ts): the best one, and every one. */
export interface KeywordReading {
  best: string | null;
  all: string[];
}

export function keywordReading(text: string, categories: readonly Category[]): KeywordReading {
  const v = keywordVotes(text, categories);
  return { best: v[0]?.category ?? null, all: v.map((x) => x.category) };
}

/**
 * The keywords as features: the best category as `votes` binary features, and
 * each category whose keywords occur once more ("pelecehan oleh guru" names
 * both PERLINDUNGAN and PENDIDIKAN; the words decide). `reading`: when the
 * caller has it.
 */
export function keywordFeatures(text: string, categories: readonly Category[], votes: number, reading?: KeywordReading): string[] {
  if (votes <= 0) return [];
  const r = reading ?? keywordReading(text, categories);
  return r.best ? [...Array.from({ length: votes }, (_, i) => `kw${i}:${r.best}`), ...r.all.map((c) => `kwm:${c}`)] : [];
}

const isOut = (h: TriageHistoryItem) => h.out_of_scope === true || h.category === null;

/** A history item with its keyword category, computed once however often the item is trained on. */
export interface PreparedItem extends TriageHistoryItem {
  keywords: KeywordReading;
}

export function prepareHistory(history: readonly TriageHistoryItem[], categories: readonly Category[]): PreparedItem[] {
  return history.map((h) => ({ ...h, keywords: keywordReading(h.text, categories) }));
}

/** The fixed options of one training (what selection chooses among). */
export type TriageFit = typeof DEFAULT_TRIAGE_OPTIONS;

/** Trains with fixed options on prepared history (no selection). */
export function fitTriage(history: readonly PreparedItem[], categories: readonly Category[], o: TriageFit, now?: Date): TriageModels {
  return runSteps(fitTriageSteps(history, categories, o, now));
}

/** fitTriage in steps (steps.ts): the category model's regression pauses after every pass. */
export function* fitTriageSteps(history: readonly PreparedItem[], categories: readonly Category[], o: TriageFit, now?: Date): Steps<TriageModels> {
  const kw = (h: PreparedItem) => keywordFeatures(h.text, categories, o.keywordVotes, h.keywords);
  const catExamples: TrainingExample[] = history.map((h) => ({ text: h.text, label: isOut(h) ? OUT_OF_SCOPE : h.category!, features: kw(h) }));
  if (o.categoryKnowledge) catExamples.push(...categoryKnowledge(categories).map((e) => ({ ...e, features: keywordFeatures(e.text, categories, o.keywordVotes) })));
  const taught = history.filter((h) => isOut(h) || h.agency !== null);
  const agencyExamples: TrainingExample[] = taught.map((h) => ({
    text: h.text, label: isOut(h) ? OUT_OF_SCOPE : agencyToLabel(h.agency!, h.region), features: [...regionFeatures(h.region), ...kw(h)],
  }));
  const category_agencies: TriageModels['category_agencies'] = {};
  for (const h of taught) {
    if (isOut(h)) continue;
    const byKec = (category_agencies[h.category!] ??= {});
    const counts = (byKec[kecamatanOf(h.region) ?? ''] ??= {});
    const label = agencyToLabel(h.agency!, h.region);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  const train_ = (ex: TrainingExample[], softmax: boolean) =>
    trainSteps(ex, {
      alpha: o.alpha, features: o.features as FeatureConfig, complement: o.complement, idf: o.idf, priorWeight: o.priorWeight,
      ...(softmax ? { softmax: DEFAULT_SOFTMAX } : {}), ...(now ? { now } : {}),
    });
  const category = yield* train_(catExamples, o.categorySoftmax);
  const agency = yield* train_(agencyExamples, false);
  return {
    version: TRIAGE_MODEL_VERSION,
    category,
    agency,
    keywordVotes: o.keywordVotes,
    blend: o.blend,
    category_agencies,
    rule_prior: o.rulePrior,
    min_confidence: o.minConfidence,
    selection: null,
  };
}

export interface RouteSuggestionLearned {
  category: Prediction;
  agency: string;
  confidence: number;
  top: { agency: string; p: number }[];
  /** Words that drove the agency model (the category's words are in `category.words`). */
  words: { token: string; weight: number }[];
}

/** The two models' full distributions for a text (what routeFrom combines). */
export interface RouteReading {
  category: Prediction;
  agency: Prediction;
}

export function readRoute(models: TriageModels, text: string, region: string | null, categories: readonly Category[], keyword?: KeywordReading): RouteReading {
  const nCat = Object.keys(models.category.label_counts).length;
  const nAg = Object.keys(models.agency.label_counts).length;
  const kw = keywordFeatures(text, categories, models.keywordVotes, keyword);
  return { category: predict(models.category, text, kw, nCat), agency: predict(models.agency, text, [...regionFeatures(region), ...kw], nAg) };
}

/** The routing rules' agency for a category at a region (null: no route). */
export function ruleAgency(category: string, region: string | null, rules: readonly RoutingRule[], categories: readonly Category[]): string | null {
  try {
    return suggestAgency({ category, region }, rules, categories).agency;
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
}

/**
 * trust_c: how often the desk's final agency for category c was the one the
 * rules give, each report judged at its own kecamatan, smoothed towards the
 * rules by `prior` pseudo-reports. Memoised per model and rules list.
 */
const trustMemo = new WeakMap<TriageModels, WeakMap<readonly RoutingRule[], Map<string, { trust: number; seen: string[] }>>>();
function categoryTrust(models: TriageModels, category: string, rules: readonly RoutingRule[], categories: readonly Category[], prior: number) {
  let byRules = trustMemo.get(models);
  if (!byRules) trustMemo.set(models, (byRules = new WeakMap()));
  let memo = byRules.get(rules);
  if (!memo) byRules.set(rules, (memo = new Map()));
  const key = `${category}\u0000${prior}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const byKec = models.category_agencies?.[category] ?? {};
  let agree = 0;
  let n = 0;
  const seen = new Set<string>();
  for (const [kec, counts] of Object.entries(byKec)) {
    const routed = ruleAgency(category, kec || null, rules, categories);
    const label = routed === null ? null : agencyToLabel(routed, kec || null);
    for (const [l, k] of Object.entries(counts)) {
      n += k;
      seen.add(l);
      if (l === label) agree += k;
    }
  }
  const out = { trust: n + prior > 0 ? (agree + prior) / (n + prior) : 1, seen: [...seen] };
  memo.set(key, out);
  return out;
}

/** Combines a reading into the agency suggestion; `blend` and `rulePrior` default to the models' own. */
export function routeFrom(
  models: TriageModels,
  reading: RouteReading,
  region: string | null,
  rules: readonly RoutingRule[],
  categories: readonly Category[],
  blend: number = models.blend,
  rulePrior: number = models.rule_prior ?? DEFAULT_TRIAGE_OPTIONS.rulePrior,
): RouteSuggestionLearned {
  const { category: cat, agency: ag } = reading;
  const agP = new Map(ag.top.map((t) => [t.label, t.p]));
  const p = new Map<string, number>();
  const put = (agency: string | null, x: number) => {
    if (agency !== null && x > 0) p.set(agency, (p.get(agency) ?? 0) + x);
  };
  for (const t of ag.top) put(labelToAgency(t.label, region), blend * t.p);
  for (const t of cat.top) {
    const mass = (1 - blend) * t.p;
    if (mass <= 0) continue;
    if (t.label === OUT_OF_SCOPE) { put(OUT_OF_SCOPE, mass); continue; }
    // A category without a route gives its share to the agency model among what it has seen.
    const routed = ruleAgency(t.label, region, rules, categories);
    const { trust, seen } = categoryTrust(models, t.label, rules, categories, rulePrior);
    const ruleShare = routed === null ? 0 : trust;
    put(routed, mass * ruleShare);
    const z = seen.reduce((s, l) => s + (agP.get(l) ?? 0), 0);
    if (z > 0) for (const l of seen) put(labelToAgency(l, region), (mass * (1 - ruleShare) * (agP.get(l) ?? 0)) / z);
    else put(routed, mass * (1 - ruleShare));
  }
  const ranked = [...p].map(([agency, x]) => ({ agency, p: Math.round(x * 1000) / 1000 })).sort((a, b) => b.p - a.p || a.agency.localeCompare(b.agency));
  const best = ranked[0] ?? { agency: OUT_OF_SCOPE, p: 0 };
  return { category: { ...cat, top: cat.top.slice(0, 3) }, agency: best.agency, confidence: best.p, top: ranked.slice(0, 3), words: ag.words };
}

/** Category and agency for a new report. Pure and deterministic; `blend` overrides the models' own. */
export function suggestRoute(
  models: TriageModels,
  text: string,
  region: string | null,
  rules: readonly RoutingRule[],
  categories: readonly Category[],
  blend: number = models.blend,
): RouteSuggestionLearned {
  return routeFrom(models, readRoute(models, text, region, categories), region, rules, categories, blend);
}

/**
 * A stored model as the readers take it (packed, JSON text or parsed; model-codec.ts): null for an
 * older or unknown format, or a body that does not unpack (routing then falls back to the rules).
 */
export function readTriageModels(raw: unknown): TriageModels | null {
  const m = unpackModel(raw);
  if (!m || typeof m !== 'object') return null;
  const o = m as Partial<TriageModels>;
  if (o.version !== TRIAGE_MODEL_VERSION || !o.category || !o.agency || typeof o.category_agencies !== 'object') return null;
  return o as TriageModels;
}
