import type { NewReport, TextModel } from '@kanal-aduan/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { trainSpamText } from '@kanal-aduan/core';
import { aggregateCount, filingTriage, resetSpamWeights, type TriageDeps } from './triage.ts';

type Q = Record<string, unknown>;
const now = new Date('2026-11-24T03:00:00Z');

/** Items that answer from canned rows and remember each query (the adapter's reads, not Directus). */
function fakeDeps(o: { spamText?: TextModel | null; floodNumbers?: number; sameText?: number; history?: Q[]; lastHour?: number; judged?: Q[]; open?: Q[]; settings?: Q; sender?: string | null } = {}) {
  const queries: Array<{ collection: string; query: Q }> = [];
  const deps: TriageDeps = {
    now,
    sender: o.sender === undefined ? '6281200000001' : o.sender,
    spamText: o.spamText ?? null,
    items: (collection) => ({
      readSingleton: async () => o.settings ?? {},
      readByQuery: async (query) => {
        queries.push({ collection, query });
        if (collection === 'wa_messages') return [{ count: String(o.lastHour ?? 0) }];
        const q = JSON.stringify(query);
        if (q.includes('countDistinct')) return [{ countDistinct: { reporter: o.floodNumbers ?? 0 } }];
        if (q.includes('text_fingerprint') && q.includes('"count"')) return [{ count: { id: o.sameText ?? 0 } }];
        if (q.includes('"category":{"_eq"')) return o.open ?? [];
        if (q.includes('not_spam')) return o.judged ?? [];
        if (q.includes('"reporter":{"_eq"')) return o.history ?? [];
        return [];
      },
    }),
  };
  return { deps, queries };
}

const report = (description: string, over: Partial<NewReport> = {}): NewReport => ({
  type: 'pengaduan', category: 'JALAN', region: '16.02.01.2001', latitude: null, longitude: null, address: null, description, media: [],
  confidential: false, locale: 'id', channel: 'whatsapp', reporter_wa_id: '6281200000001', reporter_name: 'Budi', ...over,
});

beforeEach(() => resetSpamWeights());

describe('filingTriage', () => {
  it('a real report: low score, no reasons, the counts and the fingerprint kept', async () => {
    const { deps } = fakeDeps({ lastHour: 6 });
    const f = await filingTriage(deps, report('Jalan berlubang besar di depan SD Negeri 2 Kayu Agung, sudah dua motor jatuh'), 'c1');
    expect(f).toMatchObject({ likely_spam: false, spam_reasons: [], spam_signals: { identicalFromOtherNumbers: 0, rejectedReports: 0, acceptedReports: 0, messagesLastHour: 6, hasAttachment: false } });
    expect(f['text_fingerprint']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the same text from other numbers in 24 h and a rejected history make it likely spam', async () => {
    const { deps, queries } = fakeDeps({ floodNumbers: 5, history: [{ status: 'rejected', status_reason: 'spam' }, { status: 'rejected', status_reason: 'spam' }] });
    const f = await filingTriage(deps, report('Info penting untuk warga hari ini juga, harap diperhatikan'), 'c1');
    expect(f['likely_spam']).toBe(true);
    expect((f['spam_reasons'] as Array<{ code: string }>).map((r) => r.code)).toEqual(['FLOOD', 'REJECTED_HISTORY']);
    const flood = queries.find((q) => JSON.stringify(q.query).includes('countDistinct'))!;
    expect(JSON.stringify(flood.query.filter)).toContain(f['text_fingerprint'] as string);
    expect(JSON.stringify(flood.query.filter)).toContain('2026-11-23T03:00:00.000Z');
  });

  it('without a citizen (Open311): no history nor message rate, and a flood is the same text from anyone', async () => {
    const { deps, queries } = fakeDeps({ sender: null, sameText: 5 });
    const f = await filingTriage(deps, report('Info penting untuk warga hari ini juga, harap diperhatikan'), null);
    expect(f['spam_signals']).toMatchObject({ identicalFromOtherNumbers: 5, rejectedReports: 0, acceptedReports: 0, messagesLastHour: 0 });
    expect((f['spam_reasons'] as Array<{ code: string }>).map((r) => r.code)).toContain('FLOOD');
    expect(queries.map((q) => q.collection)).not.toContain('wa_messages');
    expect(queries.some((q) => JSON.stringify(q.query).includes('"reporter"'))).toBe(false);
  });

  it('the admins\' threshold decides', async () => {
    const text = 'Dasar goblok bangsat kalian semua, anjing!';
    expect((await filingTriage(fakeDeps().deps, report(text), 'c1'))['likely_spam']).toBe(true);
    resetSpamWeights();
    expect((await filingTriage(fakeDeps({ settings: { spam_threshold: 0.95 } }).deps, report(text), 'c1'))['likely_spam']).toBe(false);
  });

  it('"bukan spam" verdicts lower the weight of what fired on them', async () => {
    const judged = [1, 2, 3].map((i) => ({ description: `Goblok bangsat, lampu jalan gang ${i} mati terus`, not_spam: true, status: 'received', status_reason: null, spam_signals: {} }));
    const text = 'Goblok bangsat, lampu jalan di gang 9 mati terus';
    const before = (await filingTriage(fakeDeps().deps, report(text), 'c1'))['spam_score'] as number;
    resetSpamWeights();
    const after = (await filingTriage(fakeDeps({ judged }).deps, report(text), 'c1'))['spam_score'] as number;
    expect(after).toBeLessThan(before);
  });

  it('reads the active model\'s spam text part it is given: a kind of advert the desk rejected before is likely spam, with its words kept for feedback', async () => {
    const spam = Array.from({ length: 12 }, (_, k) => ({ text: `rental mobil lepas kunci avanza xenia harian ${k}, antar jemput bandara`, spam: true }));
    const ok = Array.from({ length: 12 }, (_, k) => ({ text: `jalan berlubang di desa ${k}, motor sering jatuh`, spam: false }));
    const model = trainSpamText([...spam, ...ok], now);
    const text = 'rental mobil lepas kunci innova avanza, harian atau mingguan';
    const without = await filingTriage(fakeDeps().deps, report(text), 'c1');
    expect(without['likely_spam']).toBe(false);
    expect(without['spam_signals']).not.toHaveProperty('learned');
    resetSpamWeights();
    const { deps, queries } = fakeDeps({ spamText: model });
    const f = await filingTriage(deps, report(text), 'c1');
    expect(f['likely_spam']).toBe(true);
    expect((f['spam_reasons'] as Array<{ code: string; detail_id: string }>).find((r) => r.code === 'LEARNED_TEXT')!.detail_id).toContain('ditolak sebagai spam');
    expect((f['spam_signals'] as { learned: { probability: number; words: string[] } }).learned.probability).toBeGreaterThan(0.9);
    // A report is still a report; the model comes with the reference data (reference-cache.ts), never read here.
    expect((await filingTriage(deps, report('Jalan berlubang besar di depan SD Negeri 2 Kayu Agung'), 'c1'))['likely_spam']).toBe(false);
    expect(queries.map((q) => q.collection)).not.toContain('triage_models');
  });

  it('suggests the best open report of the category as a possible duplicate, with the evidence', async () => {
    const open = [
      { id: 7, ticket: 'ADU-2611-00007', description: 'Jalan berlubang besar di depan SD Negeri 2 Kayu Agung', category: 'JALAN', region: '16.02.01.2001', latitude: -3.3937, longitude: 104.8321, date_created: '2026-11-20T01:00:00Z' },
      { id: 8, ticket: 'ADU-2611-00008', description: 'Lampu jalan mati di pasar', category: 'JALAN', region: '16.02.01.2001', latitude: -3.3937, longitude: 104.8321, date_created: '2026-11-21T01:00:00Z' },
    ];
    const f = await filingTriage(fakeDeps({ open }).deps, report('Lubang besar di jalan depan SD Negeri 2 Kayu Agung belum ditambal', { latitude: -3.3938, longitude: 104.8322 }), 'c1');
    expect(f['duplicate_suggestion']).toBe(7);
    expect(f['duplicate_evidence']).toMatchObject({ ticket: 'ADU-2611-00007', id: 7 });
    expect((f['duplicate_evidence'] as { distance_m: number }).distance_m).toBeLessThan(50);
  });
});

describe('aggregateCount', () => {
  it('reads the shapes drivers give', () => {
    expect(aggregateCount({ count: '3' }, 'count')).toBe(3);
    expect(aggregateCount({ count: { '*': 4 } }, 'count')).toBe(4);
    expect(aggregateCount({ countDistinct: { reporter: 2 } }, 'countDistinct')).toBe(2);
    expect(aggregateCount(undefined, 'count')).toBe(0);
  });
});
