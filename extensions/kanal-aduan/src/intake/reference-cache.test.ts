import { packModel, trainSpamText, type TextModel } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { loadReferenceData, ReferenceCache, routingModelBody, routingModelReader, TTL_MS, type ReferenceData, type RoutingModelStore } from './reference-cache.ts';

const data = (instance: string): ReferenceData => ({ instance_name: instance, timezone: 'Asia/Jakarta', ticket_prefix: 'ADU', regency_code: '16.02', categories: [], regions: [], templates: [] });

describe('ReferenceCache', () => {
  it('reads once for many messages, once for messages arriving together, and again after the TTL', async () => {
    let clock = 0;
    let loads = 0;
    const cache = new ReferenceCache(async () => data(`v${++loads}`), () => clock);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect([a.instance_name, b.instance_name, loads]).toEqual(['v1', 'v1', 1]);
    clock = TTL_MS - 1;
    expect((await cache.get()).instance_name).toBe('v1');
    clock = TTL_MS;
    expect((await cache.get()).instance_name).toBe('v2');
  });

  it('an edit clears it at once', async () => {
    let loads = 0;
    const cache = new ReferenceCache(async () => data(`v${++loads}`), () => 0);
    await cache.get();
    cache.invalidate();
    expect((await cache.get()).instance_name).toBe('v2');
  });

  it('a failed read is not kept: the next message tries again', async () => {
    let fail = true;
    const cache = new ReferenceCache(async () => {
      if (fail) throw new Error('Directus database busy');
      return data('ok');
    }, () => 0);
    await expect(cache.get()).rejects.toThrow('busy');
    fail = false;
    expect((await cache.get()).instance_name).toBe('ok');
  });
});

describe('loadReferenceData', () => {
  const source = (settings: Record<string, unknown> | null) => ({
    settings: async () => settings,
    categories: async () => [{ code: 'JALAN', name: 'Jalan', name_en: 'Roads', description: null, keywords: ['jalan'], default_agency: 'DPUPR', sla_policy: null, active: true, sort: 1 }],
    regions: async (regency: string) => [{ code: `${regency}.05`, name: 'Kayu Agung', level: 'kecamatan', parent: regency }],
    templates: async () => [{ id: 'a1b2', key: 'intake.received', locale: 'id', body: 'Terima kasih, {{name}}.', wa_template_name: null, wa_template_language: null, description: null }],
  });

  it('reads the regency’s own regions, with the settings’ defaults', async () => {
    const ref = await loadReferenceData(source({ regency_code: '16.02' }));
    expect(ref).toMatchObject({ instance_name: 'Kanal Aduan', ticket_prefix: 'ADU', regency_code: '16.02', regions: [{ code: '16.02.05' }] });
    expect(ref.categories[0]).toMatchObject({ code: 'JALAN' });
  });

  it('says in Indonesian what is missing when the regency is not set', async () => {
    await expect(loadReferenceData(source({}))).rejects.toThrow(/regency_code/);
  });

  it('brings the routing model\'s category and spam text parts when there is an active one, none otherwise', async () => {
    expect(await loadReferenceData(source({ regency_code: '16.02' }))).toMatchObject({ category_reader: null, spam_text: null });
    const reader = { category: { kind: 'multinomial_nb_binary' } as never, keywordVotes: 2, min_confidence: 0.7 };
    const spam = { kind: 'multinomial_nb_binary' } as never;
    const ref = await loadReferenceData({ ...source({ regency_code: '16.02' }), routingModel: async () => ({ category_reader: reader, spam_text: spam }) });
    expect(ref.category_reader).toBe(reader);
    expect(ref.spam_text).toBe(spam);
  });
});

describe('the routing model in the reference data', () => {
  const now = new Date('2026-11-24T03:00:00Z');
  const text = (k: number, words: string) => Array.from({ length: 12 }, (_, i) => `${words} ${k}${i}`);
  const spamModel = (words: string): TextModel =>
    trainSpamText([...text(1, words).map((t) => ({ text: t, spam: true })), ...text(2, 'jalan berlubang di desa, motor sering jatuh').map((t) => ({ text: t, spam: false }))], now)!;
  const categoryModel = { ...spamModel('lampu jalan mati'), label_counts: { JALAN: 12, LAMPU: 12 } };

  /** triage_models as Directus holds them (the body as JSON text), counting each read of a body. */
  function triageModels(rows: Array<{ id: number; active: boolean; min_confidence?: number; model: unknown }>) {
    const bodies: number[] = [];
    const store: RoutingModelStore = {
      newest: async () => {
        const head = rows.filter((r) => r.active).sort((a, b) => b.id - a.id)[0];
        return head ? { id: head.id, min_confidence: head.min_confidence ?? 0.6 } : null;
      },
      body: async (id) => {
        bodies.push(id);
        const model = rows.find((r) => r.id === id)?.model;
        return typeof model === 'string' ? model : JSON.stringify(model);
      },
    };
    return { rows, store, bodies };
  }

  /** One Directus instance: its reference cache, loading the routing model as references.ts does. */
  function instance(store: RoutingModelStore, clock: () => number) {
    const read = routingModelReader();
    return new ReferenceCache(
      () => loadReferenceData({
        settings: async () => ({ regency_code: '16.02' }), categories: async () => [], regions: async () => [], templates: async () => [],
        routingModel: () => read(store),
      }),
      clock,
    );
  }

  it('reads a model\'s body once, and the category and spam text parts from that one read', async () => {
    let clock = 0;
    const db = triageModels([{ id: 4, active: true, min_confidence: 0.7, model: { version: 2, category: categoryModel, keywordVotes: 2, spam: spamModel('rental mobil lepas kunci') } }]);
    const cache = instance(db.store, () => clock);
    const first = await cache.get();
    expect(first.category_reader).toMatchObject({ keywordVotes: 2, min_confidence: 0.7, category: { label_counts: { JALAN: 12 } } });
    expect(first.spam_text?.vocabulary).toContain('rental');
    for (clock = TTL_MS; clock < 5 * TTL_MS; clock += TTL_MS) await cache.get();
    expect(db.bodies).toEqual([4]);
  });

  it('a new model reaches the instance that stored it at once (the intake hook clears the cache), another instance within the TTL', async () => {
    let clock = 0;
    const [rental, loans] = [spamModel('rental mobil lepas kunci'), spamModel('pinjaman online cair cepat tanpa jaminan')];
    const db = triageModels([{ id: 4, active: true, model: { version: 2, category: categoryModel, keywordVotes: 2, spam: rental } }]);
    const storing = instance(db.store, () => clock);
    const other = instance(db.store, () => clock);
    await Promise.all([storing.get(), other.get()]);

    db.rows.push({ id: 5, active: true, model: { version: 2, category: categoryModel, keywordVotes: 2, spam: loans } });
    storing.invalidate();
    clock = TTL_MS - 1;
    expect((await storing.get()).spam_text).toEqual(loans);
    expect((await other.get()).spam_text).toEqual(rental);
    clock = TTL_MS;
    expect((await other.get()).spam_text).toEqual(loans);
    expect(db.bodies.sort()).toEqual([4, 4, 5, 5]);
  });

  it('a missing or malformed model means no learned reading, never a failed load', async () => {
    const cases: unknown[] = ['{"version": 2, "spam": ', { version: 2, category: categoryModel, keywordVotes: 2 }, { version: 2, spam: { kind: 'something else' } }, null, 42];
    for (const model of cases) {
      const ref = await instance(triageModels([{ id: 1, active: true, model }]).store, () => 0).get();
      expect(ref.spam_text).toBeNull();
    }
    expect((await instance(triageModels([{ id: 1, active: false, model: { version: 2, category: categoryModel, keywordVotes: 2, spam: spamModel('rental mobil') } }]).store, () => 0).get()))
      .toMatchObject({ category_reader: null, spam_text: null });
    expect(routingModelBody({ version: 2, spam: spamModel('rental mobil') })).toMatchObject({ category: null, spam_text: { kind: 'multinomial_nb_binary' } });
    // A packed body whose data does not unpack is no model either.
    expect(routingModelBody({ encoding: 'br-base64', json_length: 10, data: 'AAAA' })).toEqual({ category: null, spam_text: null });
  });

  it('reads a model stored packed (as the nightly training stores it) as it reads a plain one', async () => {
    const body = { version: 2, category: categoryModel, keywordVotes: 2, spam: spamModel('rental mobil') };
    const packed = routingModelBody(await packModel(body));
    expect(packed).toEqual(routingModelBody(body));
    expect(packed.category).toMatchObject({ keywordVotes: 2, category: { kind: 'multinomial_nb_binary' } });
    expect(routingModelBody(JSON.stringify(await packModel(body)))).toEqual(packed);
  });
});

