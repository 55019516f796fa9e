// With a Kanal Aduan credential on the Messenger trigger, a citizen's message is
// stored in Directus before Meta is answered, as the WhatsApp and Telegram triggers do.
import { createHmac } from 'node:crypto';
import type { IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fakeWebhook } from '../../__tests__/helpers.ts';
import { MessengerTrigger } from './MessengerTrigger.node.ts';

const trigger = new MessengerTrigger();
const META = { pageAccessToken: 'EAAG', appSecret: 'rahasia', verifyToken: 'v', apiBaseUrl: 'http://graph.test', apiVersion: 'v23.0' };
const PAGE = '106000000000001';
const PSID = '2462519940456789';
const webhook = (n: number, extra: Record<string, unknown> = { message: { mid: `m_${n}`, text: `pesan ${n}` } }) => ({
	object: 'page',
	entry: [{ id: PAGE, time: 1790000000000, messaging: [{ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1790000000000 + n, ...extra }] }],
});
let credentialSeq = 0;

function setup(opts: { attach?: boolean; params?: Record<string, unknown>; fail?: boolean }) {
	const credentialId = `fb-cred-${++credentialSeq}`;
	const events: string[] = [];
	const posts: Array<{ url: string; body: { messages: Array<Record<string, unknown>> } }> = [];
	const call = async (body: unknown) => {
		const raw = JSON.stringify(body);
		const signature = `sha256=${createHmac('sha256', META.appSecret).update(raw).digest('hex')}`;
		const { fns, response } = fakeWebhook({ webhookName: 'default', body, rawBody: raw, headers: { 'x-hub-signature-256': signature }, credentials: META });
		const base = fns as unknown as Record<string, any>;
		const ctx = {
			...base,
			getNode: () => ({ ...base.getNode(), credentials: opts.attach === false ? {} : { kanalAduanApi: { id: credentialId, name: 'Kanal Aduan (Directus)' } } }),
			getNodeParameter: (name: string, fallback?: unknown) => opts.params?.[name] ?? fallback,
			getCredentials: async (type: string) => (type === 'kanalAduanApi' ? { directusUrl: 'http://directus.test/', token: 't' } : META),
			logger: { warn: () => undefined, info: () => undefined, debug: () => undefined },
			helpers: {
				...base.helpers,
				httpRequestWithAuthentication: async (credentialType: string, options: IHttpRequestOptions) => {
					expect(credentialType).toBe('kanalAduanApi');
					const b = options.body as { messages: Array<Record<string, unknown>> };
					posts.push({ url: String(options.url), body: b });
					events.push(`store ${b.messages.length}`);
					if (opts.fail) return { statusCode: 403, body: { errors: [{ message: 'no' }] } };
					return { statusCode: 200, body: { data: { stored: b.messages.length, duplicates: 0 } } };
				},
			},
		};
		const res = base.getResponseObject();
		const send = res.send.bind(res);
		res.send = (b: unknown) => (events.push(`answer ${response.status}`), send(b));
		const result = await trigger.webhook.call(ctx as unknown as IWebhookFunctions);
		return { result, response, items: result.workflowData?.[0]?.map((i) => i.json) ?? [] };
	};
	return { call, events, posts };
}

const ids = (items: Array<Record<string, unknown>>) => items.map((i) => (i.message as { id: string }).id);

describe('MessengerTrigger with a Kanal Aduan credential: messages stored before Meta is answered', () => {
	it('declares the Meta credential as required and the Kanal Aduan credential as optional', () => {
		expect(trigger.description.credentials).toEqual([
			{ name: 'metaMessengerApi', required: true },
			{ name: 'kanalAduanApi', required: false },
		]);
	});

	it('stores the message (fb: sender, the page written to as its account), then answers, then starts the run', async () => {
		const t = setup({});
		const { response, items } = await t.call(webhook(1));
		expect(response).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
		expect(t.events).toEqual(['store 1', 'answer 200']);
		expect(t.posts[0]!.url).toBe('http://directus.test/kanal-aduan/intake/inbound');
		expect(t.posts[0]!.body.messages).toEqual([
			{ message: expect.objectContaining({ id: 'fb:m_1', from: `fb:${PSID}` }), sender: `fb:${PSID}`, contact: { wa_id: `fb:${PSID}` }, phone_number_id: `fb:${PAGE}` },
		]);
		expect(ids(items)).toEqual(['fb:m_1']);
	});

	it('webhooks arriving together share one run', async () => {
		const t = setup({});
		const done = await Promise.all([t.call(webhook(2)), t.call(webhook(3))]);
		expect(done.map((d) => ids(d.items))).toEqual([['fb:m_2', 'fb:m_3'], []]);
	});

	it('stores nothing for an ignored event, and nothing without the credential or with the option off', async () => {
		const t = setup({});
		expect((await t.call(webhook(9, { read: { watermark: 1 } }))).response.status).toBe(200);
		expect(t.posts).toEqual([]);
		for (const off of [setup({ attach: false }), setup({ params: { storeMessagesFirst: false } })]) {
			const { items } = await off.call(webhook(4));
			expect(items).toHaveLength(1);
			expect(off.posts).toEqual([]);
		}
	});

	it('when Directus refuses, the message still starts its own run and Meta gets 200', async () => {
		const t = setup({ fail: true, params: { storeRetrySeconds: 0 } });
		const { response, items } = await t.call(webhook(5));
		expect(response.status).toBe(200);
		expect(ids(items)).toEqual(['fb:m_5']);
	});
});
