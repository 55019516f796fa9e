import { buttonMessage, sendRefusedForGood, templateMessage, textMessage } from '@kanal-aduan/core';
import { describe, expect, it, vi } from 'vitest';
import { fakeExecute, type FakeResponse } from '../../__tests__/helpers.ts';
import { TELEGRAM_BOT_CREDENTIAL } from '../../shared/credential-names.ts';
import { fetchTelegramFile } from './bot-client.ts';
import { Telegram } from './Telegram.node.ts';

const node = new Telegram();
const CREDENTIALS = { botToken: '123456:ABC-token', secretToken: 's', baseUrl: 'http://tg.test/' };
const TG = 'tg:555000111';
const sent = (messageId: number): FakeResponse => ({ statusCode: 200, body: { ok: true, result: { message_id: messageId, date: 1790000000, chat: { id: 555000111, type: 'private' } } } });
const refused = (statusCode: number, description: string, parameters?: object): FakeResponse => ({
	statusCode,
	body: { ok: false, error_code: statusCode, description, ...(parameters ? { parameters } : {}) },
});

function run(reply: unknown, responses: FakeResponse[], continueOnFail = false) {
	const { fns, calls } = fakeExecute({
		items: [{ reply: reply as never }],
		params: { operation: 'sendPrepared', message: reply },
		credentials: { [TELEGRAM_BOT_CREDENTIAL]: CREDENTIALS },
		continueOnFail,
		http: (_o, i) => responses[Math.min(i, responses.length - 1)]!,
	});
	return { promise: node.execute.call(fns) as Promise<[[{ json: Record<string, unknown> }]]>, calls };
}

describe('Telegram Bot: Send Prepared Reply', () => {
	it('is the telegramBot node with one operation reading the reply like the WhatsApp node', () => {
		expect(node.description.name).toBe('telegramBot');
		const message = node.description.properties.find((p) => p.name === 'message')!;
		expect(message.default).toBe('={{ $json.reply }}');
	});

	it('sends text to <baseUrl>/bot<token>/sendMessage and answers in the WhatsApp node shape with the tg: id', async () => {
		const reply = textMessage(TG, 'Laporan ADU-2611-00042 sudah kami terima.', 'tg:555000111:17');
		const { promise, calls } = run(reply, [sent(31)]);
		const [[item]] = await promise;
		expect(calls).toHaveLength(1);
		expect(calls[0]!.credentialType).toBe(TELEGRAM_BOT_CREDENTIAL);
		expect(calls[0]!.options).toMatchObject({ method: 'POST', url: 'http://tg.test/bot123456:ABC-token/sendMessage' });
		expect(calls[0]!.options.body).toMatchObject({ chat_id: 555000111, text: 'Laporan ADU-2611-00042 sudah kami terima.', reply_parameters: { message_id: 17 } });
		expect(item.json).toEqual({ wamid: 'tg:555000111:31', to: TG, waId: TG, fallback: false, type: 'text', message: reply });
	});

	it('translates reply buttons into an inline keyboard', async () => {
		const reply = buttonMessage(TG, 'Kirim laporan ini?', [
			{ id: 'confirm_yes', title: 'Ya, kirim' },
			{ id: 'confirm_edit', title: 'Ubah' },
			{ id: 'confirm_no', title: 'Batal' },
		]);
		const { promise, calls } = run(reply, [sent(32)]);
		const [[item]] = await promise;
		expect(calls[0]!.options.body).toEqual({
			chat_id: 555000111,
			text: 'Kirim laporan ini?',
			reply_markup: {
				inline_keyboard: [
					[{ text: 'Ya, kirim', callback_data: 'confirm_yes' }],
					[{ text: 'Ubah', callback_data: 'confirm_edit' }],
					[{ text: 'Batal', callback_data: 'confirm_no' }],
				],
			},
		});
		expect(item.json).toMatchObject({ wamid: 'tg:555000111:32', type: 'interactive' });
	});

	it('retries a 429 after Telegram\'s retry_after, then sends', async () => {
		vi.useFakeTimers();
		try {
			const { promise, calls } = run(textMessage(TG, 'halo'), [refused(429, 'Too Many Requests: retry after 1', { retry_after: 1 }), sent(33)]);
			await vi.runAllTimersAsync();
			const [[item]] = await promise;
			expect(calls).toHaveLength(2);
			expect(item.json.wamid).toBe('tg:555000111:33');
		} finally {
			vi.useRealTimers();
		}
	});

	it('a bot the citizen blocked (403) becomes an error item Record Sent gives up, without retrying', async () => {
		const { promise, calls } = run(textMessage(TG, 'halo'), [refused(403, 'Forbidden: bot was blocked by the user')], true);
		const [[item]] = await promise;
		expect(calls).toHaveLength(1);
		expect(item.json).toEqual({ error: 'Telegram Bot API: Forbidden: bot was blocked by the user', code: 403, httpStatus: 403, refusedForGood: true });
		// The WhatsApp rule alone would retry a 403 (a token an admin can fix): the flag is what gives it up.
		expect(sendRefusedForGood({ httpStatus: 403, code: 403 })).toBe(false);
	});

	it('a 5xx is retried and, when it lasts, is an error item left for the redrive pass', async () => {
		vi.useFakeTimers();
		try {
			const { promise, calls } = run(textMessage(TG, 'halo'), [refused(502, 'Bad Gateway')], true);
			await vi.runAllTimersAsync();
			const [[item]] = await promise;
			expect(calls).toHaveLength(4);
			expect(item.json).toMatchObject({ httpStatus: 502, refusedForGood: false });
		} finally {
			vi.useRealTimers();
		}
	});

	it('refuses a WhatsApp template before calling Telegram, as a given-up error', async () => {
		const { promise, calls } = run(templateMessage(TG, 'status_update', 'id', ['ADU-1']), [sent(1)], true);
		const [[item]] = await promise;
		expect(calls).toHaveLength(0);
		expect(item.json).toMatchObject({ refusedForGood: true, httpStatus: null, error: expect.stringContaining('Telegram tidak punya template') });
	});

	it('without continueOnFail, throws a NodeOperationError with Telegram\'s description and never the token', async () => {
		const { promise } = run(textMessage(TG, 'halo'), [refused(400, 'Bad Request: chat not found')]);
		await expect(promise).rejects.toMatchObject({ name: 'NodeOperationError', message: 'Telegram Bot API: Bad Request: chat not found' });
		vi.useFakeTimers();
		try {
			const { fns } = fakeExecute({
				params: { operation: 'sendPrepared', message: textMessage(TG, 'halo') },
				credentials: { [TELEGRAM_BOT_CREDENTIAL]: CREDENTIALS },
				http: (o) => {
					throw new Error(`connect ECONNREFUSED ${o.url}`);
				},
			});
			const p = node.execute.call(fns);
			const assertion = expect(p).rejects.toSatisfy((e: { message: string; description: string }) => e.message.includes('tidak dapat dihubungi') && !e.description.includes('ABC-token'));
			await vi.runAllTimersAsync();
			await assertion;
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('Telegram Bot: the bot a reply goes out from', () => {
	const DESKS = { ...CREDENTIALS, deskBotTokens: '7000000002:DESK-A\n7000000003:DESK-B' };
	const reply = textMessage(TG, 'Laporan Anda sudah kami terima.');

	function runItems(items: Array<Record<string, unknown>>, sendFrom: string[] = []) {
		const { fns, calls } = fakeExecute({
			items: items.map((extra) => ({ reply: reply as never, ...extra })),
			params: (name, i) => ({ operation: 'sendPrepared', message: reply, sendFrom: sendFrom[i] ?? '' })[name],
			credentials: { [TELEGRAM_BOT_CREDENTIAL]: DESKS },
			continueOnFail: true,
			http: () => sent(40),
		});
		return { promise: node.execute.call(fns) as Promise<[Array<{ json: Record<string, unknown> }>]>, calls };
	}

	it('sends from the desk bot the item names (from first, then phoneNumberId), and from the main bot otherwise', async () => {
		const { promise, calls } = runItems([
			{ phoneNumberId: 'tg:7000000002' },
			{ from: 'tg:7000000003', phoneNumberId: 'tg:7000000002' },
			{ from: null, phoneNumberId: null },
			{ phoneNumberId: '100000000000001' },
		]);
		const [out] = await promise;
		expect(out.map((o) => o.json.wamid)).toEqual(['tg:555000111:40', 'tg:555000111:40', 'tg:555000111:40', 'tg:555000111:40']);
		expect(calls.map((c) => c.options.url)).toEqual([
			'http://tg.test/bot7000000002:DESK-A/sendMessage',
			'http://tg.test/bot7000000003:DESK-B/sendMessage',
			'http://tg.test/bot123456:ABC-token/sendMessage',
			'http://tg.test/bot123456:ABC-token/sendMessage',
		]);
	});

	it('«Send From» names the bot for items that carry it elsewhere (a notice\'s notice.phoneNumberId)', async () => {
		const { promise, calls } = runItems([{ notice: { phoneNumberId: 'tg:7000000003' } }, { phoneNumberId: 'tg:7000000002' }, {}], ['tg:7000000003', '', '']);
		await promise;
		expect(calls.map((c) => c.options.url)).toEqual([
			'http://tg.test/bot7000000003:DESK-B/sendMessage',
			'http://tg.test/bot7000000002:DESK-A/sendMessage',
			'http://tg.test/bot123456:ABC-token/sendMessage',
		]);
	});

	it('a bot whose token is not on the credential is an error item saying what to add, left for the redrive pass', async () => {
		const { promise, calls } = runItems([{ phoneNumberId: 'tg:7000000009' }, { phoneNumberId: 'tg:7000000002' }]);
		const [[failed, next]] = await promise;
		expect(failed!.json).toEqual({ error: expect.stringContaining('«Token bot meja»'), code: null, httpStatus: null, refusedForGood: false });
		expect(String(failed!.json.error)).toContain('tg:7000000009');
		// Record Sent's own rule does not give it up either: the reply waits for the token.
		expect(sendRefusedForGood({ httpStatus: null, code: null })).toBe(false);
		expect(next!.json.wamid).toBe('tg:555000111:40');
		expect(calls.map((c) => c.options.url)).toEqual(['http://tg.test/bot7000000002:DESK-A/sendMessage']);
	});
});

describe('fetchTelegramFile', () => {
	it('resolves the file_id with getFile, then downloads /file/bot<token>/<file_path>', async () => {
		const requests: Array<{ url: string; body?: object; encoding?: string }> = [];
		const responses: FakeResponse[] = [
			{ statusCode: 200, body: { ok: true, result: { file_id: 'AgAC', file_unique_id: 'u', file_size: 4, file_path: 'photos/file_7.jpg' } } },
			{ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from('JPEG') },
		];
		const ctx = {
			target: { baseUrl: 'http://tg.test', botToken: '123:T' },
			http: async (req: { url: string; body?: object; encoding?: 'arraybuffer' }) => {
				requests.push(req);
				const r = responses[requests.length - 1]!;
				return { headers: {}, ...r };
			},
		};
		const file = await fetchTelegramFile(ctx, 'AgAC');
		expect(requests.map((r) => r.url)).toEqual(['http://tg.test/bot123:T/getFile', 'http://tg.test/file/bot123:T/photos/file_7.jpg']);
		expect(requests[0]!.body).toEqual({ file_id: 'AgAC' });
		expect(requests[1]!.encoding).toBe('arraybuffer');
		expect(file).toEqual({ bytes: Buffer.from('JPEG'), mimeType: 'image/jpeg', filePath: 'photos/file_7.jpg' });
	});
});
