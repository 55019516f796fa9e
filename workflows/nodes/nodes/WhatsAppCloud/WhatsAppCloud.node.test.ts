import { describe, expect, it, vi } from 'vitest';
import { fakeExecute, WA_CREDENTIALS, type FakeResponse } from '../../__tests__/helpers.ts';
import { WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { retryDelayMs } from './graph-client.ts';
import { toRecipient } from './outbound.ts';
import { WhatsAppCloud } from './WhatsAppCloud.node.ts';
import { fromNumber } from './router.ts';
import type { SendContext } from './send-message.ts';

const node = new WhatsAppCloud();
const ok = (id = 'wamid.OUT1'): FakeResponse => ({
	statusCode: 200,
	body: { messaging_product: 'whatsapp', contacts: [{ input: '6281234567890', wa_id: '6281234567890' }], messages: [{ id }] },
});
const graphError = (statusCode: number, code: number, message: string, headers: Record<string, unknown> = {}): FakeResponse => ({
	statusCode,
	headers,
	body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'x' } },
});

function run(params: Record<string, unknown>, responses: FakeResponse[], continueOnFail = false) {
	const { fns, calls } = fakeExecute({
		params,
		credentials: { [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
		continueOnFail,
		http: (_o, i) => responses[Math.min(i, responses.length - 1)]!,
	});
	return { promise: node.execute.call(fns), calls };
}

describe('toRecipient', () => {
	it('turns the ways people write Indonesian numbers into a wa_id', () => {
		expect(toRecipient('0812-3456-7890')).toBe('6281234567890');
		expect(toRecipient('+62 812 3456 7890')).toBe('6281234567890');
		expect(toRecipient('6281234567890')).toBe('6281234567890');
		expect(toRecipient('halo')).toBeNull();
	});
});

describe('retryDelayMs', () => {
	it('honours Retry-After seconds, else backs off exponentially, capped', () => {
		const o = { baseDelayMs: 500, maxDelayMs: 30_000 };
		expect(retryDelayMs(1, '2', o)).toBe(2000);
		expect(retryDelayMs(1, undefined, o)).toBe(500);
		expect(retryDelayMs(3, undefined, o)).toBe(2000);
		expect(retryDelayMs(1, '3600', o)).toBe(30_000);
	});
});

describe('WhatsAppCloud send', () => {
	it('reads its credential once per run and hands it to every request, not once per message', async () => {
		const { fns, calls, credentialReads } = fakeExecute({
			items: [{ reply: 'Satu', to: '081234567890' }, { reply: 'Dua', to: '081234567891' }, { reply: 'Tiga', to: '081234567892' }],
			params: (name: string, i: number) => ({ operation: 'sendText', to: `08123456789${i}`, text: ['Satu', 'Dua', 'Tiga'][i] } as Record<string, unknown>)[name],
			credentials: { [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
			http: () => ok(),
		});
		await node.execute.call(fns);
		expect(calls).toHaveLength(3);
		expect(credentialReads).toEqual([WHATSAPP_CLOUD_CREDENTIAL]);
	});

	it('sends text to /{version}/{phone-number-id}/messages and returns the wamid', async () => {
		const { promise, calls } = run({ operation: 'sendText', to: '081234567890', text: 'Halo', replyTo: 'wamid.IN' }, [ok()]);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls).toHaveLength(1);
		expect(calls[0]!.credentialType).toBe(WHATSAPP_CLOUD_CREDENTIAL);
		expect(calls[0]!.options.url).toBe('http://graph.test/v23.0/100000000000001/messages');
		expect(calls[0]!.options.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '6281234567890',
			type: 'text',
			text: { body: 'Halo', preview_url: false },
			context: { message_id: 'wamid.IN' },
		});
		expect(item.json).toMatchObject({ wamid: 'wamid.OUT1', fallback: false, to: '6281234567890', type: 'text' });
	});

	it('builds reply buttons and refuses more than 3', async () => {
		const buttons = [
			{ id: 'ya', title: 'Ya' },
			{ id: 'tidak', title: 'Tidak' },
		];
		const { promise, calls } = run({ operation: 'sendButtons', to: '6281234567890', text: 'Kirim?', buttons: JSON.stringify(buttons), footer: '' }, [ok()]);
		await promise;
		expect(calls[0]!.options.body).toMatchObject({
			type: 'interactive',
			interactive: { type: 'button', body: { text: 'Kirim?' }, action: { buttons: [{ type: 'reply', reply: { id: 'ya', title: 'Ya' } }, { type: 'reply', reply: { id: 'tidak', title: 'Tidak' } }] } },
		});
		const four = [...buttons, { id: 'c', title: 'C' }, { id: 'd', title: 'D' }];
		const second = run({ operation: 'sendButtons', to: '6281234567890', text: 'Kirim?', buttons: four, footer: '' }, [ok()]);
		await expect(second.promise).rejects.toThrow();
		expect(second.calls).toHaveLength(0);
	});

	it('builds a list with rows and refuses more than 10 rows', async () => {
		const rows = [{ id: 'JALAN', title: 'Jalan rusak', description: 'Jalan berlubang' }];
		const { promise, calls } = run({ operation: 'sendList', to: '6281234567890', text: 'Pilih kategori', buttonText: 'Kategori', sectionTitle: 'Infrastruktur', rows, footer: '' }, [ok()]);
		await promise;
		expect(calls[0]!.options.body).toMatchObject({
			type: 'interactive',
			interactive: { type: 'list', action: { button: 'Kategori', sections: [{ title: 'Infrastruktur', rows }] } },
		});
		const many = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Baris ${i}` }));
		const second = run({ operation: 'sendList', to: '6281234567890', text: 'x', buttonText: 'Pilih', sectionTitle: '', rows: many, footer: '' }, [ok()]);
		await expect(second.promise).rejects.toThrow();
		expect(second.calls).toHaveLength(0);
	});

	it('sends a template with body parameters', async () => {
		const { promise, calls } = run({ operation: 'sendTemplate', to: '6281234567890', templateName: 'laporan_diterima', templateLanguage: 'id', templateParameters: '["Siti","ADU-2611-00042"]' }, [ok()]);
		await promise;
		expect(calls[0]!.options.body).toMatchObject({
			type: 'template',
			template: { name: 'laporan_diterima', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Siti' }, { type: 'text', text: 'ADU-2611-00042' }] }] },
		});
	});

	it('marks a message as read', async () => {
		const { promise, calls } = run({ operation: 'markAsRead', messageId: 'wamid.IN' }, [{ statusCode: 200, body: { success: true } }]);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls[0]!.options.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' });
		expect(item.json.success).toBe(true);
	});

	it('marks nothing, without calling Meta, when the item names no message', async () => {
		const { promise, calls } = run({ operation: 'markAsRead', messageId: '' }, []);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls).toHaveLength(0);
		expect(item.json).toMatchObject({ skipped: true, success: false });
	});

	it('retries 429 (honouring Retry-After) then succeeds', async () => {
		const { promise, calls } = run({ operation: 'sendText', to: '6281234567890', text: 'Halo' }, [
			graphError(429, 130429, 'Rate limit hit', { 'retry-after': '0' }),
			graphError(503, 2, 'Service temporarily unavailable', { 'retry-after': '0' }),
			ok('wamid.AFTER'),
		]);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls).toHaveLength(3);
		expect(item.json.wamid).toBe('wamid.AFTER');
	});

	it('gives up after 4 tries on persistent 5xx', async () => {
		const { promise, calls } = run({ operation: 'sendText', to: '6281234567890', text: 'Halo' }, [graphError(500, 1, 'Unknown error', { 'retry-after': '0' })]);
		await expect(promise).rejects.toThrow('Unknown error');
		expect(calls).toHaveLength(4);
	});

	it('falls back to the configured template outside the 24 h window (131047)', async () => {
		const { promise, calls } = run(
			{
				operation: 'sendText',
				to: '6281234567890',
				text: 'Laporan Anda sedang diproses',
				fallbackTemplateName: 'kabar_laporan',
				fallbackTemplateLanguage: 'id',
				fallbackTemplateParameters: '["ADU-2611-00042"]',
			},
			[graphError(400, 131047, 'Re-engagement message'), ok('wamid.TPL')],
		);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls).toHaveLength(2);
		expect(calls[1]!.options.body).toMatchObject({ type: 'template', to: '6281234567890', template: { name: 'kabar_laporan' } });
		expect(item.json).toMatchObject({ wamid: 'wamid.TPL', fallback: true, type: 'template' });
	});

	it('sends the template straight away when told the window is closed, with Meta-safe parameters', async () => {
		const { promise, calls } = run(
			{
				operation: 'sendText',
				to: '6281100000002',
				text: 'Yth. petugas DPUPR,\nAda laporan baru',
				fallbackTemplateName: 'kanal_aduan_disposisi',
				fallbackTemplateLanguage: 'id',
				fallbackTemplateParameters: '["ADU-2611-00042","Jalan rusak","Jl. Merdeka,\\nKayu Agung","Senin, 9 November 2026"]',
				sendTemplateInstead: true,
			},
			[ok('wamid.TPL')],
		);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls).toHaveLength(1);
		expect(calls[0]!.options.body).toMatchObject({
			type: 'template',
			to: '6281100000002',
			template: {
				name: 'kanal_aduan_disposisi',
				language: { code: 'id' },
				components: [{ type: 'body', parameters: ['ADU-2611-00042', 'Jalan rusak', 'Jl. Merdeka, · Kayu Agung', 'Senin, 9 November 2026'].map((text) => ({ type: 'text', text })) }],
			},
		});
		expect(item.json).toMatchObject({ wamid: 'wamid.TPL', fallback: true, type: 'template' });
	});

	it('still sends text when told to use a template but none is configured', async () => {
		const { promise, calls } = run({ operation: 'sendText', to: '6281100000002', text: 'Halo', fallbackTemplateName: '', sendTemplateInstead: true }, [ok()]);
		await promise;
		expect(calls[0]!.options.body).toMatchObject({ type: 'text' });
	});

	it('reports 131047 as an error when no fallback template is set', async () => {
		const { promise, calls } = run({ operation: 'sendText', to: '6281234567890', text: 'x', fallbackTemplateName: '' }, [graphError(400, 131047, 'Re-engagement message')]);
		await expect(promise).rejects.toThrow('Re-engagement message');
		expect(calls).toHaveLength(1);
	});

	it('turns a 400 into a NodeOperationError with Meta\'s message, without retrying', async () => {
		const { promise, calls } = run({ operation: 'sendText', to: '6281234567890', text: 'x' }, [graphError(400, 100, '(#100) Invalid parameter')]);
		await expect(promise).rejects.toMatchObject({ name: 'NodeOperationError', message: expect.stringContaining('(#100) Invalid parameter') });
		expect(calls).toHaveLength(1);
	});

	it('with continueOnFail, returns the error as an item instead of throwing', async () => {
		const { promise } = run({ operation: 'sendText', to: '6281234567890', text: 'x' }, [graphError(400, 100, '(#100) Invalid parameter')], true);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(item.json).toMatchObject({ code: 100, httpStatus: 400, error: expect.stringContaining('Invalid parameter') });
	});

	it('with Include Input Fields, each output item keeps its input item\'s fields, sent or failed', async () => {
		const reply = (body: string) => ({ messaging_product: 'whatsapp', to: '6281234567890', type: 'text', text: { body } });
		const input = [
			{ reply: reply('Satu'), replyRowId: 'row-1', media: [{ id: 7 }], to: 'dari-input' },
			{ reply: reply('Dua'), replyRowId: 'row-2', media: [] },
		];
		const { fns } = fakeExecute({
			items: input,
			params: (name, i) => ({ operation: 'sendPrepared', message: input[i]!.reply, includeInputFields: true, phoneNumberId: '' })[name],
			credentials: { [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
			continueOnFail: true,
			http: (_o, i) => (i === 0 ? ok('wamid.SENT1') : graphError(400, 131047, 'Re-engagement message')),
		});
		const [[sent, failed]] = (await node.execute.call(fns)) as [[{ json: Record<string, unknown> }, { json: Record<string, unknown> }]];
		// The send's own fields win over the input's (to).
		expect(sent!.json).toMatchObject({ replyRowId: 'row-1', media: [{ id: 7 }], wamid: 'wamid.SENT1', to: '6281234567890', message: reply('Satu') });
		expect(failed!.json).toMatchObject({ replyRowId: 'row-2', code: 131047, httpStatus: 400, error: expect.stringContaining('Re-engagement') });
		expect(failed!.json).not.toHaveProperty('wamid');
	});

	it('without it, the output items carry only the send\'s own fields', async () => {
		const { fns } = fakeExecute({
			items: [{ replyRowId: 'row-1' }],
			params: { operation: 'sendText', to: '6281234567890', text: 'x', phoneNumberId: '' },
			credentials: { [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
			http: () => ok('wamid.SENT1'),
		});
		const [[item]] = (await node.execute.call(fns)) as [[{ json: Record<string, unknown> }]];
		expect(item.json).toMatchObject({ wamid: 'wamid.SENT1' });
		expect(item.json).not.toHaveProperty('replyRowId');
	});

	it('downloads media in two steps into n8n binary data', async () => {
		const bytes = Buffer.from('JPEGDATA');
		const { promise, calls } = run({ operation: 'downloadMedia', mediaId: 'media-1', binaryPropertyName: 'foto' }, [
			{ statusCode: 200, body: { url: 'http://graph.test/media/file-1', mime_type: 'image/jpeg', sha256: 'abc', file_size: 8, id: 'media-1' } },
			{ statusCode: 200, body: bytes },
		]);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown>; binary: Record<string, { data: string; mimeType: string }> }]];
		expect(calls.map((c) => c.options.url)).toEqual(['http://graph.test/v23.0/media-1', 'http://graph.test/media/file-1']);
		expect(calls[1]!.options.encoding).toBe('arraybuffer');
		expect(item.json).toMatchObject({ mediaId: 'media-1', mimeType: 'image/jpeg', fileSize: 8 });
		expect(Buffer.from(item.binary.foto!.data, 'base64').toString()).toBe('JPEGDATA');
	});
});

describe('WhatsAppCloud sendImage', () => {
	const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
	const photo = (mimeType = 'image/png', bytes = PNG) => ({ data: { data: bytes.toString('base64'), mimeType, fileName: 'lubang.png' } });
	function runImage(responses: FakeResponse[], binary = photo(), caption = 'Sesudah ditambal') {
		const { fns, calls } = fakeExecute({
			params: { operation: 'sendImage', to: '081234567890', binaryPropertyName: 'data', caption },
			credentials: { [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
			binaries: [binary],
			http: (_o, i) => responses[Math.min(i, responses.length - 1)]!,
		});
		return { promise: node.execute.call(fns), calls };
	}

	it('uploads the bytes to /{phone-number-id}/media, then sends an image message by that id', async () => {
		const { promise, calls } = runImage([{ statusCode: 200, body: { id: '4490709327384033' } }, ok('wamid.IMG')]);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls.map((c) => c.options.url)).toEqual(['http://graph.test/v23.0/100000000000001/media', 'http://graph.test/v23.0/100000000000001/messages']);
		// The upload is Meta's multipart form: messaging_product, type, file (parsed back the way the simulator does).
		const upload = calls[0]!.options;
		const form = await new Request('http://x/', { method: 'POST', headers: upload.headers as Record<string, string>, body: new Uint8Array(upload.body as Buffer) }).formData();
		expect(form.get('messaging_product')).toBe('whatsapp');
		expect(form.get('type')).toBe('image/png');
		const file = form.get('file') as File;
		expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
		expect(file.name).toBe('lubang.png');
		expect(calls[1]!.options.body).toEqual({
			messaging_product: 'whatsapp', recipient_type: 'individual', to: '6281234567890', type: 'image',
			image: { id: '4490709327384033', caption: 'Sesudah ditambal' },
		});
		expect(item.json).toMatchObject({ wamid: 'wamid.IMG', type: 'image', mediaId: '4490709327384033', fallback: false });
	});

	it('retries a rate-limited upload, then sends', async () => {
		const { promise, calls } = runImage([graphError(429, 130429, 'Rate limit hit', { 'retry-after': '0' }), { statusCode: 200, body: { id: '77' } }, ok()]);
		await promise;
		expect(calls).toHaveLength(3);
		expect(calls[2]!.options.body).toMatchObject({ image: { id: '77' } });
	});

	it('refuses what WhatsApp would not show as a photo before calling Meta', async () => {
		const { promise, calls } = runImage([ok()], photo('application/pdf'));
		await expect(promise).rejects.toThrow(/hanya JPEG atau PNG/);
		expect(calls).toHaveLength(0);
	});
});

describe('WhatsAppCloud network failures', () => {
	it('retries a refused connection and then says the API cannot be reached', async () => {
		let n = 0;
		const { fns } = fakeExecute({
			params: { operation: 'sendText', to: '6281234567890', text: 'x' },
			credentials: { [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
			http: () => {
				n++;
				throw new Error('connect ECONNREFUSED 127.0.0.1:8090');
			},
		});
		vi.useFakeTimers();
		const p = node.execute.call(fns);
		const assertion = expect(p).rejects.toThrow('WhatsApp Cloud API tidak dapat dihubungi');
		await vi.runAllTimersAsync();
		await assertion;
		vi.useRealTimers();
		expect(n).toBe(4);
	});
});

describe('WhatsAppCloud sendPrepared', () => {
	it('sends a ready Cloud API body (e.g. a list from the conversation step) as is', async () => {
		const message = {
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '6281234567890',
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Pilih kategori' },
				action: { button: 'Pilih kategori', sections: [{ rows: [{ id: 'cat:JALAN', title: 'Jalan dan Jembatan' }] }] },
			},
		};
		const { promise, calls } = run({ operation: 'sendPrepared', message, fallbackTemplateName: '' }, [ok('wamid.L1')]);
		const [[item]] = (await promise) as [[{ json: Record<string, unknown> }]];
		expect(calls[0]!.options.body).toEqual(message);
		expect(item.json).toMatchObject({ wamid: 'wamid.L1', to: '6281234567890', type: 'interactive' });
	});

	it('refuses a body WhatsApp would reject (4 reply buttons) before sending anything', async () => {
		const buttons = [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `b${n}`, title: `B${n}` } }));
		const message = { messaging_product: 'whatsapp', to: '6281234567890', type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons } } };
		const { promise, calls } = run({ operation: 'sendPrepared', message }, [ok()]);
		await expect(promise).rejects.toThrow(/format WhatsApp Cloud API/);
		expect(calls).toHaveLength(0);
	});
});

describe('sending from the number the citizen wrote to', () => {
	const ctx = { target: { apiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v23.0', phoneNumberId: '100000000000001' }, http: async () => ({ statusCode: 200, body: {}, headers: {} }) } as unknown as SendContext;

	it('keeps the credential\'s number unless the item names another, and refuses what is not a phone_number_id', () => {
		expect(fromNumber(ctx, '')).toBe(ctx);
		expect(fromNumber(ctx, null)).toBe(ctx);
		expect(fromNumber(ctx, '100000000000001')).toBe(ctx);
		expect(fromNumber(ctx, ' 100000000000002 ').target).toEqual({ ...ctx.target, phoneNumberId: '100000000000002' });
		expect(() => fromNumber(ctx, '../me/accounts')).toThrow(/tidak valid/);
	});
});
