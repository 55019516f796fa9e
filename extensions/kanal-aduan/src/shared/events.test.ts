import { verifySignature } from '@kanal-aduan/core';
import { describe, expect, it, vi } from 'vitest';
import { eventsTarget, webhookSink, type KanalEvent } from './events.ts';

const event: KanalEvent = {
  event: 'complaint.verified', complaint_id: 12, ticket: 'ADU-2611-00012',
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

describe('webhookSink', () => {
  const env = { KANAL_EVENTS_URL: 'http://n8n.test/webhook/kanal-aduan-events', KANAL_EVENTS_SECRET: 'rahasia' };

  it('posts the raw JSON with an X-Kanal-Signature n8n can verify', async () => {
    const fetchImpl = vi.fn(async () => new Response('ok'));
    await webhookSink(env, { warn: vi.fn() }, fetchImpl as unknown as typeof fetch)(event);
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(env.KANAL_EVENTS_URL);
    const headers = init.headers as Record<string, string>;
    expect(JSON.parse(init.body as string)).toEqual(event);
    expect(verifySignature(init.body as string, headers['x-kanal-signature'], 'rahasia')).toBe(true);
    expect(verifySignature(init.body as string, headers['x-kanal-signature'], 'other')).toBe(false);
  });

  it('never fails the save when n8n is down, but says so in the log', async () => {
    const warn = vi.fn();
    const fetchImpl = vi.fn(async () => { throw new Error('connect ECONNREFUSED'); });
    await expect(webhookSink(env, { warn }, fetchImpl as unknown as typeof fetch)(event)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ADU-2611-00012 lost'));
  });

  it('logs a refused event (HTTP error) without throwing', async () => {
    const warn = vi.fn();
    const fetchImpl = vi.fn(async () => new Response('bad signature', { status: 401 }));
    await webhookSink(env, { warn }, fetchImpl as unknown as typeof fetch)(event);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('HTTP 401'));
  });

  it('sends nothing when events are off', async () => {
    const fetchImpl = vi.fn();
    await webhookSink({}, { warn: vi.fn() }, fetchImpl as unknown as typeof fetch)(event);
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});
