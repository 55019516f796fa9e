import { describe, expect, it } from 'vitest';
import type { HttpResponse, RetryOptions } from '../WhatsAppCloud/graph-client.ts';
import { callBotApiWithFile, multipartBody, TelegramApiError, type BotContext, type BotRequest } from './bot-client.ts';

// Uploading a file to the Bot API: multipart/form-data through the same http
// port and retries as the JSON calls. https://core.telegram.org/bots/api#sending-files

const TOKEN = '7000000002:DESK-secret';
const PNG = Buffer.from('89504e470d0a1a0a0000', 'hex');
const noWait: RetryOptions = { tries: 3, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} };
const photo = { field: 'photo', bytes: PNG, filename: 'foto-1.png', mimeType: 'image/png' };

function bot(answers: Array<HttpResponse | Error>) {
	const requests: BotRequest[] = [];
	const ctx: BotContext = {
		target: { baseUrl: 'http://tg.test/', botToken: TOKEN },
		retry: noWait,
		http: async (req) => {
			requests.push(req);
			const next = answers.shift();
			if (!next) throw new Error('no more answers');
			if (next instanceof Error) throw next;
			return next;
		},
	};
	return { ctx, requests };
}

const ok = (result: unknown): HttpResponse => ({ statusCode: 200, headers: {}, body: { ok: true, result } });

describe('multipartBody', () => {
	it('writes each parameter as a text part and the file with its name and type, bytes unchanged', async () => {
		const form = multipartBody({ chat_id: '555000111', caption: 'Sesudah ditambal', reply_to_message_id: undefined }, photo);
		const res = new Response(form);
		const boundary = /boundary=(.+)$/.exec(res.headers.get('content-type') ?? '')![1]!;
		const wire = Buffer.from(await res.arrayBuffer());
		const expected = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n555000111\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nSesudah ditambal\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="foto-1.png"\r\nContent-Type: image/png\r\n\r\n`),
			PNG,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		expect(wire.equals(expected)).toBe(true);
	});
});

describe('callBotApiWithFile', () => {
	it('posts the form to /bot<token>/<method> and answers the result', async () => {
		const { ctx, requests } = bot([ok({ message_id: 9, chat: { id: 555000111 } })]);
		const result = await callBotApiWithFile(ctx, 'sendPhoto', { chat_id: '555000111', caption: 'Sebelum' }, photo);
		expect(result).toEqual({ message_id: 9, chat: { id: 555000111 } });
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', url: `http://tg.test/bot${TOKEN}/sendPhoto` });
		const form = requests[0]!.body as FormData;
		expect(form).toBeInstanceOf(FormData);
		expect(form.get('chat_id')).toBe('555000111');
		expect(form.get('caption')).toBe('Sebelum');
		const file = form.get('photo') as File;
		expect([file.name, file.type]).toEqual(['foto-1.png', 'image/png']);
		expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
	});

	it('tries a 429 again with the same parts', async () => {
		const { ctx, requests } = bot([
			{ statusCode: 429, headers: {}, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 0', parameters: { retry_after: 0 } } },
			ok({ message_id: 10 }),
		]);
		await callBotApiWithFile(ctx, 'sendPhoto', { chat_id: '1' }, photo);
		expect(requests).toHaveLength(2);
		const again = requests[1]!.body as FormData;
		expect(Buffer.from(await (again.get('photo') as File).arrayBuffer()).equals(PNG)).toBe(true);
	});

	it("refuses with Telegram's description and never puts the token in the error", async () => {
		const { ctx } = bot([{ statusCode: 400, headers: {}, body: { ok: false, error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' } }]);
		const error = (await callBotApiWithFile(ctx, 'sendPhoto', { chat_id: '1' }, photo).catch((e: unknown) => e)) as TelegramApiError;
		expect(error).toBeInstanceOf(TelegramApiError);
		expect([error.message, error.httpStatus]).toEqual(['Bad Request: IMAGE_PROCESS_FAILED', 400]);

		const down = bot([0, 1, 2].map(() => new Error(`connect ECONNREFUSED for http://tg.test/bot${TOKEN}/sendPhoto`)));
		const unreachable = (await callBotApiWithFile(down.ctx, 'sendPhoto', { chat_id: '1' }, photo).catch((e: unknown) => e)) as TelegramApiError;
		expect(unreachable.httpStatus).toBe(0);
		expect(JSON.stringify([unreachable.message, unreachable.details])).not.toContain('DESK-secret');
		expect(String(unreachable.details)).toContain('bot<token>/sendPhoto');
	});

	it('refuses an empty file without calling Telegram', async () => {
		const { ctx, requests } = bot([]);
		await expect(callBotApiWithFile(ctx, 'sendPhoto', { chat_id: '1' }, { ...photo, bytes: Buffer.alloc(0) })).rejects.toThrow(/kosong/);
		expect(requests).toEqual([]);
	});
});
