import { z } from 'zod';
import { trackBudget, type SharedStore, type TrackBudget } from '../track-limiter.ts';
import { DEFAULT_PHOTO_LIMITS, type PhotoLimits } from './photos.ts';

/**
 * The web form's abuse limits. Per client address, every POST costs a point
 * (a refused one too: a script trying variations runs dry as fast as one
 * filing); per WhatsApp number, every stored report costs one. Kept like the
 * tracker's budgets (track-limiter.ts): in one Postgres table all Directus
 * instances share, in memory on SQLite. Indonesian mobile networks put many
 * phones behind one address (carrier-grade NAT), so the address budget is the
 * looser of the two.
 */
export const WebFormLimits = z.object({
  addressPoints: z.coerce.number().int().min(1).default(10),
  addressWindowSeconds: z.coerce.number().int().min(1).default(3600),
  numberPoints: z.coerce.number().int().min(1).default(5),
  numberWindowSeconds: z.coerce.number().int().min(1).default(86_400),
  maxPhotos: z.coerce.number().int().min(0).max(10).default(DEFAULT_PHOTO_LIMITS.maxCount),
  maxPhotoMb: z.coerce.number().int().min(1).max(20).default(DEFAULT_PHOTO_LIMITS.maxBytes / 1024 / 1024),
});
export type WebFormLimits = z.infer<typeof WebFormLimits>;

export function webFormLimitsFromEnv(env: Record<string, string | undefined>): WebFormLimits {
  const parsed = WebFormLimits.safeParse({
    addressPoints: env['KANAL_WEB_REPORT_ADDRESS_LIMIT'] || undefined,
    addressWindowSeconds: env['KANAL_WEB_REPORT_ADDRESS_WINDOW_SECONDS'] || undefined,
    numberPoints: env['KANAL_WEB_REPORT_NUMBER_LIMIT'] || undefined,
    numberWindowSeconds: env['KANAL_WEB_REPORT_NUMBER_WINDOW_SECONDS'] || undefined,
    maxPhotos: env['KANAL_WEB_REPORT_MAX_PHOTOS'] || undefined,
    maxPhotoMb: env['KANAL_WEB_REPORT_MAX_PHOTO_MB'] || undefined,
  });
  if (!parsed.success) {
    throw new Error(`KANAL_WEB_REPORT_* must be whole numbers ≥ 1 (photos 0–10, MB 1–20): ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  return parsed.data;
}

export function photoLimits(limits: WebFormLimits): PhotoLimits {
  return { maxCount: limits.maxPhotos, maxBytes: limits.maxPhotoMb * 1024 * 1024 };
}

/** The largest body worth reading: every photo at its largest, plus the text fields and the multipart framing. */
export function bodyLimit(limits: WebFormLimits): number {
  return limits.maxPhotos * limits.maxPhotoMb * 1024 * 1024 + 256 * 1024;
}

export type WebFormBudgets = { address: TrackBudget; number: TrackBudget };

export function webFormBudgets(limits: WebFormLimits, store?: SharedStore): WebFormBudgets {
  return {
    address: trackBudget({ points: limits.addressPoints, durationSeconds: limits.addressWindowSeconds }, store, 'web-report-address'),
    number: trackBudget({ points: limits.numberPoints, durationSeconds: limits.numberWindowSeconds }, store, 'web-report-number'),
  };
}
