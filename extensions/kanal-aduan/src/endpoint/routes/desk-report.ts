import { deskReport, normalizePhone, waIdFromPhone, type DeskReportProblem } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import LEAFLET_CSS from 'leaflet/dist/leaflet.css?raw';
import LEAFLET_JS from 'leaflet/dist/leaflet.js?raw';
import { loadSharp, type SharpLike } from '../../files/strip-metadata.ts';
import { directusEmitAction, type EmitAction } from '../../intake/directus-emitter.ts';
import { referenceCache } from '../../intake/references.ts';
import { EXPIRED_SESSION_MARK } from '../../pimpinan-session/expired-session.ts';
import { mayRecordDeskReports } from '../../shared/desk-access.ts';
import { schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';
import {
  adminReportHref, channelLabel, DESK_CLIENT_JS, DESK_DONE, DESK_FORBIDDEN, DESK_REFRESH, DESK_SESSION_NOTE,
  deskFormModel, EMPTY_DESK_VALUES, type CitizenOnFile, type DeskValues, type Lookup,
} from '../pages/desk-page.ts';
import { deskTextsFor } from '../pages/desk-texts.ts';
import { LOGIN_FORM } from '../pages/login-form.ts';
import { renderPage, reportPageHeaders, type LayoutData } from '../pages/render.ts';
import { REPORT_CLIENT_JS } from '../pages/report-client.ts';
import { maskedPhone, REPORT_FORM } from '../pages/report-form.ts';
import { fill } from '../pages/texts.ts';
import { asset, sendAsset } from '../static-asset.ts';
import type { Locale } from '../tracking-view.ts';
import { photoLimits, webFormLimitsFromEnv, type WebFormLimits } from '../web-form/limits.ts';
import { checkPhotos } from '../web-form/photos.ts';
import { citizenOf, storeWebReport, upsertWebCitizen, type WebFormServices } from '../web-form/store.ts';
import { drain, FIELD_OF, MIN_DESCRIPTION, readReportForm, valuesOf, type Req, type Res } from './web-form.ts';

const Lang = z.enum(['id', 'en']).catch('id');
/** How many of a citizen's reports the lookup lists (newest first). */
const LOOKUP_LIMIT = 20;

const DESK_FIELD_OF: Record<DeskReportProblem, string> = { ...FIELD_OF, channel: 'channel', rt_rw: 'rt_rw' };

// The access rule lives beside the role mapping: the admin app's «Catat laporan» module shows itself by the same rule.
export { mayRecordDeskReports };

/**
 * Whether a post comes from a page of this site. The page runs on the staff
 * member's Directus session cookie, so a form on another site must not be
 * able to post it. A browser says where a POST comes from: Sec-Fetch-Site
 * (decisive when sent: our pages' `Referrer-Policy: no-referrer` makes
 * Chromium send `Origin: null` even for its own form), else Origin, which must
 * name this host; a call with neither is not a browser's (an API client with
 * its own token). `publicUrl` is Directus's PUBLIC_URL, for a proxy that
 * rewrites Host.
 */
export function postedFromThisSite(headers: Record<string, string | string[] | undefined>, publicUrl?: string): boolean {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const site = one('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = one('origin');
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const hosts = new Set([one('host'), one('x-forwarded-host')].filter((h): h is string => Boolean(h)));
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host);
    } catch {
      // An unreadable PUBLIC_URL names no host.
    }
  }
  return hosts.has(host);
}

/**
 * «Catat laporan (telepon / datang langsung)»: the desk team records a report
 * for a citizen who phones the service or walks in, on the staff member's own
 * Directus session (as the Pimpinan's phone page):
 *
 * - `GET /kanal-aduan/catat[?lang=en]` — the web form in its desk dress: the
 *   way it came (`phone` / `walk_in`), the reporter's number with «Cari warga»,
 *   then category, story, kecamatan → desa, address, RT/RW, pin, photos, name,
 *   «Rahasiakan identitas». Without a session: the login (the script posts to
 *   Directus's /auth/login in session mode); an expired session cookie: a page
 *   that renews it; any role but verifikator and admin: 403.
 * - `POST /kanal-aduan/catat` (multipart) — `action=cari`: the number's citizen
 *   (normalised as every door does: one number, one citizen) with their
 *   earlier reports, read as the user, the form kept; otherwise files the
 *   report through the web form's writes (core deskReport → deskComplaintRow,
 *   the intake's triage, the complaint hooks) on its channel, with the staff
 *   member as `user_created`, and shows ticket and tracking code. With a number,
 *   n8n sends the ticket on WhatsApp (complaint.created → notify.desk_received).
 *   Refused with the reason and the typed form: a problem of the form or a photo
 *   (400), a blocked number (403), a post from another site (403).
 * - `GET /kanal-aduan/catat/catat.js` — the page's script.
 */
export const deskReportRoutes: RouteModule = (router, ctx) => {
  mountDeskReport(router, ctx, webFormLimitsFromEnv(process.env), loadSharp());
};

export function mountDeskReport(router: Parameters<RouteModule>[0], ctx: RouteContext, limits: WebFormLimits, sharp: SharpLike | null): void {
  const references = referenceCache({ services: ctx.services, database: ctx.database, getSchema: ctx.getSchema });
  const script = asset('catat.js', 'text/javascript; charset=utf-8', DESK_CLIENT_JS);
  // The web form's own script (desa list, location, map) at its address, and the map page's Leaflet files.
  const formScript = asset('lapor.js', 'text/javascript; charset=utf-8', REPORT_CLIENT_JS);
  const leaflet = { js: asset('leaflet.js', 'text/javascript; charset=utf-8', LEAFLET_JS).version, css: asset('leaflet.css', 'text/css; charset=utf-8', LEAFLET_CSS).version };
  const tiles = process.env['KANAL_MAP_TILES'] || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  const map = { tiles, attribution: process.env['KANAL_MAP_ATTRIBUTION'] || '© kontributor OpenStreetMap' };
  // The admin app's «Catat laporan» module shows this page in a frame of the same origin.
  const headers = reportPageHeaders(tiles, { framedBySameOrigin: true });
  const formLimits = { minDescription: MIN_DESCRIPTION, maxPhotos: limits.maxPhotos, maxMb: limits.maxPhotoMb };
  let emitter: Promise<EmitAction | null> | null = null;

  const baseOf = (req: Req) => `${req.baseUrl ?? ''}/`;
  const layoutFor = (req: Req, locale: Locale, title: string, form: boolean): LayoutData => {
    const base = baseOf(req);
    const other: Locale = locale === 'en' ? 'id' : 'en';
    return {
      lang: locale, title, base, langQuery: locale === 'en' ? '?lang=en' : '', otherLang: other,
      otherLanguageHref: `${base}catat${other === 'en' ? '?lang=en' : ''}`,
      styles: form ? [`${base}peta/leaflet.css?v=${leaflet.css}`] : [],
      scripts: [
        ...(form ? [`${base}peta/leaflet.js?v=${leaflet.js}`, `${base}lapor/lapor.js?v=${formScript.version}`] : []),
        `${base}catat/catat.js?v=${script.version}`,
      ],
      t: deskTextsFor(locale) as Record<string, string>,
    };
  };
  const send = (res: Res, status: number, html: string) => {
    for (const [h, v] of Object.entries(headers)) res.set(h, v);
    // One staff member's page: never in a shared cache, never kept.
    res.set('Cache-Control', 'private, no-store');
    res.set('Vary', 'Cookie, Authorization');
    res.status(status).type('text/html; charset=utf-8').send(html);
  };
  const simplePage = (req: Req, res: Res, locale: Locale, status: number, title: string, body: string) =>
    send(res, status, renderPage(layoutFor(req, locale, title, false), body));

  type FormState = { values: DeskValues; lookup: Lookup; errors?: string[]; invalid?: Record<string, boolean>; photosAgain?: boolean };
  const formPage = async (req: Req, res: Res, locale: Locale, status: number, state: FormState) => {
    const ref = await references.get();
    const t = deskTextsFor(locale);
    const layout = layoutFor(req, locale, t.report_title, true);
    const model = deskFormModel(ref, { locale, t, base: baseOf(req), limits: formLimits, map, ...state });
    send(res, status, renderPage(layout, DESK_SESSION_NOTE({ t }) + REPORT_FORM({ ...layout, ...model })));
  };

  /** Answers a request that is not a signed-in desk member's; true when it did. */
  const refused = async (req: Req, res: Res, locale: Locale, method: 'GET' | 'POST'): Promise<boolean> => {
    const t = deskTextsFor(locale);
    const a = req.accountability as (DirectusRequest['accountability'] & Record<string, unknown>) | null | undefined;
    if (method === 'GET' && a?.[EXPIRED_SESSION_MARK] === true && (req.query as Record<string, unknown> | undefined)?.['masuk'] !== '1') {
      simplePage(req, res, locale, 200, t.login_title, DESK_REFRESH({ t }));
      return true;
    }
    const allowed = mayRecordDeskReports(a);
    // A refused post's body is read and dropped first, so the browser gets the answer instead of a reset connection.
    if (!allowed && method === 'POST') await drain(req);
    if (!a?.user && a?.admin !== true) {
      simplePage(req, res, locale, method === 'GET' ? 200 : 401, t.login_title, LOGIN_FORM({ t }));
      return true;
    }
    if (!allowed) {
      simplePage(req, res, locale, 403, t.forbidden_title, DESK_FORBIDDEN({ t, message: t.forbidden }));
      return true;
    }
    return false;
  };

  /** The citizen of a number with their latest reports, read as the staff member (the verifikator's policy lets them); 'none' for a number that is not one. */
  const lookUp = async (req: Req, phone: string): Promise<Lookup> => {
    const e164 = normalizePhone(phone);
    if (!e164) return { kind: 'none' };
    const schema = await schemaOf(req, ctx);
    type AsUser = new (c: string, o: { knex: unknown; schema: unknown; accountability: unknown }) => { readByQuery(q: Record<string, unknown>): Promise<Array<Record<string, unknown>>> };
    const Items = ctx.services.ItemsService as unknown as AsUser;
    const as = { knex: ctx.database, schema, accountability: req.accountability };
    const [citizen] = await new Items('citizens', as).readByQuery({ filter: { wa_id: { _eq: waIdFromPhone(e164) } }, fields: ['id', 'display_name', 'phone', 'blocked'], limit: 1 });
    if (!citizen) return { kind: 'new' };
    const reports = await new Items('complaints', as).readByQuery({
      filter: { reporter: { _eq: citizen['id'] } }, fields: ['id', 'ticket', 'status', 'channel', 'title', 'date_created'], sort: ['-date_created'], limit: LOOKUP_LIMIT,
    });
    const found: CitizenOnFile = {
      name: (citizen['display_name'] as string | null) ?? null,
      phone: (citizen['phone'] as string | null) ?? e164,
      blocked: citizen['blocked'] === true || citizen['blocked'] === 1,
      reports: reports.map((r) => ({
        id: Number(r['id']), ticket: (r['ticket'] as string | null) ?? null, status: String(r['status']), channel: (r['channel'] as string | null) ?? null,
        title: (r['title'] as string | null) ?? null, date_created: (r['date_created'] as string | null) ?? null,
      })),
    };
    return { kind: 'known', citizen: found, limit: LOOKUP_LIMIT };
  };

  router.get('/catat/catat.js', (req, res) => sendAsset((req as unknown as Req).headers, res as unknown as Res, script));

  router.get('/catat', async (rq, rs, next) => {
    const req = rq as unknown as Req;
    const res = rs as unknown as Res;
    try {
      const lang = Lang.parse((req.query as Record<string, unknown> | undefined)?.['lang']);
      if (await refused(req, res, lang, 'GET')) return;
      await formPage(req, res, lang, 200, { values: EMPTY_DESK_VALUES, lookup: { kind: 'none' } });
    } catch (error) {
      next(error);
    }
  });

  router.post('/catat', async (rq, rs, next) => {
    const req = rq as unknown as Req;
    const res = rs as unknown as Res;
    let lang: Locale = Lang.parse((req.query as Record<string, unknown> | undefined)?.['lang']);
    let values: DeskValues = EMPTY_DESK_VALUES;
    let lookup: Lookup = { kind: 'none' };
    try {
      if (await refused(req, res, lang, 'POST')) return;
      const t0 = deskTextsFor(lang);
      if (!postedFromThisSite(req.headers, process.env['PUBLIC_URL'])) {
        await drain(req);
        return simplePage(req, res, lang, 403, t0.forbidden_title, DESK_FORBIDDEN({ t: t0, message: t0.forbidden_origin }));
      }
      const read = await readReportForm(req, limits, t0);
      if ('refused' in read) return await formPage(req, res, lang, read.refused, { values, lookup, errors: [read.message], invalid: {} });
      const { fields, files } = read.body;
      lang = Lang.parse(fields['lang']);
      const t = deskTextsFor(lang);
      const v = (k: string, max: number) => String(fields[k] ?? '').slice(0, max);
      values = { ...valuesOf(fields), channel: v('channel', 20), rt: v('rt', 10), rw: v('rw', 10) };
      const photoFiles = files.filter((f) => f.field === 'foto');
      // Shown on every answer, so a refused save still shows who is calling.
      lookup = values.phone.trim() ? await lookUp(req, values.phone) : { kind: 'none' };

      // «Cari warga» (also what Enter in a field does: it is the form's first button).
      if (fields['action'] === 'cari') {
        // The number's citizen and their reports; a known name fills an empty name field.
        if (!values.phone.trim()) lookup = { kind: 'no_phone' };
        const invalid: Record<string, boolean> = {};
        const errors: string[] = [];
        if (values.phone.trim() && !normalizePhone(values.phone)) {
          errors.push(t.err_phone);
          invalid['phone'] = true;
        }
        if (lookup.kind === 'known' && !values.name.trim() && lookup.citizen.name) values = { ...values, name: lookup.citizen.name };
        return await formPage(req, res, lang, 200, { values, lookup, errors, invalid, photosAgain: photoFiles.length > 0 });
      }

      const ref = await references.get();
      const checked = deskReport({ ...fields, ...values, confidential: values.confidential ? '1' : '' }, { categories: ref.categories, regions: ref.regions, min_description: MIN_DESCRIPTION });
      const photos = await checkPhotos(photoFiles, photoLimits(limits), sharp);
      if (!checked.ok || !photos.ok) {
        const problems = checked.ok ? [] : checked.problems;
        const errors = problems.map((p) => fill(t[`err_${p}`], { n: MIN_DESCRIPTION }));
        const invalid: Record<string, boolean> = Object.fromEntries(problems.map((p) => [DESK_FIELD_OF[p], true]));
        if (!photos.ok) {
          errors.push(fill(t[`err_${photos.problem}`], { file: photos.filename ?? '', n: limits.maxPhotos, mb: limits.maxPhotoMb }));
          invalid['photos'] = true;
        }
        return await formPage(req, res, lang, 400, { values, lookup, errors, invalid, photosAgain: photoFiles.length > 0 });
      }

      const schema = await schemaOf(req, ctx);
      const storeDeps = { services: ctx.services as unknown as WebFormServices, database: ctx.database as Knex, schema };
      let citizenId: string | null = null;
      if (checked.reporter) {
        const known = await citizenOf(storeDeps, checked.reporter.wa_id);
        if (known?.blocked) {
          return await formPage(req, res, lang, 403, { values, lookup, errors: [t.err_blocked], invalid: { phone: true }, photosAgain: photoFiles.length > 0 });
        }
        // Keyed on the number alone: a name said on the phone never renames a citizen on file.
        citizenId = await upsertWebCitizen(storeDeps, checked.reporter, 'id');
      }

      emitter ??= directusEmitAction().then((found) => {
        if (!found) ctx.logger.warn('[kanal-aduan] catat: emitter Directus tidak ditemukan; hook aksi laporan berjalan sebelum transaksi selesai (antrian peristiwa memulihkannya).');
        return found;
      });
      const filed = await storeWebReport(
        { ...storeDeps, emitAction: await emitter, now: new Date(), spamText: ref.spam_text ?? null },
        { report: { ...checked.report, locale: 'id' }, recordedBy: req.accountability?.user ?? null },
        citizenId,
        photos.photos,
      );

      const base = baseOf(req);
      const layout = layoutFor(req, lang, t.done_title, false);
      send(res, 201, renderPage(layout, DESK_DONE({
        ...layout,
        t,
        ticket: filed.ticket,
        code: filed.trackingCode,
        channel: channelLabel(checked.report.channel, lang),
        photos: photos.photos.length ? fill(t.done_photos, { n: photos.photos.length }) : '',
        whatsapp: checked.reporter ? fill(t.done_whatsapp, { phone: maskedPhone(checked.reporter.phone), ticket: filed.ticket }) : t.done_no_whatsapp,
        adminHref: adminReportHref(base, filed.id),
      })));
    } catch (error) {
      ctx.logger.error(error, '[kanal-aduan] catat: laporan dari meja layanan gagal disimpan');
      try {
        const t = deskTextsFor(lang);
        await formPage(req, res, lang, 500, { values, lookup: { kind: 'none' }, errors: [t.err_server], invalid: {} });
      } catch {
        next(error);
      }
    }
  });
}
