import { buttonMessage, listMessage, sendRefusedForGood, templateMessage, textMessage } from '@kanal-aduan/core';
import { describe, expect, it, vi } from 'vitest';
import { fakeExecute, type FakeResponse } from '../../__tests__/helpers.ts';
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

function run(reply: unknown, responses: FakeResponse[], opts: { continueOnFail?: boolean; lastInboundAt?: string } = {}) {
	const { fns, calls } = fakeExecute({
		items: [{ reply: reply as never }],
		params: { operation: 'sendPrepared', message: reply, lastInboundAt: opts.lastInboundAt ?? '' },
		credentials: { [META_MESSENGER_CREDENTIAL]: CREDENTIALS },
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
