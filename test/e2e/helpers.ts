// Small clients for the integration tests: Directus REST as a given token or
// user, n8n's internal REST API as the owner, and the WA simulator acting as a
// citizen.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { signBody } from '@kanal-aduan/core';
import { n8nLogin } from '../../scripts/stack/n8n-login.ts';
import { slaScanAuthorization } from '../../scripts/stack/n8n.ts';
import { webhookBody, type WebhookBody, type WebhookValue } from '../../tools/wa-sim/src/webhook-payload.ts';

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

// One login per test file: n8n in production mode allows five logins a minute per e-mail.
let n8nCookie: Promise<string> | undefined;

/** The owner's `n8n-auth` cookie for n8n's internal REST API, logged in once per test file. */
export function n8nSession(): Promise<string> {
  n8nCookie ??= n8nLogin({ url: env('KANAL_N8N_URL'), email: env('KANAL_N8N_OWNER_EMAIL'), password: env('KANAL_N8N_OWNER_PASSWORD') });
  return n8nCookie;
}

/** A request to n8n's internal REST API (/rest/…) as the owner; the response as n8n gave it. */
export async function n8nRest(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${env('KANAL_N8N_URL')}${path}`, {
    method,
    headers: { cookie: await n8nSession(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * What went wrong in n8n's latest failed run, for a test's failure message: its id, workflow and
 * the error texts found in its stored data (n8n keeps failed runs' data).
 */
export async function lastFailedRun(): Promise<string> {
  try {
    const filter = encodeURIComponent(JSON.stringify({ status: ['error', 'crashed'] }));
    const [run] = (await n8nData<{ results: Array<{ id: string; workflowName?: string; startedAt?: string }> }>(`/rest/executions?filter=${filter}&limit=1`)).results;
    if (!run) return 'n8n has no failed run';
    const data = String((await n8nData<{ data: unknown }>(`/rest/executions/${run.id}`)).data ?? '');
    const errors = [...new Set(data.match(/"[^"]{0,300}(?:Error|error|gagal|failed|refused)[^"]{0,300}"/g) ?? [])].slice(0, 6);
    return `n8n run ${run.id} (${run.workflowName ?? '?'}, ${run.startedAt ?? '?'}): ${errors.join(' | ') || data.slice(0, 1000)}`;
  } catch (error) {
    return `n8n's failed runs unreadable: ${String(error)}`;
  }
}

/** The `data` of an n8n REST answer; throws with the status and body when n8n refuses. */
export async function n8nData<T = any>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await n8nRest(path, method, body);
  const text = await res.text();
  if (!res.ok) throw new Error(`n8n ${method} ${path}: HTTP ${res.status} ${text}`);
  return (JSON.parse(text) as { data: T }).data;
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

/** A webhook body as Meta posts it for the stack's number (the simulator's builder), carrying `value`'s messages or statuses. */
export function metaWebhook(value: WebhookValue): WebhookBody {
  return webhookBody({ wabaId: '200000000000001', phoneNumberId: env('WA_PHONE_NUMBER_ID'), displayPhoneNumber: '6281100000000' }, value);
}

/** Posts a raw body to the n8n WhatsApp webhook, signed with the app secret unless told otherwise. */
export async function postWebhook(raw: string, signature: string | null = signBody(raw, env('WA_APP_SECRET'))) {
  return fetch(`${env('KANAL_N8N_URL')}/webhook/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    body: raw,
  });
}

// A 1x1 PNG, split so secret scanners do not read its base64 as a Meta token.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB' + 'CAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Uploads the 1x1 PNG through Directus's /files (multipart) as the given token's user; returns the file id. */
export async function uploadPng(token: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('title', name);
  form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), `${name}.png`);
  const res = await fetch(`${env('KANAL_DIRECTUS_URL')}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { data: { id: string } };
  if (res.status !== 200) throw new Error(`upload of ${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.data.id;
}

// Strictly increasing within a process: two numbers taken in the same millisecond
// (an officer and a citizen set up one after the other) must never be equal.
let lastWaId = 0;
export const uniqueWaId = () => {
  lastWaId = Math.max((Date.now() % 1e9) * 10, lastWaId + 1);
  return `628${String(lastWaId).padStart(10, '0')}`;
};

export type WaitOptions<T> = {
  /** What is awaited, for the failure message: "<what> within <n> s". */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** When the value is good enough; by default any value but undefined, null and false. */
  until?: (value: T) => boolean;
  /** How the last value is shown when time runs out; JSON by default. */
  show?: (value: T) => unknown;
};

/**
 * Calls `check` until its value passes `until` and returns that value. When
 * time runs out it throws, saying what was awaited and the last value seen.
 * An error thrown by `check` ends the wait at once.
 */
export async function waitFor<T>(check: () => Promise<T> | T, opts: WaitOptions<T>): Promise<T> {
  const { what, timeoutMs = 30_000, intervalMs = 300, until = (v: T) => v !== undefined && v !== null && v !== false, show = (v: T) => v } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (until(value)) return value;
    if (Date.now() >= deadline) {
      let seen: string;
      try {
        seen = JSON.stringify(show(value)) ?? String(value);
      } catch {
        seen = String(value);
      }
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last value seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

/** A report row as the tests read it; each test narrows what it needs. */
export type ReportRow = Record<string, any> & { id: number; ticket: string; status: string };

export type NewReport = { description: string; waId?: string; name?: string; title?: string; address?: string };

/**
 * A citizen (reused by wa_id, else created) and their road report in Kec. Kayu
 * Agung, filed as the admin token the way the intake flow files one; the
 * complaint hook numbers the ticket and sets the due dates. Throws with
 * Directus's answer when it refuses either.
 */
export async function fileReport<T extends { id: number } = ReportRow>(o: NewReport): Promise<T & { waId: string }> {
  const waId = o.waId ?? uniqueWaId();
  const found = (await directus<{ data: Array<{ id: string }> }>(`/items/citizens?filter[wa_id][_eq]=${waId}&fields=id`)).body.data[0];
  let reporter = found?.id;
  if (!reporter) {
    const created = await directus<{ data: { id: string } }>('/items/citizens', {
      method: 'POST',
      body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: o.name ?? 'Warga Uji', locale: 'id', blocked: false }),
    });
    if (created.status !== 200) throw new Error(`creating citizen ${waId}: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    reporter = created.body.data.id;
  }
  const res = await directus<{ data: T }>('/items/complaints', {
    method: 'POST',
    body: JSON.stringify({
      type: 'pengaduan', category: 'JALAN', title: o.title ?? 'Jalan berlubang', description: o.description, region: '16.02.05',
      address: o.address ?? 'Jl. Letnan Mukhtar Saleh', channel: 'whatsapp', reporter, confidential: false, locale: 'id',
    }),
  });
  if (res.status !== 200) throw new Error(`creating a report: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body.data, waId };
}

export type AddressedAnswer = { status: number; text: string; json: any; headers: Record<string, string | string[] | undefined> };

/**
 * One HTTP request from a chosen loopback address (127.0.0.0/8 is all ours on
 * Linux): each test gets its own client address, so a per-address budget
 * (the public tracker's, Open311's) one test spends never limits another.
 */
export function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<AddressedAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', localAddress, headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, text, json, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Runs n8n's reminders flow at `now`: the clock moved, signed with the events secret as the flow requires. */
export async function scanAt(now: Date): Promise<void> {
  const iso = now.toISOString();
  const signature = createHmac('sha256', env('KANAL_EVENTS_SECRET')).update(iso).digest('hex');
  const res = await fetch(`${env('KANAL_N8N_URL')}/webhook/sla-scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: slaScanAuthorization(env('KANAL_EVENTS_SECRET')) },
    body: JSON.stringify({ now: iso, signature }),
  });
  if (res.status !== 200) throw new Error(`scan at ${iso}: HTTP ${res.status} ${await res.text()}; ${await lastFailedRun()}`);
}
