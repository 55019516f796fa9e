import { describe, expect, it } from 'vitest';
import { isCollectionRoute, isHttpWriteByQuery, isMcpWriteByQuery, isRestWriteByQuery, isWebSocketWriteByQuery } from './write-by-query.ts';

const query = { query: { filter: { ticket: { _eq: 'ADU-2611-00001' } } }, data: { title: 'x' } };

describe('isRestWriteByQuery', () => {
  it.each([
    ['PATCH', '/items/complaints'],
    ['DELETE', '/items/complaints'],
    ['PATCH', '/users'],
    ['DELETE', '/files'],
    ['patch', '/folders/'],
    ['PATCH', '/comments'],
    ['DELETE', '/presets'],
  ])('refuses %s %s with a query body', (method, path) => {
    expect(isRestWriteByQuery({ method, path, body: query })).toBe(true);
  });

  it('lets writes by keys and batches through', () => {
    expect(isRestWriteByQuery({ method: 'PATCH', path: '/items/complaints', body: { keys: [1, 2], data: { title: 'x' } } })).toBe(false);
    expect(isRestWriteByQuery({ method: 'PATCH', path: '/items/complaints', body: [{ id: 1, title: 'x' }] })).toBe(false);
    expect(isRestWriteByQuery({ method: 'DELETE', path: '/items/complaints', body: [1, 2] })).toBe(false);
    expect(isRestWriteByQuery({ method: 'DELETE', path: '/items/complaints', body: { keys: [1] } })).toBe(false);
  });

  it('does not look at item routes, reads or creates (a field may be called "query" there)', () => {
    expect(isRestWriteByQuery({ method: 'PATCH', path: '/items/complaints/5', body: query })).toBe(false);
    expect(isRestWriteByQuery({ method: 'PATCH', path: '/users/me', body: query })).toBe(false);
    expect(isRestWriteByQuery({ method: 'SEARCH', path: '/items/complaints', body: query })).toBe(false);
    expect(isRestWriteByQuery({ method: 'POST', path: '/items/complaints', body: query })).toBe(false);
  });

  it('refuses a query even next to keys (Directus would take neither)', () => {
    expect(isRestWriteByQuery({ method: 'PATCH', path: '/items/citizens', body: { keys: [1], query: {}, data: {} } })).toBe(true);
  });

  it('knows the collection routes', () => {
    expect(isCollectionRoute('/items/complaints')).toBe(true);
    expect(isCollectionRoute('/users')).toBe(true);
    expect(isCollectionRoute('/items')).toBe(false);
    expect(isCollectionRoute('/items/complaints/1')).toBe(false);
  });
});

describe('isWebSocketWriteByQuery', () => {
  const notSingleton = () => false;
  it('refuses an items update without id, ids or a batch, and a delete by query', () => {
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'update', collection: 'complaints', query: { filter: {} }, data: { title: 'x' } }, notSingleton)).toBe(true);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'update', collection: 'complaints', data: { title: 'x' } }, notSingleton)).toBe(true);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'delete', collection: 'complaints', query: { filter: {} } }, notSingleton)).toBe(true);
  });
  it('lets keyed writes, batches, singletons and reads through', () => {
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'update', collection: 'complaints', id: 1, data: {} }, notSingleton)).toBe(false);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'update', collection: 'complaints', ids: [1], data: {} }, notSingleton)).toBe(false);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'update', collection: 'complaints', data: [{ id: 1 }] }, notSingleton)).toBe(false);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'update', collection: 'settings', data: {} }, (c) => c === 'settings')).toBe(false);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'delete', collection: 'complaints', ids: [1] }, notSingleton)).toBe(false);
    expect(isWebSocketWriteByQuery({ type: 'items', action: 'read', collection: 'complaints', query: {} }, notSingleton)).toBe(false);
    expect(isWebSocketWriteByQuery({ type: 'subscribe', collection: 'complaints' }, notSingleton)).toBe(false);
  });
});

describe('isMcpWriteByQuery', () => {
  const call = (name: string, args: unknown) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } });
  it('refuses the items, files and folders tools updating by query, alone or in a batch', () => {
    expect(isMcpWriteByQuery(call('items', { action: 'update', collection: 'complaints', query: { filter: {} }, data: {} }))).toBe(true);
    expect(isMcpWriteByQuery([call('schema', {}), call('files', { action: 'update', data: {} })])).toBe(true);
    expect(isMcpWriteByQuery(call('folders', JSON.stringify({ action: 'update', data: {} })))).toBe(true);
  });
  it('lets keyed updates, batches, reads and other tools through', () => {
    expect(isMcpWriteByQuery(call('items', { action: 'update', keys: [1], data: {} }))).toBe(false);
    expect(isMcpWriteByQuery(call('items', { action: 'update', data: [{ id: 1 }] }))).toBe(false);
    expect(isMcpWriteByQuery(call('items', { action: 'read', query: {} }))).toBe(false);
    expect(isMcpWriteByQuery(call('schema', { action: 'update' }))).toBe(false);
    expect(isMcpWriteByQuery({ jsonrpc: '2.0', method: 'tools/list' })).toBe(false);
  });
  it('is part of the HTTP check on POST /mcp only', () => {
    const body = call('items', { action: 'update', data: {} });
    expect(isHttpWriteByQuery({ method: 'POST', path: '/mcp', body })).toBe(true);
    expect(isHttpWriteByQuery({ method: 'POST', path: '/items/complaints', body })).toBe(false);
  });
});
