// The trigger's direct path for delivery statuses: with a Kanal Aduan credential
// on the node, statuses go to Directus's /kanal-aduan/wa-statuses in a group
// commit, each webhook answers Meta only once its batch is written, and a
// webhook that carried only statuses starts no workflow run; when Directus
// fails, the statuses go to the workflow as before and Meta still gets 200.
import { GroupCommit, signBody } from '@kanal-aduan/core';
import type { IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fakeWebhook, WA_CREDENTIALS } from '../../__tests__/helpers.ts';
import { checkStatusAnswer, recordStatusItems, statusBatcher } from './direct-statuses.ts';
import { checkStoreAnswer, storeMessageItems } from './stored-messages.ts';
import type { TriggerItem } from './handle-webhook.ts';
import { WhatsAppCloudTrigger } from './WhatsAppCloudTrigger.node.ts';

const trigger = new WhatsAppCloudTrigger();
const meta = { messaging_product: 'whatsapp', metadata: { display_phone_number: '6281100000000', phone_number_id: '100000000000001' } };
const webhook = (value: Record<string, unknown>) => ({ object: 'whatsapp_business_account', entry: [{ id: '2', changes: [{ field: 'messages', value: { ...meta, ...value } }] }] });
const status = (id: string, s: string, extra: Record<string, unknown> = {}) => ({ id, status: s, timestamp: '1790000002', recipient_id: '6281234567890', ...extra });
const statusesOnly = (...statuses: Array<Record<string, unknown>>) => webhook({ statuses });
const message = { from: '6281234567890', id: 'wamid.IN', timestamp: '1790000000', type: 'text', text: { body: 'Halo' } };
const contacts = [{ profile: { name: 'Siti' }, wa_id: '6281234567890' }];

const ANSWER = { statuses: 1, ignored: 0, inserted: 0, advanced: 1, errors: 0 };
type Http = (options: IHttpRequestOptions) => Promise<{ statusCode: number; body: unknown }>;
let credentialSeq = 0;

/**
 * The node's webhook function with a Kanal Aduan credential attached (a fresh
 * credential id per test, so tests do not share a batcher) and an event log of
 * what happened in which order.
 */
function setup(opts: { http: Http; attach?: boolean; params?: Record<string, unknown> }) {
	const credentialId = `cred-${++credentialSeq}`;
	const events: string[] = [];
	const posts: Array<{ url: string; body: { statuses: Array<{ id: string; status: string }>; messages: Array<{ message: { id: string }; sender: string | null }> } }> = [];
	const warnings: string[] = [];
	const call = async (body: unknown) => {
		const raw = JSON.stringify(body);
		const { fns, response } = fakeWebhook({ webhookName: 'default', rawBody: raw, body, headers: { 'x-hub-signature-256': signBody(raw, 'app-secret') }, credentials: WA_CREDENTIALS });
		const base = fns as unknown as Record<string, any>;
		const ctx = {
			...base,
			getNode: () => ({ ...base.getNode(), credentials: opts.attach === false ? {} : { kanalAduanApi: { id: credentialId, name: 'Kanal Aduan (Directus)' } } }),
			getNodeParameter: (name: string, fallback?: unknown) => opts.params?.[name] ?? fallback,
			getCredentials: async (type: string) => (type === 'kanalAduanApi' ? { directusUrl: 'http://directus.test/', token: 't' } : WA_CREDENTIALS),
			logger: { warn: (m: string) => warnings.push(m) },
			helpers: {
				...base.helpers,
				httpRequestWithAuthentication: async (credentialType: string, options: IHttpRequestOptions) => {
					expect(credentialType).toBe('kanalAduanApi');
					posts.push({ url: String(options.url), body: options.body as never });
					const b = options.body as { statuses?: unknown[]; messages?: unknown[] };
					events.push(b.messages ? `store ${b.messages.length}` : `write ${b.statuses!.length}`);
					const r = await opts.http(options);
					events.push('written');
					return r;
				},
			},
		};
		const res = base.getResponseObject();
		const send = res.send.bind(res);
		res.send = (b: unknown) => (events.push(`answer ${response.status}`), send(b));
		const result = await trigger.webhook.call(ctx as unknown as IWebhookFunctions);
		return { result, response, items: result.workflowData?.flatMap((output) => output.map((i) => i.json)) ?? [] };
	};
	return { call, events, posts, warnings };
}

const ok: Http = async (o) => {
	const b = o.body as { statuses?: unknown[]; messages?: unknown[] };
	return { statusCode: 200, body: { data: b.messages ? { stored: b.messages.length, duplicates: 0 } : { ...ANSWER, statuses: b.statuses!.length } } };
};

describe('WhatsAppCloudTrigger with a Kanal Aduan credential: statuses recorded directly', () => {
	it('a webhook with only statuses is written to Directus, answered after the write, and starts no run', async () => {
		const t = setup({ http: ok });
		const errors = [{ code: 131026, title: 'Message undeliverable' }];
		const { result, response } = await t.call(statusesOnly(status('wamid.OUT', 'delivered'), status('wamid.OUT2', 'failed', { errors })));
		expect(response).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(t.posts).toHaveLength(1);
		expect(t.posts[0]!.url).toBe('http://directus.test/kanal-aduan/wa-statuses');
		expect(t.posts[0]!.body.statuses).toEqual([
			expect.objectContaining({ id: 'wamid.OUT', status: 'delivered', recipient_id: '6281234567890' }),
			expect.objectContaining({ id: 'wamid.OUT2', status: 'failed', errors }),
		]);
		expect(t.events).toEqual(['write 2', 'written', 'answer 200']);
	});

	it('messages in the same webhook still start the run, without the statuses', async () => {
		const t = setup({ http: ok });
		const { items } = await t.call(webhook({ contacts, messages: [message], statuses: [status('wamid.OUT', 'read')] }));
		expect(items.map((i) => i.kind)).toEqual(['message']);
		expect(t.posts[0]!.body.statuses.map((s) => s.id)).toEqual(['wamid.OUT']);
	});

	it('webhooks arriving together are written as one batch, and each waits for it', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const t = setup({
			http: async (o) => {
				await gate;
				return ok(o);
			},
		});
		const calls = [t.call(statusesOnly(status('wamid.1', 'sent'))), t.call(statusesOnly(status('wamid.2', 'sent'))), t.call(statusesOnly(status('wamid.3', 'delivered')))];
		await new Promise((r) => setTimeout(r, 80));
		expect(t.events).toEqual(['write 3']); // one write, nobody answered yet
		release();
		const done = await Promise.all(calls);
		expect(done.map((d) => d.response.status)).toEqual([200, 200, 200]);
		expect(done.every((d) => d.result.workflowData === undefined)).toBe(true);
		expect(t.events).toEqual(['write 3', 'written', 'answer 200', 'answer 200', 'answer 200']);
	});

	it('when Directus refuses or cannot be reached, the statuses go to the workflow and Meta still gets 200', async () => {
		for (const http of [
			async () => ({ statusCode: 503, body: { errors: [{ message: 'Under pressure' }] } }),
			async () => ({ statusCode: 403, body: { errors: [{ message: 'Hanya akun Layanan n8n yang boleh mencatat status pengiriman WhatsApp.' }] } }),
			async () => {
				throw new Error('connect ECONNREFUSED 127.0.0.1:8055');
			},
		] satisfies Http[]) {
			const t = setup({ http });
			const { response, items } = await t.call(statusesOnly(status('wamid.OUT', 'delivered')));
			expect(response.status).toBe(200);
			expect(items).toEqual([expect.objectContaining({ kind: 'status', status: expect.objectContaining({ id: 'wamid.OUT', status: 'delivered' }) })]);
			expect(t.warnings[0]).toContain('diteruskan ke alur');
		}
	});

	it('without the credential, or with the option off, statuses start the workflow as before', async () => {
		for (const t of [setup({ http: ok, attach: false }), setup({ http: ok, params: { recordStatusesDirectly: false } })]) {
			const { items } = await t.call(statusesOnly(status('wamid.OUT', 'delivered')));
			expect(items.map((i) => i.kind)).toEqual(['status']);
			expect(t.posts).toEqual([]);
		}
	});

	it('writes nothing for a webhook that fails its signature, and no statuses for one that carries none', async () => {
		const t = setup({ http: ok });
		const body = statusesOnly(status('wamid.OUT', 'delivered'));
		const raw = JSON.stringify(body);
		const { fns, response } = fakeWebhook({ webhookName: 'default', rawBody: raw, body, headers: { 'x-hub-signature-256': signBody(raw, 'wrong') }, credentials: WA_CREDENTIALS });
		await trigger.webhook.call(fns);
		expect(response.status).toBe(401);
		const { items } = await t.call(webhook({ contacts, messages: [message] }));
		expect(items.map((i) => i.kind)).toEqual(['message']);
		expect(t.posts.map((p) => p.url)).toEqual(['http://directus.test/kanal-aduan/intake/inbound']);
	});
});

describe('WhatsAppCloudTrigger with a Kanal Aduan credential: messages stored before Meta is answered', () => {
	it('stores the messages first, then answers, and the messages still start the run', async () => {
		const t = setup({ http: ok });
		const { response, items } = await t.call(webhook({ contacts, messages: [message] }));
		expect(response.status).toBe(200);
		expect(t.events).toEqual(['store 1', 'written', 'answer 200']);
		// With the business number written to: its intake desk gets the report, and the replies go out from it.
		expect(t.posts[0]!.body.messages).toEqual([{ message, sender: '6281234567890', contact: expect.objectContaining({ wa_id: '6281234567890', name: 'Siti' }), phone_number_id: '100000000000001' }]);
		expect(items).toEqual([expect.objectContaining({ kind: 'message', message: expect.objectContaining({ id: 'wamid.IN' }) })]);
	});

	it('webhooks arriving together are stored in one write and share one run: the first starts it with both messages, the second starts none', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const t = setup({ http: async (o) => (await gate, ok(o)) });
		const second = { ...message, id: 'wamid.IN2', from: '6281234567891' };
		const calls = [t.call(webhook({ contacts, messages: [message] })), t.call(webhook({ messages: [second] }))];
		await new Promise((r) => setTimeout(r, 80));
		expect(t.events).toEqual(['store 2']);
		release();
		const done = await Promise.all(calls);
		expect(done.map((d) => d.items.map((i) => (i.message as { id: string }).id))).toEqual([['wamid.IN', 'wamid.IN2'], []]);
		expect(t.events).toEqual(['store 2', 'written', 'answer 200', 'answer 200']);
	});

	it('with a shared run window of 0 each webhook starts its own run', async () => {
		const t = setup({ http: ok, params: { runWindowMs: 0 } });
		const second = { ...message, id: 'wamid.IN2', from: '6281234567891' };
		const done = await Promise.all([t.call(webhook({ contacts, messages: [message] })), t.call(webhook({ messages: [second] }))]);
		expect(done.map((d) => d.items.map((i) => (i.message as { id: string }).id))).toEqual([['wamid.IN'], ['wamid.IN2']]);
	});

	it('when Directus is down it keeps trying for the retry window, then the messages go to the workflow unstored, with a warning; Meta gets 200 meanwhile', async () => {
		const t = setup({
			params: { storeRetrySeconds: 1 },
			http: async () => {
				throw new Error('connect ECONNREFUSED 127.0.0.1:8055');
			},
		});
		const { response, items } = await t.call(webhook({ contacts, messages: [message] }));
		expect(response.status).toBe(200);
		expect(t.events.filter((e) => e.startsWith('store')).length).toBeGreaterThan(1);
		expect(items.map((i) => i.kind)).toEqual(['message']);
		expect(t.warnings[0]).toContain('tanpa disimpan lebih dulu');
	});

	it('after an outage the messages are stored before the run starts, and Meta was answered without waiting for that', async () => {
		let calls = 0;
		const t = setup({
			http: async (o) => {
				if (++calls <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:8055');
				return ok(o);
			},
		});
		const { response, items } = await t.call(webhook({ contacts, messages: [message] }));
		expect(response.status).toBe(200);
		expect(t.events).toEqual(['store 1', 'store 1', 'store 1', 'written', 'answer 200']);
		expect(items.map((i) => i.kind)).toEqual(['message']);
		expect(t.warnings).toEqual([]);
	});

	it('without the credential, or with the option off, nothing is stored first', async () => {
		for (const t of [setup({ http: ok, attach: false }), setup({ http: ok, params: { storeMessagesFirst: false } })]) {
			const { items } = await t.call(webhook({ contacts, messages: [message] }));
			expect(items.map((i) => i.kind)).toEqual(['message']);
			expect(t.posts).toEqual([]);
		}
	});

	it("reads Directus's answer: 2xx with the summary, or an error", () => {
		expect(checkStoreAnswer({ statusCode: 200, body: { data: { stored: 1, duplicates: 0 } } })).toEqual({ stored: 1, duplicates: 0 });
		expect(() => checkStoreAnswer({ statusCode: 403, body: { errors: [{ message: 'Hanya akun Layanan n8n' }] } })).toThrow('Directus menolak penyimpanan pesan (HTTP 403): Hanya akun Layanan n8n');
	});
});

describe('recordStatusItems', () => {
	const items = [
		{ kind: 'message', message, phoneNumberId: '1', raw: {} },
		{ kind: 'status', status: status('wamid.OUT', 'read'), phoneNumberId: '1', raw: {} },
	] as unknown as TriggerItem[];

	it('gives up waiting after the deadline and keeps every item for the workflow', async () => {
		const never = new GroupCommit<never>({ windowMs: 1, maxItems: 10 });
		const started = Date.now();
		const out = await recordStatusItems(items, never as never, () => new Promise(() => undefined), 50);
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(out).toMatchObject({ recorded: false, statuses: 1 });
		expect(out.items).toBe(items);
	});

	it('shares one batcher per credential and window', () => {
		expect(statusBatcher('x|http://a')).toBe(statusBatcher('x|http://a'));
		expect(statusBatcher('x|http://a')).not.toBe(statusBatcher('y|http://a'));
	});

	it("reads Directus's answer: 2xx with the summary, or an error naming the status", () => {
		expect(checkStatusAnswer({ statusCode: 200, body: { data: ANSWER } })).toEqual(ANSWER);
		expect(() => checkStatusAnswer({ statusCode: 200, body: '<html>' })).toThrow(/HTTP 200/);
		expect(() => checkStatusAnswer({ statusCode: 400, body: { errors: [{ message: 'tidak sah' }] } })).toThrow('Directus menolak pencatatan status (HTTP 400): tidak sah');
	});
});

describe('storeMessageItems after an outage', () => {
	const item = (id: string) => ({ kind: 'message', message: { ...message, id }, sender: '6281234567890', phoneNumberId: '1', raw: {} }) as unknown as TriggerItem;

	it('webhooks that failed retry together and are stored in the order they came, in one write', async () => {
		const batcher = new GroupCommit<never>({ windowMs: 5, maxItems: 200 }) as never;
		const writes: string[][] = [];
		let down = true;
		const write = async (batch: Array<{ message: { id: string } }>) => {
			if (down) throw new Error('connect ECONNREFUSED');
			writes.push(batch.map((m) => m.message.id));
		};
		const retry = { forMs: 10_000, pauseMs: 100 };
		const first = storeMessageItems([item('m1')], batcher, write as never, retry);
		await new Promise((r) => setTimeout(r, 30));
		const second = storeMessageItems([item('m2')], batcher, write as never, retry);
		await new Promise((r) => setTimeout(r, 30));
		const third = storeMessageItems([item('m3')], batcher, write as never, retry);
		await new Promise((r) => setTimeout(r, 150));
		down = false;
		const outcomes = await Promise.all([first, second, third]);
		expect(outcomes.every((o) => o.stored)).toBe(true);
		expect(writes).toEqual([['m1', 'm2', 'm3']]);
	});
});
