/**
 * A small fetch client for the Directus REST API: just what idempotent seeding
 * needs (read all, batch create, batch update). Plain fetch rather than
 * @directus/sdk because the seeds talk to collections whose schema the SDK
 * does not know at compile time, and batch PATCH with an array body
 * (ItemsService.updateBatch) is simplest spelled out.
 */
export class DirectusRestError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    detail: string,
  ) {
    super(`Directus ${status} pada ${path}: ${detail}`);
    this.name = 'DirectusRestError';
  }
}

export type DirectusRest = {
  url: string;
  request<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
};

export function directusRest(url: string, token: string): DirectusRest {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async request<T>(method: string, path: string, body?: unknown, asToken = token): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${asToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        throw new DirectusRestError(0, path, `Directus tidak dapat dihubungi di ${base} (${(e as Error).message}) — periksa apakah layanan berjalan.`);
      }
      const text = await res.text();
      if (!res.ok) {
        let detail = text.slice(0, 500);
        try {
          const j = JSON.parse(text) as { errors?: { message: string }[] };
          if (j.errors?.length) detail = j.errors.map((e) => e.message).join('; ');
        } catch {
          /* keep the raw text */
        }
        throw new DirectusRestError(res.status, path, detail);
      }
      if (!text) return undefined as T;
      // /server/ping answers plain "pong"; everything else is Directus's { data } JSON.
      if (!(res.headers.get('content-type') ?? '').includes('json')) return text as T;
      return (JSON.parse(text) as { data: T }).data;
    },
  };
}
