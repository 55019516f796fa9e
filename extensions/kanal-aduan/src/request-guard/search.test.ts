import { describe, expect, it } from 'vitest';
import { hiddenSearchFields, searchAsFilter, type SearchField } from './search.ts';

// directus_users as the verifikator reads it: the directory columns, not the e-mail.
const users: SearchField[] = [
  { field: 'id', type: 'uuid' },
  { field: 'first_name', type: 'string' },
  { field: 'email', type: 'string' },
  { field: 'password', type: 'hash', special: ['hash', 'conceal'] },
  { field: 'token', type: 'string', special: ['conceal'] },
  { field: 'description', type: 'text', searchable: false },
  { field: 'wa_phone', type: 'string' },
];
const directory = new Set(['id', 'first_name', 'wa_phone']);
const visible = (f: string) => directory.has(f);

describe('hiddenSearchFields', () => {
  it('finds the columns Directus would search that the caller may not read', () => {
    expect(hiddenSearchFields(users, 'rina@', visible)).toEqual(['email']);
  });
  it('ignores concealed and unsearchable columns, and types the term cannot match', () => {
    expect(hiddenSearchFields([{ field: 'n', type: 'integer' }, { field: 'u', type: 'uuid' }], 'abc', () => false)).toEqual([]);
    expect(hiddenSearchFields([{ field: 'n', type: 'integer' }], '42', () => false)).toEqual(['n']);
  });
});

describe('searchAsFilter', () => {
  it('searches the visible columns only, as Directus would (case-insensitive contains, exact uuid/number)', () => {
    expect(searchAsFilter(users, 'rina@', visible, 'id')).toEqual({ _or: [{ first_name: { _icontains: 'rina@' } }, { wa_phone: { _icontains: 'rina@' } }] });
    const id = '6b1f2a10-5eed-4000-8000-000000000001';
    expect(searchAsFilter(users, id, visible, 'id')).toEqual({ _or: [{ id: { _eq: id } }, { first_name: { _icontains: id } }, { wa_phone: { _icontains: id } }] });
    expect(searchAsFilter([{ field: 'n', type: 'integer' }], ' 42', () => true, 'n')).toEqual({ _or: [{ n: { _eq: 42 } }] });
  });
  it('matches nothing when no visible column can match', () => {
    expect(searchAsFilter(users, 'x', () => false, 'id')).toEqual({ id: { _null: true } });
  });
});
