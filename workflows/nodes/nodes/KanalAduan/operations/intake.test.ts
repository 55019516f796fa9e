import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, directusError, fakeExecute, WA_CREDENTIALS, type FakeResponse, type HttpHandler } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { DirectusClient, DirectusError } from '../directus-client.ts';
import { KanalAduan } from '../KanalAduan.node.ts';
import { handleRequest, type HandleAnswer } from './intake-handle.ts';
import { mediaFileName } from './intake-sent.ts';

const node = new KanalAduan();
const SITI = '6281234567890';
const inbound = {
	kind: 'message',
	phoneNumberId: '100000000000001',
	sender: SITI,
	contact: { wa_id: SITI, name: 'Siti' },
	message: { from: SITI, id: 'wamid.IN1', timestamp: '1790000000', type: 'text', text: { body: 'Halo' } },
};
const text = (body: string) => ({ messaging_product: 'whatsapp' as const, recipient_type: 'individual' as const, to: SITI, type: 'text' as const, text: { body } });

function answer(over: Partial<HandleAnswer> = {}): HandleAnswer {
	return {
		wamid: 'wamid.IN1',
		duplicate: false,
		handling: 'converse',
		converse: true,
		replies: [],
		media: [],
		complaintId: null,
		ticket: null,
		state: 'menu',
		effects: [],
		error: null,
		handled: 1,
		...over,
	};
}

async function run(params: Record<string, unknown> | ((name: string, i: number) => unknown), items: IDataObject[], http: HttpHandler) {
	const { fns, calls } = fakeExecute({
		params,
		items,
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: { ...WA_CREDENTIALS } },
		http,
	});
	const [out] = await node.execute.call(fns);
	return { out: out!, calls };
}

describe('intake.handle', () => {
	const params = { resource: 'intake', operation: 'handle', floodPerMinute: 20, draftTtlHours: 24, minDescription: 20 };

	it('sends the trigger item to Directus in one call and puts out one item per reply, in order, with its row', async () => {
		const replies = [
			{ id: '11111111-1111-4111-8111-111111111111', to: SITI, type: 'text', message: text('Selamat datang') },
			{ id: '22222222-2222-4222-8222-222222222222', to: SITI, type: 'interactive', message: { ...text('x'), type: 'interactive' } as never },
		];
		const { out, calls } = await run(params, [inbound], () => ({ statusCode: 200, body: { data: { answers: [answer({ replies })] } } }));
		expect(calls).toHaveLength(1);
		expect(calls[0]!.options).toMatchObject({ method: 'POST', url: 'http://directus.test/kanal-aduan/intake/batch' });
		expect(calls[0]!.options.body).toMatchObject({
			messages: [{ sender: SITI, message: { id: 'wamid.IN1' } }],
			limits: { flood_per_minute: 20, draft_ttl_hours: 24, min_description: 20 },
		});
		expect(out.map((o) => [o.json.replyRowId, o.json.replyIndex, (o.json.reply as IDataObject).type])).toEqual([
			[replies[0]!.id, 0, 'text'],
			[replies[1]!.id, 1, 'interactive'],
		]);
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('a message answered before (nothing left to send) puts out no item, so nothing is sent twice', async () => {
		const { out } = await run(params, [inbound], () => ({ statusCode: 200, body: { data: { answers: [answer({ duplicate: true })] } } }));
		expect(out).toHaveLength(0);
	});

	it('a run started for several webhooks sends their messages in one call and pairs each reply with its own message', async () => {
		const BUDI = '6281298765432';
		const second = { ...inbound, sender: BUDI, contact: { wa_id: BUDI, name: 'Budi' }, message: { ...inbound.message, from: BUDI, id: 'wamid.IN2' } };
		const third = { ...inbound, message: { ...inbound.message, id: 'wamid.IN3' } };
		const r = (id: string, to: string, body: string) => ({ id, to, type: 'text', message: { ...text(body), to } });
		const answers = [
			answer({ replies: [r('11111111-1111-4111-8111-111111111111', SITI, 'a')] }),
			answer({ wamid: 'wamid.IN2', replies: [r('22222222-2222-4222-8222-222222222222', BUDI, 'b')] }),
			// Siti's second message could not be handled: no item, it stays stored for the redrive.
			answer({ wamid: 'wamid.IN3', handled: 0, error: 'lock timeout' }),
		];
		const { out, calls } = await run(params, [inbound, second, third], () => ({ statusCode: 200, body: { data: { answers } } }));
		expect(calls).toHaveLength(1);
		expect((calls[0]!.options.body as { messages: Array<{ message: { id: string } }> }).messages.map((m) => m.message.id)).toEqual(['wamid.IN1', 'wamid.IN2', 'wamid.IN3']);
		expect(out.map((o) => [o.json.to, o.json.inboundWamid, (o.pairedItem as { item: number }).item])).toEqual([
			[SITI, 'wamid.IN1', 0],
			[BUDI, 'wamid.IN2', 1],
		]);
	});

	it('waits out a Directus restart (connection refused, then 503) and answers once it is back', async () => {
		let n = 0;
		const http: HttpHandler = () => {
			n++;
			if (n === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:8055');
			if (n <= 5) return directusError(503, 'SERVICE_UNAVAILABLE', 'Under pressure');
			return { statusCode: 200, body: { data: answer({ replies: [{ id: '11111111-1111-4111-8111-111111111111', to: SITI, type: 'text', message: text('Halo') }] }) } };
		};
		const sleeps: number[] = [];
		const client = new DirectusClient('http://directus.test', async (req) => ({ headers: {}, ...(await http(req as never, 0)) }) as never, async (ms) => void sleeps.push(ms));
		const got = await client.requestPatiently<HandleAnswer>('POST', '/kanal-aduan/intake/messages', {});
		expect(got.replies).toHaveLength(1);
		expect(sleeps.length).toBeGreaterThan(0);
	});

	it('gives up after the retry window with a message that says the execution can be retried', async () => {
		let clock = 0;
		const client = new DirectusClient(
			'http://directus.test',
			async () => {
				throw new Error('connect ECONNREFUSED');
			},
			async (ms) => void (clock += ms),
			() => clock,
		);
		const failure = await client.requestPatiently('POST', '/kanal-aduan/intake/messages', {}).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(DirectusError);
		expect((failure as Error).message).toMatch(/tidak dapat dihubungi.*Retry.*tidak akan dijawab dua kali/s);
		expect(clock).toBeGreaterThanOrEqual(60_000);
		expect(clock).toBeLessThanOrEqual(120_000);
	});

	it('a refusal (400) is final at once: it would be refused again', async () => {
		let calls = 0;
		const client = new DirectusClient('http://directus.test', async () => {
			calls++;
			return { headers: {}, ...directusError(400, 'INVALID_PAYLOAD', 'Isi permintaan pesan WhatsApp masuk tidak sah') };
		}, async () => {});
		await expect(client.requestPatiently('POST', '/kanal-aduan/intake/messages', {})).rejects.toThrow(/tidak sah/);
		expect(calls).toBe(1);
	});

	it('refuses an item that is not a message of the trigger, and keeps a username sender as it is', () => {
		expect(() => handleRequest({ kind: 'status' }, {}, 'h')).toThrow(/bukan pesan/);
		const bsuid = 'ID.1502576394655843';
		const body = handleRequest({ kind: 'message', contact: { user_id: bsuid }, message: { from_user_id: bsuid, id: 'wamid.U', timestamp: '1', type: 'text', text: { body: 'halo' } } }, {}, 'h');
		expect(body.sender).toBe(bsuid);
	});
});

describe('intake.recordSent', () => {
	const row = (n: number) => `${n}${n}${n}${n}${n}${n}${n}${n}-1111-4111-8111-111111111111`;
	const sentItems = [
		{ wamid: 'wamid.OUT1', to: SITI, type: 'text', message: text('Laporan diterima'), replyRowId: row(1) },
		{ wamid: 'wamid.OUT2', to: SITI, type: 'text', message: text('Kode lacak'), replyRowId: row(2) },
	];
	const media = [{ id: 41, wa_media_id: 'media.1', complaint: 7, ticket: 'ADU-2612-00007', index: 0, mime_type: 'image/jpeg' }];
	const params = (name: string, i: number) =>
		({
			resource: 'intake',
			operation: 'recordSent',
			replyRowId: sentItems[i]!.replyRowId,
			wamid: sentItems[i]!.wamid,
			sentMessage: sentItems[i]!.message,
			media,
			downloadMedia: true,
		})[name];

	it('records every sent reply in one call, after copying the report photo into Directus', async () => {
		const http: HttpHandler = (o): FakeResponse => {
			const url = new URL(o.url);
			if (url.host === 'graph.test' && url.pathname.endsWith('/media.1')) return { statusCode: 200, body: { url: 'http://graph.test/download/file-1', mime_type: 'image/jpeg' } };
			if (url.host === 'graph.test') return { statusCode: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.from('jpeg') };
			if (url.pathname === '/files') return { statusCode: 200, body: { data: { id: '99999999-9999-4999-8999-999999999999' } } };
			if (url.pathname === '/kanal-aduan/intake/sent') return { statusCode: 200, body: { data: { replies: 2, media: 1 } } };
			return directusError(404, 'ROUTE_NOT_FOUND', url.pathname);
		};
		const { out, calls } = await run(params, sentItems, http);
		const recorded = calls.filter((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'));
		expect(recorded).toHaveLength(1);
		expect(recorded[0]!.options.body).toEqual({
			replies: [
				{ id: row(1), wamid: 'wamid.OUT1', message: sentItems[0]!.message },
				{ id: row(2), wamid: 'wamid.OUT2', message: sentItems[1]!.message },
			],
			media: [{ id: 41, file: '99999999-9999-4999-8999-999999999999' }],
			failed: [],
			retry: [],
		});
		// The photo was uploaded before the record call, under the ticket's name.
		expect(calls.findIndex((c) => c.options.url.endsWith('/files'))).toBeLessThan(calls.indexOf(recorded[0]!));
		expect(out).toHaveLength(1);
		expect(out[0]!.json).toMatchObject({ recorded: 2, mediaStored: 1, mediaErrors: [] });
	});

	it('a photo WhatsApp no longer has is reported, and the replies are still recorded', async () => {
		const http: HttpHandler = (o): FakeResponse => {
			const url = new URL(o.url);
			if (url.host === 'graph.test') return { statusCode: 404, body: { error: { message: 'not found', code: 100 } } };
			if (url.pathname === '/kanal-aduan/intake/sent') return { statusCode: 200, body: { data: { replies: 2, media: 0 } } };
			return directusError(404, 'ROUTE_NOT_FOUND', url.pathname);
		};
		const { out, calls } = await run(params, sentItems, http);
		expect(calls.find((c) => c.options.url.endsWith('/kanal-aduan/intake/sent'))!.options.body).toMatchObject({ media: [] });
		expect(out[0]!.json).toMatchObject({ recorded: 2, mediaStored: 0, mediaErrors: [{ wa_media_id: 'media.1' }] });
	});

	it('with the inbound message named, puts out one item per citizen message whose replies went out, each once, for Mark as Read', async () => {
		const inboundOf = ['wamid.IN1', 'wamid.IN1', 'wamid.IN2'];
		const three = [...sentItems, { ...sentItems[0]!, wamid: '', replyRowId: row(3) }];
		const withInbound = (name: string, i: number) =>
			name === 'inboundWamid' ? inboundOf[i] : name === 'replyFrom' ? ['', '', '100000000000009'][i] : name === 'media' ? [] : ({ replyRowId: three[i]!.replyRowId, wamid: three[i]!.wamid, sentMessage: three[i]!.message, resource: 'intake', operation: 'recordSent', downloadMedia: true } as Record<string, unknown>)[name];
		const http: HttpHandler = (o) => (new URL(o.url).pathname === '/kanal-aduan/intake/sent' ? { statusCode: 200, body: { data: { replies: 2, media: 0 } } } : directusError(404, 'ROUTE_NOT_FOUND', o.url));
		const { out } = await run(withInbound, three, http);
		// The third reply was not sent (no wamid): its message (wamid.IN2) is not marked read.
		expect(out.map((o) => o.json.inboundWamid)).toEqual(['wamid.IN1']);
		// With the number its reply went from (none named: the credential's), for Mark as Read from the same number.
		expect(out[0]!.json).toMatchObject({ recorded: 2, phoneNumberId: null });
	});

	it('gives up a reply Meta refused for good (outside the 24-hour window), and releases one that failed for a passing reason to the next redrive pass', async () => {
		const items = [
			sentItems[0]!,
			{ error: 'WhatsApp Cloud API: Re-engagement message', code: 131047, httpStatus: 400, replyRowId: row(2) },
			{ error: 'WhatsApp Cloud API: Service temporarily unavailable', code: 131016, httpStatus: 503, replyRowId: row(3) },
		];
		const p = (name: string, i: number) =>
			({ resource: 'intake', operation: 'recordSent', replyRowId: items[i]!.replyRowId, wamid: (items[i] as { wamid?: string }).wamid ?? '', sentMessage: null, media: [], downloadMedia: true }) as Record<string, unknown>;
		const http: HttpHandler = (o) => (new URL(o.url).pathname === '/kanal-aduan/intake/sent' ? { statusCode: 200, body: { data: { replies: 1, media: 0, failed: 1 } } } : directusError(404, 'ROUTE_NOT_FOUND', o.url));
		const { out, calls } = await run((name, i) => p(name, i)[name], items, http);
		expect(calls[0]!.options.body).toMatchObject({
			replies: [{ id: row(1), wamid: 'wamid.OUT1' }],
			failed: [{ id: row(2), code: 131047, httpStatus: 400, error: expect.stringContaining('Re-engagement') }],
			retry: [{ id: row(3) }],
		});
		expect((calls[0]!.options.body as { failed: unknown[] }).failed).toHaveLength(1);
		expect(out[0]!.json).toMatchObject({ recorded: 1, failed: 1 });
	});

	it('names copied files after the ticket', () => {
		expect(mediaFileName('ADU-2611-00042', 0, 'image/jpeg')).toBe('ADU-2611-00042-1.jpg');
		expect(mediaFileName('ADU-2611-00042', 2, 'audio/ogg; codecs=opus')).toBe('ADU-2611-00042-3.ogg');
	});
});

describe('intake.redrive', () => {
	const params = { resource: 'intake', operation: 'redrive', floodPerMinute: 20, draftTtlHours: 24, minDescription: 20, maxCitizens: 30 };
	const BUDI = '6281234567891';

	it('asks Directus once per pass and puts out one item per reply, shaped like Handle Message, attachments on the first', async () => {
		const media = [{ id: 7, wa_media_id: 'MEDIA1', complaint: 3, ticket: 'ADU-2612-00003', index: 0, mime_type: 'image/jpeg' }];
		const replies = [
			{ id: '11111111-1111-4111-8111-111111111111', to: SITI, type: 'text', message: text('Laporan diterima ADU-2612-00003') },
			{ id: '22222222-2222-4222-8222-222222222222', to: BUDI, type: 'text', message: { ...text('Selamat datang'), to: BUDI } },
		];
		const { out, calls } = await run(params, [{}], () => ({ statusCode: 200, body: { data: { citizens: 2, handled: 1, replies, media } } }));
		expect(calls).toHaveLength(1);
		expect(calls[0]!.options).toMatchObject({ method: 'POST', url: 'http://directus.test/kanal-aduan/intake/redrive' });
		expect(calls[0]!.options.body).toMatchObject({ maxCitizens: 30, limits: { flood_per_minute: 20, draft_ttl_hours: 24, min_description: 20 }, holder: expect.stringMatching(/^n8n:/) });
		expect(out.map((i) => [i.json.to, i.json.replyRowId, i.json.replyIndex, (i.json.media as unknown[]).length])).toEqual([
			[SITI, replies[0]!.id, 0, 1],
			[BUDI, replies[1]!.id, 1, 0],
		]);
		expect(out[0]!.json).toMatchObject({ redrive: true, reply: replies[0]!.message, replyType: 'text' });
	});

	it('puts out nothing when nothing was left behind', async () => {
		const { out } = await run(params, [{}], () => ({ statusCode: 200, body: { data: { citizens: 0, handled: 0, replies: [], media: [] } } }));
		expect(out).toEqual([]);
	});
});
