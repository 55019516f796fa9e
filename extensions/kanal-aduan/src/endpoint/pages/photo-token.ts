import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a photo link on a tracking result stays valid. */
export const PHOTO_LINK_SECONDS = 15 * 60;

/**
 * Links to follow-up photos on the tracking result. The page was opened with
 * the tracking code (POST), but an <img> is a GET: the code must not travel in
 * its URL (logs, history). The link carries instead a short-lived signature
 * over the photo's id, keyed on Directus's SECRET (shared by every instance),
 * so only a page the server rendered after checking the code can name a photo.
 * Without SECRET the key is random per process (links then work only on the
 * instance that drew the page).
 */
export function photoSigner(secret: string | undefined, now: () => number = Date.now) {
  const key = createHash('sha256').update('kanal-aduan/public-photo\0').update(secret || randomBytes(32).toString('hex')).digest();
  const mac = (media: string, expires: number) => createHmac('sha256', key).update(`${media}.${expires}`).digest('base64url');
  return {
    sign(media: string): string {
      const expires = Math.floor(now() / 1000) + PHOTO_LINK_SECONDS;
      return `${expires}.${mac(media, expires)}`;
    },
    /** Whether `token` was made by `sign(media)` and has not expired. */
    verify(media: string, token: unknown): boolean {
      if (typeof token !== 'string' || token.length > 100) return false;
      const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return false;
      const expires = Number(m[1]);
      if (expires < Math.floor(now() / 1000)) return false;
      const want = Buffer.from(mac(media, expires));
      const got = Buffer.from(m[2]!);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
export type PhotoSigner = ReturnType<typeof photoSigner>;
