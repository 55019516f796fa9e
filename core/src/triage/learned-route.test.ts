import { describe, expect, it } from 'vitest';
import type { Category, RoutingRule } from '../model.ts';
import { predict } from './classifier.ts';
import { keywordFeatures } from './route-model.ts';
import { CHAT_MIN_CONFIDENCE, chooseRoute, confidentCategory, evaluateTriage, FINAL_AGENCY_STATUSES, holdoutSplit, keywordAgency, routeExplanation, trainingExample } from './learned-route.ts';
import { readTriageModels, trainTriage, type TriageHistoryItem, type TriageModels } from './suggest.ts';

const cat = (code: string, keywords: string[], default_agency: string | null): Category => ({
  code, name: code, name_en: null, description: null, keywords, default_agency, sla_policy: null, active: true, sort: null,
});
const categories = [cat('JALAN', ['jalan rusak', 'aspal'], 'DPUPR'), cat('SAMPAH', ['sampah'], 'DLH'), cat('AIR', ['pdam'], 'PDAM')];
const rules: RoutingRule[] = [];
const now = new Date('2026-12-01T00:00:00Z');
// Reports the keyword rules misread: potholes told without "jalan rusak"/"aspal", rubbish without "sampah".
const history: TriageHistoryItem[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ text: `lubang besar di ruas desa ${i}, motor jatuh, tolong ditambal`, region: '16.02.03.2007', category: 'JALAN', agency: 'DPUPR' })),
  ...Array.from({ length: 12 }, (_, i) => ({ text: `tumpukan limbah rumah tangga di pinggir pasar ${i} bau menyengat, belum diangkut`, region: '16.02.03.2007', category: 'SAMPAH', agency: 'DLH' })),
  ...Array.from({ length: 6 }, (_, i) => ({ text: `listrik pln padam lagi malam ${i}`, region: '16.02.03.2007', category: null, agency: null, out_of_scope: true })),
];

describe('holdoutSplit', () => {
  it('holds out every fifth report, the same ones every time', () => {
    const { train, test } = holdoutSplit([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(test).toEqual([5, 10]);
    expect(train).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11]);
  });
});

describe('evaluateTriage', () => {
  it('measures the model and the keyword rules on the same held-out reports', () => {
    const e = evaluateTriage(history, categories, rules, { now });
    // Too few reports to cross-validate: the default threshold. As chooseRoute routes, the two PLN reports
    // the model calls "not ours" fall to the rules, which cannot say so.
    expect(e).toMatchObject({ trained_on: 24, held_out: 6, routed_accuracy: 0.667, min_confidence: 0.6 });
    expect(e.agency_accuracy).toBe(1);
    expect(e.category_accuracy).toBe(1);
    // The keywords know neither "lubang"/"limbah" nor PLN.
    expect(e.keyword_agency_accuracy).toBe(0);
    expect(keywordAgency('sampah di pasar', null, rules, categories)).toBe('DLH');
  });
});

describe('chooseRoute', () => {
  const models = trainTriage(history, categories, { now });
  const report = (text: string, category: string | null = null) => ({ text, category, region: '16.02.03.2007' });

  it('takes a confident model\'s agency, with the words that drove it', () => {
    const r = chooseRoute(models, report('ada lubang besar, motor jatuh', 'SAMPAH'), rules, categories);
    expect(r).toMatchObject({ agency: 'DPUPR', source: 'model', rules: 'DLH' });
    expect(r.learned!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(r.learned!.words).toContain('lubang');
    expect(r.learned!.words.every((w) => !w.includes(':'))).toBe(true);
    expect(routeExplanation(r, 'v3')).toMatch(/^Model v3: DPUPR \(keyakinan \d+ %\), kata penentu: .*lubang.*\. Aturan disposisi: DLH\. Disarankan: DPUPR \(dari model\)\.$/);
  });

  it('keeps the rules when the model is not sure enough, or finds the matter outside the kabupaten', () => {
    const unsure = chooseRoute(models, report('ada lubang besar, motor jatuh', 'SAMPAH'), rules, categories, 1.01);
    expect(unsure).toMatchObject({ agency: 'DLH', source: 'rules' });
    expect(routeExplanation(unsure, 'v3')).toMatch(/Disarankan: DLH \(dari aturan disposisi; model kurang yakin\)\.$/);
    const pln = chooseRoute(models, report('listrik pln padam', 'JALAN'), rules, categories);
    expect(pln).toMatchObject({ agency: 'DPUPR', source: 'rules', learned: { agency: 'LUAR_KEWENANGAN' } });
    expect(routeExplanation(pln, 'v3')).toMatch(/^Model v3: mungkin di luar kewenangan pemerintah daerah/);
  });

  it('uses the threshold stored with the model unless the caller gives one', () => {
    const text = 'ada lubang besar, motor jatuh';
    const confidence = chooseRoute(models, report(text, 'SAMPAH'), rules, categories).learned!.confidence;
    const strict = { ...models, min_confidence: confidence + 0.01 };
    expect(chooseRoute(strict, report(text, 'SAMPAH'), rules, categories)).toMatchObject({ agency: 'DLH', source: 'rules' });
    expect(chooseRoute(strict, report(text, 'SAMPAH'), rules, categories, confidence)).toMatchObject({ agency: 'DPUPR', source: 'model' });
  });

  it('does not read a model of the older format (no version): the rules decide until the next training', () => {
    const { version: _v, category_agencies: _c, ...old } = models;
    const r = chooseRoute(old as unknown as TriageModels, report('ada lubang besar, motor jatuh', 'SAMPAH'), rules, categories);
    expect(r).toEqual({ agency: 'DLH', source: 'rules', learned: null, rules: 'DLH' });
    expect(readTriageModels(old)).toBeNull();
    expect(readTriageModels(JSON.stringify(old))).toBeNull();
    expect(readTriageModels('{not json')).toBeNull();
    expect(readTriageModels(JSON.stringify(models))).toEqual(models);
  });

  it('without a model: the rules as before, and says when there is no route', () => {
    expect(chooseRoute(null, report('apa saja', 'AIR'), rules, categories)).toEqual({ agency: 'PDAM', source: 'rules', learned: null, rules: 'PDAM' });
    const none = chooseRoute(null, report('apa saja'), rules, categories);
    expect(none).toEqual({ agency: null, source: 'none', learned: null, rules: null });
    expect(routeExplanation(none, null)).toBe('Aturan disposisi: belum ada instansi untuk kategori dan wilayah ini. Belum ada saran instansi: pilih instansi tujuan secara manual.');
  });
});

describe('confidentCategory (the chat\'s category question)', () => {
  const models = trainTriage(history, categories, { now });
  const reader = { category: models.category, keywordVotes: models.keywordVotes, min_confidence: 0.6 };

  it('reads an active category it is sure of', () => {
    expect(confidentCategory(reader, 'limbah rumah tangga menumpuk, bau menyengat', categories)).toMatchObject({ category: 'SAMPAH' });
  });

  it('never answers "outside the kabupaten", an inactive category, or when unsure', () => {
    expect(confidentCategory(reader, 'listrik pln padam', categories)).toBeNull();
    expect(confidentCategory(reader, 'limbah rumah tangga menumpuk, bau menyengat', categories.map((c) => ({ ...c, active: c.code !== 'SAMPAH' })))).toBeNull();
    expect(confidentCategory({ ...reader, min_confidence: 1.01 }, 'limbah rumah tangga menumpuk', categories)).toBeNull();
  });

  it('skips the question only from CHAT_MIN_CONFIDENCE up, even when routing\'s own threshold is lower', () => {
    // A story that names nothing the model learned: it leans one way, but not enough to answer for the citizen.
    const vague = 'mohon dibantu pak, kami sudah lama menunggu';
    const p = predict(reader.category, vague, keywordFeatures(vague, categories, reader.keywordVotes), 3);
    expect(p.confidence).toBeGreaterThan(0.05);
    expect(p.confidence).toBeLessThan(CHAT_MIN_CONFIDENCE);
    expect(confidentCategory({ ...reader, min_confidence: 0.05 }, vague, categories)).toBeNull();
    expect(confidentCategory({ ...reader, min_confidence: 0.05 }, 'limbah rumah tangga menumpuk, bau menyengat', categories)).toMatchObject({ category: 'SAMPAH' });
  });
});

describe('trainingExample (what a stored report teaches)', () => {
  const row = (status: string, extra: Record<string, unknown> = {}) =>
    ({ description: 'Jalan rusak.', region: '16.02.05', category: 'JALAN', assigned_agency: 'DPUPR', status, status_reason: null, ...extra });

  it('learns the agency once it has accepted the report, not while it may still hand it back', () => {
    expect(FINAL_AGENCY_STATUSES).toEqual(['in_progress', 'resolved', 'closed']);
    expect(trainingExample(row('resolved'))).toEqual({ text: 'Jalan rusak.', region: '16.02.05', category: 'JALAN', agency: 'DPUPR' });
    expect(trainingExample(row('dispositioned'))).toBeNull();
    expect(trainingExample(row('closed', { assigned_agency: null }))).toBeNull();
  });

  it('learns "not ours" from an out-of-scope rejection, nothing from other rejections or an empty story', () => {
    expect(trainingExample(row('rejected', { status_reason: 'out_of_scope', assigned_agency: null }))).toMatchObject({ out_of_scope: true, agency: null });
    expect(trainingExample(row('rejected', { status_reason: 'spam' }))).toBeNull();
    expect(trainingExample(row('resolved', { description: '  ' }))).toBeNull();
  });
});

