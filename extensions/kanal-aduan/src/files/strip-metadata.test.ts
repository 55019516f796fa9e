import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanFile, type FileRow, type FileStore } from './clean-file.ts';
import { dropMp4UserData, jpegMetadataSegments, loadSharp, stripMetadata, type SharpLike } from './strip-metadata.ts';

// Directus's own sharp, found the way the hook finds it at run time (from the Directus CLI).
const DIRECTUS_CLI = fileURLToPath(new URL('../../../../runtime/directus/node_modules/directus/cli.js', import.meta.url));
const sharp = loadSharp([DIRECTUS_CLI]);
type Encoded = { toBuffer(): Promise<Buffer> };
/** sharp({ create }) for making test images. */
const make = sharp as unknown as (input: Record<string, unknown>) => { jpeg(): Encoded; png(): Encoded; withExif(e: Record<string, Record<string, string>>): { jpeg(): Encoded } };

/** A small JPEG with EXIF Artist and GPS, as a phone would write it. */
async function photoWithExif(): Promise<Buffer> {
  return make({ create: { width: 32, height: 24, channels: 3, background: '#808080' } })
    .withExif({ IFD0: { Artist: 'Budi Santoso', Copyright: 'Budi' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '3/1 24/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 49/1 0/1' } })
    .jpeg().toBuffer();
}

/** APP1 segments of a JPEG (EXIF and XMP live there). */
function app1Segments(jpeg: Buffer): string[] {
  const out: string[] = [];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]!;
    if (marker === 0xda) break; // start of scan: no more headers
    const len = jpeg.readUInt16BE(at + 2);
    if (marker === 0xe1) out.push(jpeg.toString('latin1', at + 4, at + 4 + Math.min(len - 2, 28)));
    at += 2 + len;
  }
  return out;
}

describe('stripMetadata', () => {
  it('finds Directus\'s sharp at run time', () => {
    expect(sharp).toBeTypeOf('function');
  });

  it('re-encodes a JPEG without its EXIF (Artist, GPS)', async () => {
    const photo = await photoWithExif();
    expect(app1Segments(photo).some((s) => s.startsWith('Exif'))).toBe(true);
    expect(photo.includes(Buffer.from('Budi Santoso'))).toBe(true);
    const result = await stripMetadata(photo, 'image/jpeg', sharp);
    expect(result).toMatchObject({ cleaned: true, how: 're-encoded' });
    const bytes = (result as { bytes: Buffer }).bytes;
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(app1Segments(bytes)).toEqual([]);
    expect(bytes.includes(Buffer.from('Budi'))).toBe(false);
  });

  it('keeps the bytes of a photo without metadata (a JPEG with only JFIF, a bare PNG)', async () => {
    const bare = await make({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer();
    expect(jpegMetadataSegments(bare)).toEqual([]);
    expect(await stripMetadata(bare, 'image/jpeg', sharp)).toEqual({ cleaned: true, bytes: null, how: 'nothing to strip' });
    const png = await make({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await stripMetadata(png, 'image/png', sharp)).toEqual({ cleaned: true, bytes: null, how: 'nothing to strip' });
    expect(jpegMetadataSegments(await photoWithExif())).toEqual(['APP1']);
  });

  it('passes plain text and WhatsApp voice notes, refuses what it cannot clean', async () => {
    expect(await stripMetadata(Buffer.from('halo'), 'text/plain; charset=utf-8', sharp)).toEqual({ cleaned: true, bytes: null, how: 'nothing to strip' });
    expect(await stripMetadata(Buffer.from('OggS'), 'audio/ogg', sharp)).toMatchObject({ cleaned: true });
    expect(await stripMetadata(Buffer.from('%PDF-1.7 /Author (Budi)'), 'application/pdf', sharp)).toMatchObject({ cleaned: false });
    expect(await stripMetadata(Buffer.from('x'), 'image/jpeg', null)).toMatchObject({ cleaned: false });
  });

  it('drops user data boxes of an MP4 in place (offsets stay)', () => {
    const box = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(8 + body.length);
      head.write(type, 4, 'latin1');
      return Buffer.concat([head, body]);
    };
    const xyz = box('\u00a9xyz', Buffer.from('-03.40+104.82/'));
    const mp4 = Buffer.concat([box('ftyp', Buffer.from('isom0000')), box('moov', Buffer.concat([box('mvhd', Buffer.alloc(12)), box('udta', xyz), box('trak', box('udta', xyz))])), box('mdat', Buffer.alloc(16))]);
    const out = dropMp4UserData(mp4)!;
    expect(out.length).toBe(mp4.length);
    expect(out.includes(Buffer.from('udta'))).toBe(false);
    expect(out.includes(Buffer.from('ftyp'))).toBe(true);
    expect(dropMp4UserData(Buffer.from('not a video at all'))).toBeNull();
  });
});

describe('cleanFile', () => {
  function fakeFiles(row: FileRow, bytes: Buffer) {
    const state = { row: { ...row }, bytes, replaced: 0 };
    const store: FileStore = {
      file: async (id) => (id === row.id ? state.row : null),
      bytes: async () => state.bytes,
      replaceBytes: async (_id, b) => void ((state.bytes = b), state.replaced++),
      patch: async (_id, p) => void Object.assign(state.row, p),
    };
    return { store, state };
  }
  const base: FileRow = { id: 'f1', type: 'image/jpeg', title: 'Jalan rusak', description: 'Budi di lokasi', tags: ['budi'], metadata: { ifd0: { Artist: 'Budi' }, iptc: { caption: 'Budi di lokasi', keywords: ['budi'] } }, filename_download: 'IMG_1.jpg', metadata_cleaned: false };

  it('replaces the bytes, empties metadata and what came from it, then marks the file clean', async () => {
    const { store, state } = fakeFiles(base, await photoWithExif());
    expect(await cleanFile('f1', { store, sharp })).toEqual({ outcome: 'cleaned' });
    expect(state.replaced).toBe(1);
    expect(app1Segments(state.bytes)).toEqual([]);
    expect(state.row).toMatchObject({ metadata: null, description: null, tags: null, title: 'Jalan rusak', metadata_cleaned: true });
    expect(await cleanFile('f1', { store, sharp })).toEqual({ outcome: 'already_clean' });
    expect(state.replaced).toBe(1);
  });

  it('leaves a file it cannot clean unmarked (hidden from agencies)', async () => {
    const { store, state } = fakeFiles({ ...base, type: 'application/pdf' }, Buffer.from('%PDF-1.7'));
    expect((await cleanFile('f1', { store, sharp })).outcome).toBe('not_cleanable');
    expect(state.row.metadata_cleaned).toBe(false);
    expect(state.row.metadata).toBeNull();
  });

  it('a photo sharp cannot read is not marked clean', async () => {
    const broken = (() => { throw new Error('rusak'); }) as unknown as SharpLike;
    const { store, state } = fakeFiles(base, Buffer.from('bukan foto'));
    expect(await cleanFile('f1', { store, sharp: broken })).toEqual({ outcome: 'not_cleanable', reason: 'gambar tidak dapat dibaca' });
    expect(state.row.metadata_cleaned).toBe(false);
  });

  it('a store failure marks nothing', async () => {
    const { store, state } = fakeFiles(base, await photoWithExif());
    store.replaceBytes = async () => { throw new Error('disk penuh'); };
    await expect(cleanFile('f1', { store, sharp })).rejects.toThrow('disk penuh');
    expect(state.row.metadata_cleaned).toBe(false);
  });
});
