import { findTicket, normalizeTrackingCode, trackingCodeMatches } from '@kanal-aduan/core';
import { z } from 'zod';
import { KanalInvalidPathError, KanalNotFoundError, KanalRateLimitError } from '../../shared/errors.ts';
import { schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';
import { clientAddress, codeBudget, trackBudget, trackLimitsFromEnv, type SharedStore, type TrackBudget } from '../track-limiter.ts';
import { kecamatanCode, PublicFollowUp, publicStatusView, TrackedComplaint, trackingView, type Locale } from '../tracking-view.ts';

const TrackParams = z.object({ ticket: z.string().min(1).max(40) });
// An unknown language falls back to Indonesian rather than failing the citizen's lookup.
const Lang = z.enum(['id', 'en']).catch('id');
const TrackQuery = z.object({ lang: Lang });
/** POST body: the tracking code travels in the body, so it never lands in a request log's URL. */
const TrackBody = z.object({ code: z.string().max(64).optional().catch(undefined), lang: z.enum(['id', 'en']).optional().catch(undefined) }).catch({});

// Whitelist of what the route reads; reporter and internal fields are never selected.
// `tracking_code` is read only to compare it, never answered.
const COMPLAINT_FIELDS = [
  'id', 'ticket', 'type', 'title', 'description', 'address', 'latitude', 'longitude', 'confidential', 'status',
  'category.name', 'category.name_en', 'region.code', 'region.name', 'region.level',
  'assigned_agency.name', 'assigned_agency.short_name', 'assigned_agency.kind',
  'received_at', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at', 'tracking_code',
];

export type TrackBudgets = { address: TrackBudget; code: TrackBudget; missCost: number };

/**
 * Public ticket tracking, the web twin of "cek ADU-…" on WhatsApp. No login.
 *
 * - `GET /kanal-aduan/track/:ticket[?lang=id|en]` — whoever knows a ticket
 *   number sees its status and the kind of office handling it, nothing else
 *   (tickets are sequential: anyone can walk them).
 * - `POST /kanal-aduan/track/:ticket` with `{"code": "…", "lang": "id"}` — the
 *   detail (category, place, agency, dates, last public follow-up, and for a
 *   report that is not confidential what and where) for whoever gives the
 *   tracking code sent to the reporter on WhatsApp. A wrong code answers
 *   exactly like no code.
 *
 * Budgets (track-limiter.ts): each client address has one, where misses cost
 * more; each ticket has a small one for code tries from all addresses together.
 */
export const trackRoutes: RouteModule = (router, ctx) => {
  const limits = trackLimitsFromEnv(process.env);
  // Budgets shared by every Directus instance on Postgres (track-limiter.ts).
  const store = ctx.database as SharedStore;
  mountTrack(router, ctx, { address: trackBudget(limits, store, 'track'), code: codeBudget(limits, store), missCost: limits.missCost });
};

type Req = { params?: unknown; query?: unknown; body?: unknown; ip?: string; socket?: { remoteAddress?: string }; app?: { get?: (s: string) => unknown } };
type Res = { set?: (h: string, v: string) => unknown; json: (body: unknown) => unknown };

/** The routes with explicit budgets (tests pass small ones). */
export function mountTrack(router: Parameters<RouteModule>[0], ctx: RouteContext, budgets: TrackBudgets): void {
  const refuse = (res: Res, wait: number, reason: string) => {
    res.set?.('Retry-After', String(wait));
    throw new KanalRateLimitError({ reason });
  };
  const spend = async (req: Req, res: Res, cost: number) => {
    const wait = await budgets.address.take(clientAddress(req), cost);
    if (wait !== null) refuse(res, wait, `Terlalu banyak permintaan cek laporan dari alamat Anda. Silakan coba lagi dalam ${wait} detik.`);
  };

  const lookup = async (req: Req, res: Res, code: string | null, locale: Locale) => {
    await spend(req, res, 1);
    const params = TrackParams.safeParse(req.params);
    // The whole segment must be a ticket (any case), not merely contain one.
    const ticket = params.success ? findTicket(params.data.ticket) : null;
    if (!ticket || !params.success || ticket !== params.data.ticket.trim().toUpperCase()) {
      throw new KanalInvalidPathError({ reason: 'Format nomor tiket tidak dikenali. Contoh yang benar: ADU-2611-00042.' });
    }

    const schema = await schemaOf(req as unknown as DirectusRequest, ctx);
    const items = (collection: string) => new ctx.services.ItemsService(collection, { knex: ctx.database, schema });

    const rows = await items('complaints').readByQuery({ filter: { ticket: { _eq: ticket } }, fields: COMPLAINT_FIELDS, limit: 1 });
    if (rows.length === 0) {
      await spend(req, res, budgets.missCost);
      throw new KanalNotFoundError({
        reason: `Laporan dengan nomor tiket ${ticket} tidak ditemukan. Periksa kembali nomor tiket Anda.`,
      });
    }
    const row = rows[0]!;
    const complaint = TrackedComplaint.parse(row);

    let proven = false;
    if (code) {
      // Counted per ticket before comparing, so a script rotating addresses gets a handful of tries
      // per window, and the refusal says nothing about whether a try was right.
      const wait = await budgets.code.take(ticket, 1);
      if (wait !== null) {
        refuse(res, wait, `Terlalu banyak percobaan kode lacak untuk laporan ${ticket}. Silakan coba lagi dalam ${Math.ceil(wait / 60)} menit.`);
      }
      proven = trackingCodeMatches(typeof row['tracking_code'] === 'string' ? row['tracking_code'] : null, code);
    }
    if (!proven) return publicStatusView(complaint, locale);

    let kecamatan: string | null = null;
    if (complaint.region?.level === 'kecamatan') {
      kecamatan = complaint.region.name ?? null;
    } else {
      const kecCode = kecamatanCode(complaint.region?.code);
      if (kecCode) {
        const regions = await items('regions').readByQuery({ filter: { code: { _eq: kecCode } }, fields: ['name'], limit: 1 });
        kecamatan = (regions[0]?.['name'] as string | undefined) ?? null;
      }
    }

    const updates = await items('complaint_updates').readByQuery({
      filter: { complaint: { _eq: complaint.id }, kind: { _eq: 'follow_up' }, public: { _eq: true } },
      fields: ['body', 'date_created'],
      sort: ['-date_created', '-id'],
      limit: 1,
    });
    const lastFollowUp = updates[0] ? PublicFollowUp.parse(updates[0]) : null;
    return trackingView(complaint, kecamatan, lastFollowUp, locale);
  };

  router.get('/track/:ticket', async (req, res, next) => {
    try {
      const query = TrackQuery.parse(req.query ?? {});
      res.json({ data: await lookup(req as Req, res as Res, null, query.lang) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/track/:ticket', async (req, res, next) => {
    try {
      const body = TrackBody.parse(req.body ?? {});
      const locale = body.lang ?? TrackQuery.parse(req.query ?? {}).lang;
      const code = normalizeTrackingCode(body.code);
      res.json({ data: await lookup(req as Req, res as Res, code || null, locale) });
    } catch (error) {
      next(error);
    }
  });
}
