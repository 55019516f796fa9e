import { webReport, type WebReportProblem } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import { loadSharp, type SharpLike } from '../../files/strip-metadata.ts';
import { directusEmitAction, type EmitAction } from '../../intake/directus-emitter.ts';
import { referenceCache } from '../../intake/references.ts';
import { schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';
import LEAFLET_CSS from 'leaflet/dist/leaflet.css?raw';
import LEAFLET_JS from 'leaflet/dist/leaflet.js?raw';
import { renderPage, reportPageHeaders, type LayoutData } from '../pages/render.ts';
import { REPORT_CLIENT_JS } from '../pages/report-client.ts';
import { EMPTY_VALUES, maskedPhone, REPORT_DONE, REPORT_FORM, REPORT_LIMITED, reportFormModel, type FormValues } from '../pages/report-form.ts';
import { fill, formatTime, formatWait, textsFor, type Texts } from '../pages/texts.ts';
import { asset, sendAsset } from '../static-asset.ts';
import { clientAddress, type SharedStore } from '../track-limiter.ts';
import type { Locale } from '../tracking-view.ts';
import { bodyLimit, photoLimits, webFormBudgets, webFormLimitsFromEnv, type WebFormBudgets, type WebFormLimits } from '../web-form/limits.ts';
import { BodyTooLarge, boundaryOf, MalformedBody, parseMultipart, readBody, type MultipartBody } from '../web-form/multipart.ts';
import { checkPhotos } from '../web-form/photos.ts';
import { citizenOf, storeWebReport, upsertWebCitizen, type WebFormServices } from '../web-form/store.ts';

/** The chat's minimum story length (core ConversationLimits' default), as for Open311. */
export const MIN_DESCRIPTION = 20;
const Lang = z.enum(['id', 'en']).catch('id');

export type Res = { status(code: number): Res; set(header: string, value: string): Res; type(t: string): Res; send(body: unknown): unknown; end(): unknown };
export type Req = DirectusRequest & { baseUrl?: string; headers: Record<string, string | string[] | undefined> };

/** A refusal the page words: a problem of the form, of a photo (with its name), or of the request as a whole. */
type Refusal = { status: number; messages: string[]; invalid: Record<string, boolean>; photosAgain: boolean };

/** The form field each problem marks (aria-invalid). */
export const FIELD_OF: Record<WebReportProblem, string> = {
  category: 'category', description_short: 'description', description_long: 'description', place: 'place',
  desa_outside_kecamatan: 'desa', pin: 'pin', phone: 'phone', address_long: 'address', name_long: 'name',
};

/**
 * The public web form ("Lapor lewat situs"), no login, Indonesian first (`?lang=en`):
 *
 * - `GET /kanal-aduan/lapor` — the form: category, story, kecamatan → desa,
 *   address, a pin from the phone or a tap on the map, up to 3 photos, WhatsApp number, name,
 *   "Rahasiakan identitas saya".
 * - `POST /kanal-aduan/lapor` (multipart/form-data) — files the report through
 *   the same rules as every door (core webReport → complaintRow, the intake's
 *   triage, the complaint hooks) on channel `web`, and shows the ticket and the
 *   tracking code. With a number, the reporter is that number's citizen (wa_id)
 *   and n8n sends the ticket on WhatsApp (complaint.created → notify.web_received).
 *   Refused, with the reason in words: a filled honeypot field (400), more
 *   posts from the address or reports from the number than the budgets allow
 *   (429 with Retry-After and the time to try again), a bad photo (400: nothing
 *   is stored), a body over the photos' size (413).
 * - `GET /kanal-aduan/lapor/lapor.js` — the form's script.
 */
export const webFormRoutes: RouteModule = (router, ctx) => {
  const limits = webFormLimitsFromEnv(process.env);
  mountWebForm(router, ctx, limits, webFormBudgets(limits, ctx.database as SharedStore), loadSharp());
};

export function mountWebForm(router: Parameters<RouteModule>[0], ctx: RouteContext, limits: WebFormLimits, budgets: WebFormBudgets, sharp: SharpLike | null): void {
  const references = referenceCache({ services: ctx.services, database: ctx.database, getSchema: ctx.getSchema });
  const script = asset('lapor.js', 'text/javascript; charset=utf-8', REPORT_CLIENT_JS);
  // Leaflet for "Pilih titik di peta": the map page's own files (public-pages.ts serves them at peta/…, named by the same hash).
  const leaflet = { js: asset('leaflet.js', 'text/javascript; charset=utf-8', LEAFLET_JS).version, css: asset('leaflet.css', 'text/css; charset=utf-8', LEAFLET_CSS).version };
  const tiles = process.env['KANAL_MAP_TILES'] || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  const map = { tiles, attribution: process.env['KANAL_MAP_ATTRIBUTION'] || '© kontributor OpenStreetMap' };
  const headers = reportPageHeaders(tiles);
  const formLimits = { minDescription: MIN_DESCRIPTION, maxPhotos: limits.maxPhotos, maxMb: limits.maxPhotoMb };
  let emitter: Promise<EmitAction | null> | null = null;

  const layoutFor = (req: Req, locale: Locale, title: string): LayoutData => {
    const base = `${req.baseUrl ?? ''}/`;
    const other: Locale = locale === 'en' ? 'id' : 'en';
    return {
      lang: locale, title, base, langQuery: locale === 'en' ? '?lang=en' : '', otherLang: other,
      otherLanguageHref: `${base}lapor${other === 'en' ? '?lang=en' : ''}`, navReport: true,
      styles: [`${base}peta/leaflet.css?v=${leaflet.css}`],
      scripts: [`${base}peta/leaflet.js?v=${leaflet.js}`, `${base}lapor/lapor.js?v=${script.version}`], t: textsFor(locale) as Record<string, string>,
    };
  };
  const send = (res: Res, status: number, html: string) => {
    for (const [h, v] of Object.entries(headers)) res.set(h, v);
    res.set('Cache-Control', 'no-store');
    res.status(status).type('text/html; charset=utf-8').send(html);
  };
  const formPage = async (req: Req, res: Res, locale: Locale, status: number, values: FormValues, refusal?: Refusal) => {
    const ref = await references.get();
    const layout = layoutFor(req, locale, textsFor(locale).report_title);
    const model = reportFormModel(ref, { locale, values, limits: formLimits, errors: refusal?.messages, invalid: refusal?.invalid, photosAgain: refusal?.photosAgain, map });
    send(res, status, renderPage(layout, REPORT_FORM({ ...layout, ...model })));
  };
  const limitedPage = async (req: Req, res: Res, locale: Locale, wait: number, which: 'address' | 'number') => {
    const t = textsFor(locale);
    const timezone = (await references.get().catch(() => null))?.timezone ?? 'Asia/Jakarta';
    const message = fill(which === 'address' ? t.limited_address : t.limited_number, {
      wait: formatWait(wait, locale),
      at: formatTime(new Date(Date.now() + wait * 1000), locale, timezone),
    });
    res.set('Retry-After', String(wait));
    send(res, 429, renderPage(layoutFor(req, locale, t.limited_title), REPORT_LIMITED({ ...layoutFor(req, locale, t.limited_title), message })));
  };

  router.get('/lapor/lapor.js', (req, res) => sendAsset((req as unknown as Req).headers, res as unknown as Res, script));

  router.get('/lapor', async (req, res, next) => {
    try {
      const lang = Lang.parse((req.query as Record<string, unknown> | undefined)?.['lang']);
      await formPage(req as unknown as Req, res as unknown as Res, lang, 200, EMPTY_VALUES);
    } catch (error) {
      next(error);
    }
  });

  router.post('/lapor', async (rq, rs, next) => {
    const req = rq as unknown as Req;
    const res = rs as unknown as Res;
    // The language before the body is read: a refused body still gets its page in the form's language.
    let lang: Locale = Lang.parse((req.query as Record<string, unknown> | undefined)?.['lang']);
    try {
      const t = textsFor(lang);
      // Every post costs the address a point, a refused one too.
      const addressWait = await budgets.address.take(clientAddress(req as never), 1);
      if (addressWait !== null) {
        await drain(req);
        return await limitedPage(req, res, lang, addressWait, 'address');
      }

      const read = await readReportForm(req, limits, t);
      if ('refused' in read) {
        return await formPage(req, res, lang, read.refused, EMPTY_VALUES, { status: 400, messages: [read.message], invalid: {}, photosAgain: false });
      }
      const { fields, files } = read.body;
      lang = Lang.parse(fields['lang']);
      const tt = textsFor(lang);
      const values = valuesOf(fields);
      const photoFiles = files.filter((f) => f.field === 'foto');

      // The honeypot: a field people never see (off-screen, skipped by Tab, hidden from screen readers).
      if ((fields['website'] ?? '').trim() !== '') {
        return await formPage(req, res, lang, 400, values, { status: 400, messages: [tt.err_honeypot], invalid: {}, photosAgain: photoFiles.length > 0 });
      }

      const ref = await references.get();
      const checked = webReport({ ...fields, confidential: values.confidential ? '1' : '' }, { categories: ref.categories, regions: ref.regions, min_description: MIN_DESCRIPTION });
      const photos = await checkPhotos(photoFiles, photoLimits(limits), sharp);
      if (!checked.ok || !photos.ok) {
        const problems = checked.ok ? [] : checked.problems;
        const messages = problems.map((p) => problemText(tt, p));
        const invalid: Record<string, boolean> = Object.fromEntries(problems.map((p) => [FIELD_OF[p], true]));
        if (!photos.ok) {
          messages.push(fill(tt[`err_${photos.problem}`], { file: photos.filename ?? '', n: limits.maxPhotos, mb: limits.maxPhotoMb }));
          invalid['photos'] = true;
        }
        return await formPage(req, res, lang, 400, values, { status: 400, messages, invalid, photosAgain: photoFiles.length > 0 });
      }

      const schema = await schemaOf(req, ctx);
      const storeDeps = { services: ctx.services as unknown as WebFormServices, database: ctx.database as Knex, schema };
      let citizenId: string | null = null;
      if (checked.reporter) {
        const known = await citizenOf(storeDeps, checked.reporter.wa_id);
        if (known?.blocked) {
          return await formPage(req, res, lang, 403, { ...values, phone: '' }, { status: 403, messages: [tt.err_blocked], invalid: { phone: true }, photosAgain: photoFiles.length > 0 });
        }
        const numberWait = await budgets.number.take(checked.reporter.wa_id, 1);
        if (numberWait !== null) return await limitedPage(req, res, lang, numberWait, 'number');
        citizenId = await upsertWebCitizen(storeDeps, checked.reporter, lang);
      }

      emitter ??= directusEmitAction().then((found) => {
        if (!found) ctx.logger.warn('[kanal-aduan] lapor: emitter Directus tidak ditemukan; hook aksi laporan berjalan sebelum transaksi selesai (antrian peristiwa memulihkannya).');
        return found;
      });
      const report = { ...checked.report, locale: lang };
      const filed = await storeWebReport({ ...storeDeps, emitAction: await emitter, now: new Date(), spamText: ref.spam_text ?? null }, report, citizenId, photos.photos);

      const layout = layoutFor(req, lang, tt.done_title);
      send(res, 201, renderPage(layout, REPORT_DONE({
        ...layout,
        ticket: filed.ticket,
        code: filed.trackingCode,
        photos: photos.photos.length ? fill(tt.done_photos, { n: photos.photos.length }) : '',
        whatsapp: checked.reporter ? fill(tt.done_whatsapp, { phone: maskedPhone(checked.reporter.phone), ticket: filed.ticket }) : tt.done_no_whatsapp,
      })));
    } catch (error) {
      ctx.logger.error(error, '[kanal-aduan] lapor: laporan dari situs gagal disimpan');
      try {
        await formPage(req, res, lang, 500, EMPTY_VALUES, { status: 500, messages: [textsFor(lang).err_server], invalid: {}, photosAgain: false });
      } catch {
        next(error);
      }
    }
  });
}

/**
 * A report form's posted body, or why it cannot be read, in the page's words: over the photos'
 * size (413) or not a multipart form (400). A refused body is drained first.
 */
export async function readReportForm(
  req: Req,
  limits: WebFormLimits,
  t: { err_too_large: string; err_malformed: string },
): Promise<{ body: MultipartBody } | { refused: 413 | 400; message: string }> {
  const body = await readForm(req, bodyLimit(limits)).catch((error: unknown) => error);
  if (body instanceof BodyTooLarge || body instanceof MalformedBody || !(body && typeof body === 'object' && 'fields' in body)) {
    const tooLarge = body instanceof BodyTooLarge;
    await drain(req);
    return { refused: tooLarge ? 413 : 400, message: tooLarge ? fill(t.err_too_large, { n: limits.maxPhotos, mb: limits.maxPhotoMb }) : t.err_malformed };
  }
  return { body: body as MultipartBody };
}

/** The multipart body, or a MalformedBody for any other content type (a form post without enctype, a JSON call). */
export async function readForm(req: Req, limit: number): Promise<MultipartBody> {
  const boundary = boundaryOf(String(req.headers['content-type'] ?? ''));
  if (!boundary) throw new MalformedBody('not multipart/form-data');
  return parseMultipart(await readBody(req as never, limit), boundary);
}

/** Reads and drops what is left of a refused body, so the browser gets the answer instead of a reset connection. */
export async function drain(req: Req): Promise<void> {
  const r = req as unknown as { readableEnded?: boolean; resume?: () => void };
  if (!r.readableEnded) r.resume?.();
}

export function valuesOf(fields: Record<string, string>): FormValues {
  const v = (k: string, max: number) => String(fields[k] ?? '').slice(0, max);
  return {
    category: v('category', 64), description: v('description', 5_000), kecamatan: v('kecamatan', 32), desa: v('desa', 32),
    address: v('address', 500), latitude: v('latitude', 32), longitude: v('longitude', 32), phone: v('phone', 40), name: v('name', 80),
    confidential: ['1', 'on', 'true'].includes(String(fields['confidential'] ?? '').toLowerCase()),
  };
}

function problemText(t: Texts, p: WebReportProblem): string {
  return fill(t[`err_${p}`], { n: MIN_DESCRIPTION });
}
