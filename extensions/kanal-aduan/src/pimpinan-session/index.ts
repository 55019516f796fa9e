import { defineHook } from '@directus/extensions-sdk';
import { expiredSessionAccountability } from './expired-session.ts';

/** Lets the Bupati's phone page (/kanal-aduan/pimpinan) renew an expired session instead of Directus's 401 (see expired-session.ts). */
export default defineHook(({ filter }) => {
  const cookieName = process.env['SESSION_COOKIE_NAME'] || 'directus_session_token';
  filter('authenticate', (accountability, meta) => expiredSessionAccountability(accountability as object, (meta as { req: Parameters<typeof expiredSessionAccountability>[1] }).req, cookieName));
});
