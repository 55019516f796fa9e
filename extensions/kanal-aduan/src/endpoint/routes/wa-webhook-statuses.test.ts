// Statuses straight from the webhook front: which calls are statuses only, the
// signature over the raw body, the shared transaction, and the route's answers
// on SQLite with the runtime's knex (the front's fallback to n8n is tested in
// docker/proxy.test.ts and, end to end, test/e2e/wa-statuses.int.test.ts).
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RouteContext } from '../context.ts';
import { createWaMessagesTable } from '../../test-support/wa-messages-table.ts';
import { hasRuntimeSqlite, runtimeSqlite } from '../../test-support/runtime-sqlite.ts';
import { appSecretsFromEnv, statusesOnly, statusGroupCommit, waWebhookStatusRoutes } from './wa-webhook-statuses.ts';
import { MAX_STATUSES_PER_BATCH, type StatusItem, type StatusWriteResult } from './wa-statuses.ts';

const st = (id: string, status: string) => ({ id, status, timestamp: '1790000000', recipient_id: '6281234567890' });
const webhook = (value: Record<string, unknown>, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'waba', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '628111', phone_number_id: '100' }, ...value } }] }],
});
const message = { from: '6281234567890', id: 'wamid.IN', timestamp: '1790000000', type: 'text', text: { body: 'halo' } };

describe('which calls are statuses only', () => {
  it('takes a call with statuses and nothing else', () => {
    expect(statusesOnly(webhook({ statuses: [st('wamid.A', 'sent'), st('wamid.A', 'delivered')] }))?.map((s) => s.status)).toEqual(['sent', 'delivered']);
  });

  it('leaves to n8n a message, an error at the value level, another field, a malformed or empty call', () => {
    expect(statusesOnly(webhook({ statuses: [st('wamid.A', 'sent')], messages: [message], contacts: [{ wa_id: '6281234567890', profile: { name: 'Budi' } }] }))).toBeNull();
    expect(statusesOnly(webhook({ statuses: [st('wamid.A', 'sent')], errors: [{ code: 130429, title: 'Rate limit hit' }] }))).toBeNull();
    expect(statusesOnly(webhook({ statuses: [st('wamid.A', 'sent')] }, 'account_update'))).toBeNull();
    expect(statusesOnly(webhook({ statuses: [] }))).toBeNull();
    expect(statusesOnly({ object: 'page', entry: [] })).toBeNull();
    expect(statusesOnly('EVENT')).toBeNull();
  });

  it('reads the apps\' secrets from a comma-separated setting', () => {
    expect(appSecretsFromEnv({ WA_APP_SECRET: ' a1, b2 ,,' })).toEqual(['a1', 'b2']);
    expect(appSecretsFromEnv({})).toEqual([]);
  });
});

describe('the shared transaction', () => {
  afterEach(() => vi.useRealTimers());

  it('calls within the window share one write; each gets its answer', async () => {
    vi.useFakeTimers();
    const writes: StatusItem[][] = [];
    const submit = statusGroupCommit(async (s) => (writes.push(s), { statuses: s.length } as StatusWriteResult), 20);
    const both = Promise.all([submit([st('wamid.A', 'sent')]), submit([st('wamid.B', 'sent'), st('wamid.B', 'delivered')])]);
    await vi.advanceTimersByTimeAsync(20);
    expect((await both).map((r) => r.statuses)).toEqual([3, 3]);
    expect(writes.map((w) => w.length)).toEqual([3]);
  });

  it('never hands one transaction more statuses than the endpoint takes: the call that would pass the limit goes in the next', async () => {
    vi.useFakeTimers();
    const writes: number[] = [];
    const submit = statusGroupCommit(async (s) => (writes.push(s.length), { statuses: s.length } as StatusWriteResult), 20);
    const many = (n: number, id: string) => Array.from({ length: n }, () => st(id, 'sent'));
    const answers = Promise.all([submit(many(MAX_STATUSES_PER_BATCH - 1, 'wamid.A')), submit(many(2, 'wamid.B')), submit(many(1, 'wamid.C'))]);
    await vi.advanceTimersByTimeAsync(20);
    expect(writes).toEqual([MAX_STATUSES_PER_BATCH - 1, 3]);
    expect((await answers).map((r) => r.statuses)).toEqual([MAX_STATUSES_PER_BATCH - 1, 3, 3]);
  });

  it('a failed write fails every call of its batch (the front then sends each to n8n)', async () => {
    const submit = statusGroupCommit(async () => {
      throw new Error('database down');
    }, 1);
    await expect(Promise.all([submit([st('wamid.A', 'sent')]), submit([st('wamid.B', 'sent')])])).rejects.toThrow('database down');
  });
});

describe.skipIf(!hasRuntimeSqlite)('POST /wa-webhook/statuses on SQLite', () => {
  let knex: Knex;
  type Handler = (req: unknown, res: unknown, next: (e?: unknown) => void) => Promise<void>;
  let handler: Handler;
  const secret = 'app-secret-1';

  beforeAll(async () => {
    knex = runtimeSqlite();
    await createWaMessagesTable(knex);
    await knex('wa_messages').insert({ id: 'r1', wamid: 'wamid.OUT', direction: 'out', wa_id: '6281234567890', type: 'text', payload: '{}', status: 'sent', complaint: 3 });
    const router = { post: (_path: string, h: Handler) => (handler = h), get: () => undefined };
    waWebhookStatusRoutes(router as never, { services: {}, database: knex, getSchema: async () => ({}), logger: console } as unknown as RouteContext);
  });
  afterAll(async () => {
    delete process.env['WA_APP_SECRET'];
    await knex?.destroy();
  });

  const post = async (body: unknown, sign: string | null) => {
    const raw = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = sign === null ? {} : { 'x-hub-signature-256': `sha256=${createHmac('sha256', sign).update(raw).digest('hex')}` };
    let status = 200;
    let json: unknown;
    let error: unknown;
    const res = { status: (s: number) => ((status = s), res), json: (j: unknown) => ((json = j), res) };
    await handler({ body, rawBody: raw, headers }, res, (e) => (error = e));
    if (error) throw error;
    return { status, json: json as { data?: StatusWriteResult; errors?: Array<{ message: string }> } };
  };

  it('without an app secret set it declines (503), so the front sends the call to n8n', async () => {
    delete process.env['WA_APP_SECRET'];
    const r = await post(webhook({ statuses: [st('wamid.OUT', 'read')] }), secret);
    expect(r.status).toBe(503);
    expect(r.json.errors?.[0]?.message).toContain('WA_APP_SECRET');
  });

  it('records a signed statuses-only call; refuses a wrong signature (401) and a call with a message (422)', async () => {
    process.env['WA_APP_SECRET'] = `other-app,${secret}`;
    expect((await post(webhook({ statuses: [st('wamid.OUT', 'read')] }), 'forged')).status).toBe(401);
    expect((await post(webhook({ statuses: [st('wamid.OUT', 'read')] }), null)).status).toBe(401);
    expect((await knex('wa_messages').where({ wamid: 'wamid.OUT' }).first()).status).toBe('sent');

    const mixed = await post(webhook({ statuses: [st('wamid.OUT', 'read')], messages: [message], contacts: [{ wa_id: '6281234567890', profile: { name: 'Budi' } }] }), secret);
    expect(mixed.status).toBe(422);

    const ok = await post(webhook({ statuses: [st('wamid.OUT', 'delivered'), st('wamid.OUT', 'read')] }), secret);
    expect(ok.status).toBe(200);
    expect(ok.json.data).toMatchObject({ statuses: 2, advanced: 1 });
    expect(await knex('wa_messages').where({ wamid: 'wamid.OUT' }).first()).toMatchObject({ status: 'read', complaint: 3 });
  });
});
