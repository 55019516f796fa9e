import type { Knex } from 'knex';
import type { z } from 'zod';
import { backfillReporterCounts } from '../../complaints/join/reporters.ts';
import { claimBatches, ClaimBody } from '../../reminders/claim.ts';
import { backfillReminderMarks } from '../../reminders/marks-backfill.ts';
import { reclaimReminders, ReclaimBody } from '../../reminders/reclaim.ts';
import { installScanIndexes } from '../../reminders/scan-indexes.ts';
import { ForbiddenError, KanalInvalidPayloadError } from '../../shared/errors.ts';
import { assertServiceCaller, schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';

/**
 * The SLA scan's routes (n8n's Kanal Aduan node, service account; admins may
 * call them too): claim and re-claim reminders once, and the schema apply's
 * preparation of the scan's indexes and reminder marks.
 */
export const reminderRoutes: RouteModule = (router, ctx) => {
  /**
   * POST /kanal-aduan/reminders/prepare (admin) -> {data: {created: [index], dropped: [index], marked: n, reporters: n}}
   * The SLA scan's partial indexes, per status of each stage as core's stage
   * rule says (reminders/scan-indexes.ts), and the reminder marks of reports whose rows
   * were recorded before the marks existed (reminders/marks-backfill.ts), and
   * the citizen counts of reports others were joined into before the count
   * existed (complaints/join/reporters.ts). The schema apply calls it; idempotent.
   */
  router.post('/reminders/prepare', async (req, res, next) => {
    try {
      if ((req as DirectusRequest).accountability?.admin !== true) {
        throw new ForbiddenError({ reason: 'Hanya administrator yang boleh menyiapkan indeks pemindaian SLA.' });
      }
      const indexes = await installScanIndexes(ctx.database as Knex);
      const marked = await backfillReminderMarks(ctx.database as Knex);
      const reporters = await backfillReporterCounts(ctx.database as Knex);
      if (marked || reporters) await clearDataCache(ctx, await schemaOf(req as DirectusRequest, ctx));
      res.json({ data: { ...indexes, marked, reporters } });
    } catch (error) {
      next(error);
    }
  });

  /**
   * POST /kanal-aduan/reminders/claim {now, batches: [{complaint, rows, marks}]} -> {data: {won: [key]}}
   * Per report in one transaction: inserts its new reminder rows (a key another
   * run holds is lost, not an error) and raises its reminder marks
   * (reminders/claim.ts). Returns the claimed keys this caller inserted and so
   * must send.
   */
  router.post('/reminders/claim', async (req, res, next) => {
    try {
      const r = req as DirectusRequest;
      const body = serviceBody(r, ClaimBody, 'mengklaim pengingat', '{now: waktu ISO 8601, batches: [{complaint, rows, marks}]} (paling banyak 1000)', 'REMINDER.BAD_CLAIM');
      const schema = await schemaOf(r, ctx);
      const won = await claimBatches(ctx.database as Knex, body, async (trx, row) => {
        // Through Directus, so the timestamps are stored as Directus stores them on each database.
        await new ctx.services.ItemsService('reminders', { knex: trx, schema }).createOne(row);
      });
      await clearDataCache(ctx, schema);
      res.json({ data: { won } });
    } catch (error) {
      next(error);
    }
  });

  /**
   * POST /kanal-aduan/reminders/reclaim {now, claims: [{key, attempts}]} -> {data: {won: [key]}}
   * Re-claims reminders that were claimed but never delivered; only the caller
   * whose `attempts` still matches wins each key, and its claimed_at is stamped
   * in the same transaction (reminders/reclaim.ts).
   */
  router.post('/reminders/reclaim', async (req, res, next) => {
    try {
      const r = req as DirectusRequest;
      const body = serviceBody(r, ReclaimBody, 'mengambil alih pengingat', '{now: waktu ISO 8601, claims: [{key, attempts}]} (paling banyak 1000)', 'REMINDER.BAD_RECLAIM');
      const schema = await schemaOf(r, ctx);
      const won = await reclaimReminders(ctx.database as Knex, body.claims, async (trx, keys) => {
        // The timestamp through Directus, so it is stored as Directus stores timestamps on each database.
        const items = new ctx.services.ItemsService('reminders', { knex: trx, schema });
        await (items as unknown as { updateMany(keys: string[], data: object): Promise<unknown> }).updateMany(keys, { claimed_at: body.now });
      });
      if (won.length) await clearDataCache(ctx, schema);
      res.json({ data: { won } });
    } catch (error) {
      next(error);
    }
  });
};

/** The service account's (or an admin's) request body, parsed; otherwise a Forbidden or Invalid Payload error in Indonesian. */
function serviceBody<T extends z.ZodType>(req: DirectusRequest, shape: T, action: string, expected: string, code: string): z.infer<T> {
  assertServiceCaller(req, `Hanya akun Layanan n8n yang boleh ${action}.`);
  const body = shape.safeParse(req.body);
  if (!body.success) {
    throw new KanalInvalidPayloadError({ reason: `Isi permintaan harus ${expected}.`, domain_code: code });
  }
  return body.data;
}

/**
 * The marks are written with knex (not through ItemsService: a complaint update would run the
 * complaint hooks), so Directus's response cache does not know the rows changed: empty it after
 * the commit, or a cached scan read could serve the old marks for CACHE_TTL.
 */
async function clearDataCache(ctx: RouteContext, schema: unknown): Promise<void> {
  const Utils = ctx.services.UtilsService;
  if (!Utils) return;
  await new Utils({ knex: ctx.database, schema, accountability: { admin: true } }).clearCache({ system: false }).catch(() => undefined);
}
