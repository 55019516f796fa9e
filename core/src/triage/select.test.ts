import { describe, expect, it } from 'vitest';
import type { Category, RoutingRule } from '../model.ts';
import { DEFAULT_FEATURES } from './classifier.ts';
import { chosenOptions, evaluateTriage, evaluateTriageSteps } from './learned-route.ts';
import { chooseMinConfidence, MIN_SELECTION_REPORTS, SELECTION_STEP_READS } from './select.ts';
import { runSteps, trainTriage, trainTriageSteps, type TriageHistoryItem } from './suggest.ts';

const cat = (code: string, keywords: string[], default_agency: string | null): Category => ({
  code, name: code, name_en: null, description: null, keywords, default_agency, sla_policy: null, active: true, sort: null,
});
const categories = [cat('JALAN', ['jalan rusak'], 'DPUPR'), cat('SAMPAH', ['sampah'], 'DLH'), cat('LAINNYA', [], 'SETDA-UMUM')];
const rules: RoutingRule[] = [];
const now = new Date('2026-12-01T00:00:00Z');
const history: TriageHistoryItem[] = [
  ...Array.from({ length: 15 }, (_, i) => ({ text: `lubang besar di ruas ${i}, motor jatuh`, region: '16.02.03.2007', category: 'JALAN', agency: 'DPUPR' })),
  ...Array.from({ length: 15 }, (_, i) => ({ text: `limbah rumah tangga numpuk di pasar ${i}, bau`, region: '16.02.03.2007', category: 'SAMPAH', agency: 'DLH' })),
  ...Array.from({ length: 8 }, (_, i) => ({ text: `lapangan bola ${i} rusak, gawang patah`, region: '16.02.05.1002', category: 'LAINNYA', agency: 'DISPORA' })),
  ...Array.from({ length: 7 }, (_, i) => ({ text: `perpustakaan daerah ${i} tutup, buku sedikit`, region: '16.02.05.1002', category: 'LAINNYA', agency: 'DISPUSIP' })),
];

describe('chooseMinConfidence', () => {
  it('takes the threshold where "model when this sure, else the rules" was right most often, the higher one on a tie', () => {
    const o = (confidence: number, model: boolean, rules: boolean) => ({ confidence, usable: true, model, rules });
    // The model is right from 0.5 up, the rules below it.
    expect(chooseMinConfidence([o(0.9, true, false), o(0.7, true, true), o(0.5, true, false), o(0.3, false, true), o(0.2, false, true)])).toEqual({ min_confidence: 0.5, hits: 5 });
    // A model that is never better than the rules leaves every report to them.
    expect(chooseMinConfidence([o(0.9, false, true), o(0.4, true, true)]).min_confidence).toBe(0.95);
    // "Not ours" is never taken from the model.
    expect(chooseMinConfidence([{ confidence: 0.99, usable: false, model: true, rules: false }]).hits).toBe(0);
  });
});

describe('trainTriage chooses its options by cross-validation inside the history it is given', () => {
  it('stores the chosen options, min_confidence and the CV figures with the model', () => {
    expect(history.length).toBeGreaterThanOrEqual(MIN_SELECTION_REPORTS);
    const m = trainTriage(history, categories, { rules, now });
    expect(m.version).toBe(2);
    expect(m.selection).toMatchObject({ folds: 5, reports: 45, candidates: 216 });
    expect(m.selection!.agency_accuracy).toBeGreaterThan(m.selection!.keyword_agency_accuracy);
    expect(m.min_confidence).toBeGreaterThanOrEqual(0);
    expect(m.min_confidence).toBeLessThan(1);
    // "Lainnya" goes wherever the desk sent it, not to its default agency.
    expect(m.category_agencies['LAINNYA']).toEqual({ '16.02.05': { DISPORA: 8, DISPUSIP: 7 } });
  });

  it('keeps what the caller fixes, and does not select on a small history or when told not to', () => {
    const fixed = trainTriage(history, categories, { rules, now, alpha: 0.3, keywordVotes: 3, minConfidence: 0.7 });
    expect(fixed).toMatchObject({ keywordVotes: 3, min_confidence: 0.7, category: { alpha: 0.3 } });
    expect(fixed.selection!.candidates).toBe(36);
    const words = trainTriage(history, categories, { rules, now, alpha: 0.3, keywordVotes: 3, complement: false, features: DEFAULT_FEATURES, minConfidence: 0.7 });
    expect(words.selection!.candidates).toBe(9);
    expect(words.agency).toMatchObject({ features: DEFAULT_FEATURES });
    expect(words.agency.complement).toBeUndefined();
    expect(trainTriage(history.slice(0, 30), categories, { now }).selection).toBeNull();
    expect(trainTriage(history, categories, { now, select: false })).toMatchObject({ selection: null, min_confidence: 0.6, keywordVotes: 2 });
  });

  it("keeps the category model's regression when cross-validation finds it right at least as often as naive Bayes alone, and not when the caller turns it off", () => {
    let table: number | undefined;
    const m = trainTriage(history, categories, { rules, now }, (r) => (table = r.table[0]!.agency_accuracy));
    // The grid is searched with naive Bayes alone; the best options are then measured once more with the regression.
    expect(m.category.softmax).toBeDefined();
    expect(m.agency.softmax).toBeUndefined();
    expect(m.selection!.agency_accuracy).toBeGreaterThanOrEqual(table!);
    expect(chosenOptions(m).categorySoftmax).toBe(true);
    const off = trainTriage(history, categories, { rules, now, categorySoftmax: false });
    expect(off.category.softmax).toBeUndefined();
    expect(chosenOptions(off).categorySoftmax).toBe(false);
    expect(trainTriage(history, categories, { now, select: false }).category.softmax).toBeDefined();
  });

  it('is deterministic: the same history gives the same model', () => {
    expect(JSON.stringify(trainTriage(history, categories, { rules, now }))).toBe(JSON.stringify(trainTriage(history, categories, { rules, now })));
  });
});

describe('the selection in steps (for a caller that shares its event loop)', () => {
  it('hands control back after every fit and every few reports read, and ends with the model trainTriage makes', () => {
    const steps = trainTriageSteps(history, categories, { rules, now });
    let pauses = 0;
    let s = steps.next();
    for (; !s.done; s = steps.next()) pauses++;
    // 216 candidates = 24 option sets trained on each of 5 folds (+ the reads between them): at least one pause per fit.
    expect(pauses).toBeGreaterThanOrEqual(24 * 5);
    expect(JSON.stringify(s.value)).toBe(JSON.stringify(trainTriage(history, categories, { rules, now })));
  });

  it('never runs more than one fit or SELECTION_STEP_READS reports between two pauses', () => {
    const many = Array.from({ length: 4 }, (_, k) => history.map((h) => ({ ...h, text: `${h.text} ${k}` }))).flat();
    let pauses = 0;
    const steps = trainTriageSteps(many, categories, { rules, now, alpha: 1, keywordVotes: 2, complement: false, features: DEFAULT_FEATURES });
    for (let s = steps.next(); !s.done; s = steps.next()) pauses++;
    // 180 reports: the fallback reads them in 3 slices, then each of 5 fits with its 36 held-out reads.
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(many.length / SELECTION_STEP_READS) + 5);
  });

  it('evaluates in steps too, and its options train the same model on all reports without choosing again', () => {
    const { evaluation, models } = runSteps(evaluateTriageSteps(history, categories, rules, { now }));
    expect(evaluation).toEqual(evaluateTriage(history, categories, rules, { now }));
    const again = trainTriage(history, categories, { rules, now, ...chosenOptions(models) });
    expect(again.selection).toBeNull();
    expect(again).toMatchObject({ keywordVotes: models.keywordVotes, blend: models.blend, rule_prior: models.rule_prior, min_confidence: models.min_confidence });
    expect(again.agency).toMatchObject({ alpha: models.agency.alpha, features: models.agency.features });
    expect(again.agency.complement).toBe(models.agency.complement);
    // idf and no prior (not searched: the defaults) travel with the options too.
    expect(models.agency).toMatchObject({ idf: true, prior_weight: 0 });
    expect(again.agency).toMatchObject({ idf: true, prior_weight: 0 });
    expect(again.category).toMatchObject({ idf: true, prior_weight: 0 });
  });
});
