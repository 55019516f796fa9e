import { findTicket } from '@kanal-aduan/core';
import { z } from 'zod';
import { KanalInvalidPathError, KanalNotFoundError, KanalRateLimitError } from '../../shared/errors.ts';
import { schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';
import { trackBudget, trackLimitsFromEnv, type TrackBudget } from '../track-limiter.ts';
import { kecamatanCode, PublicFollowUp, TrackedComplaint, trackingView, type Locale } from '../tracking-view.ts';

const TrackParams = z.object({ ticket: z.string().min(1).max(40) });
// An unknown language falls back to Indonesian rather than failing the citizen's lookup.
const TrackQuery = z.object({ lang: z.enum(['id', 'en']).catch('id') });

// Whitelist of what the route reads; reporter and internal fields are never selected.
const COMPLAINT_FIELDS = [
  'id', 'ticket', 'type', 'title', 'description', 'address', 'latitude', 'longitude', 'confidential', 'status',
  'category.name', 'category.name_en', 'region.code', 'region.name', 'region.level',
  'assigned_agency.name', 'assigned_agency.short_name',
  'received_at', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at',
];

/**
 * GET /kanal-aduan/track/:ticket[?lang=id|en] — public ticket tracking, the
 * web twin of "cek ADU-…" on WhatsApp. Public by design (whoever holds the
 * ticket number may follow its progress), so there is no accountability to
 * check; what leaks is limited by trackingView. Tickets are sequential, so each
 * address has a budget (track-limiter.ts) that misses drain faster than hits.
 */
export const trackRoutes: RouteModule = (router, ctx) => {
  const limits = trackLimitsFromEnv(process.env);
  mountTrack(router, ctx, trackBudget(limits), limits.missCost);
};

/** The route with an explicit budget (tests pass a small one). */
export function mountTrack(router: Parameters<RouteModule>[0], ctx: RouteContext, budget: TrackBudget, missCost: number): void {
  const spend = async (req: { ip?: string; socket?: { remoteAddress?: string } }, res: { set?: (h: string, v: string) => unknown }, cost: number) => {
    const wait = await budget.take(req.ip ?? req.socket?.remoteAddress ?? 'unknown', cost);
    if (wait === null) return;
    res.set?.('Retry-After', String(wait));
    throw new KanalRateLimitError({
      reason: `Terlalu banyak permintaan cek laporan dari alamat Anda. Silakan coba lagi dalam ${wait} detik.`,
    });
  };
  router.get('/track/:ticket', async (req, res, next) => {
    try {
      await spend(req, res, 1);
      const params = TrackParams.safeParse(req.params);
      const query = TrackQuery.safeParse(req.query);
      // The whole segment must be a ticket (any case), not merely contain one.
      const ticket = params.success ? findTicket(params.data.ticket) : null;
      if (!ticket || !params.success || ticket !== params.data.ticket.trim().toUpperCase() || !query.success) {
        throw new KanalInvalidPathError({ reason: 'Format nomor tiket tidak dikenali. Contoh yang benar: ADU-2611-00042.' });
      }
      const locale: Locale = query.data.lang;

      const schema = await schemaOf(req as DirectusRequest, ctx);
      const items = (collection: string) => new ctx.services.ItemsService(collection, { knex: ctx.database, schema });

      const rows = await items('complaints').readByQuery({ filter: { ticket: { _eq: ticket } }, fields: COMPLAINT_FIELDS, limit: 1 });
      if (rows.length === 0) {
        await spend(req, res, missCost);
        throw new KanalNotFoundError({
          reason: `Laporan dengan nomor tiket ${ticket} tidak ditemukan. Periksa kembali nomor tiket Anda.`,
        });
      }
      const complaint = TrackedComplaint.parse(rows[0]);

      let kecamatan: string | null = null;
      if (complaint.region?.level === 'kecamatan') {
        kecamatan = complaint.region.name ?? null;
      } else {
        const code = kecamatanCode(complaint.region?.code);
        if (code) {
          const regions = await items('regions').readByQuery({ filter: { code: { _eq: code } }, fields: ['name'], limit: 1 });
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

      res.json({ data: trackingView(complaint, kecamatan, lastFollowUp, locale) });
    } catch (error) {
      next(error);
    }
  });
}
