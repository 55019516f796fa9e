import { TelegramFailure, TelegramOk } from '@kanal-aduan/core';
import { defaultRetry, sendWithRetries, type HttpResponse, type RetryOptions } from '../WhatsAppCloud/graph-client.ts';

// Bot API calls with the WhatsApp node's retry policy (graph-client.ts):
// 429, 5xx and network failures are tried again with bounded backoff, any
// other refusal becomes a TelegramApiError carrying Telegram's error_code and
// description. https://core.telegram.org/bots/api#making-requests

export interface BotTarget {
	baseUrl: string;
	botToken: string;
}

export interface BotRequest {
	method: 'GET' | 'POST';
	url: string;
	body?: object;
	/** 'arraybuffer' for file bytes; JSON otherwise. */
	encoding?: 'arraybuffer';
}

/** How a request leaves the node; in n8n this is httpRequestWithAuthentication with the Telegram credential. */
export type BotHttp = (req: BotRequest) => Promise<HttpResponse>;

export interface BotContext {
	target: BotTarget;
	http: BotHttp;
	retry?: RetryOptions;
}

const base = (t: BotTarget) => t.baseUrl.replace(/\/+$/, '') || 'https://api.telegram.org';

/** `${baseUrl}/bot<token>/<method>` */
export const botMethodUrl = (t: BotTarget, method: string) => `${base(t)}/bot${t.botToken}/${method}`;

/** `${baseUrl}/file/bot<token>/<file_path>` (file_path from getFile) */
export const botFileUrl = (t: BotTarget, filePath: string) => `${base(t)}/file/bot${t.botToken}/${filePath.replace(/^\/+/, '')}`;

/** A Bot API refusal with Telegram's error_code and description kept, so callers can tell a blocked bot from a rate limit. */
export class TelegramApiError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number,
		readonly code: number | undefined,
		readonly description: string | undefined,
		readonly details: unknown,
	) {
		super(message);
		this.name = 'TelegramApiError';
	}
}

const retryable = (status: number) => status === 429 || status >= 500;

/** Seconds to wait: Telegram's `parameters.retry_after` in the body, else a Retry-After header. */
function retryAfter(res: HttpResponse): unknown {
	const failure = TelegramFailure.safeParse(res.body);
	return (failure.success ? failure.data.parameters?.retry_after : undefined) ?? res.headers['retry-after'];
}

function toApiError(res: HttpResponse): TelegramApiError {
	const failure = TelegramFailure.safeParse(res.body);
	const description = failure.success ? failure.data.description : undefined;
	const code = failure.success ? failure.data.error_code : undefined;
	return new TelegramApiError(description ?? `Telegram Bot API menjawab HTTP ${res.statusCode}`, res.statusCode, code ?? res.statusCode, description, res.body);
}

/** The bot token never goes into a message or a log: it is the bot's whole identity. */
const scrub = (text: string, t: BotTarget) => (t.botToken ? text.split(t.botToken).join('<token>') : text);

/** Sends one request with retries; answers the 2xx response, or throws a TelegramApiError. */
function send(ctx: BotContext, req: BotRequest): Promise<HttpResponse> {
	return sendWithRetries(ctx.http, req, ctx.retry ?? defaultRetry, {
		retryable: (res) => retryable(res.statusCode),
		retryAfter,
		toError: toApiError,
		// The reason goes to details: n8n rewrites messages that contain error codes like ECONNREFUSED.
		unreachable: (reason) => new TelegramApiError('Telegram Bot API tidak dapat dihubungi — periksa Base URL pada kredensial dan jaringan.', 0, undefined, undefined, scrub(reason, ctx.target)),
		ok: (res) => res,
	});
}

/** The `result` of a Bot API answer; an answer without `"ok": true` is an error. */
function resultOf(method: string, res: HttpResponse): unknown {
	const ok = TelegramOk.safeParse(res.body);
	if (!ok.success) throw new TelegramApiError(`Jawaban Telegram untuk ${method} tidak berisi "ok": true.`, res.statusCode, undefined, undefined, res.body);
	return ok.data.result;
}

/** Calls a Bot API method and answers its `result`. */
export async function callBotApi(ctx: BotContext, method: string, body: object): Promise<unknown> {
	return resultOf(method, await send(ctx, { method: 'POST', url: botMethodUrl(ctx.target, method), body }));
}

/** A file sent as the bytes themselves (a part of a multipart/form-data call). */
export interface BotUpload {
	/** The method's file parameter, e.g. `photo` for sendPhoto. */
	field: string;
	bytes: Buffer;
	filename: string;
	mimeType: string;
}

/**
 * The multipart/form-data body of a Bot API call that uploads a file: every
 * parameter as a text part, the file as a part with its name and type. A
 * global FormData: n8n's httpRequest (axios) streams it with its boundary.
 * https://core.telegram.org/bots/api#sending-files ("Post the file using multipart/form-data")
 */
export function multipartBody(fields: Record<string, string | number | undefined>, file: BotUpload): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, String(value));
	form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
	return form;
}

/**
 * Calls a Bot API method that uploads a file (sendPhoto, sendDocument) as
 * multipart/form-data, with the same retries as callBotApi (a FormData can be
 * streamed again, so a retry sends the same parts), and answers its `result`.
 */
export async function callBotApiWithFile(ctx: BotContext, method: string, fields: Record<string, string | number | undefined>, file: BotUpload): Promise<unknown> {
	if (file.bytes.byteLength === 0) throw new Error(`Berkas ${file.filename} kosong; Telegram menolak file tanpa isi.`);
	return resultOf(method, await send(ctx, { method: 'POST', url: botMethodUrl(ctx.target, method), body: multipartBody(fields, file) }));
}

const EXTENSION_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	oga: 'audio/ogg',
	ogg: 'audio/ogg',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	pdf: 'application/pdf',
};

/**
 * Downloads a file a person sent, in the two steps Telegram documents: getFile
 * resolves the file_id to a file_path (valid for an hour), and the bytes are at
 * /file/bot<token>/<file_path>. Bots may download files up to 20 MB.
 * https://core.telegram.org/bots/api#getfile
 */
export async function fetchTelegramFile(ctx: BotContext, fileId: string, knownMimeType?: string | null): Promise<{ bytes: Buffer; mimeType: string; filePath: string }> {
	const file = (await callBotApi(ctx, 'getFile', { file_id: fileId })) as { file_path?: unknown } | null;
	const filePath = typeof file?.file_path === 'string' ? file.file_path : '';
	if (!filePath) throw new TelegramApiError(`File Telegram ${fileId} tidak dapat diunduh (tidak ada file_path; mungkin lebih dari 20 MB).`, 200, undefined, undefined, file);
	const res = await send(ctx, { method: 'GET', url: botFileUrl(ctx.target, filePath), encoding: 'arraybuffer' });
	const bytes = Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.body as ArrayBuffer);
	// Telegram serves files as application/octet-stream: the type the update named, else the extension, says more.
	const header = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
	const byExtension = EXTENSION_TYPES[filePath.split('.').pop()?.toLowerCase() ?? ''];
	const mimeType = knownMimeType || byExtension || (header && header !== 'application/octet-stream' ? header : '') || 'application/octet-stream';
	return { bytes, mimeType, filePath };
}
