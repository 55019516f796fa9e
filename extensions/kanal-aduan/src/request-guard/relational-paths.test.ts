import { describe, expect, it } from 'vitest';
import { fullReadMap, fullyReadableFrom, ipAllowed } from './read-access.ts';
import { crossingsOfPath, filterPaths, queryCrossings, refusalMessage, refusedCrossings, type SchemaLike } from './relational-paths.ts';

// The relations of the Kanal Aduan model that matter here (schema/snapshot.json).
const rel = (collection: string, field: string, related: string | null, oneField: string | null = null) => ({
  collection, field, related_collection: related, meta: { one_field: oneField },
});
const schema: SchemaLike = {
  collections: Object.fromEntries(
    ['complaints', 'complaint_updates', 'assignments', 'citizens', 'agencies', 'regions', 'categories', 'directus_users', 'directus_files', 'complaint_media']
      .map((c) => [c, { primary: c === 'agencies' || c === 'regions' || c === 'categories' ? 'code' : 'id' }]),
  ),
  relations: [
    rel('complaints', 'reporter', 'citizens'),
    rel('complaints', 'assigned_agency', 'agencies'),
    rel('complaints', 'region', 'regions'),
    rel('complaints', 'duplicate_of', 'complaints'),
    rel('complaint_updates', 'complaint', 'complaints', 'updates'),
    rel('complaint_updates', 'author', 'directus_users'),
    rel('assignments', 'complaint', 'complaints', 'assignments'),
    rel('complaint_media', 'complaint', 'complaints', 'media'),
    rel('complaint_media', 'file', 'directus_files'),
    rel('agencies', 'head', 'directus_users'),
    rel('regions', 'parent', 'regions'),
  ],
};

// The Pimpinan: every report and assignment, but updates only without citizen messages (an item rule).
const pimpinan = fullyReadableFrom(fullReadMap([
  { collection: 'complaints', permissions: null, fields: ['id', 'ticket', 'description', 'updates', 'region'] },
  { collection: 'assignments', permissions: {}, fields: ['*'] },
  { collection: 'complaint_updates', permissions: { kind: { _neq: 'citizen_message' } }, fields: ['*'] },
  { collection: 'regions', permissions: null, fields: ['*'] },
  { collection: 'directus_users', permissions: { id: { _eq: '$CURRENT_USER' } }, fields: ['*'] },
], true));

const refused = (collection: string, query: object, readable = pimpinan) =>
  refusedCrossings(queryCrossings(schema, collection, query), readable).map((c) => `${c.part}:${c.path}->${c.into}.${c.field}`);

describe('filterPaths', () => {
  it('flattens logical operators and quantifiers the way Directus does', () => {
    expect(filterPaths({ _and: [{ ticket: { _eq: 'x' } }, { updates: { _some: { body: { _contains: '0812' } } } }] }))
      .toEqual(expect.arrayContaining([['ticket'], ['updates', 'body']]));
    expect(filterPaths('{"complaint":{"description":{"_contains":"x"}}}')).toEqual([['complaint', 'description']]);
  });
});

describe('queryCrossings / refusedCrossings', () => {
  it('refuses the Pimpinan reading a hidden citizen message through a report filter', () => {
    expect(refused('complaints', { filter: { updates: { body: { _contains: '0812' } } } })).toEqual(['filter:updates->complaint_updates.body']);
    expect(refused('complaints', { filter: { updates: { _none: { body: { _contains: '0812' } } } } })).toEqual(['filter:updates->complaint_updates.body']);
  });

  it('refuses an officer reading a returned report through an assignment filter', () => {
    const officer = fullyReadableFrom(fullReadMap([
      { collection: 'assignments', permissions: { agency: { _eq: 'DPUPR' } }, fields: ['*'] },
      { collection: 'complaints', permissions: { assigned_agency: { _eq: 'DPUPR' } }, fields: ['description'] },
    ], true));
    expect(refused('assignments', { filter: { complaint: { description: { _contains: 'x' } } } }, officer)).toEqual(['filter:complaint->complaints.description']);
  });

  it('refuses e-mail through complaint_updates.author for someone who reads only their own user row', () => {
    expect(refused('complaint_updates', { filter: { author: { email: { _starts_with: 'a' } } } })).toEqual(['filter:author->directus_users.email']);
  });

  it('lets through own fields, foreign keys, the related key and rule-free collections', () => {
    expect(refused('complaints', { filter: { ticket: { _eq: 'x' }, assigned_agency: { _eq: 'DPUPR' } } })).toEqual([]);
    expect(refused('complaint_updates', { filter: { author: { id: { _eq: 'u' } }, complaint: { _eq: 5 } } })).toEqual([]);
    expect(refused('complaint_updates', { filter: { complaint: { description: { _contains: 'x' } } } })).toEqual([]);
    expect(refused('complaints', { filter: { region: { parent: { code: { _eq: '16.02.01' } } } } })).toEqual([]);
    expect(refused('complaints', { filter: { assignments: { agency: { _eq: 'DPUPR' } } } })).toEqual([]);
  });

  it('checks fields the permission leaves out even without an item rule', () => {
    expect(refused('complaint_updates', { filter: { complaint: { reporter: { _nnull: true } } } })).toEqual(['filter:complaint->complaints.reporter']);
  });

  it('checks every step of a longer path', () => {
    expect(refused('assignments', { filter: { complaint: { updates: { body: { _contains: 'x' } } } } })).toEqual(['filter:complaint.updates->complaint_updates.body']);
    expect(crossingsOfPath(schema, 'complaints', ['assigned_agency', 'head', 'email'], 'filter').map((c) => c.into)).toEqual(['agencies', 'directus_users']);
  });

  it('covers sort, aggregate, groupBy, count() in filters and deep (with its own filter and sort)', () => {
    expect(refused('complaint_updates', { sort: ['-author.email'] })).toEqual(['sort:author->directus_users.email']);
    expect(refused('complaints', { aggregate: { max: ['updates.body'] } })).toEqual(['aggregate:updates->complaint_updates.body']);
    expect(refused('complaint_updates', { group: ['author.email'] })).toEqual(['group:author->directus_users.email']);
    expect(refused('complaints', { filter: { 'count(updates)': { _gt: 3 } } })).toEqual(['filter:count(updates)->complaint_updates.id']);
    // Selected count(<relation>) is counted under the related rows' rules by Directus itself.
    expect(refused('complaints', { fields: ['id', 'count(updates)'] } as object)).toEqual([]);
    expect(refused('complaints', { deep: { updates: { _filter: { author: { email: { _eq: 'a@b.c' } } } } } })).toEqual(['deep:updates.author->directus_users.email']);
    expect(refused('complaints', { deep: { updates: { _sort: ['author.email'] } } })).toEqual(['deep:updates.author->directus_users.email']);
    expect(refused('complaints', { alias: { u: 'updates' }, deep: '{"u":{"_filter":{"author":{"email":{"_eq":"x"}}}}}' })).toEqual(['deep:u.author->directus_users.email']);
  });

  it('lets deep filters on the related rows\' own fields through (their rule is applied to what is read)', () => {
    expect(refused('complaints', { deep: { updates: { _filter: { body: { _contains: 'x' } }, _sort: ['-date_created'] } } })).toEqual([]);
  });

  it('follows $FOLLOW and reads sort given as a string (raw export queries)', () => {
    expect(refused('complaints', { filter: { '$FOLLOW(complaint_updates,complaint)': { body: { _eq: 'x' } } } })).toEqual(['filter:$FOLLOW(complaint_updates,complaint)->complaint_updates.body']);
    expect(refused('complaint_updates', { sort: 'kind,-author.email' })).toEqual(['sort:author->directus_users.email']);
  });

  it('says in Indonesian which paths were refused', () => {
    const msg = refusalMessage(refusedCrossings(queryCrossings(schema, 'complaints', { filter: { updates: { body: { _eq: 'x' } } } }), pimpinan));
    expect(msg).toMatch(/relasi/);
    expect(msg).toContain('updates');
  });
});

describe('read access', () => {
  it('counts only rule-free rows, per field, plus the app\'s minimal full reads', () => {
    const readable = fullyReadableFrom(fullReadMap([
      { collection: 'a', permissions: '{}', fields: 'x,y' },
      { collection: 'b', permissions: '{"id":{"_eq":1}}', fields: ['*'] },
    ], false));
    expect(readable('a', 'x')).toBe(true);
    expect(readable('a', 'z')).toBe(false);
    expect(readable('b', 'id')).toBe(false);
    expect(readable('directus_settings', 'x')).toBe(false);
    expect(fullyReadableFrom(fullReadMap([], true))('directus_settings', 'project_name')).toBe(true);
  });
  it('applies IP allow-lists conservatively', () => {
    expect(ipAllowed(null, '1.2.3.4')).toBe(true);
    expect(ipAllowed(['1.2.3.4'], '1.2.3.4')).toBe(true);
    expect(ipAllowed('10.0.0.0/8', '10.1.1.1')).toBe(false);
    expect(ipAllowed(['1.2.3.4'], null)).toBe(false);
  });
});
