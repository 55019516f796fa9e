import { verifySignature } from '@kanal-aduan/core';
import { describe, expect, it, vi } from 'vitest';
import { eventsTarget, webhookSender, type KanalEvent } from './events.ts';

const event: KanalEvent = {
  id: 'b7d1:12', event: 'complaint.verified', complaint_id: 12, ticket: 'ADU-2611-00012',
  status_from: 'received', status_to: 'verified', at: '2026-11-02T02:00:00.000Z',
};

describe('eventsTarget', () => {
  it('derives the n8n webhook from KANAL_N8N_URL', () => {
    expect(eventsTarget({ KANAL_N8N_URL: 'http://127.0.0.1:5678/', KANAL_EVENTS_SECRET: 's' }))
      .toEqual({ url: 'http://127.0.0.1:5678/webhook/kanal-aduan-events', secret: 's' });
  });
  it('lets KANAL_EVENTS_URL override the whole URL', () => {
    expect(eventsTarget({ KANAL_N8N_URL: 'http://a', KANAL_EVENTS_URL: 'http://b/hook', KANAL_EVENTS_SECRET: 's' })?.url).toBe('http://b/hook');
  });
  it('is off without a secret or a URL', () => {
    expect(eventsTarget({ KANAL_N8N_URL: 'http://a' })).toBeNull();
    expect(eventsTarget({ KANAL_EVENTS_SECRET: 's' })).toBeNull();
  });
});

describe('webhookSender', () => {
  const target = { url: 'http://n8n.test/webhook/kanal-aduan-events', secret: 'rahasia' };

  it('posts the raw JSON, once-only id included, with an X-Kanal-Signature n8n can verify', async () => {
    const fetchImpl = vi.fn(async () => new Response('ok'));
    await expect(webhookSender(target, fetchImpl as unknown as typeof fetch)(event)).resolves.toEqual({ ok: true });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(target.url);
    const headers = init.headers as Record<string, string>;
    expect(JSON.parse(init.body as string)).toEqual(event);
    expect(verifySignature(init.body as string, headers['x-kanal-signature'], 'rahasia')).toBe(true);
    expect(verifySignature(init.body as string, headers['x-kanal-signature'], 'other')).toBe(false);
  });

  it('reports a refused connection as a failed attempt instead of throwing', async () => {
    const fetchImpl = vi.fn(async () => { throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }); });
    await expect(webhookSender(target, fetchImpl as unknown as typeof fetch)(event)).resolves.toEqual({
      ok: false, error: 'fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    });
  });

  it('reports an HTTP error (an inactive n8n workflow answers 404) with the status and the start of the body', async () => {
    const fetchImpl = vi.fn(async () => new Response('The requested webhook "POST kanal-aduan-events" is not registered.', { status: 404 }));
    const result = await webhookSender(target, fetchImpl as unknown as typeof fetch)(event);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^HTTP 404: The requested webhook/) });
  });
});
