import { InboundMessage } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { fakeWebhook } from '../../__tests__/helpers.ts';
import { handleRequest } from '../KanalAduan/operations/intake-handle.ts';
import { TelegramTrigger } from './TelegramTrigger.node.ts';

const trigger = new TelegramTrigger();
const SECRET = 'rahasia_webhook-1';
const CREDENTIALS = { botToken: '123456:ABC', secretToken: SECRET, baseUrl: 'http://tg.test' };

const user = { id: 555000111, is_bot: false, first_name: 'Siti', language_code: 'id' };
const chat = { id: 555000111, type: 'private', first_name: 'Siti' };
const textUpdate = { update_id: 900001, message: { message_id: 17, from: user, chat, date: 1790000000, text: 'Lampu jalan mati di Jl. Merdeka' } };
const tapUpdate = {
	update_id: 900002,
	callback_query: {
		id: '4382bfdwdsb323b2d9',
		from: user,
		chat_instance: 'ci',
		data: 'confirm_yes',
		message: {
			message_id: 30,
			chat,
			date: 1790000000,
			text: 'Kirim laporan ini?',
			reply_markup: { inline_keyboard: [[{ text: 'Ya, kirim', callback_data: 'confirm_yes' }], [{ text: 'Batal', callback_data: 'confirm_no' }]] },
		},
	},
};

/** `secret` null: no header at all. `query`: the webhook URL's query (`?bot=` of a desk's bot). */
async function post(body: unknown, secret: string | null = SECRET, credentials = CREDENTIALS, query?: Record<string, unknown>) {
	const { fns, response } = fakeWebhook({
		webhookName: 'default',
		body,
		headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
		credentials,
		...(query ? { query } : {}),
	});
	const result = await trigger.webhook.call(fns);
	const items = (result.workflowData?.[0] ?? []).map((i) => i.json);
	return { result, response, items };
}

describe('TelegramTrigger', () => {
	it('serves POST on one fixed full path, defaulting to /webhook/telegram', () => {
		const hooks = trigger.description.webhooks!;
		expect(hooks.map((h) => [h.name, h.httpMethod, h.isFullPath])).toEqual([['default', 'POST', true]]);
		expect(hooks[0]!.path).toBe('={{$parameter["path"] || "telegram"}}');
	});

	it('emits a private text message as the WhatsApp trigger would, keyed tg:<chat_id>, from the main bot\'s account', async () => {
		const { response, items } = await post(textUpdate);
		expect(response.status).toBe(200);
		expect(items).toEqual([
			{
				kind: 'message',
				sender: 'tg:555000111',
				contact: { wa_id: 'tg:555000111', name: 'Siti' },
				message: { from: 'tg:555000111', id: 'tg:555000111:17', timestamp: '1790000000', type: 'text', text: { body: 'Lampu jalan mati di Jl. Merdeka' } },
				phoneNumberId: 'tg:123456',
				channel: 'telegram',
				raw: textUpdate,
			},
		]);
		// "Intake → Handle Message" takes the item unchanged: the bot's account as the number written to, the tg: sender kept as is.
		const request = handleRequest(items[0]!, {}, 'n8n:1');
		expect(request).toMatchObject({ sender: 'tg:555000111', contact: { wa_id: 'tg:555000111' }, phone_number_id: 'tg:123456' });
		expect(InboundMessage.safeParse(request.message).success).toBe(true);
	});

	it('stamps the desk bot an update came to from the webhook URL\'s ?bot=, even one the credential has no token for', async () => {
		const desk = { ...CREDENTIALS, deskBotTokens: '7000000002:DESK' };
		const toDesk = await post(textUpdate, SECRET, desk, { bot: '7000000002' });
		expect(toDesk.response.status).toBe(200);
		expect(toDesk.items).toMatchObject([{ sender: 'tg:555000111', phoneNumberId: 'tg:7000000002' }]);
		// Nothing is lost to a missing token: the send from that bot fails later, saying what to add.
		const unknown = await post(textUpdate, SECRET, desk, { bot: '7000000009' });
		expect(unknown.items).toMatchObject([{ phoneNumberId: 'tg:7000000009' }]);
	});

	it('checks the secret before the bot: a desk bot\'s update with a wrong secret is refused', async () => {
		const { result, response } = await post(textUpdate, 'salah', CREDENTIALS, { bot: '7000000002' });
		expect(response.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('acknowledges with 200 and ignores an update whose ?bot= is not a bot id', async () => {
		for (const bot of ['abc', '12a', '', ['7000000002', '7000000003']]) {
			const { result, response } = await post(textUpdate, SECRET, CREDENTIALS, { bot });
			expect(response.status).toBe(200);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('a replayed update emits the same message id (the intake dedupes on it)', async () => {
		const first = await post(textUpdate);
		const again = await post(structuredClone(textUpdate));
		expect(again.response.status).toBe(200);
		expect((again.items[0]!.message as { id: string }).id).toBe((first.items[0]!.message as { id: string }).id);
	});

	it('refuses a wrong or missing secret with 401 and emits nothing', async () => {
		for (const secret of ['rahasia_webhook-2', '', null]) {
			const { result, response } = await post(textUpdate, secret);
			expect(response.status).toBe(401);
			expect(response.contentType).toBe('application/json');
			expect(String(response.body)).toContain('X-Telegram-Bot-Api-Secret-Token');
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('refuses everything when the credential has no secret token', async () => {
		const { result, response } = await post(textUpdate, '', { ...CREDENTIALS, secretToken: '' });
		expect(response.status).toBe(401);
		expect(String(response.body)).toContain('Secret Token belum diisi');
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 for a signed body that is not a Telegram update', async () => {
		for (const body of [{ hello: 'world' }, { update_id: 1, message: { text: 'no chat' } }]) {
			const { result, response } = await post(body);
			expect(response.status).toBe(400);
			expect(String(response.body)).toContain('Telegram');
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('answers a button tap with answerCallbackQuery in the webhook response and emits a button reply', async () => {
		const { response, items } = await post(tapUpdate);
		expect(response.status).toBe(200);
		expect(response.contentType).toBe('application/json');
		expect(JSON.parse(String(response.body))).toEqual({ method: 'answerCallbackQuery', callback_query_id: '4382bfdwdsb323b2d9' });
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			sender: 'tg:555000111',
			message: { id: 'tg:cb:4382bfdwdsb323b2d9', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'confirm_yes', title: 'Ya, kirim' } } },
		});
	});

	it('acknowledges a group message, an edit and a membership change with 200 and no run', async () => {
		const group = { update_id: 3, message: { ...textUpdate.message, chat: { id: -1001234, type: 'supergroup', title: 'Warga RT 03' } } };
		const edit = { update_id: 4, edited_message: { ...textUpdate.message, edit_date: 1790000100 } };
		const blocked = { update_id: 5, my_chat_member: { chat, from: user, date: 1790000000, old_chat_member: {}, new_chat_member: {} } };
		for (const body of [group, edit, blocked]) {
			const { result, response } = await post(body);
			expect(response.status).toBe(200);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('still stops the spinner of a tap it ignores (a group keyboard)', async () => {
		const inGroup = structuredClone(tapUpdate);
		inGroup.callback_query.message.chat = { id: -100, type: 'group', first_name: 'x' };
		const { result, response } = await post(inGroup);
		expect(response.status).toBe(200);
		expect(JSON.parse(String(response.body))).toMatchObject({ method: 'answerCallbackQuery' });
		expect(result.workflowData).toBeUndefined();
	});
});
