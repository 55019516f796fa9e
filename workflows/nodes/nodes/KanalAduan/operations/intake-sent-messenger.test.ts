import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, directusError, fakeExecute, WA_CREDENTIALS, type FakeResponse, type HttpHandler } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

// "Intake → Record Sent" for replies sent by the Messenger node: its error
// items carry `channel: 'messenger'`, and then its refusedForGood alone decides.

const node = new KanalAduan();
const FB = 'fb:2462519940456789';
const row = (n: number) => `${n}${n}${n}${n}${n}${n}${n}${n}-1111-4111-8111-111111111111`;

async function run(items: IDataObject[], http: HttpHandler) {
	const params = (name: string, i: number) =>
		({
			resource: 'intake',
			operation: 'recordSent',
			replyRowId: items[i]!.replyRowId,
			wamid: items[i]!.wamid ?? '',
			sentMessage: items[i]!.message ?? null,
			media: [],
			downloadMedia: true,
		})[name];
	const { fns, calls } = fakeExecute({
		params,
		items,
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS, [WHATSAPP_CLOUD_CREDENTIAL]: WA_CREDENTIALS },
		http,
	});
	await node.execute.call(fns);
	return calls;
}

const recordOk = (o: { url: string }): FakeResponse | null =>
	new URL(o.url).pathname === '/kanal-aduan/intake/sent' ? { statusCode: 200, body: { data: { replies: 1, media: 0, failed: 2 } } } : null;

describe('intake.recordSent with the Messenger channel', () => {
	it('gives up a 551 and an Instagram reply after 7 days; leaves a Graph 613/1200 (HTTP 400) to the redrive', async () => {
		const items = [
			{ wamid: 'fb:m_sent1', to: FB, type: 'text', message: { messaging_product: 'whatsapp', recipient: FB, type: 'text', text: { body: 'ok' } }, replyRowId: row(1) },
			{ error: "Messenger Send API: This person isn't available right now.", code: 551, httpStatus: 400, refusedForGood: true, channel: 'messenger', replyRowId: row(2) },
			{ error: 'Pesan ke ig:1 tidak dapat dikirim: di luar jendela Instagram 7 hari', code: null, httpStatus: null, refusedForGood: true, channel: 'messenger', replyRowId: row(3) },
			{ error: 'Messenger Send API: rate limit', code: 613, httpStatus: 400, refusedForGood: false, channel: 'messenger', replyRowId: row(4) },
			{ error: 'Messenger Send API: Temporary send message failure.', code: 1200, httpStatus: 400, refusedForGood: false, channel: 'messenger', replyRowId: row(5) },
		];
		const calls = await run(items, (o) => recordOk(o) ?? directusError(404, 'ROUTE_NOT_FOUND', o.url));
		const body = calls[0]!.options.body as { replies: unknown[]; failed: Array<{ id: string }> };
		expect(body.replies).toEqual([{ id: row(1), wamid: 'fb:m_sent1', message: items[0]!.message }]);
		// Only the two refused for good are given up; 613 and 1200 are left for the redrive pass.
		expect(body.failed).toEqual([
			{ id: row(2), error: "Messenger Send API: This person isn't available right now.", code: 551, httpStatus: 400 },
			{ id: row(3), error: 'Pesan ke ig:1 tidak dapat dikirim: di luar jendela Instagram 7 hari', code: null, httpStatus: null },
		]);
	});
});
