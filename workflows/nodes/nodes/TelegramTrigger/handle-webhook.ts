import { TelegramUpdate, telegramBotAccount, telegramBotId, telegramEvent, verifyTelegramSecret, type EventContact, type InboundMessage } from '@kanal-aduan/core';

/** What the trigger saw: the parts of the HTTP request the decision depends on. */
export interface TelegramWebhookRequest {
	headers: Record<string, string | string[] | undefined>;
	/** The webhook URL's query: `?bot=<bot id>` for a desk's bot, none for the main bot. */
	query?: Record<string, unknown>;
	body: unknown;
}

export interface TelegramWebhookSecrets {
	/** The secret_token given to setWebhook (one for all the credential's bots). */
	secretToken: string;
	/** The credential's main bot token: the bot of an update without `?bot=`. */
	botToken: string;
}

/**
 * One n8n item: the fields of the WhatsApp trigger's message items (so
 * "Kanal Aduan → Intake → Handle Message" takes it unchanged) plus the channel.
 * `phoneNumberId` is the account the citizen wrote to, `tg:<bot id>` (as a
 * WhatsApp item carries the desk's number): replies go out from that bot.
 */
export interface TelegramTriggerItem {
	kind: 'message';
	message: InboundMessage;
	contact: EventContact;
	sender: string;
	/** `tg:<bot id>`; null only when the main bot's token has no readable id. */
	phoneNumberId: string | null;
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
 * The account of the bot an update came to: `?bot=<bot id>`, else the main
 * bot. A bot id the credential has no token for is still taken (the message
 * is kept; sending from that bot then fails with the fix in its error). A
 * `bot` that is not a bot id is acknowledged and ignored: answering anything
 * else would make Telegram retry an update no fix to the URL can reach.
 */
function botOf(query: Record<string, unknown> | undefined, mainToken: string): { account: string | null } | { ignored: string } {
	const given = query?.['bot'];
	if (given === undefined) {
		const mainId = telegramBotId(mainToken);
		return { account: mainId === null ? null : telegramBotAccount(mainId) };
	}
	if (typeof given === 'string' && /^\d{1,20}$/.test(given)) return { account: telegramBotAccount(given) };
	return { ignored: `webhook query bot=${JSON.stringify(given).slice(0, 40)} is not a bot id (digits)` };
}

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

	// A desk's bot has its webhook at the same URL with ?bot=<bot id> (Telegram posts no bot id itself).
	const bot = botOf(req.query, secrets.botToken);
	if ('ignored' in bot) return { ...reply(200, 'OK'), ignored: bot.ignored };

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
		phoneNumberId: bot.account,
		channel: 'telegram',
		raw: req.body,
	};
	return reply(200, answer, [item]);
}
