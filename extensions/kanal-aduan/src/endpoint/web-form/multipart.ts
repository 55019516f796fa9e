// The web form's body (multipart/form-data, RFC 7578), which Directus does not
// parse for extension routes. Read whole into memory, bounded: the form is a
// few kB of text plus at most a few photos, so a streaming parser (busboy) would
// buy nothing here but a dependency.
// https://www.rfc-editor.org/rfc/rfc7578

export type MultipartFile = { field: string; filename: string; type: string; bytes: Buffer };
export type MultipartBody = { fields: Record<string, string>; files: MultipartFile[] };

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}
export class MalformedBody extends Error {}

/** The boundary of a multipart/form-data content type, or null for any other type. */
export function boundaryOf(contentType: string | undefined): string | null {
  const type = String(contentType ?? '');
  if (!/^multipart\/form-data\s*;/i.test(type)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(type);
  return m ? (m[1] ?? m[2]!) : null;
}

type BodyStream = {
  headers?: Record<string, unknown>;
  on(event: 'data', cb: (chunk: Buffer | string) => void): unknown;
  on(event: 'end' | 'error', cb: (error?: unknown) => void): unknown;
  resume?(): unknown;
};

/**
 * The request body, refused (BodyTooLarge) once it grows past `limit`; a
 * stated Content-Length over it is refused before reading. The rest of a
 * refused body is read and dropped, never left unread: destroying the request
 * would reset the connection before the citizen sees why.
 */
export function readBody(req: BodyStream, limit: number): Promise<Buffer> {
  const stated = Number(req.headers?.['content-length'] ?? NaN);
  if (Number.isFinite(stated) && stated > limit) {
    req.resume?.();
    return Promise.reject(new BodyTooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk) => {
      if (over) return;
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLarge(limit));
      } else chunks.push(b);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => reject(error instanceof Error ? error : new MalformedBody('request aborted')));
  });
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * Header parameter (`name="…"`, `filename="…"`) of a part's Content-Disposition.
 * Browsers percent-encode a quote in names (HTML's form-data encoding) and send
 * backslashes as they are (a Windows path), so there are no escapes to undo.
 */
function param(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return m ? m[1]! : null;
}

/**
 * Fields (UTF-8 text; the last one of a name wins) and files (parts with a
 * filename; an empty file input sends one with no bytes, which is dropped).
 * At most `maxParts` parts: a form of a dozen fields has no business sending more.
 */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 40): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new MalformedBody('no boundary');
  let parts = 0;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    // Skip the line break after the delimiter.
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2;
    const headEnd = body.indexOf(CRLF2, at);
    if (headEnd < 0) throw new MalformedBody('part without headers');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headEnd + 4);
    if (next < 0) throw new MalformedBody('unterminated part');
    if (++parts > maxParts) throw new MalformedBody('too many parts');
    const headers = body.subarray(at, headEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const type = (headers.find((h) => /^content-type:/i.test(h)) ?? '').replace(/^content-type:\s*/i, '').trim().toLowerCase();
    const name = param(disposition, 'name');
    const filename = param(disposition, 'filename');
    const content = body.subarray(headEnd + 4, next);
    if (name !== null) {
      if (filename !== null) {
        // An empty <input type=file> arrives as a part with filename="" and no bytes: no file.
        if (content.length > 0 || filename !== '') files.push({ field: name, filename: filename.replace(/^.*[\\/]/, '').slice(0, 200), type: type || 'application/octet-stream', bytes: Buffer.from(content) });
      } else fields[name] = content.toString('utf8');
    }
    at = next + 2;
  }
  return { fields, files };
}
