import { signBody } from '@kanal-aduan/core';

export type Delivery = {
  seq: number;
  kind: 'message' | 'status' | 'raw' | 'replay';
  /** wamid of the inbound message or of the outbound message whose status this is. */
  wamid?: string;
  at: string;
  url: string;
  rawBody: string;
  /** The X-Hub-Signature-256 value sent, or undefined when none was sent. */
  signature: string | undefined;
  /** HTTP status the webhook answered, or 0 when it could not be reached. */
  webhookStatus: number;
  webhookResponse?: string;
  error?: string;
};

export type PostResult = Pick<Delivery, 'webhookStatus' | 'webhookResponse' | 'error'>;

/** Signature modes for `/sim/raw`: a correct one, a wrong one, none, or an exact header value. */
export type SignatureMode = 'valid' | 'invalid' | 'missing' | { header: string };

export function signatureFor(rawBody: string, appSecret: string, mode: SignatureMode): string | undefined {
  if (mode === 'missing') return undefined;
  if (mode === 'valid') return signBody(rawBody, appSecret);
  if (mode === 'invalid') return signBody(rawBody, `${appSecret}-wrong`);
  return mode.header;
}

/**
 * POSTs a webhook the way Meta does: JSON body, `X-Hub-Signature-256` over the
 * exact bytes. https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */
export async function postWebhook(url: string, rawBody: string, signature: string | undefined): Promise<PostResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'facebookexternalua',
  };
  if (signature !== undefined) headers['x-hub-signature-256'] = signature;
  try {
    const res = await fetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    return { webhookStatus: res.status, webhookResponse: text.slice(0, 2000) };
  } catch (err) {
    return { webhookStatus: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
