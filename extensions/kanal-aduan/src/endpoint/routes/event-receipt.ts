import type { Knex } from 'knex';
import { z } from 'zod';
import { KanalInvalidPathError } from '../../shared/errors.ts';
import { outboxStore } from '../../shared/outbox-store.ts';
import { assertServiceCaller, schemaOf, type DirectusRequest, type RouteModule } from '../context.ts';

const EventId = z.string().min(1).max(120);

/**
 * POST /kanal-aduan/events/:id/receipt — n8n's KanalAduanEventsTrigger says
 * "I got event :id" before it starts a run. `{data: {receipt: 'first'}}` the
 * first time, `'duplicate'` after (the outbox may deliver twice when n8n
 * answered after Directus gave up waiting), `'unknown'` for an id the outbox
 * never had. One conditional UPDATE of `event_outbox.received_at`, so two n8n
 * webhook processors racing on the same event get one 'first'. It lives in
 * Directus, not in n8n's static data, so it survives n8n restarts and queue mode.
 * Admin and the n8n service account only.
 */
export const eventReceiptRoutes: RouteModule = (router, ctx) => {
  router.post('/events/:id/receipt', async (req, res, next) => {
    try {
      assertServiceCaller(req as DirectusRequest, 'Hanya layanan n8n yang mencatat penerimaan peristiwa.');
      const id = EventId.safeParse(req.params['id']);
      if (!id.success) throw new KanalInvalidPathError({ reason: 'Id peristiwa tidak valid (1–120 karakter).' });
      const store = outboxStore({ services: ctx.services, database: ctx.database as Knex, schema: await schemaOf(req as DirectusRequest, ctx), env: process.env });
      res.json({ data: { id: id.data, receipt: await store.markReceived(id.data, new Date()) } });
    } catch (error) {
      next(error);
    }
  });
};
