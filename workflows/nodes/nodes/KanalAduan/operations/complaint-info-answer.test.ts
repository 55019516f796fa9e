import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeExecute, WA_CREDENTIALS, type FakeResponse } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

const WA = '6281234567890';
const TEMPLATE = {
	id: 'notify.info_received.id', key: 'notify.info_received', locale: 'id', wa_template_name: null, wa_template_language: null, description: null,
	body: 'Terima kasih, keterangan Anda sudah kami teruskan ke verifikator untuk laporan *{{ticket}}*.{{#if others}} Masih menunggu: {{others}}.{{/if}}',
};

type Backend = { waiting: IDataObject[]; conversation?: IDataObject | null; failUpload?: boolean };

/** A Directus that answers exactly the calls the operation makes, recording writes. */
function backend(b: Backend) {
	const writes: Array<{ method: string; path: string; body: unknown }> = [];
	const reads: URL[] = [];
	const handler = (o: IHttpRequestOptions): FakeResponse => {
		const url = new URL(o.url);
		if (o.method === 'GET') {
			reads.push(url);
			if (url.pathname === '/items/complaints') return { statusCode: 200, body: { data: b.waiting } };
			if (url.pathname === '/items/conversations') return { statusCode: 200, body: { data: b.conversation ? [b.conversation] : [] } };
			if (url.pathname === '/items/message_templates') return { statusCode: 200, body: { data: [TEMPLATE] } };
			if (url.pathname === '/v23.0/media-1') return { statusCode: 200, body: { url: 'http://graph.test/dl/media-1', mime_type: 'image/jpeg', id: 'media-1' } };
			if (url.pathname === '/dl/media-1') return { statusCode: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.from('jpeg') };
			return { statusCode: 404, body: {} };
		}
		writes.push({ method: String(o.method), path: url.pathname, body: o.body });
		if (url.pathname === '/files') return b.failUpload ? { statusCode: 500, body: { errors: [{ message: 'disk full' }] } } : { statusCode: 200, body: { data: { id: 'file-1' } } };
		return { statusCode: 200, body: { data: { id: url.pathname.endsWith('complaint_updates') ? 55 : 9 } } };
	};
	return { handler, writes, reads };
}

const waiting = (id: number, ticket: string, at: string) => ({ id, ticket, date_updated: at, reporter: { locale: 'id' } });

async function run(message: IDataObject, b: ReturnType<typeof backend>) {
	const params = {
		resource: 'complaint', operation: 'infoAnswer', waId: WA,
		text: (message.text as { body?: string } | undefined)?.body ?? '',
		replyId: (message.interactive as { button_reply?: { id: string } } | undefined)?.button_reply?.id ?? '',
		message, downloadMedia: true, waMessageId: 'log-1',
	};
	const { fns } = fakeExecute({
		params, items: [{ message }],
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
		http: b.handler,
	});
	const [out] = await new KanalAduan().execute.call(fns);
	return out![0]!.json.infoAnswer as IDataObject & { reply?: { to: string; text: string } };
}

const text = (body: string) => ({ from: WA, id: 'wamid.A', timestamp: '1790000000', type: 'text', text: { body } });

describe('complaint.infoAnswer (intake: the citizen answers the verifikator’s question)', () => {
	it('attaches the answer to the most recently asked report, moves it back to received and names the other waiting ticket', async () => {
		const b = backend({ waiting: [waiting(8, 'ADU-2611-00008', '2026-11-23T04:00:00Z'), waiting(3, 'ADU-2611-00003', '2026-11-20T04:00:00Z')], conversation: { state: 'idle', last_inbound_at: '2026-11-23T05:00:00Z' } });
		const r = await run(text('Lampunya di depan SD Negeri 2, tiang nomor 14.'), b);
		expect(r).toMatchObject({ handled: true, ticket: 'ADU-2611-00008', complaintId: 8, updateId: 55, stillWaiting: ['ADU-2611-00003'] });
		expect(r.reply).toEqual({ to: WA, text: 'Terima kasih, keterangan Anda sudah kami teruskan ke verifikator untuk laporan *ADU-2611-00008*. Masih menunggu: ADU-2611-00003.' });
		// Newest question first, only the sender's own reports in needs_info.
		const q = b.reads.find((u) => u.pathname === '/items/complaints')!;
		expect(JSON.parse(q.searchParams.get('filter')!)).toEqual({ reporter: { wa_id: { _eq: WA } }, status: { _eq: 'needs_info' } });
		expect(q.searchParams.get('sort')).toBe('-date_updated,-id');
		expect(b.writes).toEqual([
			{ method: 'POST', path: '/items/complaint_updates', body: { complaint: 8, kind: 'citizen_message', body: 'Lampunya di depan SD Negeri 2, tiang nomor 14.', public: false } },
			{ method: 'PATCH', path: '/items/wa_messages/log-1', body: { complaint: 8 } },
			{ method: 'PATCH', path: '/items/complaints/8', body: { status: 'received', status_note: 'Pelapor sudah mengirim keterangan tambahan.' } },
		]);
	});

	it.each([
		['a command', text('menu')],
		['a greeting', text('Halo')],
		['a button tap', { from: WA, id: 'wamid.B', timestamp: '1', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'menu:report', title: 'Lapor' } } }],
	])('leaves %s to the conversation and writes nothing', async (_what, message) => {
		const b = backend({ waiting: [waiting(8, 'ADU-2611-00008', '2026-11-23T04:00:00Z')] });
		expect(await run(message, b)).toMatchObject({ handled: false, reason: 'not_an_answer' });
		expect(b.writes).toEqual([]);
	});

	it('goes on with the conversation when nothing waits, or when the citizen started a new report after the question', async () => {
		expect(await run(text('Jalan rusak di depan pasar'), backend({ waiting: [] }))).toMatchObject({ handled: false, reason: 'no_question_pending' });
		const b = backend({ waiting: [waiting(8, 'ADU-2611-00008', '2026-11-23T04:00:00Z')], conversation: { state: 'ask_place', last_inbound_at: '2026-11-23T06:00:00Z' } });
		expect(await run(text('Desa Sukadana'), b)).toMatchObject({ handled: false, reason: 'writing_new_report' });
		expect(b.writes).toEqual([]);
	});

	it('keeps a photo with its caption on the answer; a failed copy keeps the words and the move', async () => {
		const photo = { from: WA, id: 'wamid.C', timestamp: '1', type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'x', caption: 'Ini fotonya, tiang yang miring' } };
		const b = backend({ waiting: [waiting(8, 'ADU-2611-00008', '2026-11-23T04:00:00Z')] });
		const r = await run(photo, b);
		expect(r).toMatchObject({ handled: true, media: { stored: 1, error: null } });
		expect(b.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /items/complaint_updates', 'POST /files', 'POST /items/complaint_media', 'PATCH /items/wa_messages/log-1', 'PATCH /items/complaints/8']);
		expect(b.writes[0]!.body).toMatchObject({ body: 'Ini fotonya, tiang yang miring' });
		expect(b.writes[2]!.body).toMatchObject({ complaint: 8, update: 55, file: 'file-1', kind: 'image', wa_media_id: 'media-1' });

		const failing = backend({ waiting: [waiting(8, 'ADU-2611-00008', '2026-11-23T04:00:00Z')], failUpload: true });
		const bare = { ...photo, image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'x' } };
		const r2 = await run(bare, failing);
		expect(r2).toMatchObject({ handled: true, media: { stored: 0, error: expect.any(String) } });
		expect(failing.writes[0]!.body).toMatchObject({ kind: 'citizen_message', body: 'Pelapor mengirim lampiran tanpa keterangan.' });
		expect(failing.writes.at(-1)).toMatchObject({ method: 'PATCH', path: '/items/complaints/8' });
	});
});
