import { isDomainError, sendingAccount, telegramBotTokens, telegramRefusedForGood, telegramTokenFor } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { TELEGRAM_BOT_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { runSendOperations, withSendFrom } from '../../shared/send-route.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import { TelegramApiError, type BotContext, type BotRequest } from './bot-client.ts';
import type { Operation } from './operations/common.ts';
import * as sendPrepared from './operations/send-prepared.ts';
import { alreadyRead } from '../../shared/credential-reads.ts';

export const operations: Record<string, Operation> = { sendPrepared };

/** The bots of the node's Telegram credential, each reached through n8n's HTTP helper. */
export interface TelegramBots {
	/**
	 * The bot an account names (`tg:<bot id>`), the main bot for none; throws
	 * TELEGRAM.UNKNOWN_BOT for a bot whose token is not on the credential.
	 */
	forAccount(account: string | null | undefined): BotContext;
}

export async function telegramBots(fns: IExecuteFunctions): Promise<TelegramBots> {
	const c = await fns.getCredentials(TELEGRAM_BOT_CREDENTIAL);
	const tokens = telegramBotTokens(String(c.botToken ?? ''), c.deskBotTokens);
	const baseUrl = String(c.baseUrl || 'https://api.telegram.org');
	const http = async (req: BotRequest): Promise<HttpResponse> =>
		(await fns.helpers.httpRequestWithAuthentication.call(fns, TELEGRAM_BOT_CREDENTIAL, {
			method: req.method,
			url: req.url,
			...(req.body ? { body: req.body, json: true } : { json: req.encoding !== 'arraybuffer' }),
			...(req.encoding ? { encoding: req.encoding } : {}),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		}, alreadyRead(fns, TELEGRAM_BOT_CREDENTIAL, c))) as HttpResponse;
	return { forAccount: (account) => ({ target: { baseUrl, botToken: telegramTokenFor(tokens, account) }, http }) };
}

/**
 * The error item of a reply that could not be sent, in the WhatsApp node's
 * shape ({error, code, httpStatus}) so "Intake → Record Sent" reads it the
 * same way; `refusedForGood` says Telegram will refuse it again whatever we
 * wait (the bot blocked, the chat unknown, a reply Telegram cannot show), so
 * Record Sent gives it up instead of leaving it to the redrive pass.
 */
export function errorItem(error: unknown): { error: string; code: number | null; httpStatus: number | null; refusedForGood: boolean } {
	if (error instanceof TelegramApiError) {
		return {
			error: `Telegram Bot API: ${error.message}`,
			code: error.code ?? null,
			httpStatus: error.httpStatus,
			refusedForGood: telegramRefusedForGood({ httpStatus: error.httpStatus, description: error.description ?? error.message }),
		};
	}
	// TELEGRAM.* domain errors: a template, an unknown interactive kind, a too-long button id, a WhatsApp recipient.
	// A bot missing from the credential is the exception: an admin adds its token and the redrive pass sends it.
	const forGood = isDomainError(error) && error.code.startsWith('TELEGRAM.') && error.code !== 'TELEGRAM.UNKNOWN_BOT';
	return { error: describeError(error), code: null, httpStatus: null, refusedForGood: forGood };
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const bots = await telegramBots(this);
	const items = this.getInputData();
	// Each item goes out from the bot the citizen wrote to (a desk's own bot), as WhatsApp replies leave from the number written to.
	const contextFor = (i: number) => bots.forAccount(sendingAccount(withSendFrom(this, i, items[i]?.json ?? {}), 'telegram'));
	return runSendOperations(this, operations, contextFor, (error) => {
		const api = error instanceof TelegramApiError ? error : undefined;
		return {
			item: errorItem(error),
			detail: api ? (api.httpStatus === 0 ? String(api.details) : `HTTP ${api.httpStatus}, kode Telegram ${api.code ?? '-'}`) : undefined,
		};
	});
}
