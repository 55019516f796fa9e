import { normalizeTrackingCode } from '@kanal-aduan/core';
import { z } from 'zod';
import type { RouteContext, RouteModule } from '../context.ts';
import { sharedTrackBudgets, trackLookup, type TrackBudgets, type TrackReq, type TrackRes } from '../track-lookup.ts';
import { joinedTo, publicStatusView, trackingView } from '../tracking-view.ts';

export type { TrackBudgets } from '../track-lookup.ts';

const TrackParams = z.object({ ticket: z.string().min(1).max(40) });
// An unknown language falls back to Indonesian rather than failing the citizen's lookup.
const Lang = z.enum(['id', 'en']).catch('id');
const TrackQuery = z.object({ lang: Lang });
/** POST body: the tracking code travels in the body, so it never lands in a request log's URL. */
const TrackBody = z.object({ code: z.string().max(64).optional().catch(undefined), lang: z.enum(['id', 'en']).optional().catch(undefined) }).catch({});

/**
 * Public ticket tracking, the web twin of "cek ADU-…" on WhatsApp. No login.
 *
 * - `GET /kanal-aduan/track/:ticket[?lang=id|en]` — whoever knows a ticket
 *   number sees its status and the kind of office handling it, nothing else
 *   (tickets are sequential: anyone can walk them).
 * - `POST /kanal-aduan/track/:ticket` with `{"code": "…", "lang": "id"}` — the
 *   detail (category, place, agency, dates, last public follow-up, and for a
 *   report that is not confidential what and where; for a report joined into
 *   another, that one's ticket and status) for whoever gives the
 *   tracking code sent to the reporter on WhatsApp. A wrong code answers
 *   exactly like no code.
 *
 * Budgets (track-limiter.ts): each client address has one, where misses cost
 * more; each ticket has a small one for code tries from all addresses together.
 */
export const trackRoutes: RouteModule = (router, ctx) => {
  mountTrack(router, ctx, sharedTrackBudgets(ctx));
};

type Res = TrackRes & { json: (body: unknown) => unknown };

/** The routes with explicit budgets (tests pass small ones). The rules live in track-lookup.ts. */
export function mountTrack(router: Parameters<RouteModule>[0], ctx: RouteContext, budgets: TrackBudgets): void {
  const tracker = trackLookup(ctx, budgets);

  const lookup = async (req: TrackReq, res: TrackRes, code: string | null, locale: 'id' | 'en') => {
    const params = TrackParams.safeParse(req.params);
    const found = await tracker.find(req, res, params.success ? params.data.ticket : '', code);
    if (!found.proven) return publicStatusView(found.complaint, locale);
    const [kecamatan, lastFollowUp] = await Promise.all([tracker.kecamatanOf(found), tracker.lastFollowUp(found)]);
    // A joined report ("Gabungkan") names the report it follows, as the tracking page does.
    return { ...trackingView(found.complaint, kecamatan, lastFollowUp, locale), joined_to: joinedTo(found.complaint, locale) };
  };

  router.get('/track/:ticket', async (req, res, next) => {
    try {
      const query = TrackQuery.parse(req.query ?? {});
      (res as unknown as Res).json({ data: await lookup(req as TrackReq, res as TrackRes, null, query.lang) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/track/:ticket', async (req, res, next) => {
    try {
      const body = TrackBody.parse(req.body ?? {});
      const locale = body.lang ?? TrackQuery.parse(req.query ?? {}).lang;
      const code = normalizeTrackingCode(body.code);
      (res as unknown as Res).json({ data: await lookup(req as TrackReq, res as TrackRes, code || null, locale) });
    } catch (error) {
      next(error);
    }
  });
}
