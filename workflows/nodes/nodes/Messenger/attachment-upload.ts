import { MessengerFailure, type MessengerChannel } from '@kanal-aduan/core';
import { defaultRetry, sendWithRetries, type HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import { graphBaseUrl, MessengerApiError, retryable, scrub, type SendApiContext, type SendApiTarget } from './send-api-client.ts';

// A file the page sends as the bytes themselves (a Directus file is private:
// Meta cannot fetch it by URL): posted to the Attachment Upload API as
// multipart/form-data, which answers an attachment_id the Send API then sends
// by id. The same retries as a Send API call (send-api-client.ts); the page
// token goes in the bearer header only, and never into an error.
// https://developers.facebook.com/docs/messenger-platform/reference/attachment-upload-api
// https://developers.facebook.com/docs/messenger-platform/instagram/features/attachment-upload

/** The bytes of one attachment, with the name and type it goes out with. */
export interface AttachmentFile {
	bytes: Buffer;
	mimeType: string;
	filename: string;
}

export type AttachmentKind = 'image' | 'video' | 'audio' | 'file';

/** `${apiBaseUrl}/${apiVersion}/me/message_attachments` (`me`: the page of the token). */
export function attachmentUploadUrl(t: SendApiTarget): string {
	return `${graphBaseUrl(t)}/me/message_attachments`;
}

/**
 * The multipart body: `message` the attachment's type as JSON (not reusable:
 * each follow-up photo is sent once), `filedata` the bytes with their name and
 * type, and for Instagram `platform=instagram` (the attachment then belongs to
 * the page's Instagram account). A global FormData: n8n's httpRequest (axios)
 * streams it with its boundary, again on a retry.
 */
export function attachmentUploadForm(channel: MessengerChannel, file: AttachmentFile, kind: AttachmentKind = 'image'): FormData {
	const form = new FormData();
	if (channel === 'instagram') form.append('platform', 'instagram');
	form.append('message', JSON.stringify({ attachment: { type: kind, payload: { is_reusable: false } } }));
	form.append('filedata', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
	return form;
}

/** A refusal: Graph's message (the token scrubbed out, should Meta ever echo it), code and subcode. */
function uploadError(res: HttpResponse, target: SendApiTarget): MessengerApiError {
	const failure = MessengerFailure.safeParse(res.body);
	const error = failure.success ? failure.data.error : undefined;
	const message = error?.message ? scrub(error.message, target) : `Attachment Upload API menjawab HTTP ${res.statusCode}`;
	return new MessengerApiError(message, res.statusCode, error?.code, error?.error_subcode, res.body);
}

/**
 * Uploads one file for the page (or, for `instagram`, its Instagram account)
 * and answers the attachment_id to send it by; throws a MessengerApiError.
 */
export async function uploadMessengerAttachment(ctx: SendApiContext, channel: MessengerChannel, file: AttachmentFile, kind: AttachmentKind = 'image'): Promise<string> {
	if (file.bytes.byteLength === 0) throw new Error(`Berkas ${file.filename} kosong; Meta menolak lampiran tanpa isi.`);
	const answer = await sendWithRetries(
		ctx.http,
		{
			method: 'POST',
			url: attachmentUploadUrl(ctx.target),
			// https://developers.facebook.com/docs/graph-api/overview#access-tokens (a bearer header keeps the token out of URLs and logs)
			headers: { Authorization: `Bearer ${ctx.target.pageAccessToken}` },
			body: attachmentUploadForm(channel, file, kind),
		},
		ctx.retry ?? defaultRetry,
		{
			retryable,
			retryAfter: (res) => res.headers['retry-after'],
			toError: (res) => uploadError(res, ctx.target),
			// The reason goes to details: n8n rewrites messages that contain error codes like ECONNREFUSED.
			unreachable: (reason) =>
				new MessengerApiError('Attachment Upload API Messenger tidak dapat dihubungi — periksa API Base URL pada kredensial dan jaringan.', 0, undefined, undefined, scrub(reason, ctx.target)),
			ok: (res) => res.body,
		},
	);
	const id = (answer as { attachment_id?: unknown } | null)?.attachment_id;
	// Graph ids are strings; a number would lose digits past 2^53, so only a string or a safe integer is taken.
	if (typeof id === 'string' && id.trim()) return id.trim();
	if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
	throw new MessengerApiError('Jawaban unggah lampiran Messenger tidak berisi attachment_id.', 200, undefined, undefined, answer);
}
