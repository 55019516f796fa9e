import { describe, expect, it } from 'vitest';
import { scriptedHttp } from '../../__tests__/helpers.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import { attachmentUploadUrl, uploadMessengerAttachment } from './attachment-upload.ts';
import { MessengerApiError, type SendApiRequest } from './send-api-client.ts';

const target = { apiBaseUrl: 'http://meta.test/', apiVersion: 'v23.0', pageAccessToken: 'SECRET-TOKEN' };
const retry = { tries: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
const PNG = Buffer.from('89504e470d0a1a0a0000', 'hex');
const file = { bytes: PNG, mimeType: 'image/png', filename: 'foto-1.png' };

/** What a multipart call carried, read back as Meta would parse it. */
async function parts(req: SendApiRequest) {
	const form = req.body as FormData;
	expect(form).toBeInstanceOf(FormData);
	const filedata = form.get('filedata') as File;
	return {
		fields: [...form.keys()],
		platform: form.get('platform'),
		message: JSON.parse(String(form.get('message'))),
		name: filedata.name,
		type: filedata.type,
		bytes: Buffer.from(await filedata.arrayBuffer()),
	};
}

function client(answers: Array<HttpResponse | Error>) {
	const { http, requests } = scriptedHttp<SendApiRequest, HttpResponse>(answers);
	return { ctx: { target, http, retry }, requests };
}

describe('uploadMessengerAttachment', () => {
	it('posts multipart message + filedata (name, type, bytes) to /me/message_attachments with the page token as bearer', async () => {
		const { ctx, requests } = client([{ statusCode: 200, headers: {}, body: { attachment_id: '1857777774821032' } }]);
		expect(await uploadMessengerAttachment(ctx, 'messenger', file)).toBe('1857777774821032');
		expect(attachmentUploadUrl(target)).toBe('http://meta.test/v23.0/me/message_attachments');
		expect(requests.map((r) => [r.method, r.url, r.headers])).toEqual([['POST', 'http://meta.test/v23.0/me/message_attachments', { Authorization: 'Bearer SECRET-TOKEN' }]]);
		expect(await parts(requests[0]!)).toEqual({
			fields: ['message', 'filedata'],
			platform: null,
			message: { attachment: { type: 'image', payload: { is_reusable: false } } },
			name: 'foto-1.png',
			type: 'image/png',
			bytes: PNG,
		});
	});

	it('adds platform=instagram for an Instagram citizen', async () => {
		const { ctx, requests } = client([{ statusCode: 200, headers: {}, body: { attachment_id: '99' } }]);
		await uploadMessengerAttachment(ctx, 'instagram', file);
		expect(await parts(requests[0]!)).toMatchObject({ fields: ['platform', 'message', 'filedata'], platform: 'instagram' });
	});

	it('tries a 500 again with the same parts, then takes the 200', async () => {
		const { ctx, requests } = client([
			{ statusCode: 500, headers: {}, body: { error: { message: 'An unexpected error has occurred.', code: 2 } } },
			{ statusCode: 200, headers: {}, body: { attachment_id: '77' } },
		]);
		expect(await uploadMessengerAttachment(ctx, 'messenger', file)).toBe('77');
		expect(requests).toHaveLength(2);
		expect((await parts(requests[1]!)).bytes).toEqual(PNG);
	});

	it('a refusal is a MessengerApiError with Graph\'s code; an unreachable Graph or an echoed token never shows the token', async () => {
		const refused = client([{ statusCode: 400, headers: {}, body: { error: { message: '(#100) Upload attachment failure. token SECRET-TOKEN', code: 100, error_subcode: 2018047 } } }]);
		const error = (await uploadMessengerAttachment(refused.ctx, 'messenger', file).catch((e: unknown) => e)) as MessengerApiError;
		expect(error).toBeInstanceOf(MessengerApiError);
		expect([error.httpStatus, error.code, error.subcode]).toEqual([400, 100, 2018047]);
		expect(error.message).toBe('(#100) Upload attachment failure. token <token>');
		const down = client([1, 2, 3].map(() => new Error('connect ECONNREFUSED http://meta.test?access_token=SECRET-TOKEN')));
		const unreachable = (await uploadMessengerAttachment(down.ctx, 'messenger', file).catch((e: unknown) => e)) as MessengerApiError;
		expect(unreachable.httpStatus).toBe(0);
		expect(JSON.stringify([unreachable.message, unreachable.details])).not.toContain('SECRET-TOKEN');
		expect(String(unreachable.details)).toContain('<token>');
	});

	it('refuses an empty file without calling Meta, and an answer without attachment_id', async () => {
		const { ctx, requests } = client([{ statusCode: 200, headers: {}, body: { id: '1' } }]);
		await expect(uploadMessengerAttachment(ctx, 'messenger', { ...file, bytes: Buffer.alloc(0) })).rejects.toThrow('kosong');
		expect(requests).toEqual([]);
		await expect(uploadMessengerAttachment(ctx, 'messenger', file)).rejects.toThrow('tidak berisi attachment_id');
	});
});
