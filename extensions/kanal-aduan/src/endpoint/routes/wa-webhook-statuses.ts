import { extractEvents, GroupCommit, verifySignature, WebhookPayload } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import type { DirectusRequest, RouteModule } from '../context.ts';
import { MAX_STATUSES_PER_BATCH, parseWaStatusesBody, purgeCacheAfterStatuses, recordStatuses, type StatusItem, type StatusWriteResult } from './wa-statuses.ts';

// Meta's delivery statuses straight from the webhook front, without n8n.
//
// Meta posts messages and statuses to one callback. Every reply a citizen gets
// brings two or three status webhooks (sent, delivered, read), and in n8n each
// costs a whole webhook call of n8n's own work (the workflow, its parameters,
// its cache and database lookups) on the one webhook process. The front
// (docker/proxy.mjs, statusShortcut) sends a call that carries only statuses
// here; this checks Meta's signature over the raw body with the apps' secrets,
// records the statuses (the same writes as /wa-statuses, calls of the same
// few milliseconds in one transaction) and answers 200. Anything else, or any
// failure here, and the front passes the call to n8n as before: nothing is lost.

/** How long a call's statuses wait for others to share their transaction. */
export const STATUS_WINDOW_MS = 20;

/** The WhatsApp app's secret (WA_APP_SECRET, as n8n's credential has it; comma-separated for several apps). */
export function appSecretsFromEnv(env: Record<string, string | undefined>): string[] {
  return (env['WA_APP_SECRET'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The statuses of a webhook body that carries statuses and nothing else (no message, no error, no other field), else null. */
export function statusesOnly(body: unknown): StatusItem[] | null {
  const parsed = WebhookPayload.safeParse(body);
  if (!parsed.success) return null;
  if (parsed.data.entry.some((e) => e.changes.some((c) => c.field !== 'messages'))) return null;
  const events = extractEvents(parsed.data);
  if (events.length === 0 || events.some((e) => e.kind !== 'status')) return null;
  return events.map((e) => (e as Extract<(typeof events)[number], { kind: 'status' }>).status as StatusItem);
}

/**
 * Calls that arrive within STATUS_WINDOW_MS (or while the previous batch is being written) share
 * one recordStatuses transaction of up to MAX_STATUSES_PER_BATCH statuses, and each gets its
 * answer or its error (core GroupCommit).
 */
export function statusGroupCommit(write: (statuses: StatusItem[]) => Promise<StatusWriteResult>, windowMs = STATUS_WINDOW_MS) {
  const batches = new GroupCommit<StatusItem, StatusWriteResult>({ windowMs, maxItems: MAX_STATUSES_PER_BATCH });
  return (statuses: StatusItem[]) => batches.submit(statuses, write);
}

/**
 * POST /kanal-aduan/wa-webhook/statuses  (Meta's webhook body, X-Hub-Signature-256)
 *   200 {data: StatusWriteResult}: recorded
 *   401: the signature matches no app secret  ·  422: not a statuses-only call  ·  503: no app secret set
 * No Directus login: Meta's signature is the credential, as on n8n's webhook.
 */
export const waWebhookStatusRoutes: RouteModule = (router, ctx) => {
  // One transaction per batch; the cache clears after it are shared with every other writer of the endpoint.
  const submit = statusGroupCommit(async (statuses) => {
    const result = await recordStatuses(ctx.database as Knex, parseWaStatusesBody({ statuses }).statuses, new Date());
    if (result.inserted + result.advanced + result.errors + result.adopted > 0) await purgeCacheAfterStatuses(ctx);
    return result;
  });
  router.post('/wa-webhook/statuses', async (req, res, next) => {
    try {
      const secrets = appSecretsFromEnv(process.env);
      if (secrets.length === 0) {
        res.status(503).json({ errors: [{ message: 'WA_APP_SECRET belum diisi: status dari webhook WhatsApp dicatat lewat n8n.' }] });
        return;
      }
      const raw = (req as DirectusRequest & { rawBody?: Buffer }).rawBody;
      const header = req.headers['x-hub-signature-256'];
      const signature = Array.isArray(header) ? header[0] : header;
      if (!raw || !secrets.some((secret) => verifySignature(raw, signature, secret))) {
        res.status(401).json({ errors: [{ message: 'Tanda tangan X-Hub-Signature-256 tidak valid.' }] });
        return;
      }
      const statuses = statusesOnly(req.body);
      if (!statuses) {
        res.status(422).json({ errors: [{ message: 'Bukan webhook yang hanya berisi status pengiriman: diteruskan ke n8n.' }] });
        return;
      }
      res.json({ data: await submit(statuses) });
    } catch (error) {
      next(error);
    }
  });
};
