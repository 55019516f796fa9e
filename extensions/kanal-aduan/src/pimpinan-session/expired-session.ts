/** Set on the accountability of a page request whose session token has expired (user stays null). */
export const EXPIRED_SESSION_MARK = 'kanal_session_expired';

/** The pages on a staff member's session (the Bupati's dashboard, the desk's «Catat laporan») and their static files: answered even when the session token has expired. */
const PAGE_PATHS = /^\/kanal-aduan\/(pimpinan(\/(app\.js|app\.css|manifest\.webmanifest|ikon\.svg|ikon-192\.png|ikon-512\.png))?|catat(\/catat\.js)?)\/?$/;

type Req = { method?: string; path?: string; token?: string | null; cookies?: Record<string, string | undefined> };

/** The `exp` of a JWT, read without checking the signature (only ever used to answer as nobody). */
function expiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Directus answers every request whose session cookie holds an expired token
 * with 401 JSON before any endpoint runs (middleware/authenticate). The admin
 * app renews it with POST /auth/refresh; a bookmarked phone page must get the
 * chance too. So for GET of the page and its files only, when the token came
 * from the session cookie and has expired, the request goes on as nobody,
 * marked, and the page's script renews the session. This only ever lowers
 * the caller to anonymous, so the token's signature need not be checked here:
 * a valid one still goes through Directus's own check.
 */
export function expiredSessionAccountability<A extends object>(accountability: A, req: Req, cookieName: string, now = Date.now()): A {
  if (req.method !== 'GET' || !req.path || !PAGE_PATHS.test(req.path)) return accountability;
  const cookie = req.cookies?.[cookieName];
  if (!cookie || req.token !== cookie) return accountability;
  const exp = expiresAt(cookie);
  if (exp === null || exp > now) return accountability;
  return { ...accountability, [EXPIRED_SESSION_MARK]: true };
}
