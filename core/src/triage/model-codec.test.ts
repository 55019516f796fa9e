import { describe, expect, it } from 'vitest';
import { packModel, unpackModel } from './model-codec.ts';
import { train } from './classifier.ts';

describe('packModel / unpackModel (how triage_models.model is stored)', () => {
  const model = train(
    Array.from({ length: 40 }, (_, k) => ({ text: `${k % 2 ? 'jalan berlubang' : 'sampah menumpuk'} di desa ${k} kecamatan ${k % 7}`, label: k % 2 ? 'JALAN' : 'SAMPAH' })),
    { now: new Date('2026-12-01T00:00:00Z'), features: { bigrams: true, charNgrams: [3, 3] }, softmax: {} },
  );

  it('packs a model to a fraction of its JSON and reads it back whole', async () => {
    const packed = await packModel(model);
    expect(packed.encoding).toBe('br-base64');
    expect(packed.json_length).toBe(JSON.stringify(model).length);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(model).length / 2);
    expect(unpackModel(packed)).toEqual(model);
    // As Directus may hand it back: JSON text.
    expect(unpackModel(JSON.stringify(packed))).toEqual(model);
  });

  it('reads a body stored plain (before packing) as it is', () => {
    expect(unpackModel(model)).toBe(model);
    expect(unpackModel(JSON.stringify(model))).toEqual(model);
    expect(unpackModel(null)).toBeNull();
  });

  it('gives null for a body that does not read, so the readers go without a model', () => {
    expect(unpackModel('{not json')).toBeNull();
    expect(unpackModel({ encoding: 'br-base64', data: 'bm90IGJyb3RsaQ==' })).toBeNull();
    expect(unpackModel({ encoding: 'br-base64' })).toBeNull();
  });
});
