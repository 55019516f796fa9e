import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { pickEncoding } from './pimpinan/compress.ts';

/** A static file of a page, compressed once at start (brotli and gzip) and named by its hash. */
export type Asset = { name: string; type: string; body: Buffer; br: Buffer; gzip: Buffer; etag: string; version: string };

export function asset(name: string, type: string, content: string | Buffer): Asset {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const hash = createHash('sha256').update(body).digest('hex');
  return {
    name, type, body,
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${hash.slice(0, 20)}"`,
    version: hash.slice(0, 10),
  };
}

type AssetRes = { status(code: number): AssetRes; set(header: string, value: string): AssetRes; send(body: unknown): unknown; end(): unknown };

/**
 * Answers with a versioned asset: cached for a year (its address changes with its content),
 * 304 on a matching ETag, brotli or gzip as the browser accepts.
 */
export function sendAsset(headers: Record<string, string | string[] | undefined> | undefined, res: AssetRes, a: Asset): void {
  const encoding = pickEncoding(headers?.['accept-encoding']);
  res.set('Content-Type', a.type);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Cache-Control', 'public, max-age=31536000, immutable');
  res.set('ETag', a.etag);
  res.set('Vary', 'Accept-Encoding');
  if (headers?.['if-none-match'] === a.etag) return void res.status(304).end();
  if (encoding) res.set('Content-Encoding', encoding);
  res.status(200).send(encoding === 'br' ? a.br : encoding === 'gzip' ? a.gzip : a.body);
}
