import { describe, expect, it } from 'vitest';
import { ownSchema, writesSchema } from './schema-writes.ts';

describe('writesSchema', () => {
  it('picks the data-model writes, REST and GraphQL', () => {
    expect(writesSchema('PATCH', '/relations/complaint_media/complaint')).toBe(true);
    expect(writesSchema('POST', '/fields/complaints')).toBe(true);
    expect(writesSchema('DELETE', '/collections/scratch')).toBe(true);
    expect(writesSchema('POST', '/graphql/system')).toBe(true);
  });

  it('leaves reads and item traffic on the shared schema', () => {
    expect(writesSchema('GET', '/relations')).toBe(false);
    expect(writesSchema('POST', '/items/complaints')).toBe(false);
    expect(writesSchema('POST', '/graphql')).toBe(false);
    expect(writesSchema('POST', '/kanal-aduan/intake/batch')).toBe(false);
  });
});

describe('ownSchema', () => {
  const frozen = () => {
    const relation = Object.freeze({ collection: 'complaint_media', field: 'complaint', schema: Object.freeze({ constraint_name: 'a' }) });
    return Object.freeze({ collections: Object.freeze({}), relations: Object.freeze([relation]) });
  };

  it('copies a frozen schema so a service can write into its relations', () => {
    const shared = frozen();
    const own = ownSchema(shared);
    (own.relations[0]!.schema as { constraint_name: string }).constraint_name = 'b';
    expect(own.relations[0]!.schema.constraint_name).toBe('b');
    expect(shared.relations[0]!.schema.constraint_name).toBe('a');
    expect(() => { (shared.relations[0]!.schema as { constraint_name: string }).constraint_name = 'c'; }).toThrow(TypeError);
  });

  it('keeps an unfrozen schema as it is (Directus already cloned it for this request)', () => {
    const schema = { collections: {}, relations: [] };
    expect(ownSchema(schema)).toBe(schema);
  });
});
