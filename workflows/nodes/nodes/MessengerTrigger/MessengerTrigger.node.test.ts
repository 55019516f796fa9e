import { createHmac } from 'node:crypto';
import { InboundMessage } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { fakeWebhook } from '../../__tests__/helpers.ts';
import { handleRequest } from '../KanalAduan/operations/intake-handle.ts';
import { MessengerTrigger } from './MessengerTrigger.node.ts';

const trigger = new MessengerTrigger();
const APP_SECRET = 'app-secret-meta';
const CREDENTIALS = { pageAccessToken: 'EAAG-page', appSecret: APP_SECRET, verifyToken: 'verif-123', apiBaseUrl: 'http://graph.test', apiVersion: 'v23.0' };
const PAGE = '106000000000001';
const PSID = '2462519940456789';
const TS = 1790000000123;

const event = (extra: Record<string, unknown>) => ({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: TS, ...extra });
const webhook = (object: string, ...messaging: unknown[]) => ({ object, entry: [{ id: PAGE, time: TS, messaging }] });
const sign = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

/** `signature` null: no header at all; undefined: a correct one. */
async function post(body: unknown, signature?: string | null, credentials = CREDENTIALS) {
	const raw = JSON.stringify(body);
	const { fns, response } = fakeWebhook({
		webhookName: 'default',
		body,
		rawBody: raw,
		headers: signature === null ? {} : { 'x-hub-signature-256': signature ?? sign(raw, credentials.appSecret || 'x') },
		credentials,
	});
	const result = await trigger.webhook.call(fns);
	const items = (result.workflowData?.[0] ?? []).map((i) => i.json);
	return { result, response, items };
}

describe('MessengerTrigger', () => {
	it('is messengerTrigger, serving GET (handshake) and POST on one full path, default /webhook/messenger', () => {
		expect(trigger.description.name).toBe('messengerTrigger');
		const hooks = trigger.description.webhooks!;
		expect(hooks.map((h) => [h.name, h.httpMethod, h.isFullPath])).toEqual([
			['setup', 'GET', true],
			['default', 'POST', true],
		]);
		expect(hooks[1]!.path).toBe('={{$parameter["path"] || "messenger"}}');
	});

	it('answers Meta\'s verification handshake with the challenge, and 403 on a wrong verify token', async () => {
		const handshake = async (token: string) => {
			const { fns, response } = fakeWebhook({
				webhookName: 'setup',
				query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' },
				credentials: CREDENTIALS,
			});
			const result = await trigger.webhook.call(fns);
			return { result, response };
		};
		const ok = await handshake('verif-123');
		expect(ok.response).toMatchObject({ status: 200, body: '1158201444' });
		expect(ok.result.workflowData).toBeUndefined();
		expect((await handshake('salah')).response.status).toBe(403);
	});

	it('emits a Messenger text as the WhatsApp trigger would, keyed fb:<PSID>, and answers EVENT_RECEIVED', async () => {
		const body = webhook('page', event({ message: { mid: 'm_AbC', text: 'Lampu jalan mati' } }));
		const { response, items } = await post(body);
		expect(response).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
		expect(items).toEqual([
			{
				kind: 'message',
				sender: `fb:${PSID}`,
				contact: { wa_id: `fb:${PSID}` },
				message: { from: `fb:${PSID}`, id: 'fb:m_AbC', timestamp: '1790000000', type: 'text', text: { body: 'Lampu jalan mati' } },
				// The page written to, as WhatsApp's phone_number_id: the intake finds its desk, replies go out from it.
				phoneNumberId: `fb:${PAGE}`,
				channel: 'messenger',
				raw: body.entry[0]!.messaging[0],
			},
		]);
		// "Intake → Handle Message" takes the item unchanged.
		const request = handleRequest(items[0]!, {}, 'n8n:1');
		expect(request).toMatchObject({ sender: `fb:${PSID}`, contact: { wa_id: `fb:${PSID}` } });
		expect(InboundMessage.safeParse(request.message).success).toBe(true);
	});

	it('an Instagram quick reply emits a button_reply on channel instagram', async () => {
		const { response, items } = await post(webhook('instagram', event({ message: { mid: 'aWdf', text: 'Ya, kirim', quick_reply: { payload: 'confirm_yes' } } })));
		expect(response.status).toBe(200);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			channel: 'instagram',
			phoneNumberId: `ig:${PAGE}`,
			sender: `ig:${PSID}`,
			message: { id: 'ig:aWdf', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'confirm_yes', title: 'Ya, kirim' } } },
		});
	});

	it('refuses a bad or missing signature with 401 and emits nothing', async () => {
		const body = webhook('page', event({ message: { mid: 'm_1', text: 'x' } }));
		for (const signature of [sign('{"other":1}'), sign(JSON.stringify(body), 'another-secret'), 'sha256=zz', null]) {
			const { result, response } = await post(body, signature);
			expect(response.status).toBe(401);
			expect(String(response.body)).toContain('X-Hub-Signature-256');
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('refuses everything when the credential has no app secret', async () => {
		const body = webhook('page', event({ message: { mid: 'm_1', text: 'x' } }));
		const { result, response } = await post(body, sign(JSON.stringify(body), ''), { ...CREDENTIALS, appSecret: '' });
		expect(response.status).toBe(401);
		expect(String(response.body)).toContain('App Secret belum diisi');
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 for a signed body whose object is not page or instagram', async () => {
		for (const body of [{ object: 'whatsapp_business_account', entry: [] }, { hello: 'world' }, { object: 'page', entry: 'x' }]) {
			const { result, response } = await post(body);
			expect(response.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('acknowledges echoes, reads, deliveries and reactions with 200 and no run', async () => {
		const echo = { sender: { id: PAGE }, recipient: { id: PSID }, timestamp: TS, message: { mid: 'm_echo', is_echo: true, app_id: 1, text: 'Terima kasih' } };
		for (const body of [
			webhook('page', echo),
			webhook('page', event({ read: { watermark: TS } })),
			webhook('page', event({ delivery: { mids: ['m_1'], watermark: TS } })),
			webhook('instagram', event({ reaction: { mid: 'm_1', action: 'react', reaction: 'love' } })),
		]) {
			const { result, response } = await post(body);
			expect(response).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('a batched webhook emits only its messages, in order', async () => {
		const body = webhook('page', event({ message: { mid: 'm_1', text: 'satu' } }), event({ read: { watermark: TS } }), event({ postback: { title: 'Mulai', payload: 'GET_STARTED' } }));
		const { items } = await post(body);
		expect(items.map((i) => (i.message as { id: string }).id)).toEqual(['fb:m_1', `fb:pb:${PSID}:${TS}`]);
		expect(items[1]!.raw).toEqual(body.entry[0]!.messaging[2]);
	});

	it('stamps each item with the account of its own entry: a desk\'s page or Instagram account, or the main one', async () => {
		const DESK_PAGE = '106000000000777';
		const DESK_IG = '17841400000000777';
		const page = {
			object: 'page',
			entry: [
				{ id: DESK_PAGE, time: TS, messaging: [event({ recipient: { id: DESK_PAGE }, message: { mid: 'm_desk', text: 'ke meja kecamatan' } })] },
				{ id: PAGE, time: TS, messaging: [event({ read: { watermark: TS } }), event({ message: { mid: 'm_main', text: 'ke kabupaten' } })] },
			],
		};
		const { items } = await post(page);
		expect(items.map((i) => [(i.message as { id: string }).id, i.phoneNumberId])).toEqual([
			['fb:m_desk', `fb:${DESK_PAGE}`],
			['fb:m_main', `fb:${PAGE}`],
		]);
		expect(items[1]!.raw).toEqual(page.entry[1]!.messaging[1]);
		const ig = await post({ object: 'instagram', entry: [{ id: DESK_IG, time: TS, messaging: [event({ recipient: { id: DESK_IG }, message: { mid: 'aWd1', text: 'halo' } })] }] });
		expect(ig.items.map((i) => i.phoneNumberId)).toEqual([`ig:${DESK_IG}`]);
	});
});
