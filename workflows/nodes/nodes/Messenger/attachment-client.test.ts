import { describe, expect, it } from 'vitest';
import { scriptedHttp } from '../../__tests__/helpers.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import { attachmentsUrl, fetchMessengerAttachment, type AttachmentRequest } from './attachment-client.ts';

const target = { apiBaseUrl: 'http://meta.test/', apiVersion: 'v23.0', pageAccessToken: 'SECRET-TOKEN' };
const retry = { tries: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

function client(answers: Array<HttpResponse | Error>) {
	const { http, requests } = scriptedHttp<AttachmentRequest, HttpResponse>(answers);
	return { ctx: { target, http, retry }, requests };
}

const list = { statusCode: 200, headers: {}, body: { data: [{ mime_type: 'video/mp4', video_data: { url: 'http://cdn.test/v.mp4' } }] } };

describe('fetchMessengerAttachment', () => {
	it('asks GET /{version}/{mid}/attachments (mid URL-encoded), then downloads the attachment, retrying a Graph 5xx and a rate limit', async () => {
		expect(attachmentsUrl(target, 'm_a/b+c')).toBe('http://meta.test/v23.0/m_a%2Fb%2Bc/attachments');
		const { ctx, requests } = client([
			{ statusCode: 503, headers: {}, body: {} },
			{ statusCode: 400, headers: {}, body: { error: { message: 'Calls to this api have exceeded the rate limit.', code: 613 } } },
			list,
			{ statusCode: 200, headers: { 'content-type': 'video/mp4' }, body: Buffer.from('mp4') },
		]);
		const got = await fetchMessengerAttachment(ctx, 'ig:m_1#0', 'video/mp4');
		expect(got).toEqual({ bytes: Buffer.from('mp4'), mimeType: 'video/mp4', name: null });
		expect(requests.map((r) => r.url)).toEqual([
			'http://meta.test/v23.0/m_1/attachments',
			'http://meta.test/v23.0/m_1/attachments',
			'http://meta.test/v23.0/m_1/attachments',
			'http://cdn.test/v.mp4',
		]);
		expect(requests[0]!.headers).toEqual({ Authorization: 'Bearer SECRET-TOKEN' });
		expect(requests[3]).toEqual({ method: 'GET', url: 'http://cdn.test/v.mp4', headers: {}, encoding: 'arraybuffer' });
	});

	it('an expired CDN URL and an unreachable Graph are clear errors that never carry the token', async () => {
		const expired = client([list, { statusCode: 403, headers: {}, body: Buffer.from('URL signature expired') }]);
		await expect(fetchMessengerAttachment(expired.ctx, 'fb:m_1#0')).rejects.toThrow('Lampiran Messenger ke-1 tidak dapat diunduh: CDN Meta menjawab HTTP 403');
		const down = client([1, 2, 3].map(() => new Error('connect ECONNREFUSED http://meta.test?access_token=SECRET-TOKEN')));
		const error = (await fetchMessengerAttachment(down.ctx, 'fb:m_1#0').catch((e: Error) => e)) as Error;
		expect(error.message).toContain('Graph API Messenger tidak dapat dihubungi');
		expect(error.message).toContain('<token>');
		expect(error.message).not.toContain('SECRET-TOKEN');
	});

	it('refuses an id that is not fb:/ig:<mid>#<n> without calling Graph', async () => {
		const { ctx, requests } = client([]);
		await expect(fetchMessengerAttachment(ctx, 'tg:AgAC')).rejects.toThrow('bukan id lampiran Messenger/Instagram');
		expect(requests).toEqual([]);
	});
});
