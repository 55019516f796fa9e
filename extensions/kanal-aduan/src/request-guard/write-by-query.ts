// Is this request an update or delete "by query"? Directus 11.17 resolves the
// rows of such a write without the caller's permissions (ItemsService
// getKeysByQuery reads with no accountability), so whether a row matches the
// filter shows in the answer (403 when one does, 204 when none does) for any
// caller, even without a login. Non-admins may only name rows by key; these
// pure predicates recognise every shape that reaches the lookup:
// - REST: PATCH/DELETE on a collection route (`/items/<c>`, `/users`, `/files`,
//   `/folders`, `/comments`, …) with a `query` in the body
//   (api/dist/controllers/*.js: `else { sanitizeQuery(req.body.query) … updateByQuery }`);
// - WebSocket: an `items` message updating without id/ids/batch, or deleting by query
//   (api/dist/websocket/handlers/items.js);
// - MCP: a `tools/call` of the items, files or folders tool with action `update`
//   and neither keys nor a batch (api/dist/ai/tools/*/index.js).

export type RequestLike = { method: string; path: string; body: unknown };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `/items/<collection>` or a one-segment system route (`/users`, `/files`, `/presets`…): where batch writes live. */
export function isCollectionRoute(path: string): boolean {
  const parts = path.split('/').filter(Boolean);
  return (parts.length === 2 && parts[0] === 'items') || (parts.length === 1 && parts[0] !== 'items');
}

/** A REST update/delete whose rows are chosen by a query instead of keys. */
export function isRestWriteByQuery(req: RequestLike): boolean {
  const method = req.method.toUpperCase();
  if (method !== 'PATCH' && method !== 'DELETE') return false;
  if (!isCollectionRoute(req.path)) return false;
  return isPlainObject(req.body) && Object.hasOwn(req.body, 'query');
}

/** A WebSocket `items` message that updates or deletes by query. */
export function isWebSocketWriteByQuery(message: unknown, isSingleton: (collection: string) => boolean): boolean {
  if (!isPlainObject(message) || message['type'] !== 'items') return false;
  const named = message['id'] !== undefined || message['ids'] !== undefined;
  if (message['action'] === 'update') {
    if (named || Array.isArray(message['data'])) return false;
    return !(typeof message['collection'] === 'string' && isSingleton(message['collection']));
  }
  if (message['action'] === 'delete') return !named && message['query'] !== undefined;
  return false;
}

const BY_QUERY_TOOLS = new Set(['items', 'files', 'folders']);

/** An MCP JSON-RPC body (one message or a batch) that calls a tool updating by query. */
export function isMcpWriteByQuery(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => {
    if (!isPlainObject(m) || m['method'] !== 'tools/call' || !isPlainObject(m['params'])) return false;
    const params = m['params'];
    if (typeof params['name'] !== 'string' || !BY_QUERY_TOOLS.has(params['name'])) return false;
    let args = params['arguments'];
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        return false;
      }
    }
    if (!isPlainObject(args) || args['action'] !== 'update') return false;
    return !args['keys'] && !Array.isArray(args['data']);
  });
}

/** Any HTTP request that would update or delete by query: REST collection routes and the MCP endpoint. */
export function isHttpWriteByQuery(req: RequestLike): boolean {
  if (isRestWriteByQuery(req)) return true;
  const parts = req.path.split('/').filter(Boolean);
  return req.method.toUpperCase() === 'POST' && parts.length === 1 && parts[0] === 'mcp' && isMcpWriteByQuery(req.body);
}

export const WRITE_BY_QUERY_REFUSAL =
  'Mengubah atau menghapus data berdasarkan kueri (query/filter) hanya boleh dilakukan admin. Sebutkan baris yang dimaksud dengan kuncinya: {"keys": [...], "data": {...}}.';
