import { TelegramUpdate, telegramEvent, verifyTelegramSecret, type EventContact, type InboundMessage } from '@kanal-aduan/core';

/** What the trigger saw: the parts of the HTTP request the decision depends on. */
export interface TelegramWebhookRequest {
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export interface TelegramWebhookSecrets {
	/** The secret_token given to setWebhook. */
	secretToken: string;
}

/**
 * One n8n item: the fields of the WhatsApp trigger's message items (so
 * "Kanal Aduan → Intake → Handle Message" takes it unchanged) plus the channel.
 * No business number: `phoneNumberId` is null and replies go out from the bot.
 */
export interface TelegramTriggerItem {
	kind: 'message';
	message: InboundMessage;
	contact: EventContact;
	sender: string;
	phoneNumberId: null;
	channel: 'telegram';
	/** The update as Telegram sent it. */
	raw: unknown;
}

/** The decision: what to answer, and which items (if any) start a workflow run. */
export interface TelegramWebhookDecision {
	status: number;
	contentType: 'text/plain' | 'application/json';
	body: string;
	items: TelegramTriggerItem[];
	/** Why an acknowledged update starts no run, for the log. */
	ignored?: string;
}

const reply = (status: number, body: string | object, items: TelegramTriggerItem[] = []): TelegramWebhookDecision =>
	typeof body === 'string'
		? { status, contentType: 'text/plain', body, items }
		: { status, contentType: 'application/json', body: JSON.stringify(body), items };

/**
 * An update Telegram posted to the webhook. The secret header is checked
 * before anything in the body is trusted. Every update that is signed and
 * well-formed gets a 200: Telegram retries anything else, and an update we
 * choose to ignore (a group, an edit) would come back again and again. A tap
 * on an inline button is acknowledged in the answer itself (Telegram runs a
 * Bot API method given in the webhook's response), so its spinner stops
 * without a call of our own.
 * https://core.telegram.org/bots/api#setwebhook
 * https://core.telegram.org/bots/api#making-requests-when-getting-updates
 */
export function handleTelegramWebhook(req: TelegramWebhookRequest, secrets: TelegramWebhookSecrets, now: Date = new Date()): TelegramWebhookDecision {
	// Without a configured secret anyone who guesses the URL could write as any citizen: refuse instead.
	if (!secrets.secretToken) {
		return reply(401, { error: 'Secret Token belum diisi pada kredensial Telegram Bot API; webhook ditolak.' });
	}
	if (!verifyTelegramSecret(req.headers['x-telegram-bot-api-secret-token'], secrets.secretToken)) {
		return reply(401, { error: 'Token rahasia X-Telegram-Bot-Api-Secret-Token tidak cocok.' });
	}

	const parsed = TelegramUpdate.safeParse(req.body);
	if (!parsed.success) {
		return reply(400, {
			error: 'Body bukan update Telegram Bot API: diharapkan {"update_id": …, "message": {…}} atau jenis update lain.',
			issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
		});
	}

	const event = telegramEvent(parsed.data, now);
	// https://core.telegram.org/bots/api#answercallbackquery
	const answer = event.callbackQueryId ? { method: 'answerCallbackQuery', callback_query_id: event.callbackQueryId } : 'OK';
	if (event.kind === 'ignored') return { ...reply(200, answer), ignored: event.reason };
	const item: TelegramTriggerItem = {
		kind: 'message',
		message: event.message,
		contact: event.contact,
		sender: event.sender,
		phoneNumberId: null,
		channel: 'telegram',
		raw: req.body,
	};
	return reply(200, answer, [item]);
}
