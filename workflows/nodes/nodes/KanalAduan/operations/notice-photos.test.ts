import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeExecute, WA_CREDENTIALS, type FakeResponse } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, TELEGRAM_BOT_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { imageProblem } from '../../WhatsAppCloud/media-upload.ts';
import { KanalAduan } from '../KanalAduan.node.ts';
import { photoFailureNote, sendFollowUpPhotos, telegramPhotoProblem, type FollowUpPhoto, type PhotoPorts } from './notice-photos.ts';

const WA = '6281234567890';
const PNG = Buffer.from('89504e470d0a1a0a0000', 'hex');
const photo = (id: number, caption: string | null, file: FollowUpPhoto['file'] = { id: `file-${id}`, type: 'image/png', filename_download: `foto-${id}.png` }): FollowUpPhoto => ({ id, caption, file });
const EVENT = { id: 'update:41', event: 'complaint.update_posted', complaint_id: 7, ticket: 'ADU-2611-00007', status_from: null, status_to: 'in_progress', at: '2026-11-22T03:00:00.000Z', update_id: 41 };

/** WhatsApp-shaped ports: upload, then send by media id. */
function ports(fail: Partial<Record<'download' | 'upload' | 'send', (id: string) => boolean>> = {}) {
	const log: string[] = [];
	const p: PhotoPorts = {
		download: async (fileId) => {
			log.push(`download ${fileId}`);
			if (fail.download?.(fileId)) throw new Error(`Berkas ${fileId} tidak ada atau tidak boleh dibaca akun Layanan n8n (HTTP 403).`);
			return { bytes: PNG, mimeType: 'image/png' };
		},
		problem: imageProblem,
		deliver: async (file, caption) => {
			log.push(`upload ${file.filename}`);
			if (fail.upload?.(file.filename)) throw new Error('WhatsApp Cloud API: (#131000) Something went wrong');
			const mediaId = `media-${file.filename}`;
			log.push(`send ${mediaId} ${caption ?? '-'}`);
			if (fail.send?.(mediaId)) throw new Error('WhatsApp Cloud API: (#130429) Rate limit hit');
			return { wamid: `wamid.${mediaId}`, mediaId, message: { type: 'image' } };
		},
		record: async (ph) => {
			log.push(`record ${ph.id}`);
		},
	};
	return { p, log };
}

describe('sendFollowUpPhotos', () => {
	it('sends every photo in order: download, upload, image by media id, record', async () => {
		const { p, log } = ports();
		const out = await sendFollowUpPhotos([photo(1, 'Sebelum'), photo(2, null)], p);
		expect(out).toEqual({
			sent: [{ media: 1, wamid: 'wamid.media-foto-1.png', mediaId: 'media-foto-1.png' }, { media: 2, wamid: 'wamid.media-foto-2.png', mediaId: 'media-foto-2.png' }],
			failed: [],
		});
		expect(log).toEqual(['download file-1', 'upload foto-1.png', 'send media-foto-1.png Sebelum', 'record 1', 'download file-2', 'upload foto-2.png', 'send media-foto-2.png -', 'record 2']);
	});

	it('keeps going after a missing file or a Graph failure and says which photo failed and why', async () => {
		const { p, log } = ports({ send: (id) => id === 'media-foto-3.png' });
		const out = await sendFollowUpPhotos([photo(1, 'Hilang', null), photo(2, null), photo(3, 'Antrean penuh')], p);
		expect(out.sent.map((s) => s.media)).toEqual([2]);
		expect(out.failed).toEqual([
			{ media: 1, position: 1, caption: 'Hilang', error: expect.stringContaining('berkas foto tidak ada') },
			{ media: 3, position: 3, caption: 'Antrean penuh', error: 'WhatsApp Cloud API: (#130429) Rate limit hit' },
		]);
		expect(log).not.toContain('record 3');
	});

	it('refuses a file WhatsApp cannot show as a photo without calling Meta', async () => {
		const { p, log } = ports();
		const out = await sendFollowUpPhotos([photo(1, null, { id: 'file-1', type: 'application/pdf', filename_download: 'surat.pdf' })], p);
		expect(out.failed[0]!.error).toMatch(/hanya JPEG atau PNG/);
		expect(log).toEqual(['download file-1']);
	});

	it('a failed bookkeeping write does not turn a delivered photo into a failure', async () => {
		const { p } = ports();
		const out = await sendFollowUpPhotos([photo(1, null)], { ...p, record: async () => { throw new Error('Directus 503'); } });
		expect(out.sent).toHaveLength(1);
		expect(out.failed).toEqual([]);
	});
});

describe('photoFailureNote', () => {
	it('tells the officer, in Indonesian, which photos did not reach the citizen and how to retry', () => {
		const note = photoFailureNote(3, [{ media: 12, position: 2, caption: 'Sesudah ditambal', error: 'WhatsApp Cloud API: (#131000) Something went wrong' }]);
		expect(note).toBe([
			'1 dari 3 foto tindak lanjut belum terkirim ke warga lewat WhatsApp (teks tindak lanjut sudah terkirim):',
			'- foto 2 «Sesudah ditambal» (lampiran #12): WhatsApp Cloud API: (#131000) Something went wrong',
			'Untuk mencoba lagi, tulis tindak lanjut baru dengan foto tersebut.',
		].join('\n'));
	});
});

/** Directus + Graph API answering exactly what notice.photos calls, recording writes. */
function backend(rows: FollowUpPhoto[], opts: { graphFails?: number; missingFile?: string } = {}) {
	const writes: Array<{ method: string; path: string; body: unknown }> = [];
	let graphFails = opts.graphFails ?? 0;
	let mediaSeq = 0;
	const handler = (o: IHttpRequestOptions): FakeResponse => {
		const url = new URL(o.url);
		if (url.host === 'graph.test') {
			if (graphFails > 0) {
				graphFails--;
				return { statusCode: 500, headers: { 'retry-after': '0' }, body: { error: { message: '(#131000) Something went wrong', type: 'OAuthException', code: 131000 } } };
			}
			if (url.pathname.endsWith('/media')) return { statusCode: 200, body: { id: `990${++mediaSeq}` } };
			const body = o.body as IDataObject;
			writes.push({ method: 'SEND', path: url.pathname, body });
			return { statusCode: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: WA, wa_id: WA }], messages: [{ id: `wamid.IMG${mediaSeq}` }] } };
		}
		if (o.method === 'GET' && url.pathname === '/items/complaint_media') {
			expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ update: { _eq: 41 }, kind: { _eq: 'image' } });
			return { statusCode: 200, body: { data: rows } };
		}
		if (o.method === 'GET' && url.pathname.startsWith('/assets/')) {
			expect(o.encoding).toBe('arraybuffer');
			if (url.pathname.endsWith(opts.missingFile ?? '-none-')) return { statusCode: 403, body: Buffer.from(JSON.stringify({ errors: [{ message: 'You don\'t have permission', extensions: { code: 'FORBIDDEN' } }] })) };
			return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: PNG };
		}
		writes.push({ method: String(o.method), path: url.pathname, body: o.body });
		return { statusCode: 200, body: { data: { id: 1 } } };
	};
	return { handler, writes };
}

async function run(b: ReturnType<typeof backend>, textWentAsTemplate = false, continueOnFail = false, sendFrom = '') {
	const { fns } = fakeExecute({
		params: { resource: 'notice', operation: 'photos', event: EVENT, to: WA, textWentAsTemplate, sendFrom },
		items: [{ to: WA, fallback: textWentAsTemplate }],
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: { ...WA_CREDENTIALS } },
		http: b.handler,
		continueOnFail,
	});
	return new KanalAduan().execute.call(fns);
}

describe('notice.photos (routing flow, after the follow-up text)', () => {
	it('sends each photo of the follow-up to the citizen and logs it in wa_messages', async () => {
		const b = backend([photo(1, 'Sebelum'), photo(2, 'Sesudah')]);
		const [[item]] = (await run(b)) as [[{ json: IDataObject }]];
		expect(b.writes.filter((w) => w.method === 'SEND').map((w) => w.body)).toEqual([
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: WA, type: 'image', image: { id: '9901', caption: 'Sebelum' } },
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: WA, type: 'image', image: { id: '9902', caption: 'Sesudah' } },
		]);
		expect(b.writes.filter((w) => w.path === '/items/wa_messages').map((w) => w.body)).toEqual([
			expect.objectContaining({ wamid: 'wamid.IMG1', direction: 'out', wa_id: WA, type: 'image', status: 'sent', complaint: 7 }),
			expect.objectContaining({ wamid: 'wamid.IMG2', type: 'image' }),
		]);
		expect(b.writes.filter((w) => w.path.startsWith('/items/complaint_media/')).map((w) => [w.path, w.body])).toEqual([
			['/items/complaint_media/1', { wa_media_id: '9901' }],
			['/items/complaint_media/2', { wa_media_id: '9902' }],
		]);
		expect(item.json.photos).toMatchObject({ count: 2, held: 0, failed: [] });
	});

	it('on a missing file and a Graph 500 that outlasts the retries: sends the rest, writes an internal note, fails visibly', async () => {
		// Photo 1's file is gone (403), photo 2 meets four 500s (every retry), photo 3 goes through.
		const b = backend([photo(1, 'Hilang'), photo(2, 'Gagal'), photo(3, 'Berhasil')], { missingFile: 'file-1', graphFails: 4 });
		await expect(run(b)).rejects.toThrow(/2 dari 3 foto tindak lanjut ADU-2611-00007 belum terkirim/);
		expect(b.writes.filter((w) => w.method === 'SEND').map((w) => (w.body as { image: { caption: string } }).image.caption)).toEqual(['Berhasil']);
		const notes = b.writes.filter((w) => w.path === '/items/complaint_updates').map((w) => w.body as IDataObject);
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatchObject({ complaint: 7, kind: 'internal_note', public: false });
		expect(notes[0]!.body).toMatch(/^2 dari 3 foto tindak lanjut belum terkirim/);
		expect(notes[0]!.body).toContain('foto 1 «Hilang» (lampiran #1): Berkas file-1 tidak ada atau tidak boleh dibaca');
		expect(notes[0]!.body).toContain('foto 2 «Gagal» (lampiran #2): WhatsApp Cloud API: (#131000) Something went wrong (HTTP 500, kode 131000)');
	}, 20_000);

	it('outside the 24-hour window sends no photo and tells the officer in an internal note', async () => {
		const b = backend([photo(1, null), photo(2, null)]);
		const [[item]] = (await run(b, true)) as [[{ json: IDataObject }]];
		expect(b.writes.filter((w) => w.method === 'SEND')).toEqual([]);
		expect(item.json.photos).toMatchObject({ count: 2, held: 2 });
		const [note] = b.writes.filter((w) => w.path === '/items/complaint_updates');
		expect((note!.body as IDataObject).body).toMatch(/^2 foto tindak lanjut tidak dikirim ke warga: warga belum mengirim pesan/);
	});

	it('sends from the desk number the citizen wrote to («Send From»): that number\'s window is the open one', async () => {
		const b = backend([photo(1, 'Sesudah')]);
		const paths: string[] = [];
		const handler = b.handler;
		await run({ ...b, handler: (o: IHttpRequestOptions) => { const u = new URL(o.url); if (u.host === 'graph.test') paths.push(u.pathname); return handler(o); } }, false, false, '100000000000002');
		expect(paths.length).toBeGreaterThan(1);
		expect(paths.every((p) => p.includes('/100000000000002/'))).toBe(true);
	});

	it('does nothing for other events or a follow-up without photos', async () => {
		const b = backend([]);
		const [[item]] = (await run(b)) as [[{ json: IDataObject }]];
		expect(item.json.photos).toEqual({ count: 0, sent: [], failed: [], held: 0 });
		expect(b.writes).toEqual([]);
	});
});

describe('telegramPhotoProblem', () => {
	it('takes JPEG, PNG, WebP and GIF up to 10 MB, and names what it refuses', () => {
		expect(telegramPhotoProblem({ bytes: PNG, mimeType: 'image/webp', filename: 'a.webp' })).toBeNull();
		expect(telegramPhotoProblem({ bytes: PNG, mimeType: 'application/pdf', filename: 'surat.pdf' })).toMatch(/surat\.pdf .*bukan foto/);
		expect(telegramPhotoProblem({ bytes: Buffer.alloc(10 * 1024 * 1024 + 1), mimeType: 'image/jpeg', filename: 'besar.jpg' })).toMatch(/sampai 10 MB/);
	});
});

const TG = 'tg:555000111';
const MAIN_BOT = '7000000001:MAIN-secret';
const DESK_BOT = '7000000002:DESK-secret';
const TELEGRAM = { botToken: MAIN_BOT, secretToken: 's', baseUrl: 'http://tg.test', deskBotTokens: DESK_BOT };

type PhotoCall = { token: string; chatId: unknown; caption: unknown; name: string; type: string; bytes: Buffer; fields: string[] };

/** Directus + the Bot API answering what notice.photos calls for a Telegram citizen; sendPhoto's form is read as Telegram would. */
function telegramBackend(rows: FollowUpPhoto[], fail: (call: PhotoCall) => FakeResponse | null = () => null) {
	const directus = backend(rows);
	const sendPhoto: PhotoCall[] = [];
	let messageId = 40;
	const handler = async (o: IHttpRequestOptions): Promise<FakeResponse> => {
		const url = new URL(o.url);
		if (url.host === 'graph.test') throw new Error(`WhatsApp called for a Telegram citizen: ${o.url}`);
		if (url.host !== 'tg.test') return directus.handler(o);
		const [, botPart, method] = url.pathname.split('/');
		expect(method).toBe('sendPhoto');
		const form = o.body as FormData;
		expect(form).toBeInstanceOf(FormData);
		const file = form.get('photo') as File;
		const call = {
			token: botPart!.slice(3), chatId: form.get('chat_id'), caption: form.get('caption'), name: file.name, type: file.type,
			bytes: Buffer.from(await file.arrayBuffer()), fields: [...form.keys()],
		};
		sendPhoto.push(call);
		const refused = fail(call);
		if (refused) return refused;
		messageId++;
		return {
			statusCode: 200,
			body: { ok: true, result: { message_id: messageId, chat: { id: 555000111, type: 'private' }, photo: [{ file_id: `small${messageId}`, width: 90, height: 60 }, { file_id: `big${messageId}`, width: 900, height: 600 }] } },
		};
	};
	return { handler, writes: directus.writes, sendPhoto };
}

async function runTelegram(b: { handler: (o: IHttpRequestOptions) => Promise<FakeResponse> }, params: IDataObject = {}) {
	const { fns } = fakeExecute({
		params: { resource: 'notice', operation: 'photos', event: EVENT, to: TG, textWentAsTemplate: false, sendFrom: 'tg:7000000002', ...params },
		items: [{ wamid: 'tg:555000111:40', to: TG, fallback: false }],
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: { ...WA_CREDENTIALS }, [TELEGRAM_BOT_CREDENTIAL]: TELEGRAM },
		http: b.handler,
	});
	return new KanalAduan().execute.call(fns);
}

describe('notice.photos for a Telegram citizen (tg:<chat id>)', () => {
	it('declares the Telegram credential, optional, for Send Follow-Up Photos', () => {
		const telegram = new KanalAduan().description.credentials!.find((c) => c.name === TELEGRAM_BOT_CREDENTIAL);
		expect(telegram?.required).toBe(false);
		expect(telegram?.displayOptions?.show).toMatchObject({ resource: expect.arrayContaining(['notice']), operation: expect.arrayContaining(['photos']) });
	});

	it('uploads each photo with sendPhoto as multipart, from the bot the citizen wrote to, and logs it as WhatsApp photos are', async () => {
		const b = telegramBackend([photo(1, 'Sebelum'), photo(2, null)]);
		const [[item]] = (await runTelegram(b)) as [[{ json: IDataObject }]];
		expect(b.sendPhoto.map(({ bytes, ...call }) => ({ ...call, png: bytes.equals(PNG) }))).toEqual([
			{ token: DESK_BOT, chatId: '555000111', caption: 'Sebelum', name: 'foto-1.png', type: 'image/png', png: true, fields: ['chat_id', 'caption', 'photo'] },
			{ token: DESK_BOT, chatId: '555000111', caption: null, name: 'foto-2.png', type: 'image/png', png: true, fields: ['chat_id', 'photo'] },
		]);
		expect(b.writes.filter((w) => w.path === '/items/wa_messages').map((w) => w.body)).toEqual([
			{ wamid: 'tg:555000111:41', direction: 'out', wa_id: TG, type: 'image', payload: { to: TG, type: 'image', image: { id: 'tg:big41', caption: 'Sebelum' } }, status: 'sent', complaint: 7 },
			{ wamid: 'tg:555000111:42', direction: 'out', wa_id: TG, type: 'image', payload: { to: TG, type: 'image', image: { id: 'tg:big42' } }, status: 'sent', complaint: 7 },
		]);
		// The inbound side's media id form for Telegram files (tg:<file_id>), of the largest size Telegram kept.
		expect(b.writes.filter((w) => w.path.startsWith('/items/complaint_media/')).map((w) => [w.path, w.body])).toEqual([
			['/items/complaint_media/1', { wa_media_id: 'tg:big41' }],
			['/items/complaint_media/2', { wa_media_id: 'tg:big42' }],
		]);
		expect(item.json.photos).toMatchObject({ count: 2, held: 0, failed: [], sent: [{ media: 1, wamid: 'tg:555000111:41' }, { media: 2, wamid: 'tg:555000111:42' }] });
	});

	it('sends from the main bot when no account is named', async () => {
		const b = telegramBackend([photo(1, null)]);
		await runTelegram(b, { sendFrom: '' });
		expect(b.sendPhoto.map((c) => c.token)).toEqual([MAIN_BOT]);
	});

	it('cuts a caption over 1024 characters with an ellipsis', async () => {
		const b = telegramBackend([photo(1, `${'Jalan sudah ditambal. '.repeat(60)}`)]);
		await runTelegram(b);
		const caption = String(b.sendPhoto[0]!.caption);
		expect(caption).toHaveLength(1024);
		expect(caption.endsWith('…')).toBe(true);
		expect(caption.slice(0, 1023)).toBe('Jalan sudah ditambal. '.repeat(60).slice(0, 1023));
	});

	it('has no 24-hour rule: the photos go even when the text went as a WhatsApp template', async () => {
		const b = telegramBackend([photo(1, null)]);
		const [[item]] = (await runTelegram(b, { textWentAsTemplate: true })) as [[{ json: IDataObject }]];
		expect(b.sendPhoto).toHaveLength(1);
		expect(item.json.photos).toMatchObject({ held: 0 });
		expect(b.writes.filter((w) => w.path === '/items/complaint_updates')).toEqual([]);
	});

	it('a refused photo becomes the internal note, the next photo still goes, the node fails, and no token is shown', async () => {
		const b = telegramBackend([photo(1, 'Rusak'), photo(2, 'Berhasil')], (call) =>
			call.caption === 'Rusak' ? { statusCode: 400, body: { ok: false, error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' } } : null,
		);
		const error = (await runTelegram(b).catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/1 dari 2 foto tindak lanjut ADU-2611-00007 belum terkirim/);
		expect(b.sendPhoto.map((c) => c.caption)).toEqual(['Rusak', 'Berhasil']);
		expect(b.writes.filter((w) => w.path === '/items/wa_messages').map((w) => (w.body as IDataObject).wamid)).toEqual(['tg:555000111:41']);
		const notes = b.writes.filter((w) => w.path === '/items/complaint_updates').map((w) => w.body as IDataObject);
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatchObject({ complaint: 7, kind: 'internal_note', public: false });
		expect(notes[0]!.body).toBe([
			'1 dari 2 foto tindak lanjut belum terkirim ke warga lewat Telegram (teks tindak lanjut sudah terkirim):',
			'- foto 1 «Rusak» (lampiran #1): Telegram Bot API: Bad Request: IMAGE_PROCESS_FAILED (HTTP 400)',
			'Untuk mencoba lagi, tulis tindak lanjut baru dengan foto tersebut.',
		].join('\n'));
		expect(JSON.stringify([error.message, notes])).not.toMatch(/MAIN-secret|DESK-secret/);
	});
});

describe('notice.photos for a Messenger or Instagram citizen', () => {
	it('sends nothing and tells the officer the photos are on the tracking page', async () => {
		const b = backend([photo(1, null), photo(2, null)]);
		const { fns, calls } = fakeExecute({
			params: { resource: 'notice', operation: 'photos', event: EVENT, to: 'fb:24000000000000001', textWentAsTemplate: false, sendFrom: '' },
			items: [{ to: 'fb:24000000000000001' }],
			credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: { ...WA_CREDENTIALS } },
			http: b.handler,
		});
		const [[item]] = (await new KanalAduan().execute.call(fns)) as [[{ json: IDataObject }]];
		expect(calls.filter((c) => !c.options.url.startsWith('http://directus.test'))).toEqual([]);
		expect(item.json.photos).toMatchObject({ count: 2, held: 2, sent: [] });
		const notes = b.writes.filter((w) => w.path === '/items/complaint_updates').map((w) => (w.body as IDataObject).body);
		expect(notes).toEqual([
			'2 foto tindak lanjut tidak dikirim ke warga lewat Messenger: pengiriman foto lewat kanal ini belum tersedia. Warga dapat melihat foto tersebut di halaman pelacakan laporan.',
		]);
	});
});
