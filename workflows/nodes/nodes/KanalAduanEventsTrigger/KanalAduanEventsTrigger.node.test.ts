import { signBody } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { fakeWebhook } from '../../__tests__/helpers.ts';
import { KanalAduanEventsTrigger } from './KanalAduanEventsTrigger.node.ts';

const node = new KanalAduanEventsTrigger();
const secret = 'events-secret';
const event = { event: 'complaint.verified', complaint_id: 5, ticket: 'ADU-2611-00005', status_from: 'received', status_to: 'verified', at: '2026-11-02T03:00:00.000Z' };

async function post(raw: string, signature: string | undefined, eventsSecret = secret) {
	const { fns, response } = fakeWebhook({
		webhookName: 'default',
		rawBody: raw,
		body: JSON.parse(raw),
		headers: signature ? { 'x-kanal-signature': signature } : {},
		credentials: { directusUrl: 'http://directus.test', token: 't', eventsSecret },
	});
	const out = await node.webhook.call(fns);
	return { response, out };
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
});
