import { isDomainError, messengerRefusedForGood } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { runSendOperations } from '../../shared/send-route.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import type { Operation } from './operations/common.ts';
import * as sendPrepared from './operations/send-prepared.ts';
import { OutsideMessengerWindowError } from './operations/send-prepared.ts';
import { MessengerApiError, type SendApiContext, type SendApiRequest } from './send-api-client.ts';

export const operations: Record<string, Operation> = { sendPrepared };

/** The page the node's Meta Messenger credential names, reached through n8n's HTTP helper. */
export async function sendApiContext(fns: IExecuteFunctions): Promise<SendApiContext> {
	const c = await fns.getCredentials(META_MESSENGER_CREDENTIAL);
	return {
		target: {
			apiBaseUrl: String(c.apiBaseUrl || 'https://graph.facebook.com'),
			apiVersion: String(c.apiVersion || 'v23.0'),
			pageAccessToken: String(c.pageAccessToken ?? ''),
		},
		http: async (req: SendApiRequest): Promise<HttpResponse> =>
			(await fns.helpers.httpRequestWithAuthentication.call(fns, META_MESSENGER_CREDENTIAL, {
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: req.body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as HttpResponse,
	};
}

/**
 * The error item of a reply that could not be sent, in the WhatsApp node's
 * shape ({error, code, httpStatus}) so "Intake → Record Sent" reads it the
 * same way; `refusedForGood` says Meta will refuse it again whatever we wait
 * (the person left or blocked the page, the window closed for good, a reply
 * Messenger cannot show), so Record Sent gives it up instead of leaving it to
 * the redrive pass.
 */
export function errorItem(error: unknown): MessengerErrorItem {
	return { ...judge(error), channel: 'messenger' };
}

/**
 * The error item; `channel: 'messenger'` (Facebook and Instagram alike) tells
 * Record Sent that `refusedForGood` is the whole verdict: WhatsApp's rule
 * would give up a Graph 613 or 1200 (HTTP 400), which clear by themselves here.
 */
export type MessengerErrorItem = {
	error: string;
	code: number | null;
	httpStatus: number | null;
	refusedForGood: boolean;
	channel: 'messenger';
};

function judge(error: unknown): Omit<MessengerErrorItem, 'channel'> {
	if (error instanceof MessengerApiError) {
		return {
			error: `Messenger Send API: ${error.message}`,
			code: error.code ?? null,
			httpStatus: error.httpStatus,
			refusedForGood: messengerRefusedForGood({ httpStatus: error.httpStatus, code: error.code ?? null, subcode: error.subcode ?? null }),
		};
	}
	if (error instanceof OutsideMessengerWindowError) return { error: error.message, code: null, httpStatus: null, refusedForGood: true };
	// MESSENGER.* domain errors: a template, too many options, media without a link, a recipient that is not fb:/ig:.
	return { error: describeError(error), code: null, httpStatus: null, refusedForGood: isDomainError(error) && error.code.startsWith('MESSENGER.') };
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ctx = await sendApiContext(this);
	return runSendOperations(this, operations, () => ctx, (error) => {
		const api = error instanceof MessengerApiError ? error : undefined;
		return {
			item: errorItem(error),
			detail: api ? (api.httpStatus === 0 ? String(api.details) : `HTTP ${api.httpStatus}, kode Graph ${api.code ?? '-'}${api.subcode ? `/${api.subcode}` : ''}`) : undefined,
		};
	});
}
