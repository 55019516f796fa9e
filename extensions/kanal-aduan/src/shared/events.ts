import { signBody, type Status } from '@kanal-aduan/core';

export type KanalEventName = 'complaint.created' | 'complaint.verified' | 'complaint.status_changed' | 'complaint.update_posted';

/** Body of the signed POST to n8n's `kanal-aduan-events` webhook. */
export type KanalEvent = {
  event: KanalEventName;
  complaint_id: string | number;
  ticket: string | null;
  status_from: Status | null;
  status_to: Status | null;
  at: string;
  /** Only on complaint.update_posted: the complaint_updates row that was posted. */
  update_id?: string | number;
};

export type EventSink = (event: KanalEvent) => Promise<void>;

export type Logger = { warn(msg: unknown, ...rest: unknown[]): void; debug?(msg: unknown, ...rest: unknown[]): void };

type Env = Record<string, string | undefined>;

/**
 * Where events go: KANAL_EVENTS_URL, else `${KANAL_N8N_URL}/webhook/kanal-aduan-events`.
 * Null (events off) without a URL or without KANAL_EVENTS_SECRET, because n8n
 * rejects unsigned bodies anyway.
 */
export function eventsTarget(env: Env): { url: string; secret: string } | null {
  const secret = env['KANAL_EVENTS_SECRET'];
  if (!secret) return null;
  const explicit = env['KANAL_EVENTS_URL'];
  if (explicit) return { url: explicit, secret };
  const n8n = env['KANAL_N8N_URL'];
  if (!n8n) return null;
  return { url: `${n8n.replace(/\/+$/, '')}/webhook/kanal-aduan-events`, secret };
}

/**
 * Event sink that POSTs each event signed with core's signBody
 * (`X-Kanal-Signature: sha256=<hex>`, HMAC over the exact raw body). It never
 * throws: a user's save must not fail because n8n is down. The price is that
 * an event is lost when n8n is unreachable (a durable outbox is a follow-up).
 */
export function webhookSink(
  env: Env,
  logger: Logger,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 5_000,
): EventSink {
  const target = eventsTarget(env);
  if (!target) return async () => {};
  return async (event) => {
    const raw = JSON.stringify(event);
    try {
      const res = await fetchImpl(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kanal-signature': signBody(raw, target.secret) },
        body: raw,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) logger.warn(`[kanal-aduan] event ${event.event} for ${event.ticket ?? event.complaint_id} answered HTTP ${res.status}; not retried`);
    } catch (error) {
      logger.warn(`[kanal-aduan] event ${event.event} for ${event.ticket ?? event.complaint_id} lost: ${(error as Error).message}`);
    }
  };
}
