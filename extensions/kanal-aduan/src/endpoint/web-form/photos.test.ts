import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jpegMetadataSegments, loadSharp } from '../../files/strip-metadata.ts';
import { checkPhotos, imageTypeOf } from './photos.ts';

// Directus's own sharp, as the endpoint finds it at run time.
const sharp = loadSharp([fileURLToPath(new URL('../../../../../runtime/directus/node_modules/directus/cli.js', import.meta.url))]);
type Encoded = { toBuffer(): Promise<Buffer> };
const make = sharp as unknown as (input: Record<string, unknown>) => { jpeg(): Encoded; png(): Encoded; withExif(e: Record<string, Record<string, string>>): { jpeg(): Encoded } };
const LIMITS = { maxCount: 3, maxBytes: 200_000 };
const file = (bytes: Buffer, filename = 'IMG_20261201.jpg') => ({ field: 'foto', filename, type: 'image/jpeg', bytes });

describe('web form photos', () => {
  it('knows JPEG, PNG and WebP by their bytes, nothing else', () => {
    expect(imageTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageTypeOf(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(imageTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(imageTypeOf(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(imageTypeOf(Buffer.from('GIF89a'))).toBeNull();
  });

  it('strips the GPS and the owner from a phone photo and renames it', async () => {
    const photo = await make({ create: { width: 32, height: 24, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { Artist: 'Rina Wati' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '3/1 24/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 49/1 0/1' } })
      .jpeg().toBuffer();
    const out = await checkPhotos([file(photo)], LIMITS, sharp);
    expect(out.ok).toBe(true);
    const [clean] = out.ok ? out.photos : [];
    expect(clean).toMatchObject({ filename: 'foto-1.jpg', type: 'image/jpeg' });
    expect(jpegMetadataSegments(clean!.bytes)).toEqual([]);
    expect(clean!.bytes.includes(Buffer.from('Rina Wati'))).toBe(false);
  });

  it('refuses a fourth photo, a photo too big, a file that is no photo, and a broken image', async () => {
    const png = await make({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await checkPhotos([file(png), file(png), file(png), file(png)], LIMITS, sharp)).toEqual({ ok: false, problem: 'photo_count', filename: null });
    expect(await checkPhotos([file(png), file(Buffer.concat([png, Buffer.alloc(LIMITS.maxBytes)]), 'besar.png')], LIMITS, sharp))
      .toEqual({ ok: false, problem: 'photo_size', filename: 'besar.png' });
    expect(await checkPhotos([file(Buffer.from('<?php system($_GET["c"]); ?>'), 'foto.jpg')], LIMITS, sharp)).toEqual({ ok: false, problem: 'photo_type', filename: 'foto.jpg' });
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg at all')]);
    expect(await checkPhotos([file(png), file(broken, 'rusak.jpg')], LIMITS, sharp)).toEqual({ ok: false, problem: 'photo_unreadable', filename: 'rusak.jpg' });
  });

  it('passes a form without photos', async () => {
    expect(await checkPhotos([], LIMITS, sharp)).toEqual({ ok: true, photos: [] });
  });
});
