// Small clients for the integration tests: Directus REST as a given token or
// user, and the WA simulator acting as a citizen.
import { signBody } from '@kanal-aduan/core';

export const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: integration tests run under test/e2e/global-setup.ts`);
  return v;
};

export async function directus<T = unknown>(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> {
  const token = init.token ?? env('KANAL_DIRECTUS_TOKEN');
  const res = await fetch(`${env('KANAL_DIRECTUS_URL')}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Logs in through Directus's own /auth/login and returns the access token. */
export async function loginAs(email: string, password = env('KANAL_DEMO_PASSWORD')): Promise<string> {
  const res = await directus<{ data: { access_token: string } }>('/auth/login', {
    method: 'POST',
    token: '',
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${email} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.access_token;
}

export async function sim<T = any>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env('WA_API_BASE_URL')}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Posts a raw body to the n8n WhatsApp webhook, signed with the app secret unless told otherwise. */
export async function postWebhook(raw: string, signature: string | null = signBody(raw, env('WA_APP_SECRET'))) {
  return fetch(`${env('KANAL_N8N_URL')}/webhook/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    body: raw,
  });
}

export const uniqueWaId = () => `628${String(Date.now()).slice(-9)}${Math.floor(Math.random() * 10)}`;
