import { buttonMessage, listMessage, sendRefusedForGood, templateMessage, textMessage } from '@kanal-aduan/core';
import { describe, expect, it, vi } from 'vitest';
import { fakeExecute, type FakeResponse } from '../../__tests__/helpers.ts';
import { MetaMessengerApi } from '../../credentials/MetaMessengerApi.credentials.ts';
import { META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { Messenger } from './Messenger.node.ts';

const node = new Messenger();
const CREDENTIALS = { pageAccessToken: 'EAAG-page-token', appSecret: 's', verifyToken: 'v', apiBaseUrl: 'http://graph.test/', apiVersion: 'v23.0' };
const FB = 'fb:2462519940456789';
const IG = 'ig:17841400000000001';
const sent = (messageId: string): FakeResponse => ({ statusCode: 200, body: { recipient_id: '2462519940456789', message_id: messageId } });
const refused = (statusCode: number, code: number, message: string, subcode?: number): FakeResponse => ({
	statusCode,
	body: { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'A1' } },
});
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function run(reply: unknown, responses: FakeResponse[], opts: { continueOnFail?: boolean; lastInboundAt?: string; item?: Record<string, unknown>; credentials?: Record<string, string> } = {}) {
	const { fns, calls } = fakeExecute({
		items: [{ reply: reply as never, ...(opts.item as object) }],
		params: { operation: 'sendPrepared', message: reply, lastInboundAt: opts.lastInboundAt ?? '' },
		credentials: { [META_MESSENGER_CREDENTIAL]: opts.credentials ?? CREDENTIALS },
		continueOnFail: opts.continueOnFail ?? false,
		http: (_o, i) => responses[Math.min(i, responses.length - 1)]!,
	});
	return { promise: node.execute.call(fns) as Promise<[[{ json: Record<string, unknown> }]]>, calls };
}

describe('Messenger: Send Prepared Reply', () => {
	it('is the messengerSend node reading the reply and the last inbound time like the other send nodes', () => {
		expect(node.description.name).toBe('messengerSend');
		const props = Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
		expect(props.message).toBe('={{ $json.reply }}');
		expect(props.lastInboundAt).toBe("={{ $json.notice?.lastInboundAt ?? $json.lastInboundAt ?? '' }}");
	});

	it('sends text to <base>/<version>/me/messages with the page token as bearer, RESPONSE when the person just wrote', async () => {
		const reply = textMessage(FB, 'Laporan ADU-2611-00042 sudah kami terima.');
		const { promise, calls } = run(reply, [sent('m_sent1')]);
		const [[item]] = await promise;
		expect(calls).toHaveLength(1);
		expect(calls[0]!.credentialType).toBe(META_MESSENGER_CREDENTIAL);
		expect(calls[0]!.options).toMatchObject({ method: 'POST', url: 'http://graph.test/v23.0/me/messages', headers: { Authorization: 'Bearer EAAG-page-token' } });
		expect(calls[0]!.options.body).toEqual({ recipient: { id: '2462519940456789' }, messaging_type: 'RESPONSE', message: { text: 'Laporan ADU-2611-00042 sudah kami terima.' } });
		expect(item.json).toEqual({ wamid: 'fb:m_sent1', to: FB, waId: FB, fallback: false, type: 'text', message: reply });
	});

	it('turns reply buttons and list rows into quick replies', async () => {
		const buttons = buttonMessage(FB, 'Kirim laporan ini?', [
			{ id: 'confirm_yes', title: 'Ya, kirim' },
			{ id: 'confirm_no', title: 'Batal' },
		]);
		const { promise, calls } = run(buttons, [sent('m_2')]);
		const [[item]] = await promise;
		expect(calls[0]!.options.body).toMatchObject({
			message: {
				text: 'Kirim laporan ini?',
				quick_replies: [
					{ content_type: 'text', title: 'Ya, kirim', payload: 'confirm_yes' },
					{ content_type: 'text', title: 'Batal', payload: 'confirm_no' },
				],
			},
		});
		expect(item.json).toMatchObject({ wamid: 'fb:m_2', type: 'interactive' });
		const list = listMessage(IG, 'Pilih kategori', 'Pilih', [{ rows: [{ id: 'jalan', title: 'Jalan rusak' }, { id: 'sampah', title: 'Sampah' }] }]);
		const second = run(list, [sent('aWdf')]);
		const [[igItem]] = await second.promise;
		expect((second.calls[0]!.options.body as { message: { quick_replies: { payload: string }[] } }).message.quick_replies.map((q) => q.payload)).toEqual(['jalan', 'sampah']);
		expect(igItem.json.wamid).toBe('ig:aWdf');
	});

	it('picks HUMAN_AGENT after 24 hours, ACCOUNT_UPDATE after 7 days on Messenger', async () => {
		const body = async (to: string, lastInboundAt: string) => {
			const { promise, calls } = run(textMessage(to, 'Tindak lanjut dari petugas.'), [sent('m_3')], { lastInboundAt });
			await promise;
			return calls[0]!.options.body as Record<string, unknown>;
		};
		expect(await body(FB, hoursAgo(2))).toMatchObject({ messaging_type: 'RESPONSE' });
		expect(await body(FB, hoursAgo(30))).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
		expect(await body(IG, hoursAgo(6 * 24))).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
		expect(await body(FB, hoursAgo(10 * 24))).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' });
	});

	it('refuses an Instagram reply after 7 days without calling Meta, as a given-up error item', async () => {
		const { promise, calls } = run(textMessage(IG, 'Laporan Anda selesai.'), [sent('x')], { continueOnFail: true, lastInboundAt: hoursAgo(8 * 24) });
		const [[item]] = await promise;
		expect(calls).toHaveLength(0);
		expect(item.json).toMatchObject({ refusedForGood: true, httpStatus: null, channel: 'messenger', error: expect.stringContaining('di luar jendela Instagram 7 hari') });
	});

	it('a 551 (person unavailable) becomes an error item Record Sent gives up, without retrying', async () => {
		const { promise, calls } = run(textMessage(FB, 'halo'), [refused(400, 551, 'This person isn\'t available right now.')], { continueOnFail: true });
		const [[item]] = await promise;
		expect(calls).toHaveLength(1);
		expect(item.json).toEqual({ error: 'Messenger Send API: This person isn\'t available right now.', code: 551, httpStatus: 400, refusedForGood: true, channel: 'messenger' });
	});

	it('retries a Graph rate limit (613) and a 5xx, then sends', async () => {
		vi.useFakeTimers();
		try {
			const { promise, calls } = run(textMessage(FB, 'halo'), [refused(400, 613, 'Calls to this api have exceeded the rate limit.'), refused(503, 2, 'Service unavailable'), sent('m_4')]);
			await vi.runAllTimersAsync();
			const [[item]] = await promise;
			expect(calls).toHaveLength(3);
			expect(item.json.wamid).toBe('fb:m_4');
		} finally {
			vi.useRealTimers();
		}
	});

	it('a lasting 1200 (temporary send error) is left for the redrive pass, though WhatsApp\'s rule would give it up', async () => {
		vi.useFakeTimers();
		try {
			const { promise, calls } = run(textMessage(FB, 'halo'), [refused(400, 1200, 'Temporary send message failure.')], { continueOnFail: true });
			await vi.runAllTimersAsync();
			const [[item]] = await promise;
			expect(calls).toHaveLength(1);
			expect(item.json).toMatchObject({ code: 1200, httpStatus: 400, refusedForGood: false, channel: 'messenger' });
			expect(sendRefusedForGood({ httpStatus: 400, code: 1200 })).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('refuses a WhatsApp template before calling Meta, as a given-up error', async () => {
		const { promise, calls } = run(templateMessage(FB, 'status_update', 'id', ['ADU-1']), [sent('x')], { continueOnFail: true });
		const [[item]] = await promise;
		expect(calls).toHaveLength(0);
		expect(item.json).toMatchObject({ refusedForGood: true, error: expect.stringContaining('Template WhatsApp') });
	});

	it('without continueOnFail, throws a NodeOperationError, and never shows the page token', async () => {
		const { promise } = run(textMessage(FB, 'halo'), [refused(400, 100, 'No matching user found', 2018001)]);
		await expect(promise).rejects.toMatchObject({ name: 'NodeOperationError', message: 'Messenger Send API: No matching user found' });
		vi.useFakeTimers();
		try {
			const { fns } = fakeExecute({
				params: { operation: 'sendPrepared', message: textMessage(FB, 'halo'), lastInboundAt: '' },
				credentials: { [META_MESSENGER_CREDENTIAL]: CREDENTIALS },
				http: () => {
					throw new Error('connect ECONNREFUSED http://graph.test?access_token=EAAG-page-token');
				},
			});
			const p = node.execute.call(fns);
			const assertion = expect(p).rejects.toSatisfy((e: { message: string; description: string }) => e.message.includes('tidak dapat dihubungi') && !e.description.includes('EAAG-page-token'));
			await vi.runAllTimersAsync();
			await assertion;
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('Messenger: a desk\'s own Facebook Page or Instagram account', () => {
	const DESK_FB = 'fb:106000000000777';
	const DESK_IG = 'ig:17841400000000777';
	const WITH_DESKS = { ...CREDENTIALS, deskPageTokens: `${DESK_FB}=EAAG-desk-fb\n${DESK_IG}=IGQ-desk-ig` };
	const bearer = async (item: Record<string, unknown>, credentials: Record<string, string> = WITH_DESKS) => {
		const { promise, calls } = run(textMessage(item.to === undefined ? FB : String(item.to), 'halo'), [sent('m_d')], { item, credentials });
		await promise;
		return (calls[0]!.options.headers as Record<string, string>).Authorization;
	};

	it('the credential has a password field deskPageTokens, "Token halaman meja", one fb:/ig: key=token per line', () => {
		const field = new MetaMessengerApi().properties.find((p) => p.name === 'deskPageTokens');
		expect(field).toMatchObject({ displayName: 'Token halaman meja', type: 'string', default: '', typeOptions: { password: true } });
		expect(field!.description).toContain('fb:<ID halaman>=<token>');
		expect(field!.description).toContain('ig:<ID akun Instagram>=<token>');
	});

	it('sends with the token of the account in the item\'s from, else its phoneNumberId', async () => {
		expect(await bearer({ from: DESK_FB })).toBe('Bearer EAAG-desk-fb');
		expect(await bearer({ to: IG, phoneNumberId: DESK_IG })).toBe('Bearer IGQ-desk-ig');
		expect(await bearer({ from: DESK_FB, phoneNumberId: DESK_IG })).toBe('Bearer EAAG-desk-fb');
		// A WhatsApp number or nothing in `from`: the notice's phoneNumberId decides.
		expect(await bearer({ from: '100000000000001', phoneNumberId: DESK_FB })).toBe('Bearer EAAG-desk-fb');
	});

	it('an account the credential does not list, or none, sends with the main page token', async () => {
		expect(await bearer({ from: 'fb:106000000000001' })).toBe('Bearer EAAG-page-token');
		expect(await bearer({ phoneNumberId: 'ig:106000000000777' })).toBe('Bearer EAAG-page-token');
		expect(await bearer({ phoneNumberId: null })).toBe('Bearer EAAG-page-token');
		expect(await bearer({ from: DESK_FB }, CREDENTIALS)).toBe('Bearer EAAG-page-token');
	});

	it('each item of a run goes out from its own account', async () => {
		const { fns, calls } = fakeExecute({
			items: [{ from: DESK_FB }, {}, { phoneNumberId: DESK_IG }],
			params: (name, i) => ({ operation: 'sendPrepared', message: textMessage(i === 2 ? IG : FB, `pesan ${i}`), lastInboundAt: '' })[name],
			credentials: { [META_MESSENGER_CREDENTIAL]: WITH_DESKS },
			http: (_o, i) => sent(`m_${i}`),
		});
		const [out] = (await node.execute.call(fns)) as [[{ json: Record<string, unknown> }]];
		expect(calls.map((c) => (c.options.headers as Record<string, string>).Authorization)).toEqual(['Bearer EAAG-desk-fb', 'Bearer EAAG-page-token', 'Bearer IGQ-desk-ig']);
		expect(out.map((o) => o.json.wamid)).toEqual(['fb:m_0', 'fb:m_1', 'ig:m_2']);
	});

	it('«Send From» names the account for items that carry it elsewhere (a notice\'s notice.phoneNumberId)', async () => {
		const { fns, calls } = fakeExecute({
			items: [{ notice: { phoneNumberId: DESK_IG } }, { phoneNumberId: DESK_FB }],
			params: (name, i) => ({ operation: 'sendPrepared', message: textMessage(i === 0 ? IG : FB, `pesan ${i}`), lastInboundAt: '', sendFrom: i === 0 ? DESK_IG : '' })[name],
			credentials: { [META_MESSENGER_CREDENTIAL]: WITH_DESKS },
			http: (_o, i) => sent(`m_${i}`),
		});
		await node.execute.call(fns);
		expect(calls.map((c) => (c.options.headers as Record<string, string>).Authorization)).toEqual(['Bearer IGQ-desk-ig', 'Bearer EAAG-desk-fb']);
	});

	it('a malformed desk line stops the run before anything is sent, naming the line and not the token', async () => {
		const { promise, calls } = run(textMessage(FB, 'halo'), [sent('x')], {
			continueOnFail: true,
			item: { from: DESK_FB },
			credentials: { ...CREDENTIALS, deskPageTokens: `${DESK_FB}=EAAG-desk-fb\nEAAG-secret-desk-token` },
		});
		await expect(promise).rejects.toSatisfy(
			(e: { name: string; message: string }) => e.name === 'NodeOperationError' && /Token halaman meja baris 2 tidak valid/.test(e.message) && !e.message.includes('secret'),
		);
		expect(calls).toHaveLength(0);
	});

	it('never shows a desk\'s token when the Send API cannot be reached', async () => {
		vi.useFakeTimers();
		try {
			const { fns } = fakeExecute({
				items: [{ from: DESK_FB }],
				params: { operation: 'sendPrepared', message: textMessage(FB, 'halo'), lastInboundAt: '' },
				credentials: { [META_MESSENGER_CREDENTIAL]: WITH_DESKS },
				http: () => {
					throw new Error('connect ECONNREFUSED http://graph.test?access_token=EAAG-desk-fb');
				},
			});
			const p = node.execute.call(fns);
			const assertion = expect(p).rejects.toSatisfy((e: { description: string }) => e.description.includes('<token>') && !e.description.includes('EAAG-desk-fb'));
			await vi.runAllTimersAsync();
			await assertion;
		} finally {
			vi.useRealTimers();
		}
	});
});
