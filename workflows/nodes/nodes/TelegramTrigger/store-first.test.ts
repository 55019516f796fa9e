// With a Kanal Aduan credential on the Telegram trigger, a citizen's message is
// stored in Directus before Telegram is answered, as the WhatsApp trigger does.
import type { IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fakeWebhook } from '../../__tests__/helpers.ts';
import { TelegramTrigger } from './TelegramTrigger.node.ts';

const trigger = new TelegramTrigger();
const SECRET = 'rahasia';
const TELEGRAM = { botToken: '1:T', secretToken: SECRET, baseUrl: 'http://tg.test' };
const chat = { id: 555000111, type: 'private', first_name: 'Siti' };
const update = (n: number) => ({ update_id: n, message: { message_id: n, from: { id: 555000111, is_bot: false, first_name: 'Siti' }, chat, date: 1790000000, text: `pesan ${n}` } });
let credentialSeq = 0;

function setup(opts: { attach?: boolean; params?: Record<string, unknown>; fail?: boolean }) {
	const credentialId = `tg-cred-${++credentialSeq}`;
	const events: string[] = [];
	const posts: Array<{ url: string; body: { messages: Array<Record<string, unknown>> } }> = [];
	const call = async (body: unknown) => {
		const { fns, response } = fakeWebhook({ webhookName: 'default', body, headers: { 'x-telegram-bot-api-secret-token': SECRET }, credentials: TELEGRAM });
		const base = fns as unknown as Record<string, any>;
		const ctx = {
			...base,
			getNode: () => ({ ...base.getNode(), credentials: opts.attach === false ? {} : { kanalAduanApi: { id: credentialId, name: 'Kanal Aduan (Directus)' } } }),
			getNodeParameter: (name: string, fallback?: unknown) => opts.params?.[name] ?? fallback,
			getCredentials: async (type: string) => (type === 'kanalAduanApi' ? { directusUrl: 'http://directus.test/', token: 't' } : TELEGRAM),
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

describe('TelegramTrigger with a Kanal Aduan credential: messages stored before Telegram is answered', () => {
	it('declares the Kanal Aduan credential as optional', () => {
		expect(trigger.description.credentials).toEqual([
			{ name: 'telegramBotApi', required: true },
			{ name: 'kanalAduanApi', required: false },
		]);
	});

	it('stores the message (tg: sender, the bot written to as the number), then answers, then starts the run', async () => {
		const t = setup({});
		const { response, items } = await t.call(update(1));
		expect(response.status).toBe(200);
		expect(t.events).toEqual(['store 1', 'answer 200']);
		expect(t.posts[0]!.url).toBe('http://directus.test/kanal-aduan/intake/inbound');
		expect(t.posts[0]!.body.messages).toEqual([
			{ message: expect.objectContaining({ id: 'tg:555000111:1', from: 'tg:555000111' }), sender: 'tg:555000111', contact: { wa_id: 'tg:555000111', name: 'Siti' }, phone_number_id: 'tg:1' },
		]);
		expect(items.map((i) => (i.message as { id: string }).id)).toEqual(['tg:555000111:1']);
	});

	it('webhooks arriving together share one run', async () => {
		const t = setup({});
		const done = await Promise.all([t.call(update(2)), t.call(update(3))]);
		expect(done.map((d) => d.items.map((i) => (i.message as { id: string }).id))).toEqual([['tg:555000111:2', 'tg:555000111:3'], []]);
	});

	it('stores nothing for an ignored update, and nothing without the credential or with the option off', async () => {
		const t = setup({});
		const group = { update_id: 9, message: { ...update(9).message, chat: { id: -100, type: 'group', title: 'G' } } };
		expect((await t.call(group)).response.status).toBe(200);
		expect(t.posts).toEqual([]);
		for (const off of [setup({ attach: false }), setup({ params: { storeMessagesFirst: false } })]) {
			const { items } = await off.call(update(4));
			expect(items).toHaveLength(1);
			expect(off.posts).toEqual([]);
		}
	});

	it('when Directus refuses, the message still starts its own run and Telegram gets 200', async () => {
		const t = setup({ fail: true, params: { storeRetrySeconds: 0 } });
		const { response, items } = await t.call(update(5));
		expect(response.status).toBe(200);
		expect(items.map((i) => (i.message as { id: string }).id)).toEqual(['tg:555000111:5']);
	});
});
