import { RANKING_LEVELS, rankingView } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import { rankingAccess } from '../../ranking/access.ts';
import { computeRanking, prepareRanking, readRankingSettings, type WindowChoice } from '../../ranking/service.ts';
import { ForbiddenError, KanalInvalidPayloadError, toDirectusError } from '../../shared/errors.ts';
import type { DirectusRequest, RouteModule } from '../context.ts';

export const RankingQuery = z.object({
  level: z.enum(RANKING_LEVELS).default('opd'),
  days: z.coerce.number().int().min(1).max(731).optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  min_volume: z.coerce.number().int().min(1).max(100_000).optional(),
  fresh: z.enum(['0', '1', 'true', 'false']).optional(),
});
export type RankingQuery = z.infer<typeof RankingQuery>;

export function parseRankingQuery(query: unknown): RankingQuery & { window: WindowChoice } {
  const q = RankingQuery.safeParse(query);
  if (!q.success) {
    throw new KanalInvalidPayloadError({
      reason: 'Parameter peringkat tidak valid: level = opd | kecamatan, days = 1–731 atau month = YYYY-MM, min_volume ≥ 1.',
      domain_code: 'RANKING.BAD_QUERY',
    });
  }
  return { ...q.data, window: q.data.month ? { month: q.data.month } : { days: q.data.days ?? 30 } };
}

/**
 * GET /kanal-aduan/ranking?level=opd|kecamatan&days=30|month=YYYY-MM[&min_volume=N][&fresh=1]
 * The agency/Camat ranking. Checks the caller first (ranking/access.ts);
 * the minimum volume may be changed only by those who see everything, so a
 * published or unit-head view always uses the instance's setting. Figures
 * come from a one-minute memo (service.ts); `fresh=1` (admin/pimpinan) recomputes.
 */
/**
 * The ranking as the caller may see it: the caller is checked first
 * (ranking/access.ts), the minimum volume may be changed only by those who see
 * everything, figures come from the one-minute memo (service.ts). The JSON of
 * GET /kanal-aduan/ranking, and what the Bupati's phone page (pimpinan.ts) shows.
 */
export async function rankingPayload(knex: Knex, accountability: DirectusRequest['accountability'], query: unknown) {
  const settings = await readRankingSettings(knex);
  const access = await rankingAccess(accountability, knex, settings.publicEnabled);
  const q = parseRankingQuery(query);
  const fresh = access.mayTune && (q.fresh === '1' || q.fresh === 'true');
  const ranking = await computeRanking(knex, { level: q.level, window: q.window, minVolume: access.mayTune ? q.min_volume : undefined, fresh }, settings);
  const view = rankingView(ranking, access);
  return {
    level: ranking.level,
    window: { from: ranking.window.from.toISOString(), to: ranking.window.to.toISOString() },
    previous_window: { from: ranking.previous_window.from.toISOString(), to: ranking.previous_window.to.toISOString() },
    timezone: ranking.timezone,
    generated_at: ranking.generated_at,
    viewer: access.kind,
    ...view,
  };
}
export type RankingPayload = Awaited<ReturnType<typeof rankingPayload>>;

/**
 * GET /kanal-aduan/ranking?level=opd|kecamatan&days=30|month=YYYY-MM[&min_volume=N][&fresh=1]
 * The agency/Camat ranking (rankingPayload). A published or unit-head view
 * always uses the instance's minimum volume; `fresh=1` (admin/pimpinan) recomputes.
 */
export const rankingRoutes: RouteModule = (router, ctx) => {
  router.get('/ranking', async (req, res, next) => {
    try {
      res.json({ data: await rankingPayload(ctx.database as Knex, (req as DirectusRequest).accountability, req.query) });
    } catch (error) {
      next(toDirectusError(error));
    }
  });

  /**
   * POST /kanal-aduan/ranking/prepare (admin) -> {data: {created, rebuilt, days}}
   * Creates the ranking's own tables and triggers if missing and folds pending
   * changes in. The schema apply calls it once the collections exist and the
   * bootstrap again after seeding; idempotent (`created: false` the second time).
   */
  router.post('/ranking/prepare', async (req, res, next) => {
    try {
      if ((req as DirectusRequest).accountability?.admin !== true) {
        throw new ForbiddenError({ reason: 'Hanya administrator yang boleh menyiapkan tabel peringkat.' });
      }
      res.json({ data: await prepareRanking(ctx.database as Knex) });
    } catch (error) {
      next(toDirectusError(error));
    }
  });
};
