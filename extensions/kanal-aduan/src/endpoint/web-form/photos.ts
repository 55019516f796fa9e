import { stripMetadata, type SharpLike } from '../../files/strip-metadata.ts';
import type { MultipartFile } from './multipart.ts';

// The web form's photos, checked and cleaned before anything is stored: the
// type by the bytes (never by the browser's word or the file name), the size,
// the count, and the metadata stripped by the same code as every citizen photo
// (files/strip-metadata.ts: EXIF GPS, camera owner, IPTC by-line). A photo that
// cannot be read or cleaned refuses the whole form, so nothing is half-stored.

export type PhotoLimits = { maxCount: number; maxBytes: number };
export const DEFAULT_PHOTO_LIMITS: PhotoLimits = { maxCount: 3, maxBytes: 5 * 1024 * 1024 };

export type CleanPhoto = { filename: string; type: 'image/jpeg' | 'image/png' | 'image/webp'; bytes: Buffer };
export type PhotoProblem = 'photo_count' | 'photo_type' | 'photo_size' | 'photo_unreadable';
export type PhotoCheck = { ok: true; photos: CleanPhoto[] } | { ok: false; problem: PhotoProblem; filename: string | null };

/** JPEG, PNG or WebP by the file's first bytes; null for anything else (HEIC, GIF, PDF, a renamed script…). */
export function imageTypeOf(bytes: Buffer): CleanPhoto['type'] | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const EXTENSION = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

/** The stored name: the citizen's file name says nothing about them to an officer ("foto-1.jpg"). */
export function photoName(index: number, type: CleanPhoto['type']): string {
  return `foto-${index + 1}.${EXTENSION[type]}`;
}

type Decoder = (input: Buffer, options?: Record<string, unknown>) => { metadata(): Promise<{ width?: number; height?: number }> };

/**
 * Every photo checked and cleaned, or the first problem. With sharp, the
 * image must also decode to a size (a JPEG header glued to anything else is
 * refused); without sharp only photos with nothing to strip pass.
 */
export async function checkPhotos(files: readonly MultipartFile[], limits: PhotoLimits, sharp: SharpLike | null): Promise<PhotoCheck> {
  if (files.length > limits.maxCount) return { ok: false, problem: 'photo_count', filename: null };
  const photos: CleanPhoto[] = [];
  for (const [index, f] of files.entries()) {
    if (f.bytes.length > limits.maxBytes) return { ok: false, problem: 'photo_size', filename: f.filename };
    const type = imageTypeOf(f.bytes);
    if (!type) return { ok: false, problem: 'photo_type', filename: f.filename };
    if (sharp) {
      const size = await (sharp as unknown as Decoder)(f.bytes, { failOn: 'error' }).metadata().catch(() => null);
      if (!size?.width || !size.height) return { ok: false, problem: 'photo_unreadable', filename: f.filename };
    }
    const stripped = await stripMetadata(f.bytes, type, sharp);
    if (!stripped.cleaned) return { ok: false, problem: 'photo_unreadable', filename: f.filename };
    photos.push({ filename: photoName(index, type), type, bytes: stripped.bytes ?? f.bytes });
  }
  return { ok: true, photos };
}
