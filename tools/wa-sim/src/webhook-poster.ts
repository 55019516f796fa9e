import { randomBytes } from 'node:crypto';
import { signBody } from '@kanal-aduan/core';
import type { SimState } from './state.ts';
import { postWebhook, type Delivery, type PostResult } from './webhook-sender.ts';
import { statusEntry, webhookBody, type OutboundStatus } from './webhook-payload.ts';

export type WebhookPoster = {
  /** Posts one webhook to the configured URL and records it as a delivery. */
  deliver(kind: Delivery['kind'], wamid: string | undefined, rawBody: string, signature: string | undefined): Promise<PostResult>;
  /** Signs the body with the app secret and delivers it. */
  deliverSigned(kind: Delivery['kind'], wamid: string | undefined, rawBody: string): Promise<PostResult>;
  /** Queues the sent and delivered status webhooks for an accepted message. */
  scheduleStatuses(wamid: string, waId: string, category: 'service' | 'utility', callbackData?: string): void;
};

/** Posts signed webhooks the way Meta does, to the URL set in the config. */
export function createWebhookPoster(state: SimState): WebhookPoster {
  const { business, config, conversationIds, deliveries, log, messages, options } = state;

  async function deliver(
    kind: Delivery['kind'],
    wamid: string | undefined,
    rawBody: string,
    signature: string | undefined,
  ): Promise<PostResult> {
    const url = config.webhookUrl;
    const result: PostResult = url
      ? await postWebhook(url, rawBody, signature)
      : { webhookStatus: 0, error: 'no webhook URL configured (WA_WEBHOOK_URL or POST /sim/config)' };
    state.deliverySeq += 1;
    deliveries.push({
      seq: state.deliverySeq,
      kind,
      ...(wamid ? { wamid } : {}),
      at: new Date().toISOString(),
      url: url ?? '',
      rawBody,
      signature,
      ...result,
    });
    if (deliveries.length > 1000) deliveries.splice(0, deliveries.length - 1000);
    log(`webhook ${kind} ${wamid ?? ''} -> ${result.webhookStatus}${result.error ? ` (${result.error})` : ''}`);
    return result;
  }

  /** Meta reports sent, then delivered, shortly after accepting a message. */
  function scheduleStatuses(wamid: string, waId: string, category: 'service' | 'utility', callbackData?: string): void {
    const post = async (status: OutboundStatus) => {
      if (state.closed) return;
      messages.setStatus(wamid, status);
      if (!config.statusWebhooks || !config.webhookUrl) return;
      let conversationId = conversationIds.get(waId);
      if (!conversationId) {
        conversationId = randomBytes(16).toString('hex');
        conversationIds.set(waId, conversationId);
      }
      const body = webhookBody(business, {
        statuses: [statusEntry({ wamid, recipientId: waId, status, at: new Date(), conversationId, category, callbackData })],
      });
      const raw = JSON.stringify(body);
      await deliverSigned('status', wamid, raw);
    };
    // Each message's statuses in order (sent, then delivered), every message on its own timer as
    // Meta posts them: one chain for all messages would cap them at one message per delay plus two
    // answers, and under load they would trail the replies by minutes.
    const pending: Promise<void> = new Promise<void>((r) => setTimeout(r, config.statusDelayMs))
      .then(() => post('sent'))
      .then(() => post('delivered'))
      .catch((err: unknown) => log(`status webhook failed: ${String(err)}`))
      .finally(() => state.pendingStatuses.delete(pending));
    state.pendingStatuses.add(pending);
  }

  function deliverSigned(kind: Delivery['kind'], wamid: string | undefined, rawBody: string): Promise<PostResult> {
    return deliver(kind, wamid, rawBody, signBody(rawBody, options.appSecret));
  }

  return { deliver, deliverSigned, scheduleStatuses };
}
