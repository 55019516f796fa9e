import type { Knex } from 'knex';
import { directusEmitAction, type EmitAction } from '../../intake/directus-emitter.ts';
import { handleBatch, handleInbound, recordSent, redrive, storeInbound, type IntakeDeps, type IntakeServices } from '../../intake/intake-step.ts';
import { referenceCache } from '../../intake/references.ts';
import { responseCachePurger } from '../../shared/cache-purge.ts';
import { HandleBatchBody, HandleMessageBody, parseBody, RecordSentBody, RedriveBody, StoreInboundBody } from '../../intake/request.ts';
import { assertServiceOnly, schemaOf, type DirectusRequest, type RouteModule } from '../context.ts';

/** Only the n8n service account runs the intake: not admins, not officers, not the public. */
export function assertIntakeCaller(accountability: DirectusRequest['accountability']): void {
  assertServiceOnly(accountability, 'Hanya akun Layanan n8n yang boleh memproses pesan WhatsApp warga.');
}

/**
 * POST /kanal-aduan/intake/messages  {message, sender, contact, limits, holder}
 *   -> {data: {replies: [{id, to, type, message}], media: [...], duplicate, ...}}
 *   One inbound WhatsApp message, handled in one transaction (see
 *   intake/intake-step.ts): logged once per wamid, the citizen's pending
 *   messages handled in the order sent, replies written before they are
 *   returned. Asking again for the same message returns its replies not yet
 *   sent instead of answering twice.
 * POST /kanal-aduan/intake/batch  {messages: [{message, sender, contact}], limits, holder}
 *   -> {data: {answers: [<as /intake/messages>, …]}}
 *   The messages one execution was started for (the trigger starts one run
 *   for a burst of webhooks), each handled as above; citizens side by side,
 *   each citizen's in order; a reply is named once.
 * POST /kanal-aduan/intake/sent  {replies: [{id, wamid, message}], media: [{id, file}], failed: [{id, error, code, httpStatus}]}
 *   -> {data: {replies, media, failed}}
 *   What the n8n execution sent (Meta's wamids), the attachments it copied,
 *   and the replies Meta refused for good (marked failed, never sent again).
 * POST /kanal-aduan/intake/inbound  {messages: [{message, sender, contact}]}
 *   -> {data: {stored, duplicates}}
 *   The WhatsApp trigger stores a webhook's messages before it answers Meta,
 *   so a message whose execution is lost is still in the database.
 * POST /kanal-aduan/intake/redrive  {holder, limits, maxCitizens}
 *   -> {data: {citizens, handled, replies, media}}
 *   The scheduled pass: stored messages their execution never handled, and
 *   replies nobody sent, handled and claimed for this pass to send.
 * n8n service account only.
 */
export const intakeRoutes: RouteModule = (router, ctx) => {
  const references = referenceCache({ services: ctx.services, database: ctx.database, getSchema: ctx.getSchema });
  const purger = responseCachePurger(ctx);
  let emitter: Promise<EmitAction | null> | null = null;
  const deps = async (req: DirectusRequest): Promise<IntakeDeps> => {
    emitter ??= directusEmitAction().then((found) => {
      if (!found) ctx.logger.warn('[kanal-aduan] intake: emitter Directus tidak ditemukan; hook aksi laporan berjalan sebelum transaksi pesan selesai (antrian peristiwa memulihkannya).');
      return found;
    });
    return {
      services: ctx.services as unknown as IntakeServices,
      knex: ctx.database as Knex,
      schema: await schemaOf(req, ctx),
      accountability: req.accountability,
      references,
      emitAction: await emitter,
      warn: (message) => ctx.logger.warn(message),
      ...(purger ? { purgeCache: () => purger.afterCommit() } : {}),
    };
  };

  router.post('/intake/messages', async (req, res, next) => {
    try {
      const request = req as DirectusRequest;
      assertIntakeCaller(request.accountability);
      const body = parseBody(HandleMessageBody, req.body, 'pesan WhatsApp masuk', '{"message": {...}, "sender": "62…", "holder": "…"}');
      res.json({ data: await handleInbound(body, await deps(request)) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/intake/batch', async (req, res, next) => {
    try {
      const request = req as DirectusRequest;
      assertIntakeCaller(request.accountability);
      const body = parseBody(HandleBatchBody, req.body, 'pesan WhatsApp masuk', '{"messages": [{"message": {...}, "sender": "62…"}], "holder": "…"}');
      res.json({ data: await handleBatch(body, await deps(request)) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/intake/inbound', async (req, res, next) => {
    try {
      const request = req as DirectusRequest;
      assertIntakeCaller(request.accountability);
      const body = parseBody(StoreInboundBody, req.body, 'penyimpanan pesan WhatsApp', '{"messages": [{"message": {...}, "sender": "62…"}]}');
      res.json({ data: await storeInbound(body, await deps(request)) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/intake/redrive', async (req, res, next) => {
    try {
      const request = req as DirectusRequest;
      assertIntakeCaller(request.accountability);
      const body = parseBody(RedriveBody, req.body, 'pesan tertunda', '{"holder": "…", "maxCitizens": 50}');
      res.json({ data: await redrive(body, await deps(request)) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/intake/sent', async (req, res, next) => {
    try {
      const request = req as DirectusRequest;
      assertIntakeCaller(request.accountability);
      const body = parseBody(RecordSentBody, req.body, 'balasan terkirim', '{"replies": [{"id", "wamid"}], "media": [{"id", "file"}]}');
      res.json({ data: await recordSent(body, await deps(request)) });
    } catch (error) {
      next(error);
    }
  });
};
