import { attachmentDownload, parseMessengerMediaId } from '@kanal-aduan/core';
import type { IExecuteFunctions } from 'n8n-workflow';
import { META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { defaultRetry, sendWithRetries, type HttpResponse, type RetryOptions } from '../WhatsAppCloud/graph-client.ts';
import { graphBaseUrl, MessengerApiError, retryable, scrub, toApiError, type SendApiTarget } from './send-api-client.ts';

// A photo, video, voice note or file a citizen sent on Messenger or Instagram,
// stored by its media id `fb:<mid>#<n>` / `ig:<mid>#<n>` (core's media-id.ts):
// the webhook's CDN URL has expired by now, so the message's attachments are
// asked for again with the token of the account it was written to, and the
// n-th one's fresh URL is downloaded.
// https://developers.facebook.com/docs/graph-api/reference/message/attachments

export interface AttachmentRequest {
	method: 'GET';
	url: string;
	headers: Record<string, string>;
	/** 'arraybuffer' for the bytes; JSON otherwise. */
	encoding?: 'arraybuffer';
}

/** How a request leaves the node; in n8n, httpRequestWithAuthentication with the Meta Messenger credential (attachmentHttp). */
export type AttachmentHttp = (req: AttachmentRequest) => Promise<HttpResponse>;

export interface AttachmentContext {
	/** The page / Instagram account the message was written to, with its token. */
	target: SendApiTarget;
	http: AttachmentHttp;
	retry?: RetryOptions;
}

export interface FetchedAttachment {
	bytes: Buffer;
	mimeType: string;
	/** The file's own name, when Graph gives one. */
	name: string | null;
}

/** `GET {base}/{version}/{mid}/attachments` */
export function attachmentsUrl(target: SendApiTarget, mid: string): string {
	return `${graphBaseUrl(target)}/${encodeURIComponent(mid)}/attachments`;
}

/**
 * Downloads the attachment a media id names. Errors say which attachment and
 * why in Indonesian (they land in Record Sent's mediaErrors, which staff
 * read), and never carry the token.
 */
export async function fetchMessengerAttachment(ctx: AttachmentContext, mediaId: string, knownMimeType?: string | null): Promise<FetchedAttachment> {
	const parsed = parseMessengerMediaId(mediaId);
	if (!parsed) throw new Error(`Lampiran ${mediaId.slice(0, 80)} bukan id lampiran Messenger/Instagram (fb:<mid>#<n>).`);
	const retry = ctx.retry ?? defaultRetry;
	const what = `Lampiran ${parsed.channel === 'messenger' ? 'Messenger' : 'Instagram'} ke-${parsed.index + 1}`;
	const unreachable = (reason: string) =>
		new MessengerApiError('Graph API Messenger tidak dapat dihubungi — periksa API Base URL pada kredensial dan jaringan.', 0, undefined, undefined, scrub(reason, ctx.target));

	let answer: unknown;
	try {
		answer = await sendWithRetries(
			ctx.http,
			// https://developers.facebook.com/docs/graph-api/overview#access-tokens (a bearer header keeps the token out of URLs and logs)
			{ method: 'GET', url: attachmentsUrl(ctx.target, parsed.mid), headers: { Authorization: `Bearer ${ctx.target.pageAccessToken}` } },
			retry,
			{ retryable, retryAfter: (res) => res.headers['retry-after'], toError: toApiError, unreachable, ok: (res) => res.body },
		);
	} catch (error) {
		if (!(error instanceof MessengerApiError)) throw error;
		// Graph 100 (subcode 33): the message does not exist for this token — deleted, another page's, or too old.
		const gone = error.code === 100 ? ' (pesan tidak ditemukan: mungkin sudah dihapus, milik halaman lain, atau token halaman salah)' : '';
		// mediaErrors is JSON output, not an n8n error message: the network reason (already scrubbed) can stay in it.
		const graph = error.httpStatus === 0 ? ` (${String(error.details)})` : ` — Graph HTTP ${error.httpStatus}, kode ${error.code ?? '-'}`;
		throw new Error(scrub(`${what} tidak dapat diambil${gone}: ${error.message}${graph}`, ctx.target));
	}

	const { count, download } = attachmentDownload(answer, parsed.index);
	if (!download) {
		throw new Error(
			count > parsed.index
				? `${what} tidak memiliki URL unduhan.`
				: `${what} tidak ditemukan: pesan hanya memiliki ${count} lampiran (mungkin sudah dihapus warga).`,
		);
	}

	// The CDN URL is signed by itself: the page token never goes to it.
	const file = await sendWithRetries(ctx.http, { method: 'GET', url: download.url, headers: {}, encoding: 'arraybuffer' }, retry, {
		retryable: (res) => res.statusCode === 429 || res.statusCode >= 500,
		retryAfter: (res) => res.headers['retry-after'],
		toError: (res) => new Error(`${what} tidak dapat diunduh: CDN Meta menjawab HTTP ${res.statusCode} (URL mungkin kedaluwarsa).`),
		unreachable: (reason) => new Error(scrub(`${what} tidak dapat diunduh: CDN Meta tidak dapat dihubungi (${reason}).`, ctx.target)),
		ok: (res) => res,
	});
	const bytes = Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body as ArrayBuffer);
	const header = String(file.headers['content-type'] ?? '').split(';')[0]!.trim();
	const mimeType = download.mimeType || knownMimeType || (header && header !== 'application/octet-stream' ? header : '') || 'application/octet-stream';
	return { bytes, mimeType, name: download.name };
}

/** The n8n side of AttachmentHttp: JSON for the Graph call, raw bytes for the download; HTTP errors are answers, not throws. */
export function attachmentHttp(fns: IExecuteFunctions): AttachmentHttp {
	return async (req) =>
		(await fns.helpers.httpRequestWithAuthentication.call(fns, META_MESSENGER_CREDENTIAL, {
			method: req.method,
			url: req.url,
			headers: req.headers,
			...(req.encoding ? { encoding: req.encoding, json: false } : { json: true }),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as HttpResponse;
}
