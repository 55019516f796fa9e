import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, directusError, fakeExecute, WA_CREDENTIALS, type FakeResponse, type HttpHandler } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, META_MESSENGER_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

// "Intake → Record Sent" for replies sent by the Messenger node: its error
// items carry `channel: 'messenger'`, and then its refusedForGood alone decides.
// And the attachments of reports made on Messenger or Instagram
// (fb:<mid>#<n> / ig:<mid>#<n>), looked up again through the Graph API.

const node = new KanalAduan();
const FB = 'fb:2462519940456789';
const row = (n: number) => `${n}${n}${n}${n}${n}${n}${n}${n}-1111-4111-8111-111111111111`;

const META = { pageAccessToken: 'MAIN-TOKEN', deskPageTokens: 'fb:106000000000002=DESK-TOKEN', appSecret: 's', verifyToken: 'v', apiBaseUrl: 'http://meta.test', apiVersion: 'v23.0' };

async function run(items: IDataObject[], http: HttpHandler, media: unknown[] = [], meta: IDataObject | null = META) {
	const params = (name: string, i: number) =>
		({
			resource: 'intake',
			operation: 'recordSent',
			replyRowId: items[i]!.replyRowId,
			wamid: items[i]!.wamid ?? '',
			sentMessage: items[i]!.message ?? null,
			media,
			downloadMedia: true,
		})[name];
	const { fns, calls } = fakeExecute({
		params,
		items,
		credentials: {
			[KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS,
			[WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS,
			...(meta ? { [META_MESSENGER_CREDENTIAL]: meta } : {}),
		},
		http,
	});
	const [out] = await node.execute.call(fns);
	return Object.assign(calls, { out: out! });
}

const recordOk = (o: { url: string }): FakeResponse | null =>
	new URL(o.url).pathname === '/kanal-aduan/intake/sent' ? { statusCode: 200, body: { data: { replies: 1, media: 0, failed: 2 } } } : null;

describe('intake.recordSent with the Messenger channel', () => {
	it('gives up a 551 and an Instagram reply after 7 days; leaves a Graph 613/1200 (HTTP 400) to the redrive', async () => {
		const items = [
			{ wamid: 'fb:m_sent1', to: FB, type: 'text', message: { messaging_product: 'whatsapp', recipient: FB, type: 'text', text: { body: 'ok' } }, replyRowId: row(1) },
			{ error: "Messenger Send API: This person isn't available right now.", code: 551, httpStatus: 400, refusedForGood: true, channel: 'messenger', replyRowId: row(2) },
			{ error: 'Pesan ke ig:1 tidak dapat dikirim: di luar jendela Instagram 7 hari', code: null, httpStatus: null, refusedForGood: true, channel: 'messenger', replyRowId: row(3) },
			{ error: 'Messenger Send API: rate limit', code: 613, httpStatus: 400, refusedForGood: false, channel: 'messenger', replyRowId: row(4) },
			{ error: 'Messenger Send API: Temporary send message failure.', code: 1200, httpStatus: 400, refusedForGood: false, channel: 'messenger', replyRowId: row(5) },
		];
		const calls = await run(items, (o) => recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url));
		const body = calls[0]!.options.body as { replies: unknown[]; failed: Array<{ id: string }> };
		expect(body.replies).toEqual([{ id: row(1), wamid: 'fb:m_sent1', message: items[0]!.message }]);
		// Only the two refused for good are given up; 613 and 1200 are left for the redrive pass.
		expect(body.failed).toEqual([
			{ id: row(2), error: "Messenger Send API: This person isn't available right now.", code: 551, httpStatus: 400 },
			{ id: row(3), error: 'Pesan ke ig:1 tidak dapat dikirim: di luar jendela Instagram 7 hari', code: null, httpStatus: null },
		]);
	});

	const MID = 'm_Ab3-xYz_9Qv8kLmNoPqRsTuVwXyZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV';
	// Like Meta: a page reads only the messages written to it, with its own token.
	const owner: Record<string, string> = { [MID]: 'DESK-TOKEN', m_ig1: 'MAIN-TOKEN' };
	const attachmentsOf = (mid: string) => ({
		data: [
			{ id: '1', mime_type: 'image/jpeg', name: 'image-1.jpg', image_data: { url: `http://cdn.test/${mid}/0.jpg?oe=1`, preview_url: 'http://cdn.test/p.jpg' } },
			{ id: '2', mime_type: 'application/pdf', name: 'Surat.pdf', file_url: `http://cdn.test/${mid}/1.pdf?oe=1` },
		],
	});
	const meta = (uploads: Array<{ bytes: string; name: string }>): HttpHandler => (o) => {
		const url = new URL(o.url);
		const lookup = /^\/v23\.0\/([^/]+)\/attachments$/.exec(url.pathname);
		if (url.host === 'meta.test' && lookup) {
			const mid = decodeURIComponent(lookup[1]!);
			if (!owner[mid] || o.headers?.['Authorization'] !== `Bearer ${owner[mid]}`) {
				return { statusCode: 400, body: { error: { message: `Unsupported get request. Object with ID '${mid}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33 } } };
			}
			return { statusCode: 200, body: attachmentsOf(mid) };
		}
		if (url.host === 'cdn.test') return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(`bytes of ${url.pathname}`) };
		if (url.pathname === '/files') {
			const body = Buffer.from(o.body as Buffer).toString('latin1');
			uploads.push({ bytes: /bytes of \S+?\.(pdf|jpg)/.exec(body)?.[0] ?? '', name: /ADU-[\w-]+\.\w+/.exec(body)?.[0] ?? '' });
			return { statusCode: 200, body: { data: { id: `file-${uploads.length}` } } };
		}
		return recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url);
	};

	it('copies an fb: attachment sent to a desk\'s page with that page\'s token, the n-th of the message, and an ig: one with the main token', async () => {
		const media = [
			{ id: 41, wa_media_id: `fb:${MID}#1`, complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'application/octet-stream', from: 'fb:106000000000002' },
			{ id: 42, wa_media_id: 'ig:m_ig1#0', complaint: 7, ticket: 'ADU-2612-00007', index: 1, mime_type: 'image/jpeg', from: null },
		];
		const uploads: Array<{ bytes: string; name: string }> = [];
		const calls = await run([{ wamid: 'fb:m_sent1', replyRowId: row(1) }], meta(uploads), media);
		const metaCalls = calls.filter((c) => /meta\.test|cdn\.test/.test(c.options.url));
		expect(metaCalls.map((c) => [c.credentialType, c.options.url, c.options.headers?.['Authorization'] ?? null])).toEqual([
			[META_MESSENGER_CREDENTIAL, `http://meta.test/v23.0/${MID}/attachments`, 'Bearer DESK-TOKEN'],
			// The CDN URL is signed by itself: no token goes to it.
			[META_MESSENGER_CREDENTIAL, `http://cdn.test/${MID}/1.pdf?oe=1`, null],
			[META_MESSENGER_CREDENTIAL, 'http://meta.test/v23.0/m_ig1/attachments', 'Bearer MAIN-TOKEN'],
			[META_MESSENGER_CREDENTIAL, 'http://cdn.test/m_ig1/0.jpg?oe=1', null],
		]);
		expect(metaCalls[1]!.options.encoding).toBe('arraybuffer');
		expect(uploads.map((u) => u.bytes)).toEqual([`bytes of /${MID}/1.pdf`, 'bytes of /m_ig1/0.jpg']);
		// The type Graph gives names the file: a PDF, though the webhook only knew "a file".
		expect(uploads.map((u) => u.name)).toEqual(['ADU-2612-00007-1.pdf', 'ADU-2612-00007-2.jpg']);
		expect(calls.find((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'))!.options.body).toMatchObject({
			replies: [{ id: row(1), wamid: 'fb:m_sent1' }],
			media: [
				{ id: 41, file: 'file-1' },
				{ id: 42, file: 'file-2' },
			],
		});
		expect(calls.out[0]!.json).toMatchObject({ mediaErrors: [] });
	});

	it('a message Graph does not know (deleted, another page\'s) and an index past its attachments are media errors without the token; the replies are still recorded', async () => {
		const media = [
			{ id: 41, wa_media_id: 'fb:m_gone#0', complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'image/jpeg', from: 'fb:106000000000002' },
			{ id: 42, wa_media_id: `fb:${MID}#5`, complaint: 7, ticket: 'ADU-2612-00007', index: 1, mime_type: 'image/jpeg', from: 'fb:106000000000002' },
		];
		const uploads: Array<{ bytes: string; name: string }> = [];
		const calls = await run([{ wamid: 'fb:m_sent1', replyRowId: row(1) }], meta(uploads), media);
		expect(uploads).toEqual([]);
		expect(calls.find((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'))!.options.body).toMatchObject({ replies: [{ id: row(1) }], media: [] });
		const errors = (calls.out[0]!.json as { mediaErrors: Array<{ wa_media_id: string; error: string }> }).mediaErrors;
		expect(errors).toEqual([
			{ wa_media_id: 'fb:m_gone#0', error: expect.stringContaining('Lampiran Messenger ke-1 tidak dapat diambil (pesan tidak ditemukan') },
			{ wa_media_id: `fb:${MID}#5`, error: expect.stringContaining('pesan hanya memiliki 2 lampiran') },
		]);
		expect(JSON.stringify(errors)).not.toMatch(/DESK-TOKEN|MAIN-TOKEN/);
	});

	it('without a Meta Messenger credential on the node, reports the fb: attachment and still records the replies', async () => {
		const media = [{ id: 41, wa_media_id: `fb:${MID}#0`, complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'image/jpeg', from: 'fb:106000000000002' }];
		const calls = await run([{ wamid: 'fb:m_sent1', replyRowId: row(1) }], meta([]), media, null);
		expect(calls.some((c) => /meta\.test|cdn\.test/.test(c.options.url))).toBe(false);
		expect(calls.out[0]!.json).toMatchObject({ mediaErrors: [{ wa_media_id: `fb:${MID}#0`, error: expect.stringContaining('kredensial Meta Messenger API belum dipasang atau tidak valid') }] });
	});
});
