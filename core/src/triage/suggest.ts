import { DomainError } from '../errors.ts';
import type { Category, RoutingRule } from '../model.ts';
import { suggestCategories } from '../category-suggest.ts';
import { suggestAgency } from '../routing.ts';
import { agencyToLabel, labelToAgency, regionFeatures } from './agency-label.ts';
import { predict, train, type FeatureConfig, type Prediction, type TextModel, type TrainingExample } from './classifier.ts';

// The verifikator's suggestion for a new report: a category, and an agency
// that blends two views,
//   P(agency) = blend · P_agency(agency | text, kecamatan)
//             + (1 - blend) · Σ_c P_category(c | text) · [routing rules send c here to agency],
// so the routing rules admins edit stay in charge of where a category goes
// (Camat of the report's kecamatan, Disperkim for drainage in the capital),
// while the agency model learns what the rules cannot say (a sports field
// goes to Dispora, a PLN outage is not ours at all).

/** Label for reports the kabupaten has no authority over (PLN, police, national roads, BPN). */
export const OUT_OF_SCOPE = 'LUAR_KEWENANGAN';

export interface TriageHistoryItem {
  text: string;
  region: string | null;
  /** Category and agency the report ended with; both null when it was out of scope. */
  category: string | null;
  agency: string | null;
  out_of_scope?: boolean;
}

export interface TriageModels {
  category: TextModel;
  agency: TextModel;
  keywordVotes: number;
  /** Weight of the agency model in the blend (0: category + routing only, 1: agency model only). */
  blend: number;
}

export interface TriageTrainOptions {
  now?: Date;
  alpha?: number;
  features?: FeatureConfig;
  blend?: number;
  /** Also learn each category's name, description and keywords (what the keyword rules know) as non-prior examples. */
  categoryKnowledge?: boolean;
  /**
   * How strongly the keyword rules' best category enters as a feature (0: not
   * at all; n: as n features). The keyword rules know typo-tolerant phrases
   * admins wrote; the model learns when to trust them.
   */
  keywordVotes?: number;
}

export const DEFAULT_TRIAGE_OPTIONS = { alpha: 1, features: { bigrams: true, charNgrams: null }, blend: 0, categoryKnowledge: true, keywordVotes: 2 } satisfies Omit<TriageTrainOptions, 'now'>;

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

/** The keyword rules' best category as `keywordVotes` binary features. */
export function keywordFeatures(text: string, categories: readonly Category[], votes: number): string[] {
  const best = votes > 0 ? suggestCategories(text, categories)[0] : undefined;
  return best ? Array.from({ length: votes }, (_, i) => `kw${i}:${best.category}`) : [];
}

export function trainTriage(history: readonly TriageHistoryItem[], categories: readonly Category[], opts: TriageTrainOptions = {}): TriageModels {
  const o = { ...DEFAULT_TRIAGE_OPTIONS, ...opts };
  const out = (h: TriageHistoryItem) => h.out_of_scope === true || h.category === null;
  const kw = (text: string) => keywordFeatures(text, categories, o.keywordVotes);
  const catExamples: TrainingExample[] = history.map((h) => ({ text: h.text, label: out(h) ? OUT_OF_SCOPE : h.category!, features: kw(h.text) }));
  if (o.categoryKnowledge) catExamples.push(...categoryKnowledge(categories).map((e) => ({ ...e, features: kw(e.text) })));
  const agencyExamples: TrainingExample[] = history
    .filter((h) => out(h) || h.agency !== null)
    .map((h) => ({ text: h.text, label: out(h) ? OUT_OF_SCOPE : agencyToLabel(h.agency!, h.region), features: [...regionFeatures(h.region), ...kw(h.text)] }));
  const train_ = (ex: TrainingExample[]) => train(ex, { alpha: o.alpha, features: o.features as FeatureConfig, ...(o.now ? { now: o.now } : {}) });
  return { category: train_(catExamples), agency: train_(agencyExamples), blend: o.blend, keywordVotes: o.keywordVotes };
}

export interface RouteSuggestionLearned {
  category: Prediction;
  agency: string;
  confidence: number;
  top: { agency: string; p: number }[];
  /** Words that drove the agency model (the category's words are in `category.words`). */
  words: { token: string; weight: number }[];
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
  const nCat = Object.keys(models.category.label_counts).length;
  const nAg = Object.keys(models.agency.label_counts).length;
  const kw = keywordFeatures(text, categories, models.keywordVotes);
  const cat = predict(models.category, text, kw, nCat);
  const ag = predict(models.agency, text, [...regionFeatures(region), ...kw], nAg);
  const p = new Map<string, number>();
  const put = (agency: string | null, x: number) => {
    if (agency !== null && x > 0) p.set(agency, (p.get(agency) ?? 0) + x);
  };
  for (const t of ag.top) put(labelToAgency(t.label, region), blend * t.p);
  for (const t of cat.top) {
    if (t.label === OUT_OF_SCOPE) { put(OUT_OF_SCOPE, (1 - blend) * t.p); continue; }
    try {
      put(suggestAgency({ category: t.label, region }, rules, categories).agency, (1 - blend) * t.p);
    } catch (e) {
      // A category without a route contributes nothing; the agency model still speaks.
      if (!(e instanceof DomainError)) throw e;
    }
  }
  const ranked = [...p].map(([agency, x]) => ({ agency, p: Math.round(x * 1000) / 1000 })).sort((a, b) => b.p - a.p || a.agency.localeCompare(b.agency));
  const best = ranked[0] ?? { agency: OUT_OF_SCOPE, p: 0 };
  return { category: { ...cat, top: cat.top.slice(0, 3) }, agency: best.agency, confidence: best.p, top: ranked.slice(0, 3), words: ag.words };
}
