import type { Knex } from 'knex';
import { reclaimReminders, ReclaimBody } from '../../reminders/reclaim.ts';
import { installScanIndexes } from '../../reminders/scan-indexes.ts';
import { ForbiddenError, KanalInvalidPayloadError } from '../../shared/errors.ts';
import { assertServiceCaller, schemaOf, type DirectusRequest, type RouteModule } from '../context.ts';

/**
 * POST /kanal-aduan/reminders/reclaim {now, claims: [{key, attempts}]} -> {data: {won: [key]}}
 * The SLA scan (n8n's Kanal Aduan node, service account) re-claims reminders that
 * were claimed but never delivered; only the caller whose `attempts` still
 * matches wins each key (reminders/reclaim.ts). Service account and admins only.
 */
export const reminderRoutes: RouteModule = (router, ctx) => {
  /**
   * POST /kanal-aduan/reminders/prepare (admin) -> {data: {created: [index], dropped: [index]}}
   * The SLA scan's partial indexes, one per stage as core's stage rule says
   * (reminders/scan-indexes.ts). The schema apply calls it; idempotent.
   */
  router.post('/reminders/prepare', async (req, res, next) => {
    try {
      if ((req as DirectusRequest).accountability?.admin !== true) {
        throw new ForbiddenError({ reason: 'Hanya administrator yang boleh menyiapkan indeks pemindaian SLA.' });
      }
      res.json({ data: await installScanIndexes(ctx.database as Knex) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/reminders/reclaim', async (req, res, next) => {
    try {
      const r = req as DirectusRequest;
      assertServiceCaller(r, 'Hanya akun Layanan n8n yang boleh mengambil alih pengingat.');
      const body = ReclaimBody.safeParse(req.body);
      if (!body.success) {
        throw new KanalInvalidPayloadError({
          reason: 'Isi permintaan harus {now: waktu ISO 8601, claims: [{key, attempts}]} (paling banyak 1000).',
          domain_code: 'REMINDER.BAD_RECLAIM',
        });
      }
      const won = await reclaimReminders(ctx.database as Knex, body.data.claims);
      if (won.length) {
        // The timestamp through Directus, so it is stored as Directus stores timestamps on each database.
        const schema = await schemaOf(r, ctx);
        const items = new ctx.services.ItemsService('reminders', { knex: ctx.database, schema });
        await (items as unknown as { updateMany(keys: string[], data: object): Promise<unknown> }).updateMany(won, { claimed_at: body.data.now });
      }
      res.json({ data: { won } });
    } catch (error) {
      next(error);
    }
  });
};
