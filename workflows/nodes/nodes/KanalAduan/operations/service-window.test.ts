import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeExecute, type FakeResponse } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';
import type { DirectusClient } from '../directus-client.ts';
import { windowFor } from './service-window.ts';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const DISPOSITION = {
	id: 'officer.disposition.id', key: 'officer.disposition', locale: 'id', description: null,
	wa_template_name: 'kanal_aduan_disposisi', wa_template_language: 'id',
	body: 'Yth. petugas {{agency}},\nTiket: *{{ticket}}*\nKategori: {{category}}\nLokasi: {{place}}\nBatas: {{due}}',
};

const VERIFIED = {
	id: 'notify.verified.id', key: 'notify.verified', locale: 'id', description: null,
	wa_template_name: 'kanal_aduan_status', wa_template_language: 'id',
	body: 'Laporan *{{ticket}}* sudah kami periksa dan dinyatakan *layak ditindaklanjuti*.',
};
const CITIZEN_VIEW = {
	ticket: 'ADU-2611-00007', status_reason: null, status_note: null, respond_due: null,
	reporter: { wa_id: '6281234567890', locale: 'id', blocked: false, display_name: 'Sari' }, assigned_agency: null, duplicate_of: null,
};

/** The number the reporter wrote the report to (a kecamatan desk's own), stored with their message by the intake. */
const REPORT_NUMBER = '100000000000002';
const MAIN_NUMBER = '100000000000001';

type Inbound = { at: string; account: string };

/**
 * Directus answering the notices' reads. `inbound`: each person's inbound messages; a bare time is one
 * message to the account they wrote to (the reporter: REPORT_NUMBER; a follower: `lastWrittenTo`, else
 * the default account ''). wa_messages answers the grouped max(date_created) query (any account) and the
 * per-account read of the rows (newest first, from `date_created._gte`).
 */
function backend(inbound: Record<string, string | Inbound[]>, joined: Record<string, unknown[]> = {}, lastWrittenTo: Record<string, string> = {}) {
	const messagesOf = (id: string): Inbound[] => {
		const m = inbound[id];
		if (m === undefined) return [];
		return typeof m === 'string' ? [{ at: m, account: id === CITIZEN_VIEW.reporter.wa_id ? REPORT_NUMBER : (lastWrittenTo[id] ?? '') }] : m;
	};
	const reads: URL[] = [];
	const handler = (o: IHttpRequestOptions): FakeResponse => {
		const url = new URL(o.url);
		reads.push(url);
		const data = (d: unknown): FakeResponse => ({ statusCode: 200, body: { data: d } });
		switch (url.pathname) {
			case '/items/complaints': {
				// Reports joined into these ones ("Gabungkan"): the followers' query, by duplicate_of.
				const filter = JSON.parse(url.searchParams.get('filter') ?? '{}') as { duplicate_of?: { _in: number[] } };
				if (filter.duplicate_of) return data(filter.duplicate_of._in.flatMap((id) => joined[String(id)] ?? []));
				if (url.searchParams.get('fields')!.includes('reporter.wa_id')) return data([CITIZEN_VIEW]);
				return data([{ id: 7, ticket: 'ADU-2611-00007', address: 'Jl. Merdeka', respond_due: '2026-11-09T16:59:59.999Z', category: { name: 'Jalan rusak' }, region: { name: 'Kayu Agung' }, assigned_agency: { code: 'DPUPR', name: 'Dinas PUPR', short_name: 'DPUPR' } }]);
			}
			case '/users':
				return data([
					{ id: 'a', first_name: 'Budi', last_name: null, wa_phone: '+6281100000002' },
					{ id: 'b', first_name: 'Hendra', last_name: null, wa_phone: '+6281100000003' },
				]);
			case '/items/settings':
				return data({ timezone: 'Asia/Jakarta' });
			// The desks' own numbers (not the default desk's): REPORT_NUMBER and one more.
			case '/items/desks':
				return data([{ wa_phone_number_id: REPORT_NUMBER }, { wa_phone_number_id: '100000000000003' }]);
			case '/items/message_templates':
				return data(url.searchParams.get('filter')!.includes('notify.verified') ? [VERIFIED] : [DISPOSITION]);
			case '/items/wa_messages': {
				const asked = JSON.parse(url.searchParams.get('filter')!) as { wa_id?: { _in?: string[]; _eq?: string }; complaint?: { _eq: number }; date_created?: { _gte: string } };
				if (asked.complaint) return data([{ payload: { type: 'text', kanal_phone_number_id: REPORT_NUMBER } }]);
				// The account a follower last wrote to (their latest message first).
				if (asked.wa_id?._eq !== undefined) {
					expect(url.searchParams.get('sort')).toBe('-date_created');
					const account = lastWrittenTo[asked.wa_id._eq];
					return data(account ? [{ payload: { type: 'text', kanal_phone_number_id: account } }] : []);
				}
				const ids = asked.wa_id?._in ?? [];
				if (url.searchParams.get('aggregate')) {
					const latest = (id: string) => messagesOf(id).map((m) => m.at).sort().at(-1);
					return data(ids.filter((id) => latest(id)).map((id) => ({ wa_id: id, max: { date_created: latest(id) } })));
				}
				expect(url.searchParams.get('fields')).toBe('wa_id,payload,date_created');
				const since = asked.date_created!._gte;
				const rows = ids.flatMap((id) => messagesOf(id).map((m) => ({ wa_id: id, date_created: m.at, payload: { type: 'text', ...(m.account ? { kanal_phone_number_id: m.account } : {}) } })));
				return data(rows.filter((r) => r.date_created >= since).sort((a, b) => b.date_created.localeCompare(a.date_created)));
			}
			default:
				return { statusCode: 404, body: {} };
		}
	};
	return { handler, reads };
}

async function run(params: Record<string, unknown>, b: ReturnType<typeof backend>, items: IDataObject[] = [{}]) {
	const { fns } = fakeExecute({ params, items, credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS }, http: b.handler });
	const [out] = await new KanalAduan().execute.call(fns);
	return out!.map((i) => i.json);
}

const event = { event: 'complaint.status_changed', complaint_id: 7, ticket: 'ADU-2611-00007', status_from: 'verified', status_to: 'dispositioned', at: '2026-11-02T03:00:00.000Z' };

describe('notice.officers: text inside 24 h, the approved template outside it', () => {
	it('gives the officer who wrote today text and the one who never wrote the template with ticket, category, place, due', async () => {
		const b = backend({ '6281100000003': hoursAgo(2) });
		const [out] = await run({ resource: 'notice', operation: 'officers', event, appUrl: '' }, b);
		const officers = out!.officers as Array<Record<string, unknown>>;
		expect(officers.map((o) => [o.to, o.mode])).toEqual([['6281100000002', 'template'], ['6281100000003', 'text']]);
		expect(officers[0]).toMatchObject({
			templateName: 'kanal_aduan_disposisi',
			templateLanguage: 'id',
			templateParameters: ['ADU-2611-00007', 'Jalan rusak', 'Jl. Merdeka, Kayu Agung', 'Senin, 9 November 2026'],
			lastInboundAt: null,
		});
		expect(officers[1]!.text).toContain('Kategori: Jalan rusak');
		// One grouped query for every officer, inbound messages only.
		const q = b.reads.filter((u) => u.pathname === '/items/wa_messages');
		expect(q).toHaveLength(1);
		expect(JSON.parse(q[0]!.searchParams.get('filter')!)).toEqual({ direction: { _eq: 'in' }, wa_id: { _in: ['6281100000002', '6281100000003'] } });
		expect(JSON.parse(q[0]!.searchParams.get('aggregate')!)).toEqual({ max: ['date_created'] });
		expect(q[0]!.searchParams.get('groupBy')).toBe('wa_id');
	});

	it('counts a message older than 24 h as outside the window', async () => {
		const [out] = await run({ resource: 'notice', operation: 'officers', event, appUrl: '' }, backend({ '6281100000002': hoursAgo(25), '6281100000003': hoursAgo(23) }));
		expect((out!.officers as Array<{ mode: string }>).map((o) => o.mode)).toEqual(['template', 'text']);
	});
});

describe('notice.window (for any flow, e.g. the reminder digests)', () => {
	it('tells a flow whether to send text or the approved template', async () => {
		const b = backend({ '6281100000005': hoursAgo(1) });
		const check = async (waId: string, templateName: string) => (await run({ resource: 'notice', operation: 'window', waId, templateName }, b))[0]!.window;
		const wrote = await check('6281100000005', 'kanal_aduan_pengingat');
		const silent = await check('+6281100000001', 'kanal_aduan_pengingat');
		const noTemplate = await check('6281100000001', '');
		expect(wrote).toMatchObject({ open: true, mode: 'text' });
		expect(silent).toMatchObject({ open: false, mode: 'template', lastInboundAt: null });
		expect(noTemplate).toMatchObject({ open: false, mode: 'text' });
	});
});

describe('notice.citizen uses the same rule', () => {
	const verified = { ...event, status_from: 'received', status_to: 'verified' };
	it('text for a citizen who wrote today, the approved template with one-line parameters for one who did not', async () => {
		const [inside] = await run({ resource: 'notice', operation: 'citizen', event: verified }, backend({ '6281234567890': hoursAgo(3) }));
		expect(inside!.notice).toMatchObject({ send: true, mode: 'text', key: 'notify.verified' });
		const [outside] = await run({ resource: 'notice', operation: 'citizen', event: verified }, backend({ '6281234567890': hoursAgo(30) }));
		expect(outside!.notice).toMatchObject({
			send: true, mode: 'template', templateName: 'kanal_aduan_status',
			templateParameters: ['ADU-2611-00007', 'Laporan *ADU-2611-00007* sudah kami periksa dan dinyatakan *layak ditindaklanjuti*.'],
		});
	});
});

describe('notice.citizen: the citizens who follow a report (theirs was joined into it) get its news too', () => {
	const verified = { ...event, status_from: 'received', status_to: 'verified' };
	const citizen = (id: number, wa_id: string, extra: Record<string, unknown> = {}) =>
		({ id, ticket: `ADU-2611-000${id}`, reporter: { wa_id, locale: 'id', blocked: false, display_name: `Warga ${id}`, ...extra } });

	it('one item per recipient, the reporter first, followers at any depth, each by their own 24-hour window', async () => {
		const b = backend({ '6281234567890': hoursAgo(3), '6281300000011': hoursAgo(2) }, {
			'7': [citizen(11, '6281300000011'), citizen(12, 'tg:5550012')],
			'12': [citizen(13, '6281300000013'), citizen(14, '6281234567890')], // the reporter's own second report: not twice
		}, { '6281300000011': '100000000000003', 'tg:5550012': 'tg:7000000002' });
		const out = await run({ resource: 'notice', operation: 'citizen', event: verified }, b);
		// The reporter hears from the account they wrote this report to; each follower from the one they last wrote to
		// (a desk's own Telegram bot is the only bot that may write to someone who started only that bot).
		expect(out.map((o) => { const n = o.notice as IDataObject; return [n.to, n.key, n.mode, n.follower, n.phoneNumberId]; })).toEqual([
			['6281234567890', 'notify.verified', 'text', false, '100000000000002'],
			['6281300000011', 'notify.verified', 'text', true, '100000000000003'],
			['tg:5550012', 'notify.verified', 'text', true, 'tg:7000000002'],
			['6281300000013', 'notify.verified', 'template', true, ''],
		]);
		// Two levels of joins were read, and no more.
		expect(b.reads.filter((u) => u.searchParams.get('filter')?.includes('duplicate_of')).length).toBe(3);
	});

	it('a report nobody joined: only its reporter, as before', async () => {
		const out = await run({ resource: 'notice', operation: 'citizen', event: verified }, backend({ '6281234567890': hoursAgo(3) }));
		expect(out.map((o) => (o.notice as IDataObject).to)).toEqual(['6281234567890']);
	});
});


describe('the 24-hour window is the number the notice goes out from (Meta counts it per business number)', () => {
	const verified = { ...event, status_from: 'received', status_to: 'verified' };
	const REPORTER = CITIZEN_VIEW.reporter.wa_id;

	it("a reporter who filed at a desk's number days ago and wrote to the main number today gets the template from the desk's number", async () => {
		const b = backend({ [REPORTER]: [{ at: hoursAgo(1), account: MAIN_NUMBER }, { at: hoursAgo(50), account: REPORT_NUMBER }] });
		const [out] = await run({ resource: 'notice', operation: 'citizen', event: verified }, b);
		expect(out!.notice).toMatchObject({ phoneNumberId: REPORT_NUMBER, mode: 'template', lastInboundAt: expect.any(String) });
		expect(Date.parse((out!.notice as IDataObject).lastInboundAt as string)).toBeLessThan(Date.now() - 49 * 3600_000);
		// One read of the batch's messages, newest first, no further back than a week; no grouped query for a WhatsApp notice.
		const q = b.reads.filter((u) => u.pathname === '/items/wa_messages' && u.searchParams.get('fields') === 'wa_id,payload,date_created');
		expect(q).toHaveLength(1);
		expect(JSON.parse(q[0]!.searchParams.get('filter')!)).toMatchObject({ direction: { _eq: 'in' }, wa_id: { _in: [REPORTER] } });
		expect(Date.parse(JSON.parse(q[0]!.searchParams.get('filter')!).date_created._gte)).toBeGreaterThan(Date.now() - 8 * 86_400_000);
		expect(q[0]!.searchParams.get('sort')).toBe('-date_created');
		expect(b.reads.some((u) => u.searchParams.get('aggregate'))).toBe(false);
	});

	it("and text when they wrote to the desk's number within 24 hours, whatever they wrote elsewhere since", async () => {
		const b = backend({ [REPORTER]: [{ at: hoursAgo(1), account: MAIN_NUMBER }, { at: hoursAgo(5), account: REPORT_NUMBER }] });
		const [out] = await run({ resource: 'notice', operation: 'citizen', event: verified }, b);
		expect(out!.notice).toMatchObject({ phoneNumberId: REPORT_NUMBER, mode: 'text' });
	});

	it("a follower whose last message has no stored account is judged by the default account's messages only", async () => {
		const FOLLOWER = '6281300000021';
		const b = backend(
			{ [REPORTER]: hoursAgo(2), [FOLLOWER]: [{ at: hoursAgo(30), account: '' }, { at: hoursAgo(3), account: '100000000000003' }] },
			{ '7': [{ id: 21, ticket: 'ADU-2611-00021', reporter: { wa_id: FOLLOWER, locale: 'id', blocked: false, display_name: 'Warga 21' } }] },
		);
		const out = await run({ resource: 'notice', operation: 'citizen', event: verified }, b);
		expect(out.map((o) => { const n = o.notice as IDataObject; return [n.to, n.phoneNumberId, n.mode]; })).toEqual([
			[REPORTER, REPORT_NUMBER, 'text'],
			[FOLLOWER, '', 'template'],
		]);
		// Both recipients in the one read.
		const q = b.reads.filter((u) => u.searchParams.get('fields') === 'wa_id,payload,date_created');
		expect(q.map((u) => JSON.parse(u.searchParams.get('filter')!).wa_id._in)).toEqual([[REPORTER, FOLLOWER]]);
	});

	it('the default account is the main number: a report filed with no message (web form, call centre) is judged by what they wrote to it', async () => {
		// The trigger stamps the main number's own id; only the desks' own numbers are other windows.
		const rows = (accounts: Array<[string, number]>) => accounts.map(([account, h]) => ({ wa_id: REPORTER, date_created: hoursAgo(h), payload: { kanal_phone_number_id: account } }));
		const fake = (inbound: ReturnType<typeof rows>) => ({
			request: async () => inbound,
			list: async (collection: string) => (expect(collection).toBe('desks'), [{ wa_phone_number_id: REPORT_NUMBER }]),
		}) as unknown as DirectusClient;
		const [main] = await windowFor(fake(rows([[MAIN_NUMBER, 2], [REPORT_NUMBER, 30]])), [{ to: REPORTER, templateName: 'kanal_aduan_pengingat', from: '' }]);
		expect(main).toMatchObject({ open: true, mode: 'text' });
		const [deskOnly] = await windowFor(fake(rows([[REPORT_NUMBER, 1], [MAIN_NUMBER, 30]])), [{ to: REPORTER, templateName: 'kanal_aduan_pengingat', from: '' }]);
		expect(deskOnly).toMatchObject({ open: false, mode: 'template' });
		expect(Date.parse(deskOnly!.lastInboundAt!)).toBeLessThan(Date.now() - 29 * 3600_000);
	});

	it('notice.window takes the sending number («Send From»); empty: their last message to any number', async () => {
		const b = backend({ '6281100000005': [{ at: hoursAgo(1), account: MAIN_NUMBER }, { at: hoursAgo(40), account: REPORT_NUMBER }] });
		const check = async (sendFrom: string) => (await run({ resource: 'notice', operation: 'window', waId: '6281100000005', templateName: 'kanal_aduan_pengingat', sendFrom }, b))[0]!.window;
		expect(await check(REPORT_NUMBER)).toMatchObject({ open: false, mode: 'template' });
		expect(await check(MAIN_NUMBER)).toMatchObject({ open: true, mode: 'text' });
		expect(await check('')).toMatchObject({ open: true, mode: 'text' });
	});

	it('Messenger and Telegram recipients keep their last message to any account (ids scoped to one Page; Telegram has no window)', async () => {
		const b = backend({ 'fb:7001': [{ at: hoursAgo(2), account: 'fb:106000000000001' }] });
		const [out] = await run({ resource: 'notice', operation: 'window', waId: 'fb:7001', templateName: '', sendFrom: 'fb:106000000000009' }, b);
		expect(out!.window).toMatchObject({ open: true, mode: 'text' });
		expect(b.reads.filter((u) => u.pathname === '/items/wa_messages').map((u) => u.searchParams.get('groupBy'))).toEqual(['wa_id']);
	});
});
