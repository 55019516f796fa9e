import { createRequire } from 'node:module';
import { join } from 'node:path';

// Photos and documents carry who took them and where: EXIF GPS and Artist,
// IPTC by-line, XMP creator, a PDF's /Author, an Office file's dc:creator.
// Agency roles must never download that (reporter identity is confidential),
// so every stored file goes through stripMetadata before they may read it.

/** The part of sharp (0.34, shipped with Directus) this uses. */
export type SharpLike = (input: Buffer, options?: Record<string, unknown>) => {
  rotate(): ReturnType<SharpLike>;
  jpeg(o?: Record<string, unknown>): ReturnType<SharpLike>;
  png(o?: Record<string, unknown>): ReturnType<SharpLike>;
  webp(o?: Record<string, unknown>): ReturnType<SharpLike>;
  toBuffer(): Promise<Buffer>;
  metadata(): Promise<{ exif?: Buffer; iptc?: Buffer; xmp?: Buffer; comments?: unknown[] }>;
};

const JPEG = new Set(['image/jpeg', 'image/jpg', 'image/pjpeg']);

/**
 * JPEG header segments that can name a person or a place: APP1 (EXIF with
 * GPS/Artist, XMP), APP13 (IPTC by-line), COM (free comment) and the other
 * application segments; JFIF (APP0), ICC colour profiles (APP2) and Adobe's
 * colour flags (APP14) carry neither. null when the bytes are not a JPEG.
 */
export function jpegMetadataSegments(bytes: Buffer): string[] | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const found: string[] = [];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return found; // image data follows: no more headers
    const len = bytes.readUInt16BE(at + 2);
    if (marker === 0xfe) found.push('COM');
    else if (marker >= 0xe1 && marker <= 0xef && marker !== 0xe2 && marker !== 0xee) found.push(`APP${marker - 0xe0}`);
    at += 2 + len;
  }
  return found;
}

/**
 * Directus's own sharp, loaded at run time (never bundled: it is a native
 * module built for the running Node). Resolved from the Directus CLI that
 * started the process (runtime/directus/node_modules/directus/cli.js here,
 * /directus/cli.js in the official image), else from the working folder.
 */
export function loadSharp(bases: string[] = [process.argv[1] ?? '', join(process.cwd(), 'package.json')]): SharpLike | null {
  for (const base of bases.filter(Boolean)) {
    try {
      const mod = createRequire(base)('sharp') as SharpLike | { default: SharpLike };
      return typeof mod === 'function' ? mod : mod.default;
    } catch {
      // try the next place
    }
  }
  return null;
}

/** Raster formats sharp decodes and re-encodes without metadata (EXIF, IPTC, XMP, ICC, GPS). */
const IMAGES = new Set(['image/jpeg', 'image/jpg', 'image/pjpeg', 'image/png', 'image/webp', 'image/tiff', 'image/gif', 'image/avif', 'image/heic', 'image/heif']);
/**
 * Formats with nowhere to hide an author or a place: plain text, and the voice
 * notes WhatsApp records itself (Opus in Ogg, AMR, AAC; WhatsApp writes no tags).
 */
const NOTHING_TO_STRIP = new Set(['text/plain', 'text/csv', 'audio/ogg', 'audio/opus', 'audio/amr', 'audio/aac']);

export type StripResult =
  | { cleaned: true; bytes: Buffer | null; how: 're-encoded' | 'nothing to strip' | 'boxes dropped' }
  | { cleaned: false; reason: string };

const baseType = (mime: string | null) => (mime ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * Bytes without metadata, or why they cannot be cleaned (then the file stays
 * unreadable for agency roles; admins and the verifikator still see it).
 * `bytes: null` means the stored bytes are already clean.
 */
export async function stripMetadata(bytes: Buffer, mimeType: string | null, sharp: SharpLike | null): Promise<StripResult> {
  const type = baseType(mimeType);
  if (NOTHING_TO_STRIP.has(type)) return { cleaned: true, bytes: null, how: 'nothing to strip' };
  if (IMAGES.has(type)) {
    // Nothing to strip (most WhatsApp photos: WhatsApp drops EXIF itself): keep the bytes as they are.
    const segments = JPEG.has(type) ? jpegMetadataSegments(bytes) : null;
    if (segments && segments.length === 0) return { cleaned: true, bytes: null, how: 'nothing to strip' };
    if (!sharp) return { cleaned: false, reason: 'sharp tidak tersedia' };
    try {
      if (!segments) {
        const meta = await sharp(bytes, { failOn: 'none' }).metadata();
        if (!meta.exif && !meta.iptc && !meta.xmp && !(meta.comments?.length)) return { cleaned: true, bytes: null, how: 'nothing to strip' };
      }
      return { cleaned: true, bytes: await reencode(bytes, type, sharp), how: 're-encoded' };
    } catch {
      return { cleaned: false, reason: 'gambar tidak dapat dibaca' };
    }
  }
  if (type === 'video/mp4' || type === 'video/quicktime' || type === 'video/3gpp') {
    const out = dropMp4UserData(bytes);
    return out ? { cleaned: true, bytes: out, how: 'boxes dropped' } : { cleaned: false, reason: 'struktur video tidak dikenal' };
  }
  // PDF, SVG, Office documents and the rest are not rewritten (see README): they
  // stay hidden from agency roles rather than leak an author.
  return { cleaned: false, reason: `metadata ${type || 'berkas'} tidak dapat dibersihkan otomatis` };
}

/** Decoded and encoded again by sharp, which writes no metadata unless asked to. */
async function reencode(bytes: Buffer, type: string, sharp: SharpLike): Promise<Buffer> {
  // rotate(): apply the EXIF orientation to the pixels before the tag goes, so the photo stays upright.
  let img = sharp(bytes, { failOn: 'none', animated: type === 'image/gif' || type === 'image/webp' }).rotate();
  if (JPEG.has(type)) img = img.jpeg({ quality: 90 });
  else if (type === 'image/png') img = img.png();
  else if (type === 'image/webp') img = img.webp({ quality: 90 });
  return img.toBuffer();
}

// ISO BMFF (MP4/MOV/3GP): phones write the place and the device into
// moov/udta (©xyz, ©mak…) and moov/meta (com.apple.quicktime.location.ISO6709),
// also per track. Renaming those boxes to `free` (skip) removes them for every
// reader without moving a byte, so chunk offsets stay valid.
// https://developer.apple.com/documentation/quicktime-file-format/user_data_atoms
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf']);
const USER_DATA = new Set(['udta', 'meta', 'uuid', 'XMP_']);

/** A copy with the metadata boxes renamed to `free`, or null when the box structure does not add up. */
export function dropMp4UserData(bytes: Buffer): Buffer | null {
  const out = Buffer.from(bytes);
  const walk = (start: number, end: number): boolean => {
    let at = start;
    while (at + 8 <= end) {
      let size = out.readUInt32BE(at);
      const type = out.toString('latin1', at + 4, at + 8);
      let header = 8;
      if (size === 1) {
        if (at + 16 > end) return false;
        size = Number(out.readBigUInt64BE(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return false;
      if (USER_DATA.has(type)) out.write('free', at + 4, 'latin1');
      else if (CONTAINERS.has(type) && !walk(at + header, at + size)) return false;
      at += size;
    }
    return at === end;
  };
  return bytes.length >= 8 && walk(0, out.length) ? out : null;
}
