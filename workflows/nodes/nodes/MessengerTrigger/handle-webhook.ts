import { answerVerification, MessengerWebhook, messengerEvents, verifySignature, type EventContact, type InboundMessage } from '@kanal-aduan/core';

/** What the trigger saw: the parts of the HTTP request the decision depends on. */
export interface MessengerWebhookRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody: Uint8Array | string | undefined;
	body: unknown;
}

export interface MessengerWebhookSecrets {
	appSecret: string;
	verifyToken: string;
}

/**
 * One n8n item: the fields of the WhatsApp trigger's message items (so
 * "Kanal Aduan → Intake → Handle Message" takes it unchanged) plus the channel.
 * `phoneNumberId` plays WhatsApp's business number: the account the citizen
 * wrote to, `fb:<page id>` / `ig:<Instagram account id>` (the webhook entry's
 * id), so the intake finds the desk owning it and replies go out from it.
 */
export interface MessengerTriggerItem {
	kind: 'message';
	message: InboundMessage;
	contact: EventContact;
	sender: string;
	phoneNumberId: string;
	channel: 'messenger' | 'instagram';
	/** The messaging event as Meta sent it. */
	raw: unknown;
}

/** The decision: what to answer, and which items (if any) start a workflow run. */
export interface MessengerWebhookDecision {
	status: number;
	contentType: 'text/plain' | 'application/json';
	body: string;
	items: MessengerTriggerItem[];
	/** Why acknowledged events start no run, for the log. */
	ignored?: string[];
}

const reply = (status: number, body: string | object, items: MessengerTriggerItem[] = []): MessengerWebhookDecision =>
	typeof body === 'string'
		? { status, contentType: 'text/plain', body, items }
		: { status, contentType: 'application/json', body: JSON.stringify(body), items };

/**
 * Verification request (GET): Meta calls the callback URL with hub.mode=subscribe,
 * hub.verify_token and hub.challenge, and expects the challenge echoed back.
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
 */
export function handleMessengerVerification(query: Record<string, unknown>, secrets: MessengerWebhookSecrets): MessengerWebhookDecision {
	const challenge = answerVerification(query, secrets.verifyToken);
	return challenge !== null ? reply(200, challenge) : reply(403, 'Forbidden: verify token tidak cocok');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Event notification (POST). The signature is checked over the raw bytes
 * before anything in the body is trusted; every signed, well-formed call gets
 * 200 EVENT_RECEIVED (Meta retries anything else, and an event we ignore — a
 * read, an echo — would come back again and again).
 * https://developers.facebook.com/docs/messenger-platform/webhooks#event-notifications
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
 */
export function handleMessengerNotification(req: MessengerWebhookRequest, secrets: MessengerWebhookSecrets, now: Date = new Date()): MessengerWebhookDecision {
	// An empty app secret would make the HMAC forgeable by anyone; refuse instead.
	if (!secrets.appSecret) {
		return reply(401, { error: 'App Secret belum diisi pada kredensial Meta Messenger API; webhook ditolak.' });
	}
	const header = req.headers['x-hub-signature-256'];
	const signature = Array.isArray(header) ? header[0] : header;
	if (req.rawBody === undefined || !verifySignature(req.rawBody, signature, secrets.appSecret)) {
		return reply(401, { error: 'Tanda tangan X-Hub-Signature-256 tidak valid.' });
	}

	const body = req.body;
	if (!isObject(body) || (body.object !== 'page' && body.object !== 'instagram')) {
		return reply(400, { error: 'Body bukan webhook Messenger/Instagram: diharapkan {"object":"page"} atau {"object":"instagram"} dengan entry[].' });
	}
	const parsed = MessengerWebhook.safeParse(body);
	if (!parsed.success) {
		return reply(400, {
			error: 'Body webhook Messenger/Instagram tidak lengkap: entry[].id dan entry[].messaging[] diharapkan.',
			issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
		});
	}

	// The raw event of each emitted item: messengerEvents keeps the order of entry[].messaging[] (standby events come after).
	const raws = parsed.data.entry.flatMap((e) => [...(e.messaging ?? []), ...(e.standby ?? [])]);
	const items: MessengerTriggerItem[] = [];
	const ignored: string[] = [];
	messengerEvents(parsed.data, now).forEach((event, i) => {
		if (event.kind === 'ignored') {
			ignored.push(event.reason);
			return;
		}
		items.push({ kind: 'message', message: event.message, contact: event.contact, sender: event.sender, phoneNumberId: event.account, channel: event.channel, raw: raws[i] });
	});
	return { ...reply(200, 'EVENT_RECEIVED', items), ...(ignored.length ? { ignored } : {}) };
}
