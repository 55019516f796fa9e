import { describe, expect, it } from 'vitest';
import { loadReferenceData, ReferenceCache, TTL_MS, type ReferenceData } from './reference-cache.ts';

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

  it('brings the routing model\'s category part when there is an active one, none otherwise', async () => {
    expect((await loadReferenceData(source({ regency_code: '16.02' }))).category_reader).toBeNull();
    const reader = { category: { kind: 'multinomial_nb_binary' } as never, keywordVotes: 2, min_confidence: 0.7 };
    const ref = await loadReferenceData({ ...source({ regency_code: '16.02' }), categoryReader: async () => reader });
    expect(ref.category_reader).toBe(reader);
  });
});

