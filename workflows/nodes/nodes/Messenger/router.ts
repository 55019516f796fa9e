import { isDomainError, messengerRefusedForGood, pageTokenFor, parseDeskPageTokens, sendingAccount, type DeskPageTokens } from '@kanal-aduan/core';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { runSendOperations, withSendFrom } from '../../shared/send-route.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import type { Operation } from './operations/common.ts';
import * as sendPrepared from './operations/send-prepared.ts';
import { OutsideMessengerWindowError } from './operations/send-prepared.ts';
import { MessengerApiError, type SendApiContext, type SendApiRequest } from './send-api-client.ts';
import { alreadyRead } from '../../shared/credential-reads.ts';

export const operations: Record<string, Operation> = { sendPrepared };

/**
 * What the node's Meta Messenger credential holds: the main page (its token in
 * `context`, with n8n's HTTP helper) and the tokens of the desks' own pages
 * and Instagram accounts. A malformed desk line stops the run before anything
 * is sent: a reply must not go out from another page than the one the
 * citizen wrote to.
 */
export interface MessengerPages {
	context: SendApiContext;
	deskTokens: DeskPageTokens;
}

export async function messengerPages(fns: IExecuteFunctions): Promise<MessengerPages> {
	const c = await fns.getCredentials(META_MESSENGER_CREDENTIAL);
	let deskTokens: DeskPageTokens;
	try {
		deskTokens = parseDeskPageTokens(String(c.deskPageTokens ?? ''));
	} catch (error) {
		// The message names the line, never its content (it holds a token).
		throw new NodeOperationError(fns.getNode(), `Kredensial Meta Messenger API: ${describeError(error)}`);
	}
	return {
		deskTokens,
		context: {
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
				}, alreadyRead(fns, META_MESSENGER_CREDENTIAL, c))) as HttpResponse,
		},
	};
}

/**
 * The send context for one item: the token of the account it goes out from
 * (its `from`, else its `phoneNumberId`: `fb:<page id>` / `ig:<account id>`,
 * the account the citizen wrote to) when the credential lists that account,
 * else the main page's token. The main page is usually not listed.
 */
export function sendApiContext(pages: MessengerPages, item: IDataObject): SendApiContext {
	const token = pageTokenFor(sendingAccount(item, 'messenger'), pages.deskTokens, pages.context.target.pageAccessToken);
	return token === pages.context.target.pageAccessToken ? pages.context : { ...pages.context, target: { ...pages.context.target, pageAccessToken: token } };
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
	const pages = await messengerPages(this);
	const items = this.getInputData();
	return runSendOperations(this, operations, (i) => sendApiContext(pages, withSendFrom(this, i, items[i]?.json ?? {})), (error) => {
		const api = error instanceof MessengerApiError ? error : undefined;
		return {
			item: errorItem(error),
			detail: api ? (api.httpStatus === 0 ? String(api.details) : `HTTP ${api.httpStatus}, kode Graph ${api.code ?? '-'}${api.subcode ? `/${api.subcode}` : ''}`) : undefined,
		};
	});
}
