import { isDomainError, telegramRefusedForGood } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { TELEGRAM_BOT_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { runSendOperations } from '../../shared/send-route.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import { TelegramApiError, type BotContext, type BotRequest } from './bot-client.ts';
import type { Operation } from './operations/common.ts';
import * as sendPrepared from './operations/send-prepared.ts';

export const operations: Record<string, Operation> = { sendPrepared };

/** The bot the node's Telegram credential names, reached through n8n's HTTP helper. */
export async function botContext(fns: IExecuteFunctions): Promise<BotContext> {
	const c = await fns.getCredentials(TELEGRAM_BOT_CREDENTIAL);
	return {
		target: { baseUrl: String(c.baseUrl || 'https://api.telegram.org'), botToken: String(c.botToken ?? '') },
		http: async (req: BotRequest): Promise<HttpResponse> =>
			(await fns.helpers.httpRequestWithAuthentication.call(fns, TELEGRAM_BOT_CREDENTIAL, {
				method: req.method,
				url: req.url,
				...(req.body ? { body: req.body, json: true } : { json: req.encoding !== 'arraybuffer' }),
				...(req.encoding ? { encoding: req.encoding } : {}),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as HttpResponse,
	};
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
	return { error: describeError(error), code: null, httpStatus: null, refusedForGood: isDomainError(error) && error.code.startsWith('TELEGRAM.') };
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ctx = await botContext(this);
	return runSendOperations(this, operations, () => ctx, (error) => {
		const api = error instanceof TelegramApiError ? error : undefined;
		return {
			item: errorItem(error),
			detail: api ? (api.httpStatus === 0 ? String(api.details) : `HTTP ${api.httpStatus}, kode Telegram ${api.code ?? '-'}`) : undefined,
		};
	});
}
