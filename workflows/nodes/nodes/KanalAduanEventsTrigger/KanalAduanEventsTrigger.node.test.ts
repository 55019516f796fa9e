import { signBody } from '@kanal-aduan/core';
import { describe, expect, it, vi } from 'vitest';
import { fakeWebhook } from '../../__tests__/helpers.ts';
import { KanalAduanEventsTrigger } from './KanalAduanEventsTrigger.node.ts';

const node = new KanalAduanEventsTrigger();
const secret = 'events-secret';
const event = { event: 'complaint.verified', complaint_id: 5, ticket: 'ADU-2611-00005', status_from: 'received', status_to: 'verified', at: '2026-11-02T03:00:00.000Z' };

async function post(raw: string, signature: string | undefined, eventsSecret = secret, directus?: (opts: { url: string }) => Promise<unknown>) {
	const { fns, response } = fakeWebhook({
		webhookName: 'default',
		rawBody: raw,
		body: JSON.parse(raw),
		headers: signature ? { 'x-kanal-signature': signature } : {},
		credentials: { directusUrl: 'http://directus.test', token: 't', eventsSecret },
	});
	const receipt = vi.fn(async (_cred: string, opts: { url: string }) => (directus ? directus(opts) : { statusCode: 200, body: { data: { receipt: 'first' } } }));
	(fns.helpers as unknown as Record<string, unknown>).httpRequestWithAuthentication = receipt;
	const out = await node.webhook.call(fns);
	return { response, out, receipt };
}

describe('KanalAduanEventsTrigger', () => {
	it('starts one run with the event when the signature matches the raw body', async () => {
		const raw = JSON.stringify(event);
		const { response, out } = await post(raw, signBody(raw, secret));
		expect(response.status).toBe(200);
		expect(out.workflowData).toEqual([[{ json: event }]]);
	});

	it('refuses a wrong or missing signature, and an empty secret, without a run', async () => {
		const raw = JSON.stringify(event);
		for (const [sig, s] of [[signBody(raw, 'other'), secret], [undefined, secret], [signBody(raw, ''), '']] as const) {
			const { response, out } = await post(raw, sig, s);
			expect(response.status).toBe(401);
			expect(out.workflowData).toBeUndefined();
		}
	});

	it('refuses a signed body that is not a report event', async () => {
		const raw = JSON.stringify({ ...event, status_to: 'done' });
		const { response, out } = await post(raw, signBody(raw, secret));
		expect(response.status).toBe(400);
		expect(out.workflowData).toBeUndefined();
	});

	describe('once only (events carry the outbox id)', () => {
		const withId = { ...event, id: 'a1b2:5' };
		const raw = JSON.stringify(withId);

		it('records the receipt in Directus and runs the first delivery', async () => {
			const { response, out, receipt } = await post(raw, signBody(raw, secret));
			expect(receipt.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', url: 'http://directus.test/kanal-aduan/events/a1b2%3A5/receipt' });
			expect(response.status).toBe(200);
			expect(out.workflowData).toEqual([[{ json: withId }]]);
		});

		it('drops a second delivery of the same event with 200 (so the outbox stops retrying) and no run', async () => {
			const { response, out } = await post(raw, signBody(raw, secret), secret, async () => ({ statusCode: 200, body: { data: { receipt: 'duplicate' } } }));
			expect(response.status).toBe(200);
			expect(JSON.parse(response.body as string)).toEqual({ ok: true, duplicate: true });
			expect(out.workflowData).toBeUndefined();
		});

		it('answers 503 without a run when the receipt cannot be recorded, so the outbox tries again later', async () => {
			for (const directus of [async () => { throw new Error('ECONNREFUSED'); }, async () => ({ statusCode: 500, body: {} })]) {
				const { response, out } = await post(raw, signBody(raw, secret), secret, directus);
				expect(response.status).toBe(503);
				expect(out.workflowData).toBeUndefined();
			}
		});

		it('never asks Directus about an unsigned body', async () => {
			const { response, receipt } = await post(raw, signBody(raw, 'other'));
			expect(response.status).toBe(401);
			expect(receipt).not.toHaveBeenCalled();
		});
	});
});
