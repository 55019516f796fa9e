// conversation.step against a fake Directus + Graph API: what it loads, what
// it stores, what it hands to the send node.
import { STATUS_LABELS, type Status } from '@kanal-aduan/core';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, directusError, fakeExecute, WA_CREDENTIALS, type FakeResponse } from '../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { KanalAduan } from './KanalAduan.node.ts';
import { mediaFileName, reportTitle } from './operations/conversation-report.ts';
import { oneAtATime } from './operations/conversation-step.ts';
import { toOwnReport } from './operations/conversation-context.ts';

const node = new KanalAduan();
const WA = '6281234567890';
const params = { resource: 'conversation', operation: 'step', floodPerMinute: 20, draftTtlHours: 24, minDescription: 20, downloadMedia: true };

const TEMPLATES = [
	{ id: 'intake.received.id', key: 'intake.received', locale: 'id', body: 'Terima kasih, {{name}}. Tiket *{{ticket}}*.', wa_template_name: null, wa_template_language: null, description: null },
	{ id: 'system.error.id', key: 'system.error', locale: 'id', body: 'Mohon maaf, sistem kami sedang gangguan.', wa_template_name: null, wa_template_language: null, description: null },
	{ id: 'intake.ask_media.id', key: 'intake.ask_media', locale: 'id', body: 'Kirim foto bila ada.', wa_template_name: null, wa_template_language: null, description: null },
	{ id: 'status.not_found.id', key: 'status.not_found', locale: 'id', body: 'Tidak ditemukan: {{ticket}}', wa_template_name: null, wa_template_language: null, description: null },
	{ id: 'status.reply.id', key: 'status.reply', locale: 'id', body: 'Status {{ticket}}: {{status}}', wa_template_name: null, wa_template_language: null, description: null },
];
const CATEGORIES = [
	{ code: 'JALAN', name: 'Jalan dan Jembatan', name_en: 'Roads', description: null, keywords: ['jalan', 'berlubang', 'aspal'], default_agency: null, sla_policy: 'SP4N', active: true, sort: 10 },
	{ code: 'LAINNYA', name: 'Lainnya', name_en: 'Other', description: null, keywords: [], default_agency: null, sla_policy: 'SP4N', active: true, sort: 99 },
];
const REGIONS = [
	{ code: '16.02.05', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02' },
	{ code: '16.02.05.1008', name: 'Sukadana', level: 'kelurahan', parent: '16.02.05' },
];

function event(message: IDataObject, extra: IDataObject = {}) {
	return { kind: 'message', phoneNumberId: '100000000000001', contact: { wa_id: WA, name: 'Siti' }, message: { from: WA, id: `wamid.${Math.random()}`, timestamp: '1790000000', ...message }, ...extra };
}

const draft = (over: IDataObject = {}) => ({
	type: 'pengaduan',
	category: 'JALAN',
	category_page: 0,
	category_hint: null,
	region: '16.02.05.1008',
	place_label: 'Sukadana, Kec. Kayu Agung',
	latitude: null,
	longitude: null,
	address: null,
	pending_place: null,
	place_options: [],
	description: ['Jalan berlubang besar di depan SD Negeri 2, motor sering jatuh.'],
	media: [{ wa_media_id: 'media-1', kind: 'image', mime_type: 'image/jpeg', caption: null }],
	media_done: true,
	confidential: true,
	started_at: new Date().toISOString(),
	updated_at: new Date().toISOString(),
	...over,
});

/** Fake Directus + Graph: records every call, answers like the real APIs. */
function backend(opts: { conversation?: IDataObject | null; citizen?: IDataObject | null; failComplaint?: boolean; reports?: IDataObject[] } = {}) {
	const saved = { conversations: [], conversationPatches: [], citizens: [], complaints: [], complaint_media: [], files: [], wa_messages: [] } as Record<
		'conversations' | 'conversationPatches' | 'citizens' | 'complaints' | 'complaint_media' | 'files' | 'wa_messages',
		IDataObject[]
	>;
	const urls: string[] = [];
	const handler = (o: IHttpRequestOptions): FakeResponse => {
		const url = new URL(o.url);
		urls.push(`${o.method} ${url.pathname}${url.search}`);
		const path = url.pathname;
		const ok = (data: unknown) => ({ statusCode: 200, body: { data } });
		if (url.host === 'graph.test') {
			if (path === '/v23.0/media-1') return { statusCode: 200, body: { url: 'http://graph.test/dl/media-1', mime_type: 'image/jpeg', file_size: 4, id: 'media-1' } };
			if (path === '/dl/media-1') return { statusCode: 200, body: Buffer.from('JPEG') };
			return { statusCode: 404, body: { error: { message: 'no', code: 100 } } };
		}
		if (o.method === 'GET') {
			if (path === '/items/settings') return ok({ instance_name: 'Lapor Bupati OKI', regency_code: '16.02', timezone: 'Asia/Jakarta', ticket_prefix: 'ADU' });
			if (path === '/items/categories') return ok(CATEGORIES);
			if (path === '/items/message_templates') return ok(TEMPLATES);
			if (path === '/items/regions') return ok(REGIONS);
			if (path === '/items/conversations') return ok(opts.conversation ? [opts.conversation] : []);
			if (path === '/items/citizens') return ok(opts.citizen ? [opts.citizen] : saved.citizens);
			if (path === '/items/complaints') return ok(opts.reports ?? []);
		}
		if (o.method === 'POST') {
			if (path === '/kanal-aduan/conversation-lock') return ok({ acquired: true, wait_ms: 0 });
			if (path === '/kanal-aduan/conversation-lock/release') return ok({ released: true });
			if (path === '/items/conversations') return (saved.conversations.push(o.body as IDataObject), ok({ id: 'c1' }));
			if (path === '/items/citizens') return (saved.citizens.push({ id: 'cit-1', ...(o.body as IDataObject) }), ok({ id: 'cit-1', ...(o.body as IDataObject) }));
			if (path === '/items/complaints') {
				if (opts.failComplaint) return directusError(500, 'INTERNAL_SERVER_ERROR', 'database down');
				saved.complaints.push(o.body as IDataObject);
				return ok({ id: 42, ticket: 'ADU-2611-00042', tracking_code: 'K7P3XW9A' });
			}
			if (path === '/files') {
				saved.files.push({ contentType: (o.headers as IDataObject)['content-type'], body: (o.body as Buffer).toString('latin1') });
				return ok({ id: 'file-uuid-1' });
			}
			if (path === '/items/complaint_media') return (saved.complaint_media.push(o.body as IDataObject), ok({ id: 7 }));
		}
		if (o.method === 'PATCH') {
			if (path.startsWith('/items/conversations/')) return (saved.conversationPatches.push(o.body as IDataObject), ok({ id: 'c1' }));
			if (path.startsWith('/items/wa_messages/')) return (saved.wa_messages.push(o.body as IDataObject), ok({ id: 'w1' }));
		}
		return directusError(403, 'FORBIDDEN', `unexpected ${o.method} ${path}`);
	};
	return { saved, urls, handler };
}

async function step(items: IDataObject[], b: ReturnType<typeof backend>) {
	const { fns, calls } = fakeExecute({
		params,
		items,
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
		http: b.handler,
	});
	const [out] = await node.execute.call(fns);
	return { out: out!.map((i) => i.json), calls };
}

describe('KanalAduan conversation.step', () => {
	it('a first message that tells the story: saves a new conversation and outputs the next question as a reply item', async () => {
		const b = backend();
		const { out } = await step([event({ type: 'text', text: { body: 'Jalan berlubang besar di kelurahan Sukadana, Kayu Agung, motor sering jatuh.' } })], b);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ to: WA, state: 'ask_media', ticket: null, replyType: 'interactive', reply: { to: WA, type: 'interactive' } });
		expect(b.saved.conversations).toEqual([expect.objectContaining({ wa_id: WA, state: 'ask_media', locale: 'id' })]);
		expect(b.saved.complaints).toHaveLength(0);
		// The whole step (load … save) runs inside the per-number lock.
		expect(b.urls[0]).toBe('POST /kanal-aduan/conversation-lock');
		expect(b.urls.at(-1)).toBe('POST /kanal-aduan/conversation-lock/release');
		expect(b.urls.indexOf('POST /items/conversations')).toBeLessThan(b.urls.length - 1);
	});

	it('on "Kirim": stores citizen, complaint and the photo from WhatsApp, then thanks with the ticket', async () => {
		const b = backend({ conversation: { id: 'c1', wa_id: WA, state: 'confirm', draft: draft(), locale: 'id', last_inbound_at: null, flood: null } });
		const { out, calls } = await step(
			[event({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'sum:send', title: 'Kirim' } } }, { waMessageId: 'w1' })],
			b,
		);
		expect(b.saved.citizens).toEqual([expect.objectContaining({ wa_id: WA, phone: '+6281234567890', display_name: 'Siti' })]);
		expect(b.saved.complaints).toEqual([
			expect.objectContaining({
				type: 'pengaduan',
				category: 'JALAN',
				region: '16.02.05.1008',
				confidential: true,
				channel: 'whatsapp',
				status: 'received',
				reporter: 'cit-1',
				locale: 'id',
				description: 'Jalan berlubang besar di depan SD Negeri 2, motor sering jatuh.',
			}),
		]);
		// Media id -> URL -> bytes with the WhatsApp credential, then a multipart upload with the Directus one.
		expect(calls.filter((c) => c.credentialType === WHATSAPP_CLOUD_CREDENTIAL).map((c) => c.options.url)).toEqual([
			'http://graph.test/v23.0/media-1',
			'http://graph.test/dl/media-1',
		]);
		expect(b.saved.files[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(b.saved.files[0]!.body).toContain('filename="ADU-2611-00042-1.jpg"');
		expect(b.saved.files[0]!.body).toContain('JPEG');
		expect(b.saved.complaint_media).toEqual([{ complaint: 42, file: 'file-uuid-1', kind: 'image', wa_media_id: 'media-1', mime_type: 'image/jpeg', caption: null }]);
		expect(b.saved.wa_messages).toEqual([{ complaint: 42 }]);
		expect(b.saved.conversationPatches).toEqual([expect.objectContaining({ state: 'idle', draft: null })]);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ ticket: 'ADU-2611-00042', complaintId: 42, mediaStored: 1, reply: { type: 'text' } });
		// The tracking code the hook drew reaches only the citizen's confirmation (appended: this template lacks {{tracking_code}}).
		const body = (out[0]!.reply as { text: { body: string } }).text.body;
		expect(body.startsWith('Terima kasih, Siti. Tiket *ADU-2611-00042*.')).toBe(true);
		expect(body).toContain('Kode lacak Anda: *K7P3XW9A*');
		expect(JSON.stringify({ ...out[0], reply: null })).not.toContain('K7P3XW9A');
	});

	it('when the report cannot be stored: apologises and keeps the draft so "Kirim" can be pressed again', async () => {
		const b = backend({ conversation: { id: 'c1', wa_id: WA, state: 'confirm', draft: draft(), locale: 'id', last_inbound_at: null, flood: null }, failComplaint: true });
		const { out } = await step([event({ type: 'text', text: { body: 'kirim' } })], b);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ ticket: null, state: 'confirm', reply: { text: { body: 'Mohon maaf, sistem kami sedang gangguan.' } } });
		expect(String(out[0]!.error)).toContain('database down');
		expect(b.saved.conversationPatches).toHaveLength(0);
	});

	it('a blocked citizen gets nothing, and nothing goes out', async () => {
		const b = backend({ citizen: { id: 'cit-9', blocked: true, locale: 'id', display_name: 'X' } });
		const { out } = await step([event({ type: 'text', text: { body: 'halo' } })], b);
		expect(out).toEqual([]);
	});

	it('"cek" asks Directus only for reports of the sender', async () => {
		const b = backend();
		const { out } = await step([event({ type: 'text', text: { body: 'cek ADU-2611-00007' } })], b);
		const reportQueries = b.urls.filter((u) => u.startsWith('GET /items/complaints'));
		expect(reportQueries.length).toBeGreaterThan(0);
		for (const q of reportQueries) expect(decodeURIComponent(q)).toContain(`"reporter":{"wa_id":{"_eq":"${WA}"}}`);
		expect(out[0]).toMatchObject({ reply: { text: { body: 'Tidak ditemukan: ADU-2611-00007' } } });
	});

	it('answers from an own report with its status in words', async () => {
		const b = backend({
			reports: [{ ticket: 'ADU-2611-00007', status: 'in_progress', received_at: '2026-11-02T03:00:00Z', verify_due: null, respond_due: null, resolve_due: '2026-11-20T10:00:00Z', category: { name: 'Jalan', name_en: null }, assigned_agency: { name: 'Dinas PUPR', short_name: 'DPUPR' }, updates: [] }],
		});
		const { out } = await step([event({ type: 'text', text: { body: 'cek ADU-2611-00007' } })], b);
		expect(out[0]).toMatchObject({ reply: { text: { body: `Status ADU-2611-00007: ${STATUS_LABELS.in_progress.id}` } } });
	});
});

describe('conversation helpers', () => {
	it("the 'cek' answer shows the deadline of the stage whose clock runs (core's stage rule)", () => {
		const row = { ticket: 'ADU-2611-00001', received_at: 'T0', verify_due: 'V', respond_due: 'R', resolve_due: 'S', category: null, assigned_agency: null, updates: [] };
		const due = (status: Status, extra: object = {}) => toOwnReport({ ...row, status, ...extra }, 'id')?.due;
		expect(due('received')).toBe('V');
		// Waiting for the citizen's answer: no verify deadline runs.
		expect(due('needs_info')).toBeNull();
		// Back at the verifikator after an agency returned it: that agency's dates are not the citizen's.
		expect(due('verified')).toBeNull();
		expect(due('dispositioned')).toBe('R');
		expect(due('in_progress')).toBe('S');
		expect(due('resolved')).toBeNull();
		expect(due('rejected')).toBeNull();
	});

	it('names files by ticket and type, and titles reports by their first line', () => {
		expect(mediaFileName('ADU-2611-00042', 0, 'image/jpeg')).toBe('ADU-2611-00042-1.jpg');
		expect(mediaFileName('ADU-2611-00042', 2, 'audio/ogg; codecs=opus')).toBe('ADU-2611-00042-3.ogg');
		expect(mediaFileName('ADU-2611-00042', 1, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toMatch(/^ADU-2611-00042-2\.\w+$/);
		expect(reportTitle('Lampu mati\ndi gang')).toBe('Lampu mati');
		const long = reportTitle('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana yang sudah dua bulan tidak diperbaiki sama sekali');
		expect(long.length).toBeLessThanOrEqual(80);
		expect(long.endsWith('…')).toBe(true);
	});

	it('handles one sender’s messages one after another, others in parallel', async () => {
		const order: string[] = [];
		const slow = (label: string, ms: number) => async () => {
			order.push(`${label}+`);
			await new Promise((r) => setTimeout(r, ms));
			order.push(`${label}-`);
		};
		await Promise.all([oneAtATime('a', slow('a1', 30)), oneAtATime('a', slow('a2', 1)), oneAtATime('b', slow('b1', 1))]);
		expect(order.indexOf('a1-')).toBeLessThan(order.indexOf('a2+'));
		expect(order.indexOf('b1-')).toBeLessThan(order.indexOf('a1-'));
	});
});

describe('DirectusClient under pressure', () => {
	it('retries a 503 (load shedding) for any request and a 502 only for reads, then gives up with a clear error', async () => {
		const { DirectusClient } = await import('./directus-client.ts');
		const answers: Record<string, number[]> = { GET: [503, 502, 200], POST: [503, 200], PATCH: [502] };
		const seen: string[] = [];
		const client = new DirectusClient(
			'http://directus.test',
			async (req) => {
				seen.push(req.method);
				const status = answers[req.method]!.shift() ?? 200;
				return { statusCode: status, headers: {}, body: status === 200 ? { data: { ok: req.method } } : { errors: [{ message: 'Under pressure', extensions: { code: 'SERVICE_UNAVAILABLE' } }] } };
			},
			async () => {},
		);
		expect(await client.request('GET', '/items/settings')).toEqual({ ok: 'GET' });
		expect(await client.request('POST', '/items/wa_messages', {}, { wamid: 'x' })).toEqual({ ok: 'POST' });
		await expect(client.request('PATCH', '/items/conversations/1', {}, { state: 'idle' })).rejects.toThrow(/HTTP 502/);
		expect(seen).toEqual(['GET', 'GET', 'GET', 'POST', 'POST', 'PATCH']);
	});
});
