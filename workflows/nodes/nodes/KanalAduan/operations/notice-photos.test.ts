import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeExecute, WA_CREDENTIALS, type FakeResponse } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, META_MESSENGER_CREDENTIAL, TELEGRAM_BOT_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { imageProblem } from '../../WhatsAppCloud/media-upload.ts';
import { KanalAduan } from '../KanalAduan.node.ts';
import { messengerPhotoProblem, photoFailureNote, sendFollowUpPhotos, telegramPhotoProblem, type FollowUpPhoto, type PhotoPorts } from './notice-photos.ts';

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
			captionsFailed: [],
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
		expect(item.json.photos).toEqual({ count: 0, sent: [], failed: [], captionsFailed: [], held: 0 });
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

describe('messengerPhotoProblem', () => {
	it('Instagram takes JPEG and PNG up to 8 MB; Messenger also GIF, up to 25 MB', () => {
		expect(messengerPhotoProblem({ bytes: PNG, mimeType: 'image/png', filename: 'a.png' }, 'instagram')).toBeNull();
		expect(messengerPhotoProblem({ bytes: PNG, mimeType: 'image/gif', filename: 'a.gif' }, 'messenger')).toBeNull();
		expect(messengerPhotoProblem({ bytes: PNG, mimeType: 'image/gif', filename: 'a.gif' }, 'instagram')).toMatch(/a\.gif .*bukan foto; Instagram hanya menerima JPEG atau PNG/);
		expect(messengerPhotoProblem({ bytes: PNG, mimeType: 'application/pdf', filename: 'surat.pdf' }, 'messenger')).toMatch(/Messenger hanya menerima JPEG, PNG atau GIF/);
		const nineMb = { bytes: Buffer.alloc(9 * 1024 * 1024), mimeType: 'image/jpeg', filename: 'besar.jpg' };
		expect(messengerPhotoProblem(nineMb, 'instagram')).toBe('berkas besar.jpg 9.0 MB; Instagram menerima foto sampai 8 MB');
		expect(messengerPhotoProblem(nineMb, 'messenger')).toBeNull();
		expect(messengerPhotoProblem({ ...nineMb, bytes: Buffer.alloc(25 * 1024 * 1024 + 1) }, 'messenger')).toMatch(/Messenger menerima foto sampai 25 MB/);
		expect(messengerPhotoProblem({ ...nineMb, bytes: Buffer.alloc(0) }, 'messenger')).toBe('berkas besar.jpg kosong');
	});
});

const FB = 'fb:24000000000000001';
const IG = 'ig:17841400000000123';
const MAIN_PAGE_TOKEN = 'MAIN-PAGE-secret';
const DESK_PAGE_TOKEN = 'DESK-PAGE-secret';
const DESK_IG_TOKEN = 'DESK-IG-secret';
const MESSENGER = {
	pageAccessToken: MAIN_PAGE_TOKEN,
	appSecret: 'app-secret',
	verifyToken: 'v',
	apiBaseUrl: 'http://meta.test',
	apiVersion: 'v23.0',
	deskPageTokens: `fb:106000000000777=${DESK_PAGE_TOKEN}\nig:17841400000000777=${DESK_IG_TOKEN}`,
};

type MetaCall =
	| { kind: 'upload'; token: string; fields: string[]; platform: unknown; message: unknown; name: string; type: string; bytes: Buffer }
	| { kind: 'send'; token: string; body: IDataObject };

/** Directus + Meta's Attachment Upload API and Send API, each call read as Meta would; `answer` may refuse one. */
function metaBackend(rows: FollowUpPhoto[], answer: (call: MetaCall, n: number) => FakeResponse | null = () => null) {
	const directus = backend(rows);
	const calls: MetaCall[] = [];
	let seq = 0;
	const handler = async (o: IHttpRequestOptions): Promise<FakeResponse> => {
		const url = new URL(o.url);
		if (url.host !== 'meta.test') {
			if (url.host !== 'directus.test') throw new Error(`another channel called for a Messenger citizen: ${o.url}`);
			return directus.handler(o);
		}
		const token = String((o.headers as Record<string, string>).Authorization).replace(/^Bearer /, '');
		let call: MetaCall;
		if (url.pathname === '/v23.0/me/message_attachments') {
			const form = o.body as FormData;
			expect(form).toBeInstanceOf(FormData);
			const file = form.get('filedata') as File;
			call = {
				kind: 'upload', token, fields: [...form.keys()], platform: form.get('platform'), message: JSON.parse(String(form.get('message'))),
				name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()),
			};
		} else {
			expect(url.pathname).toBe('/v23.0/me/messages');
			call = { kind: 'send', token, body: o.body as IDataObject };
		}
		calls.push(call);
		const refused = answer(call, calls.length);
		if (refused) return refused;
		seq++;
		return call.kind === 'upload' ? { statusCode: 200, body: { attachment_id: `55${seq}` } } : { statusCode: 200, body: { recipient_id: '1', message_id: `m_${seq}` } };
	};
	return { handler, writes: directus.writes, calls };
}

async function runMeta(b: { handler: (o: IHttpRequestOptions) => Promise<FakeResponse> }, params: IDataObject = {}, credentials: Record<string, IDataObject> = { [META_MESSENGER_CREDENTIAL]: MESSENGER }) {
	const to = String(params.to ?? FB);
	const { fns } = fakeExecute({
		params: { resource: 'notice', operation: 'photos', event: EVENT, to, textWentAsTemplate: false, sendFrom: 'fb:106000000000777', lastInboundAt: new Date().toISOString(), ...params },
		items: [{ wamid: `${to.slice(0, 3)}m_text`, to, fallback: false }],
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: { ...WA_CREDENTIALS }, ...credentials },
		http: b.handler,
	});
	return new KanalAduan().execute.call(fns);
}

const sends = (calls: MetaCall[]) => calls.filter((c): c is Extract<MetaCall, { kind: 'send' }> => c.kind === 'send');
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600_000).toISOString();

describe('notice.photos for a Messenger or Instagram citizen (fb:<PSID>, ig:<IGSID>)', () => {
	it('declares the Meta Messenger credential, optional, for Send Follow-Up Photos', () => {
		const meta = new KanalAduan().description.credentials!.find((c) => c.name === META_MESSENGER_CREDENTIAL);
		expect(meta?.required).toBe(false);
		expect(meta?.displayOptions?.show).toMatchObject({ resource: expect.arrayContaining(['notice', 'intake']), operation: expect.arrayContaining(['photos', 'recordSent']) });
	});

	it('uploads each photo (multipart), sends it by attachment_id, then its caption as a text, from the page the citizen wrote to', async () => {
		const b = metaBackend([photo(1, 'Sebelum'), photo(2, null)]);
		const [[item]] = (await runMeta(b)) as [[{ json: IDataObject }]];
		expect(b.calls.map((c) => [c.kind, c.token])).toEqual([
			['upload', DESK_PAGE_TOKEN], ['send', DESK_PAGE_TOKEN], ['send', DESK_PAGE_TOKEN], ['upload', DESK_PAGE_TOKEN], ['send', DESK_PAGE_TOKEN],
		]);
		const [upload] = b.calls as [Extract<MetaCall, { kind: 'upload' }>];
		expect({ ...upload, bytes: upload.bytes.equals(PNG) }).toEqual({
			kind: 'upload', token: DESK_PAGE_TOKEN, fields: ['message', 'filedata'], platform: null,
			message: { attachment: { type: 'image', payload: { is_reusable: false } } }, name: 'foto-1.png', type: 'image/png', bytes: true,
		});
		expect(sends(b.calls).map((c) => c.body)).toEqual([
			{ recipient: { id: '24000000000000001' }, messaging_type: 'RESPONSE', message: { attachment: { type: 'image', payload: { attachment_id: '551' } } } },
			{ recipient: { id: '24000000000000001' }, messaging_type: 'RESPONSE', message: { text: 'Sebelum' } },
			{ recipient: { id: '24000000000000001' }, messaging_type: 'RESPONSE', message: { attachment: { type: 'image', payload: { attachment_id: '554' } } } },
		]);
		expect(b.writes.filter((w) => w.path === '/items/wa_messages').map((w) => w.body)).toEqual([
			{ wamid: 'fb:m_2', direction: 'out', wa_id: FB, type: 'image', payload: { to: FB, type: 'image', image: { id: 'fb:m_2#0', caption: 'Sebelum' } }, status: 'sent', complaint: 7 },
			{ wamid: 'fb:m_5', direction: 'out', wa_id: FB, type: 'image', payload: { to: FB, type: 'image', image: { id: 'fb:m_5#0' } }, status: 'sent', complaint: 7 },
		]);
		// The inbound side's media id form: the sent message's first attachment, which the attachments edge serves again.
		expect(b.writes.filter((w) => w.path.startsWith('/items/complaint_media/')).map((w) => [w.path, w.body])).toEqual([
			['/items/complaint_media/1', { wa_media_id: 'fb:m_2#0' }],
			['/items/complaint_media/2', { wa_media_id: 'fb:m_5#0' }],
		]);
		expect(item.json.photos).toMatchObject({ count: 2, held: 0, failed: [], captionsFailed: [], sent: [{ media: 1, wamid: 'fb:m_2' }, { media: 2, wamid: 'fb:m_5' }] });
		expect(b.writes.filter((w) => w.path === '/items/complaint_updates')).toEqual([]);
	});

	it('Instagram: platform=instagram on the upload, the main token for no «Send From», HUMAN_AGENT after 24 hours, caption cut to 1000 bytes', async () => {
		const b = metaBackend([photo(1, 'é'.repeat(600))]);
		await runMeta(b, { to: IG, sendFrom: '', lastInboundAt: daysAgo(3) });
		expect(b.calls.map((c) => [c.kind, c.token])).toEqual([['upload', MAIN_PAGE_TOKEN], ['send', MAIN_PAGE_TOKEN], ['send', MAIN_PAGE_TOKEN]]);
		expect(b.calls[0]).toMatchObject({ fields: ['platform', 'message', 'filedata'], platform: 'instagram' });
		const [image, caption] = sends(b.calls).map((c) => c.body);
		expect(image).toMatchObject({ recipient: { id: '17841400000000123' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
		expect(caption).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
		const text = String((caption!.message as IDataObject).text);
		expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(1000);
		expect(text.endsWith('…')).toBe(true);
	});

	it('sends no photo when the text could not go either (Instagram silent 8 days) and tells the officer', async () => {
		const b = metaBackend([photo(1, null), photo(2, null)]);
		const [[item]] = (await runMeta(b, { to: IG, lastInboundAt: daysAgo(8) }, {})) as [[{ json: IDataObject }]];
		expect(b.calls).toEqual([]);
		expect(item.json.photos).toMatchObject({ count: 2, held: 2, sent: [] });
		expect(b.writes.filter((w) => w.path === '/items/complaint_updates').map((w) => (w.body as IDataObject).body)).toEqual([
			'2 foto tindak lanjut tidak dikirim ke warga lewat Instagram: warga belum mengirim pesan ke akun Instagram layanan dalam 7 hari terakhir, sehingga Instagram tidak mengizinkan pesan dari akun layanan. Foto dapat dikirim dengan tindak lanjut baru setelah warga membalas.',
		]);
	});

	it('a Messenger citizen silent for weeks still gets the photos with ACCOUNT_UPDATE, as the text', async () => {
		const b = metaBackend([photo(1, null)]);
		await runMeta(b, { lastInboundAt: daysAgo(30) });
		expect(sends(b.calls).map((c) => [c.body.messaging_type, c.body.tag])).toEqual([['MESSAGE_TAG', 'ACCOUNT_UPDATE']]);
	});

	it('tries an upload that met a 500 again, and the photo goes', async () => {
		const b = metaBackend([photo(1, null)], (call, n) =>
			call.kind === 'upload' && n === 1 ? { statusCode: 500, headers: { 'retry-after': '0' }, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', code: 2 } } } : null,
		);
		const [[item]] = (await runMeta(b)) as [[{ json: IDataObject }]];
		expect(b.calls.map((c) => c.kind)).toEqual(['upload', 'upload', 'send']);
		expect(item.json.photos).toMatchObject({ failed: [], sent: [{ media: 1 }] });
	});

	it('a refused photo becomes the internal note, the next still goes, the node fails, and no page token is shown', async () => {
		// The first image send is refused; Meta's message echoes the token here to prove it never reaches the officer.
		let refused = false;
		const b = metaBackend([photo(1, 'Rusak'), photo(2, 'Berhasil')], (call) => {
			if (call.kind !== 'send' || refused) return null;
			refused = true;
			return { statusCode: 400, body: { error: { message: `(#551) This person isn't available right now. [${DESK_PAGE_TOKEN}]`, type: 'OAuthException', code: 551, error_subcode: 1545041 } } };
		});
		const error = (await runMeta(b).catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/1 dari 2 foto tindak lanjut ADU-2611-00007 belum terkirim/);
		// Photo 1's caption is not sent when photo 1 did not go; photo 2 and its caption go.
		expect(sends(b.calls).map((c) => (c.body.message as IDataObject).text ?? 'image')).toEqual(['image', 'image', 'Berhasil']);
		expect(b.writes.filter((w) => w.path === '/items/wa_messages')).toHaveLength(1);
		const notes = b.writes.filter((w) => w.path === '/items/complaint_updates').map((w) => w.body as IDataObject);
		expect(notes.map((n) => n.body)).toEqual([
			[
				'1 dari 2 foto tindak lanjut belum terkirim ke warga lewat Messenger (teks tindak lanjut sudah terkirim):',
				"- foto 1 «Rusak» (lampiran #1): Messenger Platform: (#551) This person isn't available right now. [<token>] (HTTP 400, kode 551/1545041)",
				'Untuk mencoba lagi, tulis tindak lanjut baru dengan foto tersebut.',
			].join('\n'),
		]);
		expect(JSON.stringify([error.message, notes])).not.toMatch(/MAIN-PAGE-secret|DESK-PAGE-secret/);
	});

	it('a caption that fails after its photo went is reported apart: the photo counts as sent', async () => {
		const b = metaBackend([photo(1, 'Sesudah')], (call) =>
			call.kind === 'send' && (call.body.message as IDataObject).text ? { statusCode: 400, body: { error: { message: '(#100) Invalid parameter', code: 100 } } } : null,
		);
		const error = (await runMeta(b).catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/^Keterangan 1 foto tindak lanjut ADU-2611-00007 belum terkirim ke warga \(fotonya terkirim\)/);
		expect(b.writes.filter((w) => w.path === '/items/wa_messages')).toHaveLength(1);
		const [note] = b.writes.filter((w) => w.path === '/items/complaint_updates').map((w) => (w.body as IDataObject).body);
		expect(note).toBe([
			'Keterangan 1 foto belum terkirim ke warga lewat Messenger (fotonya sudah terkirim; keterangan dikirim sebagai pesan tersendiri):',
			'- foto 1 «Sesudah» (lampiran #1): Messenger Platform: (#100) Invalid parameter (HTTP 400, kode 100)',
			'Untuk mencoba lagi, tulis keterangan tersebut sebagai tindak lanjut baru.',
		].join('\n'));
	});

	it('without the Meta Messenger credential on the node: a clear error before anything is sent', async () => {
		const b = metaBackend([photo(1, null)]);
		await expect(runMeta(b, {}, {})).rejects.toThrow(/kredensial Meta Messenger API belum dipasang/);
		expect(b.calls).toEqual([]);
	});
});
