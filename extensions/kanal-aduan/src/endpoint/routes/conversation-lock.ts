import { z } from 'zod';
import { acquireConversationLock, releaseConversationLock, type LockKnex } from '../../conversation-lock/lock.ts';
import { KanalInvalidPayloadError } from '../../shared/errors.ts';
import { assertServiceCaller, type DirectusRequest, type RouteModule } from '../context.ts';

const LockBody = z.object({
  wa_id: z.string().regex(/^\d{5,20}$/, 'wa_id harus berupa angka (nomor WhatsApp tanpa +).'),
  holder: z.string().min(8).max(64),
  ttl_ms: z.number().int().min(1_000).max(600_000).default(120_000),
});
const ReleaseBody = LockBody.pick({ wa_id: true, holder: true });

/**
 * POST /kanal-aduan/conversation-lock          {wa_id, holder, ttl_ms} -> {acquired, wait_ms}
 * POST /kanal-aduan/conversation-lock/release  {wa_id, holder}         -> {released}
 * The intake node's per-number lock (see conversation-lock/lock.ts). Only the
 * n8n service account and admins may take it: the table is not exposed
 * through /items at all.
 */
export const conversationLockRoutes: RouteModule = (router, ctx) => {
  const allowed = (req: DirectusRequest) => assertServiceCaller(req, 'Hanya akun Layanan n8n yang boleh mengunci percakapan.');
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new KanalInvalidPayloadError({ reason: `Isi permintaan kunci percakapan tidak sah: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    }
    return parsed.data;
  };
  const knex = ctx.database as LockKnex;

  router.post('/conversation-lock', async (req, res, next) => {
    try {
      allowed(req as DirectusRequest);
      const body = parse(LockBody, req.body);
      const answer = await acquireConversationLock(knex, body.wa_id, body.holder, body.ttl_ms, new Date());
      res.json({ data: answer.acquired ? { acquired: true, wait_ms: 0 } : { acquired: false, wait_ms: answer.waitMs } });
    } catch (error) {
      next(error);
    }
  });

  router.post('/conversation-lock/release', async (req, res, next) => {
    try {
      allowed(req as DirectusRequest);
      const body = parse(ReleaseBody, req.body);
      res.json({ data: { released: await releaseConversationLock(knex, body.wa_id, body.holder) } });
    } catch (error) {
      next(error);
    }
  });
};
