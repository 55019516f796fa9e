import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Directus 11 compresses nothing itself; bodies below this size are sent as they are. */
const MIN_BYTES = 1024;

/** The encoding to answer with from Accept-Encoding: brotli before gzip, identity when neither is offered (q=0 refuses). */
export function pickEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | null {
  const offered = new Map<string, number>();
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (n: string) => (offered.get(n) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** A dynamic body compressed for this request (brotli at a fast level: pages are rendered per request). */
export function compressFor(body: Buffer, acceptEncoding: string | string[] | undefined): { body: Buffer; encoding: 'br' | 'gzip' | null } {
  const encoding = body.length < MIN_BYTES ? null : pickEncoding(acceptEncoding);
  if (encoding === 'br') return { body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }), encoding };
  if (encoding === 'gzip') return { body: gzipSync(body, { level: 6 }), encoding };
  return { body, encoding: null };
}
