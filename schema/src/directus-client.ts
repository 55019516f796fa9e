// A thin REST client for the admin endpoints we need. Raw fetch instead of
// @directus/sdk: we send the exact payload shapes of Directus 11.17's services
// and need readable errors and retries while Directus is still starting.

export type ClientOptions = { url: string; token: string; retries?: number; retryDelayMs?: number };

export class DirectusRequestError extends Error {
  constructor(readonly method: string, readonly path: string, readonly status: number, readonly body: string) {
    super(`Directus ${method} ${path} -> ${status}: ${body.slice(0, 800)}`);
    this.name = 'DirectusRequestError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Client = {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  del(path: string): Promise<void>;
  waitUntilReady(timeoutMs?: number): Promise<void>;
};

export function createClient(o: ClientOptions): Client {
  const base = o.url.replace(/\/+$/, '');
  const retries = o.retries ?? 5;
  const retryDelayMs = o.retryDelayMs ?? 1000;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const res = await fetch(base + path, {
          method,
          // The apply compares with what is stored, never with a cached answer (Directus allows the skip: CACHE_SKIP_ALLOWED).
          headers: { Authorization: `Bearer ${o.token}`, 'Cache-Control': 'no-store', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        // 503 while Directus boots or reloads its schema cache; worth a retry.
        if (res.status === 503 || res.status === 502) {
          lastError = new DirectusRequestError(method, path, res.status, text);
        } else if (!res.ok) {
          throw new DirectusRequestError(method, path, res.status, text);
        } else {
          if (!text) return undefined as T;
          const json = JSON.parse(text) as { data?: T };
          return (json.data ?? json) as T;
        }
      } catch (e) {
        if (e instanceof DirectusRequestError) throw e;
        lastError = e; // connection refused / reset: Directus not up yet
      }
      await sleep(retryDelayMs * (attempt + 1));
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    del: async (path) => { await request('DELETE', path); },
    async waitUntilReady(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        try {
          const res = await fetch(`${base}/server/ping`);
          if (res.ok) return;
        } catch { /* not listening yet */ }
        if (Date.now() > until) throw new Error(`Directus at ${base} did not answer /server/ping within ${timeoutMs} ms`);
        await sleep(500);
      }
    },
  };
}
