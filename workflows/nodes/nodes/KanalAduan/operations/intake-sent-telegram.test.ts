import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, directusError, fakeExecute, WA_CREDENTIALS, type FakeResponse, type HttpHandler } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, TELEGRAM_BOT_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

// "Intake → Record Sent" for replies sent by the Telegram Bot node: its error
// items and the attachments of reports a Telegram citizen made (tg:<file_id>).

const node = new KanalAduan();
const TG = 'tg:555000111';
const row = (n: number) => `${n}${n}${n}${n}${n}${n}${n}${n}-1111-4111-8111-111111111111`;
const TELEGRAM = { botToken: '123:T', secretToken: 's', baseUrl: 'http://tg.test' };

async function run(items: IDataObject[], media: unknown[], http: HttpHandler, withTelegram = true, telegram: IDataObject = TELEGRAM) {
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
			...(withTelegram ? { [TELEGRAM_BOT_CREDENTIAL]: telegram } : {}),
		},
		http,
	});
	const [out] = await node.execute.call(fns);
	return { out: out!, calls };
}

const recordOk = (o: { url: string }): FakeResponse | null =>
	new URL(o.url).pathname === '/kanal-aduan/intake/sent' ? { statusCode: 200, body: { data: { replies: 1, media: 1, failed: 1 } } } : null;

describe('intake.recordSent with the Telegram channel', () => {
	it('declares the Telegram credential, optional, for Record Sent (and Send Follow-Up Photos)', () => {
		const telegram = node.description.credentials!.find((c) => c.name === TELEGRAM_BOT_CREDENTIAL);
		expect(telegram).toMatchObject({ required: false, displayOptions: { show: { resource: ['intake', 'notice'], operation: ['recordSent', 'photos'] } } });
	});

	it('gives up a reply to a citizen who blocked the bot (refusedForGood), and releases a Telegram 5xx to the next redrive pass', async () => {
		const items = [
			{ wamid: 'tg:555000111:31', to: TG, type: 'text', message: { messaging_product: 'whatsapp', recipient: TG, type: 'text', text: { body: 'ok' } }, replyRowId: row(1) },
			{ error: 'Telegram Bot API: Forbidden: bot was blocked by the user', code: 403, httpStatus: 403, refusedForGood: true, replyRowId: row(2) },
			{ error: 'Telegram Bot API: Bad Gateway', code: 502, httpStatus: 502, refusedForGood: false, replyRowId: row(3) },
		];
		const { calls } = await run(items, [], (o) => recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url));
		expect(calls[0]!.options.body).toEqual({
			replies: [{ id: row(1), wamid: 'tg:555000111:31', message: items[0]!.message }],
			media: [],
			failed: [{ id: row(2), error: 'Telegram Bot API: Forbidden: bot was blocked by the user', code: 403, httpStatus: 403 }],
			retry: [{ id: row(3) }],
		});
	});

	it('copies a tg: attachment through getFile and the file URL, a WhatsApp one from Meta', async () => {
		const media = [
			{ id: 41, wa_media_id: 'tg:AgACAgUAAxk', complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'image/jpeg' },
			{ id: 42, wa_media_id: 'media.1', complaint: 7, ticket: 'ADU-2612-00007', index: 1, mime_type: 'image/jpeg' },
		];
		const uploads: string[] = [];
		const http: HttpHandler = (o) => {
			const url = new URL(o.url);
			if (url.host === 'tg.test' && url.pathname === '/bot123:T/getFile') {
				return { statusCode: 200, body: { ok: true, result: { file_id: (o.body as { file_id: string }).file_id, file_path: 'photos/file_1.jpg' } } };
			}
			if (url.host === 'tg.test' && url.pathname === '/file/bot123:T/photos/file_1.jpg') return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from('tg-jpeg') };
			if (url.host === 'graph.test' && url.pathname.endsWith('/media.1')) return { statusCode: 200, body: { url: 'http://graph.test/download/file-1', mime_type: 'image/jpeg' } };
			if (url.host === 'graph.test') return { statusCode: 200, body: Buffer.from('wa-jpeg') };
			if (url.pathname === '/files') {
				uploads.push(Buffer.from(o.body as Buffer).includes('tg-jpeg') ? 'telegram' : 'whatsapp');
				return { statusCode: 200, body: { data: { id: `file-${uploads.length}` } } };
			}
			return recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url);
		};
		const { out, calls } = await run([{ wamid: 'tg:555000111:31', replyRowId: row(1) }], media, http);
		const getFile = calls.find((c) => c.options.url.endsWith('/getFile'))!;
		expect(getFile.credentialType).toBe(TELEGRAM_BOT_CREDENTIAL);
		expect(getFile.options.body).toEqual({ file_id: 'AgACAgUAAxk' });
		expect(uploads).toEqual(['telegram', 'whatsapp']);
		expect(calls.find((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'))!.options.body).toMatchObject({
			media: [
				{ id: 41, file: 'file-1' },
				{ id: 42, file: 'file-2' },
			],
		});
		expect(out[0]!.json).toMatchObject({ mediaErrors: [] });
	});

	it('copies an attachment sent to a desk\'s bot with that bot\'s token (file ids are per bot), others with the main bot', async () => {
		const desks = { ...TELEGRAM, deskBotTokens: '7000000002:DESK' };
		const media = [
			{ id: 41, wa_media_id: 'tg:DeskFile', complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'image/jpeg', from: 'tg:7000000002' },
			{ id: 42, wa_media_id: 'tg:MainFile', complaint: 7, ticket: 'ADU-2612-00007', index: 1, mime_type: 'image/jpeg', from: null },
			{ id: 43, wa_media_id: 'tg:LostFile', complaint: 7, ticket: 'ADU-2612-00007', index: 2, mime_type: 'image/jpeg', from: 'tg:7000000009' },
		];
		// Like Telegram: each bot knows only the files sent to it.
		const owner: Record<string, string> = { DeskFile: '7000000002:DESK', MainFile: '123:T' };
		const http: HttpHandler = (o) => {
			const url = new URL(o.url);
			const getFile = /^\/bot(.+)\/getFile$/.exec(url.pathname);
			if (url.host === 'tg.test' && getFile) {
				const fileId = (o.body as { file_id: string }).file_id;
				if (owner[fileId] !== getFile[1]) return { statusCode: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
				return { statusCode: 200, body: { ok: true, result: { file_id: fileId, file_path: `photos/${fileId}.jpg` } } };
			}
			if (url.host === 'tg.test' && url.pathname.startsWith('/file/')) return { statusCode: 200, body: Buffer.from('tg-jpeg') };
			if (url.pathname === '/files') return { statusCode: 200, body: { data: { id: `file-${o.url.length}` } } };
			return recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url);
		};
		const { out, calls } = await run([{ wamid: 'tg:555000111:31', replyRowId: row(1) }], media, http, true, desks);
		expect(calls.filter((c) => c.options.url.startsWith('http://tg.test/')).map((c) => c.options.url)).toEqual([
			'http://tg.test/bot7000000002:DESK/getFile',
			'http://tg.test/file/bot7000000002:DESK/photos/DeskFile.jpg',
			'http://tg.test/bot123:T/getFile',
			'http://tg.test/file/bot123:T/photos/MainFile.jpg',
		]);
		expect((calls.find((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'))!.options.body as { media: Array<{ id: number }> }).media.map((m) => m.id)).toEqual([41, 42]);
		expect(out[0]!.json).toMatchObject({ mediaErrors: [{ wa_media_id: 'tg:LostFile', error: expect.stringContaining('«Token bot meja»') }] });
	});

	it('without a Telegram credential on the node, reports the tg: attachment and still records the replies', async () => {
		const media = [{ id: 41, wa_media_id: 'tg:AgACAgUAAxk', complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'image/jpeg' }];
		const { out, calls } = await run([{ wamid: 'tg:555000111:31', replyRowId: row(1) }], media, (o) => recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url), false);
		expect(calls.some((c) => c.options.url.includes('tg.test'))).toBe(false);
		expect(calls.find((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'))!.options.body).toMatchObject({ replies: [{ id: row(1) }], media: [] });
		expect(out[0]!.json).toMatchObject({ mediaErrors: [{ wa_media_id: 'tg:AgACAgUAAxk', error: expect.stringContaining('kredensial Telegram Bot API belum dipasang') }] });
	});
});
