import { signBody, type KanalEvent as CoreKanalEvent, type KanalEventName } from '@kanal-aduan/core';

export type { KanalEventName };

/**
 * Body of the signed POST to n8n's `kanal-aduan-events` webhook: core's
 * KanalEvent, whose once-only id the bundle always sets (the `event_outbox`
 * row's id; n8n's trigger drops a second delivery of it).
 */
export type KanalEvent = CoreKanalEvent & { id: string };

export type DeliveryResult = { ok: true } | { ok: false; error: string };

/** Sends one event; never throws (the outbox keeps the event and tries again). */
export type EventSender = (event: KanalEvent) => Promise<DeliveryResult>;

export type Logger = {
  warn(msg: unknown, ...rest: unknown[]): void;
  error?(msg: unknown, ...rest: unknown[]): void;
  info?(msg: unknown, ...rest: unknown[]): void;
  debug?(msg: unknown, ...rest: unknown[]): void;
};

type Env = Record<string, string | undefined>;

export type EventsTarget = { url: string; secret: string };

/**
 * Where events go: KANAL_EVENTS_URL, else `${KANAL_N8N_URL}/webhook/kanal-aduan-events`.
 * Null (events off) without a URL or without KANAL_EVENTS_SECRET, because n8n
 * rejects unsigned bodies anyway.
 */
export function eventsTarget(env: Env): EventsTarget | null {
  const secret = env['KANAL_EVENTS_SECRET'];
  if (!secret) return null;
  const explicit = env['KANAL_EVENTS_URL'];
  if (explicit) return { url: explicit, secret };
  const n8n = env['KANAL_N8N_URL'];
  if (!n8n) return null;
  return { url: `${n8n.replace(/\/+$/, '')}/webhook/kanal-aduan-events`, secret };
}

/**
 * POSTs each event signed with core's signBody (`X-Kanal-Signature:
 * sha256=<hex>`, HMAC over the exact raw body) and says whether n8n took it
 * (2xx). Any other answer, a timeout or a refused connection is a failed
 * attempt the outbox retries; an inactive n8n workflow answers 404. 10 s:
 * a cold or loaded n8n has been seen taking over 5 s to answer; if it answers
 * after we gave up, the retry is dropped by its trigger as a duplicate.
 */
export function webhookSender(target: EventsTarget, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): EventSender {
  return async (event) => {
    const raw = JSON.stringify(event);
    try {
      const res = await fetchImpl(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kanal-signature': signBody(raw, target.secret) },
        body: raw,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.ok) return { ok: true };
      const text = (await res.text().catch(() => '')).slice(0, 200);
      return { ok: false, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { ok: false, error: cause ? `${(error as Error).message} (${cause})` : (error as Error).message };
    }
  };
}
