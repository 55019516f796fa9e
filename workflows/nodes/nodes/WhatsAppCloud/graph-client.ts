import { GraphError } from '@kanal-aduan/core';

/** The subset of an HTTP response the client needs (n8n's returnFullResponse shape). */
export interface HttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface HttpRequest {
	method: 'GET' | 'POST';
	url: string;
	body?: object;
	/** 'arraybuffer' for media bytes; JSON otherwise. */
	encoding?: 'arraybuffer';
	/** A body sent as is (the multipart media upload) with its content type; the answer is still JSON. */
	raw?: { body: Buffer; contentType: string };
}

/** How a request leaves the node; in n8n this is httpRequestWithAuthentication. */
export type SendHttp = (req: HttpRequest) => Promise<HttpResponse>;

export interface RetryOptions {
	/** Total attempts including the first. */
	tries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	sleep: (ms: number) => Promise<void>;
}

export const defaultRetry: RetryOptions = {
	tries: 4,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Meta's "Re-engagement message": more than 24 h since the user last wrote.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes */
export const OUTSIDE_WINDOW_CODE = 131047;

/** A Graph API error with Meta's code kept, so callers can react to specific ones. */
export class GraphApiError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number,
		readonly code: number | undefined,
		readonly details: unknown,
	) {
		super(message);
		this.name = 'GraphApiError';
	}
}

const retryable = (status: number) => status === 429 || status >= 500;

/**
 * Delay before attempt `attempt + 1`: the server's Retry-After (seconds) when
 * given, else exponential backoff, both capped.
 */
export function retryDelayMs(attempt: number, retryAfter: unknown, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
	const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
	if (header !== undefined && header !== null && header !== '') {
		const seconds = Number(header);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, opts.maxDelayMs);
		const at = Date.parse(String(header));
		if (!Number.isNaN(at)) return Math.min(Math.max(at - Date.now(), 0), opts.maxDelayMs);
	}
	return Math.min(opts.baseDelayMs * 2 ** (attempt - 1), opts.maxDelayMs);
}

function toGraphApiError(res: HttpResponse): GraphApiError {
	const parsed = GraphError.safeParse(res.body);
	if (parsed.success) {
		const e = parsed.data.error;
		return new GraphApiError(e.message, res.statusCode, e.code, res.body);
	}
	return new GraphApiError(`WhatsApp Cloud API menjawab HTTP ${res.statusCode}`, res.statusCode, undefined, res.body);
}

/** What one API's retry loop needs to know of it (sendWithRetries). */
export interface RetryPolicy<R> {
	/** Whether a non-2xx answer may succeed if asked again (rate limit, server error…). */
	retryable(res: HttpResponse): boolean;
	/** The wait the server asked for (a Retry-After value in seconds or a date), if any. */
	retryAfter(res: HttpResponse): unknown;
	/** The error for a final non-2xx answer. */
	toError(res: HttpResponse): Error;
	/** The error when the API could not be reached at all; `reason` is the last network error's text. */
	unreachable(reason: string): Error;
	/** What a 2xx answer becomes. */
	ok(res: HttpResponse): R;
}

/**
 * Sends one request, retrying what the policy calls retryable (and network
 * failures) with bounded backoff; the channels' clients (WhatsApp, Telegram,
 * Messenger) share it and differ only in their policy.
 */
export async function sendWithRetries<Req, R>(send: (req: Req) => Promise<HttpResponse>, req: Req, retry: RetryOptions, policy: RetryPolicy<R>): Promise<R> {
	let last: HttpResponse | undefined;
	let lastNetworkError: unknown;
	for (let attempt = 1; attempt <= retry.tries; attempt++) {
		let res: HttpResponse;
		try {
			res = await send(req);
		} catch (error) {
			lastNetworkError = error;
			last = undefined;
			if (attempt < retry.tries) await retry.sleep(retryDelayMs(attempt, undefined, retry));
			continue;
		}
		if (res.statusCode >= 200 && res.statusCode < 300) return policy.ok(res);
		last = res;
		if (!policy.retryable(res) || attempt === retry.tries) break;
		await retry.sleep(retryDelayMs(attempt, policy.retryAfter(res), retry));
	}
	if (last) throw policy.toError(last);
	throw policy.unreachable(lastNetworkError instanceof Error ? lastNetworkError.message : String(lastNetworkError));
}

/**
 * Sends one request, retrying 429 and 5xx (and network failures) with bounded
 * backoff; any other non-2xx becomes a GraphApiError carrying Meta's code.
 * Rate limits: https://developers.facebook.com/docs/whatsapp/cloud-api/overview#throughput
 */
export function callGraph(send: SendHttp, req: HttpRequest, retry: RetryOptions = defaultRetry): Promise<HttpResponse> {
	return sendWithRetries(send, req, retry, {
		retryable: (res) => retryable(res.statusCode),
		retryAfter: (res) => res.headers['retry-after'],
		toError: toGraphApiError,
		// The reason goes to details: n8n rewrites messages that contain error codes like ECONNREFUSED.
		unreachable: (reason) => new GraphApiError('WhatsApp Cloud API tidak dapat dihubungi — periksa API Base URL pada kredensial dan jaringan.', 0, undefined, reason),
		ok: (res) => res,
	});
}
