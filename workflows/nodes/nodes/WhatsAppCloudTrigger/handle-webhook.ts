import { answerVerification, extractEvents, verifySignature, WebhookPayload } from '@kanal-aduan/core';

/** What the trigger saw: the parts of the HTTP request the decision depends on. */
export interface WebhookRequest {
	method: 'GET' | 'POST';
	query: Record<string, unknown>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Uint8Array | string | undefined;
	body: unknown;
}

export interface WebhookSecrets {
	appSecret: string;
	verifyToken: string;
}

/** One n8n item: an event from core's extractEvents plus the change value it came from. */
export type TriggerItem = ReturnType<typeof extractEvents>[number] & { raw: unknown };

/** The decision: what to answer, and which items (if any) start a workflow run. */
export interface WebhookDecision {
	status: number;
	contentType: 'text/plain' | 'application/json';
	body: string;
	items: TriggerItem[];
}

const reply = (status: number, body: string | object, items: TriggerItem[] = []): WebhookDecision =>
	typeof body === 'string'
		? { status, contentType: 'text/plain', body, items }
		: { status, contentType: 'application/json', body: JSON.stringify(body), items };

/**
 * Verification request (GET): Meta calls the callback URL with hub.mode=subscribe,
 * hub.verify_token and hub.challenge, and expects the challenge echoed back.
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
 */
export function handleVerification(query: Record<string, unknown>, secrets: WebhookSecrets): WebhookDecision {
	const challenge = answerVerification(query, secrets.verifyToken);
	return challenge !== null ? reply(200, challenge) : reply(403, 'Forbidden: verify token tidak cocok');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Event notification (POST). Order matters: the signature is checked over the
 * raw bytes before anything in the body is trusted.
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */
export function handleNotification(req: WebhookRequest, secrets: WebhookSecrets): WebhookDecision {
	// An empty app secret would make the HMAC forgeable by anyone; refuse instead.
	if (!secrets.appSecret) {
		return reply(401, { error: 'App Secret belum diisi pada kredensial WhatsApp Cloud API; webhook ditolak.' });
	}
	const header = req.headers['x-hub-signature-256'];
	const signature = Array.isArray(header) ? header[0] : header;
	if (req.rawBody === undefined || !verifySignature(req.rawBody, signature, secrets.appSecret)) {
		return reply(401, { error: 'Tanda tangan X-Hub-Signature-256 tidak valid.' });
	}

	const body = req.body;
	if (!isObject(body) || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) {
		return reply(400, {
			error: 'Body bukan webhook WhatsApp Cloud API: diharapkan {"object":"whatsapp_business_account","entry":[...]}.',
		});
	}

	// Only `messages` changes carry messages and statuses; other subscribed fields
	// (template status, account updates…) are acknowledged and ignored so Meta
	// does not retry them. https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
	const items: TriggerItem[] = [];
	for (const entry of body.entry) {
		if (!isObject(entry) || !Array.isArray(entry.changes)) {
			return reply(400, { error: 'Body webhook WhatsApp tidak lengkap: entry[].changes[] tidak ada.' });
		}
		for (const change of entry.changes) {
			if (!isObject(change) || change.field !== 'messages') continue;
			const single = WebhookPayload.safeParse({ object: body.object, entry: [{ id: entry.id, changes: [change] }] });
			if (!single.success) {
				return reply(400, {
					error: 'Body webhook WhatsApp tidak sesuai format Meta.',
					issues: single.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
				});
			}
			for (const event of extractEvents(single.data)) items.push({ ...event, raw: change.value });
		}
	}
	// Meta wants a fast 200 or it retries; the workflow runs after we answer.
	return reply(200, 'EVENT_RECEIVED', items);
}
