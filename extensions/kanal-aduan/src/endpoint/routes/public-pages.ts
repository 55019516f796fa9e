import { isDirectusError } from '@directus/errors';
import { normalizeTrackingCode } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import { readRankingSettings } from '../../ranking/service.ts';
import { DEFAULT_TIMEZONE } from '../../shared/defaults.ts';
import { schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';
import { performanceSource } from '../pages/performance-stats.ts';
import { PeriodQuery, PERIODS, performanceModel, type Period } from '../pages/performance-view.ts';
import LEAFLET_CSS from 'leaflet/dist/leaflet.css?raw';
import LEAFLET_JS from 'leaflet/dist/leaflet.js?raw';
import { MAP_CLIENT_JS } from '../pages/map-client.ts';
import { mapFeatures, mapSource } from '../pages/map-source.ts';
import { photoSigner, PHOTO_LINK_SECONDS, type PhotoSigner } from '../pages/photo-token.ts';
import { MAP_EMBED, MAP_PAGE, mapPageHeaders, PAGE_HEADERS, PERFORMANCE, renderPage, STYLESHEET, TRACK_FORM, TRACK_RESULT } from '../pages/render.ts';
import { trackResultModel } from '../pages/tracking-page.ts';
import { formatDateTime, formatNumber, textsFor } from '../pages/texts.ts';
import { asset, sendAsset, type Asset } from '../static-asset.ts';
import { sharedTrackBudgets, trackLookup, type TrackBudgets, type TrackReq } from '../track-lookup.ts';
import { trackingPageView, type Locale } from '../tracking-view.ts';

const Lang = z.enum(['id', 'en']).catch('id');
const PageQuery = z.object({ lang: Lang, periode: PeriodQuery }).catch({ lang: 'id', periode: 'bulan-ini' });
/** The form: ticket and tracking code travel in a POST body, never in the URL. */
const TrackForm = z.object({ ticket: z.string().max(40).catch(''), code: z.string().max(64).catch(''), lang: Lang }).catch({ ticket: '', code: '', lang: 'id' });
const FORM_MAX_BYTES = 2048;
/** The map opens on three months: one month of a quiet kabupaten is a few dots. */
const MapQuery = z.object({
  lang: Lang,
  periode: z.enum(PERIODS).catch('3-bulan'),
  kategori: z.string().max(40).regex(/^[A-Za-z0-9_-]*$/).catch(''),
  /** `panel`: the map alone, for the Dasbor Pimpinan's panel that frames it from the same origin. */
  tampilan: z.enum(['halaman', 'panel']).catch('halaman'),
}).catch({ lang: 'id', periode: '3-bulan', kategori: '', tampilan: 'halaman' });
const PointsQuery = MapQuery.and(z.object({
  bbox: z.string().max(100).regex(/^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$/)
    .transform((v) => v.split(',').map(Number) as [number, number, number, number])
    .refine(([w, s, e, n]) => Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90 && s <= n),
  z: z.coerce.number().int().min(0).max(20),
}));
/** Tiles: OpenStreetMap's by default; a region points KANAL_MAP_TILES at its own or a licensed server. */
const DEFAULT_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const DEFAULT_ATTRIBUTION = '© kontributor OpenStreetMap';

type Res = {
  status(code: number): Res;
  set(header: string, value: string): Res;
  type(t: string): Res;
  send(body: unknown): unknown;
  end(): unknown;
};
type Req = TrackReq & { baseUrl?: string; headers?: Record<string, string | string[] | undefined>; on?: (ev: string, cb: (chunk?: Buffer) => void) => unknown; readable?: boolean };

/**
 * The body of an HTML form post (application/x-www-form-urlencoded), which
 * Directus does not parse (it parses JSON only). At most FORM_MAX_BYTES; a JSON
 * body Directus already parsed is taken as it is.
 */
export function readForm(req: Req): Promise<Record<string, string>> {
  if (req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0) return Promise.resolve(req.body as Record<string, string>);
  const type = String(req.headers?.['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded') || !req.on) return Promise.resolve({});
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Record<string, string>) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    req.on!('data', (chunk?: Buffer) => {
      if (!chunk) return;
      size += chunk.length;
      if (size > FORM_MAX_BYTES) finish({});
      else chunks.push(chunk);
    });
    req.on!('end', () => finish(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))));
    req.on!('error', () => finish({}));
  });
}

/**
 * Public pages for citizens, no login, Indonesian first (`?lang=en`):
 *
 * - `GET /kanal-aduan/lacak` — the form (ticket + tracking code);
 *   `POST /kanal-aduan/lacak` — the result: with the right code, the report's
 *   timeline (stages, public follow-ups, cleaned photos); without it, or for a
 *   confidential report, only the status. The JSON tracker's rules and budgets
 *   (track-lookup.ts, tracking-view.ts), so the page opens nothing more.
 * - `GET /kanal-aduan/lacak/foto/:media?t=…` — a follow-up photo named by a
 *   signed, 15-minute link that only a rendered result carries (photo-token.ts).
 * - `GET /kanal-aduan/kinerja[?periode=bulan-ini|3-bulan|tahun-ini]` — volume
 *   per category and kecamatan, median working days to first response and to
 *   resolution, satisfaction; the OPD ranking only while the admin publishes it
 *   (settings.public_ranking_enabled). Aggregates, cached a minute.
 * - `GET /kanal-aduan/peta[?periode=…&kategori=…]` — reports on a map (Leaflet),
 *   `GET /kanal-aduan/peta/titik?bbox=w,s,e,n&z=…` — the visible area's clusters
 *   and points, placed by core's publicMapPoint (only passed reports; a
 *   confidential one at its desa's centroid), no ticket, text or reporter;
 *   `?tampilan=panel` is the map alone, which only our own origin may frame
 *   (the Dasbor Pimpinan's map panel).
 * - `GET /kanal-aduan/gaya.css` — the stylesheet.
 */
export const publicPageRoutes: RouteModule = (router, ctx) => {
  mountPublicPages(router, ctx, sharedTrackBudgets(ctx), photoSigner(process.env['SECRET']));
};

export function mountPublicPages(router: Parameters<RouteModule>[0], ctx: RouteContext, budgets: TrackBudgets, signer: PhotoSigner): void {
  const tracker = trackLookup(ctx, budgets);
  const performance = performanceSource(ctx.database as Knex);

  const map = mapSource(ctx.database as Knex);
  const tiles = process.env['KANAL_MAP_TILES'] || DEFAULT_TILES;
  const attribution = process.env['KANAL_MAP_ATTRIBUTION'] || DEFAULT_ATTRIBUTION;
  const mapFiles = new Map<string, Asset>([
    ['leaflet.js', asset('leaflet.js', 'text/javascript; charset=utf-8', LEAFLET_JS)],
    ['leaflet.css', asset('leaflet.css', 'text/css; charset=utf-8', LEAFLET_CSS)],
    ['peta.js', asset('peta.js', 'text/javascript; charset=utf-8', MAP_CLIENT_JS)],
  ]);
  const fileUrl = (base: string, name: string) => `${base}peta/${name}?v=${mapFiles.get(name)!.version}`;

  const layoutFor = (req: Req, locale: Locale, title: string, nav: 'track' | 'performance' | 'map', query: Record<string, string> = {}) => {
    const base = `${req.baseUrl ?? ''}/`;
    const other: Locale = locale === 'en' ? 'id' : 'en';
    const path = { track: 'lacak', performance: 'kinerja', map: 'peta' }[nav];
    const q = (lang: Locale) => {
      const params = new URLSearchParams({ ...query, ...(lang === 'en' ? { lang: 'en' } : {}) }).toString();
      return params ? `?${params}` : '';
    };
    return {
      lang: locale, title, base, langQuery: locale === 'en' ? '?lang=en' : '', otherLang: other, otherLanguageHref: `${base}${path}${q(other)}`,
      navTrack: nav === 'track', navPerformance: nav === 'performance', navMap: nav === 'map', t: textsFor(locale) as Record<string, string>,
    };
  };
  const send = (res: Res, status: number, html: string, cache = 'no-store', headers = PAGE_HEADERS) => {
    for (const [h, v] of Object.entries(headers)) res.set(h, v);
    res.set('Cache-Control', cache);
    res.status(status).type('text/html; charset=utf-8').send(html);
  };
  const timezone = async () => (await readRankingSettings(ctx.database as Knex).catch(() => null))?.timezone ?? DEFAULT_TIMEZONE;

  router.get('/gaya.css', (_req, res) => {
    const r = res as unknown as Res;
    r.set('X-Content-Type-Options', 'nosniff');
    r.set('Cache-Control', 'public, max-age=3600');
    r.status(200).type('text/css; charset=utf-8').send(STYLESHEET);
  });

  router.get('/lacak', (req, res) => {
    const { lang } = PageQuery.parse(req.query ?? {});
    const t = textsFor(lang);
    const layout = layoutFor(req as Req, lang, t.track_title, 'track');
    send(res as unknown as Res, 200, renderPage(layout, TRACK_FORM({ ...layout, ticket: '' })));
  });

  router.post('/lacak', async (req, res, next) => {
    const r = res as unknown as Res;
    const form = TrackForm.parse(await readForm(req as Req));
    const lang = form.lang;
    const t = textsFor(lang);
    const layout = layoutFor(req as Req, lang, t.track_title, 'track');
    const headers: Record<string, string> = {};
    const tracking = { set: (h: string, v: string) => { headers[h] = v; } };
    try {
      const code = normalizeTrackingCode(form.code);
      const found = await tracker.find(req as TrackReq, tracking, form.ticket.trim(), code || null);
      const confidential = found.complaint.confidential === true || found.complaint.confidential === 1;
      const detail = found.proven && !confidential
        ? await Promise.all([tracker.kecamatanOf(found), tracker.timeline(found)]).then(([kecamatan, tl]) => ({ kecamatan, ...tl }))
        : null;
      const view = trackingPageView(found.complaint, found.proven, detail, lang);
      const model = trackResultModel(view, lang, await timezone(), (id) => `${layout.base}lacak/foto/${encodeURIComponent(id)}?t=${signer.sign(id)}`);
      send(r, 200, renderPage({ ...layout, title: `${t.track_title} ${view.ticket}` }, TRACK_RESULT({ ...layout, ...model })));
    } catch (error) {
      if (!isDirectusError(error)) return next(error);
      if (headers['Retry-After']) r.set('Retry-After', headers['Retry-After']);
      // The reasons are the tracker's own Indonesian sentences (track-lookup.ts); the ticket is echoed escaped, the code never.
      send(r, error.status, renderPage(layout, TRACK_FORM({ ...layout, ticket: form.ticket.slice(0, 40), error: error.message })));
    }
  });

  router.get('/lacak/foto/:media', async (req, res, next) => {
    const r = res as unknown as Res;
    try {
      const media = String((req.params as { media?: unknown }).media ?? '');
      if (!/^\d{1,12}$/.test(media) || !signer.verify(media, (req.query as { t?: unknown }).t)) {
        send(r, 404, '');
        return;
      }
      const schema = await schemaOf(req as unknown as DirectusRequest, ctx);
      const Items = ctx.services.ItemsService as unknown as new (c: string, o: Record<string, unknown>) => { readByQuery(q: Record<string, unknown>): Promise<Array<Record<string, any>>> };
      // Checked again at every request: the photo may have been unlinked or the report made confidential since the page was drawn.
      const [row] = await new Items('complaint_media', { knex: ctx.database, schema }).readByQuery({
        filter: { id: { _eq: Number(media) } },
        fields: ['id', 'kind', 'complaint.id', 'complaint.confidential', 'update.id', 'update.kind', 'update.public', 'update.complaint', 'file.id', 'file.type', 'file.metadata_cleaned'],
        limit: 1,
      });
      const cleaned = row?.file?.metadata_cleaned === true || row?.file?.metadata_cleaned === 1;
      const publicUpdate = row?.update?.kind === 'follow_up' && (row.update.public === true || row.update.public === 1) && String(row.update.complaint) === String(row.complaint?.id);
      const confidential = row?.complaint?.confidential === true || row?.complaint?.confidential === 1;
      if (!row || row.kind !== 'image' || !cleaned || !publicUpdate || confidential || !/^image\/(jpeg|png|webp)$/.test(String(row.file?.type))) {
        send(r, 404, '');
        return;
      }
      const Assets = (ctx.services as unknown as { AssetsService: new (o: Record<string, unknown>) => { getAsset(id: string, t?: unknown): Promise<{ stream: NodeJS.ReadableStream; file: { type?: string | null } }> } }).AssetsService;
      const assets = new Assets({ knex: ctx.database, schema });
      // A phone-sized copy when Directus can transform it; the cleaned original otherwise.
      const asset = await assets
        .getAsset(String(row.file.id), { transformationParams: { width: 1280, height: 1280, fit: 'inside', withoutEnlargement: true } })
        .catch(() => assets.getAsset(String(row.file.id)));
      for (const [h, v] of Object.entries(PAGE_HEADERS)) r.set(h, v);
      r.set('Content-Type', String(asset.file.type ?? row.file.type));
      r.set('Content-Disposition', 'inline');
      r.set('Cache-Control', `private, max-age=${PHOTO_LINK_SECONDS}`);
      asset.stream.pipe(res as unknown as NodeJS.WritableStream);
    } catch (error) {
      next(error);
    }
  });

  router.get('/peta/titik', async (req, res, next) => {
    const r = res as unknown as Res;
    const parsed = PointsQuery.safeParse(req.query ?? {});
    if (!parsed.success) {
      r.set('Cache-Control', 'no-store');
      r.status(400).type('application/json; charset=utf-8').send(JSON.stringify({
        errors: [{ message: 'Parameter tidak sah: bbox=barat,selatan,timur,utara (derajat) dan z=0–20 wajib diisi. / Invalid parameters: bbox=west,south,east,north (degrees) and z=0–20 are required.' }],
      }));
      return;
    }
    try {
      const q = parsed.data;
      const data = await map.get(q.periode, q.kategori || null);
      const features = mapFeatures(data, q.bbox, q.z, q.lang);
      r.set('X-Content-Type-Options', 'nosniff');
      r.set('Cache-Control', 'public, max-age=60');
      r.status(200).type('application/json; charset=utf-8').send(JSON.stringify({ total: data.total, features }));
    } catch (error) {
      next(error);
    }
  });

  router.get('/peta/:file', (req, res, next) => {
    const r = res as unknown as Res;
    const a = mapFiles.get(String((req.params as { file?: unknown }).file));
    if (!a) return next();
    sendAsset((req as Req).headers, r, a);
  });

  router.get('/peta', async (req, res, next) => {
    try {
      const { lang, periode, kategori, tampilan } = MapQuery.parse(req.query ?? {});
      const t = textsFor(lang);
      const query: Record<string, string> = { ...(periode === '3-bulan' ? {} : { periode }), ...(kategori ? { kategori } : {}) };
      const layout = layoutFor(req as Req, lang, t.map_title, 'map', query);
      const data = await map.get(periode, kategori || null);
      const points = new URLSearchParams({ periode, ...(kategori ? { kategori } : {}), ...(lang === 'en' ? { lang } : {}) });
      const mapData = { ...layout, pointsUrl: `${layout.base}peta/titik?${points.toString()}`, tiles, attribution, bounds: JSON.stringify(data.bounds) };
      const files = { styles: [fileUrl(layout.base, 'leaflet.css')], scripts: [fileUrl(layout.base, 'leaflet.js'), fileUrl(layout.base, 'peta.js')] };
      if (tampilan === 'panel') {
        send(res as unknown as Res, 200, MAP_EMBED({ ...mapData, ...files }), 'public, max-age=60', mapPageHeaders(tiles, { framedBySameOrigin: true }));
        return;
      }
      const periodLabels: Record<Period, string> = { 'bulan-ini': t.period_month, '3-bulan': t.period_quarter, 'tahun-ini': t.period_year };
      const body = MAP_PAGE({
        ...mapData,
        english: lang === 'en',
        periods: PERIODS.map((p) => ({ value: p, label: periodLabels[p], current: p === periode })),
        categories: data.categories.map((c) => ({ code: c.code, name: lang === 'en' ? (c.name_en ?? c.name) : c.name, current: c.code === kategori })),
        total: t.map_total.replace('{n}', formatNumber(data.total, lang)),
        generatedAt: formatDateTime(data.generatedAt, lang, await timezone()),
      });
      send(res as unknown as Res, 200, renderPage({ ...layout, ...files }, body), 'public, max-age=60', mapPageHeaders(tiles));
    } catch (error) {
      next(error);
    }
  });

  router.get('/kinerja', async (req, res, next) => {
    try {
      const { lang, periode } = PageQuery.parse(req.query ?? {});
      const t = textsFor(lang);
      const query: Record<string, string> = periode === 'bulan-ini' ? {} : { periode };
      const layout = layoutFor(req as Req, lang, t.perf_title, 'performance', query);
      const data = await performance.get(periode);
      const hrefFor = (p: Period) => {
        const params = new URLSearchParams({ ...(p === 'bulan-ini' ? {} : { periode: p }), ...(lang === 'en' ? { lang } : {}) }).toString();
        return `${layout.base}kinerja${params ? `?${params}` : ''}`;
      };
      const model = performanceModel(data.stats, { period: periode, locale: lang, timezone: data.timezone, hrefFor, ranking: data.ranking, generatedAt: data.generatedAt });
      send(res as unknown as Res, 200, renderPage(layout, PERFORMANCE({ ...layout, ...model })), 'public, max-age=60');
    } catch (error) {
      next(error);
    }
  });
}
