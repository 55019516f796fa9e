import { signBody } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { fakeWebhook, WA_CREDENTIALS } from '../../__tests__/helpers.ts';
import { WhatsAppCloudTrigger } from './WhatsAppCloudTrigger.node.ts';

const trigger = new WhatsAppCloudTrigger();

const payload = {
	object: 'whatsapp_business_account',
	entry: [
		{
			id: '200000000000001',
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '6281100000000', phone_number_id: '100000000000001' },
						contacts: [{ profile: { name: 'Siti' }, wa_id: '6281234567890' }],
						messages: [
							{ from: '6281234567890', id: 'wamid.A', timestamp: '1790000000', type: 'text', text: { body: 'Jalan rusak di Kayuagung' } },
							{ from: '6281234567890', id: 'wamid.B', timestamp: '1790000001', type: 'sticker', sticker: { id: 'm1', mime_type: 'image/webp' } },
						],
					},
				},
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '6281100000000', phone_number_id: '100000000000001' },
						statuses: [{ id: 'wamid.OUT', status: 'delivered', timestamp: '1790000002', recipient_id: '6281234567890' }],
					},
				},
			],
		},
	],
};

async function post(body: unknown, signature: string | undefined, rawBody = JSON.stringify(body)) {
	const { fns, response } = fakeWebhook({
		webhookName: 'default',
		rawBody,
		body,
		headers: signature === undefined ? {} : { 'x-hub-signature-256': signature },
		credentials: WA_CREDENTIALS,
	});
	const result = await trigger.webhook.call(fns);
	return { result, response };
}

describe('WhatsAppCloudTrigger', () => {
	it('serves GET and POST on one fixed full path, defaulting to /webhook/whatsapp', () => {
		const hooks = trigger.description.webhooks!;
		expect(hooks.map((h) => [h.name, h.httpMethod, h.isFullPath])).toEqual([
			['setup', 'GET', true],
			['default', 'POST', true],
		]);
		expect(hooks[0]!.path).toBe('={{$parameter["path"] || "whatsapp"}}');
		expect(trigger.description.properties.find((p) => p.name === 'path')!.default).toBe('whatsapp');
	});

	it('answers the verification handshake with the challenge as text/plain', async () => {
		const { fns, response } = fakeWebhook({
			webhookName: 'setup',
			query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' },
			credentials: WA_CREDENTIALS,
		});
		const result = await trigger.webhook.call(fns);
		expect(response).toMatchObject({ status: 200, contentType: 'text/plain', body: '1158201444' });
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses the handshake with a wrong verify token (403, no run)', async () => {
		const { fns, response } = fakeWebhook({
			webhookName: 'setup',
			query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' },
			credentials: WA_CREDENTIALS,
		});
		const result = await trigger.webhook.call(fns);
		expect(response.status).toBe(403);
		expect(response.body).not.toContain('1158201444');
		expect(result.workflowData).toBeUndefined();
	});

	it('emits one item per message on the first output and per status on the second for a correctly signed body', async () => {
		const raw = JSON.stringify(payload);
		const { result, response } = await post(payload, signBody(raw, 'app-secret'), raw);
		expect(response.status).toBe(200);
		const [messages, others] = result.workflowData!.map((output) => output.map((i) => i.json));
		expect(messages!.map((e) => e.kind)).toEqual(['message', 'message']);
		expect(others!.map((e) => e.kind)).toEqual(['status']);
		const items = [...messages!, ...others!];
		expect(items[0]).toMatchObject({
			kind: 'message',
			phoneNumberId: '100000000000001',
			contact: { wa_id: '6281234567890', name: 'Siti' },
			message: { id: 'wamid.A', text: { body: 'Jalan rusak di Kayuagung' } },
		});
		expect((items[0]!.raw as { messages: unknown[] }).messages).toHaveLength(2);
		expect(items[2]).toMatchObject({ kind: 'status', status: { id: 'wamid.OUT', status: 'delivered' } });
	});

	it('checks the signature over the raw bytes, not the re-serialised JSON', async () => {
		const raw = JSON.stringify(payload, null, 2); // same data, different bytes
		const { result, response } = await post(payload, signBody(JSON.stringify(payload), 'app-secret'), raw);
		expect(response.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('rejects a bad or missing signature with 401 and no run', async () => {
		for (const sig of [signBody(JSON.stringify(payload), 'other-secret'), undefined, 'sha256=zz']) {
			const { result, response } = await post(payload, sig);
			expect(response.status).toBe(401);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('rejects everything when the credential has no app secret', async () => {
		const raw = JSON.stringify(payload);
		const { fns, response } = fakeWebhook({
			webhookName: 'default',
			rawBody: raw,
			body: payload,
			headers: { 'x-hub-signature-256': signBody(raw, '') },
			credentials: { ...WA_CREDENTIALS, appSecret: '' },
		});
		const result = await trigger.webhook.call(fns);
		expect(response.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 with a clear message for a signed body that is not WhatsApp-shaped', async () => {
		for (const body of [{ hello: 'world' }, { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { nope: true } }] }] }]) {
			const { result, response } = await post(body, signBody(JSON.stringify(body), 'app-secret'));
			expect(response.status).toBe(400);
			expect(String(response.body)).toContain('WhatsApp');
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('acknowledges other subscribed fields without starting a run', async () => {
		const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'account_update', value: { event: 'X' } }] }] };
		const { result, response } = await post(body, signBody(JSON.stringify(body), 'app-secret'));
		expect(response.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});

	describe('every kind Meta sends on the messages field: 200 and one item each, never a 400', () => {
		const value = (v: Record<string, unknown>) => ({
			object: 'whatsapp_business_account',
			entry: [{ id: '2', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6281100000000', phone_number_id: '100000000000001' }, ...v } }] }],
		});
		const contacts = [{ profile: { name: 'Siti' }, wa_id: '6281234567890' }];
		const m = (extra: Record<string, unknown>) => ({ from: '6281234567890', id: `wamid.${Object.keys(extra).join('')}`, timestamp: '1790000000', ...extra });
		const kinds: Array<[string, unknown, string]> = [
			['reaction', value({ contacts, messages: [m({ type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '👍' } })] }), 'message'],
			['removed reaction', value({ contacts, messages: [m({ type: 'reaction', reaction: { message_id: 'wamid.OUT' } })] }), 'message'],
			['request_welcome', value({ contacts, messages: [m({ type: 'request_welcome' })] }), 'message'],
			['number change (no contacts)', value({ messages: [m({ type: 'system', system: { body: 'x', wa_id: '6281399998888', type: 'user_changed_number' } })] }), 'message'],
			['edit', value({ contacts, messages: [m({ type: 'edit', edit: { original_message_id: 'wamid.A', message: { type: 'text', text: { body: 'baru' } } } })] }), 'message'],
			['revoke', value({ contacts, messages: [m({ type: 'revoke', revoke: { original_message_id: 'wamid.A' } })] }), 'message'],
			['group post', value({ contacts, messages: [m({ type: 'text', text: { body: 'halo' }, group_id: 'G1' })] }), 'message'],
			[
				'username sender (no phone number)',
				value({ contacts: [{ profile: { name: 'Siti', username: '@siti' }, user_id: 'ID.1502576394655843' }], messages: [{ from_user_id: 'ID.1502576394655843', id: 'wamid.U', timestamp: '1', type: 'text', text: { body: 'halo' } }] }),
				'message',
			],
			['value-level error', value({ errors: [{ code: 131056, title: '(Business Account, Consumer Account) pair rate limit hit' }] }), 'error'],
			['failed status', value({ statuses: [{ id: 'wamid.OUT', status: 'failed', timestamp: '1', recipient_id: '6281234567890', errors: [{ code: 131026, title: 'Message undeliverable' }] }] }), 'status'],
			['a type Meta adds later', value({ contacts, messages: [m({ type: 'order', order: { catalog_id: '1' } })] }), 'message'],
		];
		it.each(kinds)('%s', async (_, body, kind) => {
			const raw = JSON.stringify(body);
			const { result, response } = await post(body, signBody(raw, 'app-secret'), raw);
			expect(response.status).toBe(200);
			const [messages, others] = result.workflowData!.map((output) => output.map((i) => i.json));
			expect((kind === 'message' ? messages : others)!.map((e) => e.kind)).toEqual([kind]);
			expect((kind === 'message' ? others : messages)!).toEqual([]);
		});

		it('a username sender is keyed on the business-scoped id', async () => {
			const body = kinds[7]![1];
			const raw = JSON.stringify(body);
			const { result } = await post(body, signBody(raw, 'app-secret'), raw);
			expect(result.workflowData![0]![0]!.json).toMatchObject({ sender: 'ID.1502576394655843', contact: { user_id: 'ID.1502576394655843', username: '@siti' } });
		});
	});
});
