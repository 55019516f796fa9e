import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, boundaryOf, MalformedBody, parseMultipart, readBody } from './multipart.ts';

const B = '----WebKitFormBoundaryAbC123';
/** A body as Chromium sends it: text fields, a photo, an empty file input. */
function body(parts: Array<{ name: string; value?: string; filename?: string; type?: string; bytes?: Buffer }>): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename !== undefined ? `\r\nContent-Type: ${p.type ?? 'application/octet-stream'}` : '';
    chunks.push(Buffer.from(`--${B}\r\n${disp}${type}\r\n\r\n`), p.bytes ?? Buffer.from(p.value ?? '', 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(chunks);
}

describe('multipart form body', () => {
  it('reads the boundary of a form post only', () => {
    expect(boundaryOf(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/x-www-form-urlencoded')).toBeNull();
    expect(boundaryOf(undefined)).toBeNull();
  });

  it('gives text fields as UTF-8 and files with their bytes untouched; an empty file input is no file', () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x0d, 0x0a, 0x2d, 0x2d, 0x01]);
    const parsed = parseMultipart(body([
      { name: 'description', value: 'Jalan rusak —\r\nbanyak lubang di Desa Sukadana' },
      { name: 'foto', filename: 'C:\\Users\\rina\\IMG_001.jpg', type: 'image/jpeg', bytes: photo },
      { name: 'foto', filename: '', bytes: Buffer.alloc(0) },
      { name: 'kecamatan', value: '16.02.01' },
    ]), B);
    expect(parsed.fields).toEqual({ description: 'Jalan rusak —\r\nbanyak lubang di Desa Sukadana', kecamatan: '16.02.01' });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ field: 'foto', filename: 'IMG_001.jpg', type: 'image/jpeg' });
    expect(parsed.files[0]!.bytes.equals(photo)).toBe(true);
  });

  it('refuses a body that is not multipart, or has too many parts', () => {
    expect(() => parseMultipart(Buffer.from('hello'), B)).toThrow(MalformedBody);
    const many = body(Array.from({ length: 41 }, (_, i) => ({ name: `f${i}`, value: 'x' })));
    expect(() => parseMultipart(many, B)).toThrow(MalformedBody);
  });

  it('stops reading a body past the limit, and refuses a stated length over it before reading', async () => {
    const big = Object.assign(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { headers: {} });
    await expect(readBody(big, 1000)).rejects.toBeInstanceOf(BodyTooLarge);
    const stated = Object.assign(Readable.from([Buffer.alloc(10)]), { headers: { 'content-length': '5000' } });
    await expect(readBody(stated, 1000)).rejects.toBeInstanceOf(BodyTooLarge);
    const ok = Object.assign(Readable.from([Buffer.from('abc')]), { headers: {} });
    expect((await readBody(ok, 1000)).toString()).toBe('abc');
  });
});
