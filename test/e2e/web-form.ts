// The web form (/kanal-aduan/lapor) as a browser posts it: multipart/form-data
// from a chosen loopback address (each test its own, so the per-address budget
// of one never spends another's). Shared by web-form.int.test.ts and
// desk-report.int.test.ts (the desk's «Catat laporan», the same form).
import { request } from 'node:http';
import { env } from './helpers.ts';

export type Answer = { status: number; text: string; headers: Record<string, string | string[] | undefined> };
export type Photo = { name: string; type: string; bytes: Buffer };

/** A multipart body as Chromium writes it. */
export function multipart(fields: Record<string, string>, photos: Photo[] = []): { body: Buffer; type: string } {
  const boundary = `----KanalAduanTest${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const p of photos) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="foto"; filename="${p.name}"\r\nContent-Type: ${p.type}\r\n\r\n`), p.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** GET (fields null) or POST the form at `path`; `headers` adds e.g. a staff member's Authorization for /kanal-aduan/catat. */
export function lapor(localAddress: string, fields: Record<string, string> | null, photos: Photo[] = [], path = '/kanal-aduan/lapor', headers: Record<string, string> = {}): Promise<Answer> {
  const form = fields ? multipart(fields, photos) : null;
  return new Promise((resolve, reject) => {
    const req = request(`${env('KANAL_DIRECTUS_URL')}${path}`, {
      method: form ? 'POST' : 'GET',
      localAddress,
      headers: { ...headers, ...(form ? { 'content-type': form.type, 'content-length': String(form.body.length) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (form) req.write(form.body);
    req.end();
  });
}

/** The page's text without tags, entities decoded as far as the tests need. */
export const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, ' ').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

export const ticketOf = (html: string) => /data-testid="ticket">([^<]+)</.exec(html)?.[1] ?? null;
export const codeOf = (html: string) => /data-testid="code">([^<]+)</.exec(html)?.[1] ?? null;
