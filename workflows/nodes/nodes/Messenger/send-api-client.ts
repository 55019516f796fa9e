import { MessengerFailure } from '@kanal-aduan/core';
import { defaultRetry, sendWithRetries, type HttpResponse, type RetryOptions } from '../WhatsAppCloud/graph-client.ts';

// Send API calls with the WhatsApp node's retry policy (graph-client.ts): 429,
// 5xx, the Graph rate limits (code 4 "application request limit", 613 "calls
// exceed the rate") and network failures are tried again with bounded
// backoff; any other refusal becomes a MessengerApiError carrying Graph's
// code and subcode. https://developers.facebook.com/docs/graph-api/overview/rate-limiting
// https://developers.facebook.com/docs/messenger-platform/error-codes

export interface SendApiTarget {
	apiBaseUrl: string;
	apiVersion: string;
	pageAccessToken: string;
}

export interface SendApiRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: object;
}

/** How a request leaves the node; in n8n this is httpRequestWithAuthentication with the Meta Messenger credential. */
export type SendApiHttp = (req: SendApiRequest) => Promise<HttpResponse>;

export interface SendApiContext {
	target: SendApiTarget;
	http: SendApiHttp;
	retry?: RetryOptions;
}

/** `${apiBaseUrl}/${apiVersion}`: where the page's Graph calls go. */
export function graphBaseUrl(t: SendApiTarget): string {
	const base = t.apiBaseUrl.replace(/\/+$/, '') || 'https://graph.facebook.com';
	return `${base}/${t.apiVersion.replace(/^\/+|\/+$/g, '') || 'v23.0'}`;
}

/** `${apiBaseUrl}/${apiVersion}/me/messages` */
export function sendApiUrl(t: SendApiTarget): string {
	return `${graphBaseUrl(t)}/me/messages`;
}

/** A Send API refusal with Graph's code and subcode kept, so callers can tell a person who left from a rate limit. */
export class MessengerApiError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number,
		readonly code: number | undefined,
		readonly subcode: number | undefined,
		readonly details: unknown,
	) {
		super(message);
		this.name = 'MessengerApiError';
	}
}

/** Graph's error code of a refusal, if the body is Graph's error shape. */
const graphCode = (res: HttpResponse) => {
	const failure = MessengerFailure.safeParse(res.body);
	return failure.success ? failure.data.error : undefined;
};

/** Whether Graph may take a refused call if asked again: 429, 5xx, the rate limits 4 and 613. */
export const retryable = (res: HttpResponse) => {
	if (res.statusCode === 429 || res.statusCode >= 500) return true;
	const code = graphCode(res)?.code;
	return code === 4 || code === 613;
};

export function toApiError(res: HttpResponse): MessengerApiError {
	const error = graphCode(res);
	return new MessengerApiError(error?.message ?? `Send API menjawab HTTP ${res.statusCode}`, res.statusCode, error?.code, error?.error_subcode, res.body);
}

/** The page token never goes into a message or a log: it is the page's whole identity. */
export const scrub = (text: string, t: SendApiTarget) => (t.pageAccessToken ? text.split(t.pageAccessToken).join('<token>') : text);

/** The refusal with the token cut out of Graph's message, should Meta ever echo it back. */
function scrubbedError(error: MessengerApiError, t: SendApiTarget): MessengerApiError {
	const message = scrub(error.message, t);
	return message === error.message ? error : new MessengerApiError(message, error.httpStatus, error.code, error.subcode, error.details);
}

/** POSTs one Send API body with retries; answers the 2xx body, or throws a MessengerApiError. */
export function callSendApi(ctx: SendApiContext, body: object): Promise<unknown> {
	const req: SendApiRequest = {
		method: 'POST',
		url: sendApiUrl(ctx.target),
		// https://developers.facebook.com/docs/graph-api/overview#access-tokens (a bearer header keeps the token out of URLs and logs)
		headers: { Authorization: `Bearer ${ctx.target.pageAccessToken}` },
		body,
	};
	return sendWithRetries(ctx.http, req, ctx.retry ?? defaultRetry, {
		retryable,
		retryAfter: (res) => res.headers['retry-after'],
		toError: (res) => scrubbedError(toApiError(res), ctx.target),
		// The reason goes to details: n8n rewrites messages that contain error codes like ECONNREFUSED.
		unreachable: (reason) => new MessengerApiError('Send API Messenger tidak dapat dihubungi — periksa API Base URL pada kredensial dan jaringan.', 0, undefined, undefined, scrub(reason, ctx.target)),
		ok: (res) => res.body,
	});
}
