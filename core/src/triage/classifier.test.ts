import { describe, expect, it } from 'vitest';
import { features, predict, train, type TrainingExample } from './classifier.ts';
import { compileSoftmax, softmaxProbabilities } from './softmax.ts';

const history: TrainingExample[] = [
  { text: 'jalan berlubang besar di depan sekolah', label: 'JALAN' },
  { text: 'aspal jalan desa rusak parah dan berlubang', label: 'JALAN' },
  { text: 'jembatan kayu patah tidak bisa dilewati motor', label: 'JALAN' },
  { text: 'sampah menumpuk tidak diangkut seminggu', label: 'SAMPAH' },
  { text: 'truk sampah tidak lewat, warga bakar sampah', label: 'SAMPAH' },
  { text: 'tps liar di pinggir jalan bau busuk', label: 'SAMPAH' },
  { text: 'lampu jalan mati gelap rawan begal', label: 'PJU' },
  { text: 'pju di simpang mati sudah sebulan', label: 'PJU' },
  { text: 'air pdam mati tiga hari', label: 'AIR' },
  { text: 'air ledeng keruh warna coklat', label: 'AIR' },
];

describe('train / predict', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const model = train(history, { now });

  it('suggests the label whose history the words match, with the words that drove it', () => {
    const p = predict(model, 'jln dkt pasar berlobang, aspalnya rusakkk');
    expect(p.label).toBe('JALAN');
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(p.top[0]).toEqual({ label: 'JALAN', p: p.confidence });
    expect(p.words.map((w) => w.token)).toEqual(expect.arrayContaining(['aspal', 'lubang']));
    expect(predict(model, 'lampu jln di gang kami mati semua').label).toBe('PJU');
    // "mati" alone is both PJU and AIR; "pdam" decides.
    expect(predict(model, 'pdam mati').label).toBe('AIR');
  });

  it('returns probabilities over the top labels that add up to at most one, best first', () => {
    const p = predict(model, 'sampah di jalan gak diangkut', [], 4);
    expect(p.top).toHaveLength(4);
    expect(p.top.map((t) => t.p)).toEqual([...p.top.map((t) => t.p)].sort((a, b) => b - a));
    expect(p.top.reduce((a, t) => a + t.p, 0)).toBeLessThanOrEqual(1.0015);
  });

  it('is plain data: survives JSON and predicts the same, and training is deterministic', () => {
    const copy = JSON.parse(JSON.stringify(model));
    expect(predict(copy, 'air pdam keruh')).toEqual(predict(model, 'air pdam keruh'));
    expect(train([...history], { now })).toEqual(model);
    expect(model).toMatchObject({ version: 1, trained_at: '2026-12-01T00:00:00.000Z', label_counts: { JALAN: 3, SAMPAH: 3, PJU: 2, AIR: 2 } });
    expect(model.vocabulary).toContain('pdam');
  });

  it('uses caller features such as the kecamatan', () => {
    const m = train([
      { text: 'surat keterangan lama diurus', label: 'CAMAT', features: ['wil:16.02.03'] },
      { text: 'surat keterangan lama diurus', label: 'DPMD', features: ['wil:16.02.05'] },
      { text: 'dana desa tidak jelas', label: 'DPMD', features: ['wil:16.02.05'] },
    ], { now });
    expect(predict(m, 'surat keterangan', ['wil:16.02.03']).label).toBe('CAMAT');
    expect(predict(m, 'surat keterangan', ['wil:16.02.05']).label).toBe('DPMD');
    expect(features('lampu mati', ['wil:16.02.03'])).toEqual(['lampu', 'mati', 'lampu mati', 'wil:16.02.03']);
  });

  it('as complement naive Bayes reads the same history to the same labels, and the flag travels with the model', () => {
    const c = train(history, { now, complement: true });
    expect(c.complement).toBe(true);
    expect(model.complement).toBeUndefined();
    for (const [text, label] of [['jln dkt pasar berlobang, aspalnya rusakkk', 'JALAN'], ['lampu jln di gang kami mati semua', 'PJU'], ['pdam mati', 'AIR'], ['sampah gak diangkut', 'SAMPAH']] as const) {
      expect(predict(c, text).label).toBe(label);
    }
    const p = predict(c, 'air ledeng keruh', [], 4);
    expect(p.top.reduce((a, t) => a + t.p, 0)).toBeCloseTo(1, 2);
    expect(predict(JSON.parse(JSON.stringify(c)), 'air ledeng keruh')).toEqual(predict(c, 'air ledeng keruh'));
  });

  it('with idf, a report\'s rare word decides over the place names many reports share', () => {
    const places = [
      ...Array.from({ length: 12 }, (_, i) => ({ text: `jalan di kecamatan pedamaran ${i} berlubang`, label: 'JALAN' })),
      ...Array.from({ length: 4 }, (_, i) => ({ text: `pju ${i} padam`, label: 'PJU' })),
      ...Array.from({ length: 4 }, (_, i) => ({ text: `sampah ${i} menumpuk di kecamatan pedamaran`, label: 'SAMPAH' })),
    ];
    const config = { bigrams: true, charNgrams: [3, 3] as [number, number] };
    const text = 'pju kecamatan pedamaran';
    expect(predict(train(places, { now, features: config }), text).label).toBe('SAMPAH');
    const m = train(places, { now, features: config, idf: true });
    expect(m).toMatchObject({ idf: true, documents: 20 });
    expect(predict(m, text)).toMatchObject({ label: 'PJU', words: [{ token: 'pju' }] });
    expect(predict(JSON.parse(JSON.stringify(m)), text)).toEqual(predict(m, text));
    // idf weighs a report's words against each other, not how sure the model is (the chat skips its
    // category question from a fixed confidence): a one-word report reads exactly as without it.
    const plain = train(places, { now });
    expect(predict(train(places, { now, idf: true }), 'pju')).toEqual(predict(plain, 'pju'));
  });

  it('with prior weight 0, words that say nothing leave every label equally likely instead of the largest', () => {
    const text = 'kucing tetangga hilang';
    const biased = predict(model, text, [], 4);
    expect(biased.top.map((t) => t.label).slice(0, 2).sort()).toEqual(['JALAN', 'SAMPAH']);
    expect(biased.confidence).toBeGreaterThan(0.25);
    const flat = predict(train(history, { now, priorWeight: 0 }), text, [], 4);
    expect(flat.top.map((t) => t.p)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(train(history, { now, priorWeight: 0 }).prior_weight).toBe(0);
    expect(model.prior_weight).toBeUndefined();
  });

  it('shows words and word pairs as the words that drove a suggestion, never character n-grams', () => {
    const m = train(history, { now, complement: true, features: { bigrams: true, charNgrams: [3, 3] } });
    const p = predict(m, 'jalan berlubang di depan sekolah');
    expect(p.label).toBe('JALAN');
    expect(p.words.length).toBeGreaterThan(0);
    expect(p.words.every((w) => !w.token.startsWith('#'))).toBe(true);
  });

  it('answers an empty model and unknown words without throwing', () => {
    expect(predict(train([], { now }), 'apa saja').label).toBe('');
    const p = predict(model, 'zzz qqq');
    expect(p.words).toEqual([]);
    expect(p.top).toHaveLength(3);
  });
});

describe('a text model with its discriminative half (TextModel.softmax)', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const nb = train(history, { now });
  const both = train(history, { now, softmax: {} });

  it('keeps the naive-Bayes counts as they were and adds the regression over the same vocabulary', () => {
    const { softmax, ...counts } = both;
    expect(counts).toEqual(nb);
    expect(softmax?.share).toBe(0.5);
    const V = nb.vocabulary.length;
    for (const w of Object.values(softmax!.weights)) for (const i of Object.keys(w)) expect(Number(i)).toBeLessThan(V);
  });

  it('reads a report by the mean of the two distributions', () => {
    const text = 'sampah di jalan gak diangkut, lampu juga mati';
    const labels = Object.keys(nb.label_counts).sort();
    const pNb = new Map(predict(nb, text, [], labels.length).top.map((t) => [t.label, t.p]));
    const idx = features(text).map((f) => nb.vocabulary.indexOf(f)).filter((i) => i >= 0);
    const pSm = softmaxProbabilities(compileSoftmax(both.softmax!, labels, nb.vocabulary.length), labels.length, nb.vocabulary.length, idx);
    const mixed = predict(both, text, [], labels.length);
    for (const t of mixed.top) expect(t.p).toBeCloseTo(0.5 * pNb.get(t.label)! + 0.5 * pSm[labels.indexOf(t.label)]!, 2);
    expect(predict(both, 'jln dkt pasar berlobang, aspalnya rusakkk').label).toBe('JALAN');
  });
});
