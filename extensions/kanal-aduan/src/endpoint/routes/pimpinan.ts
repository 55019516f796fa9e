import { isDirectusError } from '@directus/errors';
import { z } from 'zod';
import { roleFromAccountability } from '../../shared/role.ts';
import type { DirectusRequest, RouteContext, RouteModule } from '../context.ts';
import { pimpinanAssets } from '../pimpinan/assets.ts';
import { sendAsset } from '../static-asset.ts';
import { compressFor } from '../pimpinan/compress.ts';
import { dashboardReader, timelineReader } from '../pimpinan/read.ts';
import { LOGIN_FORM } from '../pages/login-form.ts';
import { FORBIDDEN, PIMPINAN_HEADERS, REFRESH, renderDashboard, renderShell, type ShellData } from '../pimpinan/render.ts';
import { pimpinanTexts } from '../pimpinan/texts.ts';
import { dashboardModel, PimpinanQuery, timelineModel } from '../pimpinan/view.ts';
import { EXPIRED_SESSION_MARK } from '../../pimpinan-session/expired-session.ts';

type Res = {
  status(code: number): Res;
  set(header: string, value: string): Res;
  send(body: unknown): unknown;
  end(): unknown;
};
type Req = DirectusRequest & { baseUrl?: string; headers: Record<string, string | string[] | undefined> };

const Lang = z.object({ lang: z.enum(['id', 'en']).catch('id') }).catch({ lang: 'id' });
const ReportId = z.coerce.number().int().positive().max(2 ** 31 - 1);

/** Who the page is for: the Pimpinan role (Bupati, Sekda) and administrators — as the ranking's full view. */
export function mayUsePimpinanPage(accountability: DirectusRequest['accountability']): boolean {
  if (!accountability?.user && accountability?.admin !== true) return false;
  const role = roleFromAccountability(accountability);
  return role === 'pimpinan' || role === 'admin';
}

/**
 * The Bupati's dashboard for a phone (a light alternative to the Insights
 * "Dasbor Pimpinan"), on the user's own Directus session:
 *
 * - `GET /kanal-aduan/pimpinan[?periode=bulan-ini|3-bulan|tahun-ini][&kecamatan=16.02.01][&lang=en]`
 *   — headline figures, OPD and Camat rankings with trend (the ranking
 *   route's rankingPayload), the overdue reports (schema's OVERDUE_FILTER from
 *   core's stage rules), drawn on the server from reads made as the user
 *   (pimpinan/read.ts). Without a session: the login form (the script posts to
 *   Directus's /auth/login in session mode); with an expired session token
 *   (pimpinan-session hook): a page whose script renews it through
 *   /auth/refresh; any other role: 403.
 * - `GET /kanal-aduan/pimpinan/laporan/:id` — one report's history as JSON
 *   for the timeline sheet, read as the user (401 without a valid token).
 * - `GET /kanal-aduan/pimpinan/{app.js,app.css,manifest.webmanifest,ikon.svg,ikon-192.png,ikon-512.png}`
 *   — the static files, versioned (?v=hash), cached a year, brotli/gzip.
 *
 * Nothing the page sends carries a token or a report's words in a URL: the
 * filters are a period name and a kecamatan code, a report opens by its id.
 */
export const pimpinanRoutes: RouteModule = (router, ctx) => {
  mountPimpinan(router, ctx);
};

export function mountPimpinan(router: Parameters<RouteModule>[0], ctx: RouteContext): void {
  const readDashboard = dashboardReader(ctx);
  const readTimeline = timelineReader(ctx);
  const assetsByBase = new Map<string, ReturnType<typeof pimpinanAssets>>();
  const assetsFor = (base: string) => {
    let a = assetsByBase.get(base);
    if (!a) assetsByBase.set(base, (a = pimpinanAssets(base)));
    return a;
  };
  const baseOf = (req: Req) => `${req.baseUrl ?? ''}/`;

  const send = (req: Req, res: Res, status: number, type: string, text: string) => {
    const out = compressFor(Buffer.from(text, 'utf8'), req.headers['accept-encoding']);
    for (const [h, v] of Object.entries(PIMPINAN_HEADERS)) res.set(h, v);
    res.set('Content-Type', type);
    // Figures of one user: never in a shared cache, never kept by the browser.
    res.set('Cache-Control', 'private, no-store');
    res.set('Vary', 'Accept-Encoding, Cookie, Authorization');
    if (out.encoding) res.set('Content-Encoding', out.encoding);
    res.status(status).send(out.body);
  };

  router.get('/pimpinan/:file', (req, res, next) => {
    const r = res as unknown as Res;
    const a = assetsFor(baseOf(req as Req)).byName.get(String(req.params['file']));
    if (!a) return next();
    sendAsset((req as Req).headers, r, a);
  });

  router.get('/pimpinan', async (req, res, next) => {
    const request = req as unknown as Req;
    const r = res as unknown as Res;
    const query = PimpinanQuery.parse(req.query ?? {});
    const t = pimpinanTexts(query.lang);
    const base = baseOf(request);
    const shell = (mode: ShellData['mode'], otherLanguageHref: string): ShellData => ({
      lang: query.lang, english: query.lang === 'en', title: t.title, base, t, assets: assetsFor(base).urls, otherLanguageHref, mode, signedIn: mode === 'dashboard' || mode === 'forbidden',
    });
    const plainOther = `${base}pimpinan${query.lang === 'en' ? '' : '?lang=en'}`;
    const a = request.accountability as (DirectusRequest['accountability'] & Record<string, unknown>) | null | undefined;
    try {
      if (a?.[EXPIRED_SESSION_MARK] === true && (req.query as Record<string, unknown>)['masuk'] !== '1') {
        return send(request, r, 200, 'text/html; charset=utf-8', renderShell(shell('refresh', plainOther), REFRESH({ t })));
      }
      if (!a?.user && a?.admin !== true) {
        return send(request, r, 200, 'text/html; charset=utf-8', renderShell(shell('login', plainOther), LOGIN_FORM({ t })));
      }
      if (!mayUsePimpinanPage(a)) {
        return send(request, r, 403, 'text/html; charset=utf-8', renderShell(shell('forbidden', plainOther), FORBIDDEN({ t })));
      }
      const model = dashboardModel(await readDashboard(request, query, base));
      send(request, r, 200, 'text/html; charset=utf-8', renderDashboard(shell('dashboard', model.otherLanguageHref), model));
    } catch (error) {
      if (isDirectusError(error) && error.status === 403) {
        return send(request, r, 403, 'text/html; charset=utf-8', renderShell(shell('forbidden', plainOther), FORBIDDEN({ t })));
      }
      next(error);
    }
  });

  router.get('/pimpinan/laporan/:id', async (req, res, next) => {
    const request = req as unknown as Req;
    const r = res as unknown as Res;
    const { lang } = Lang.parse(req.query ?? {});
    const json = (status: number, body: unknown) => send(request, r, status, 'application/json; charset=utf-8', JSON.stringify(body));
    try {
      const a = request.accountability;
      if (!a?.user && a?.admin !== true) return json(401, { errors: [{ message: 'Sesi berakhir; masuk lagi.', extensions: { code: 'TOKEN_EXPIRED' } }] });
      if (!mayUsePimpinanPage(a)) return json(403, { errors: [{ message: pimpinanTexts(lang).forbidden, extensions: { code: 'FORBIDDEN' } }] });
      const id = ReportId.safeParse(req.params['id']);
      const found = id.success ? await readTimeline(request, id.data) : null;
      if (!found) return json(404, { errors: [{ message: 'Laporan tidak ditemukan.', extensions: { code: 'NOT_FOUND' } }] });
      json(200, { data: timelineModel(found.complaint, found.updates, lang, found.timezone) });
    } catch (error) {
      if (isDirectusError(error) && error.status === 403) return json(403, { errors: [{ message: pimpinanTexts(lang).forbidden, extensions: { code: 'FORBIDDEN' } }] });
      next(error);
    }
  });
}
