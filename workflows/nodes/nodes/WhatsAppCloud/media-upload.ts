import { callGraph, defaultRetry, GraphApiError } from './graph-client.ts';
import { graphUrl, type SendContext } from './send-message.ts';

/** What Meta accepts as an image message: JPEG or PNG, at most 5 MB.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types */
export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png'] as const;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** Why these bytes cannot go as a WhatsApp image, in Indonesian for the operator; null when they can. */
export function imageProblem(file: { bytes: Buffer; mimeType: string }): string | null {
	if (!file.bytes.length) return 'berkas kosong';
	if (!(IMAGE_MIME_TYPES as readonly string[]).includes(file.mimeType)) {
		return `jenis berkas ${file.mimeType || 'tidak dikenal'} tidak dapat dikirim sebagai foto WhatsApp (hanya JPEG atau PNG)`;
	}
	if (file.bytes.length > IMAGE_MAX_BYTES) return `berkas ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB melebihi batas foto WhatsApp 5 MB`;
	return null;
}

/**
 * Uploads bytes to the Cloud API (POST /{phone-number-id}/media, multipart with
 * messaging_product, type and file) and answers the media id a message can send.
 * Node's FormData writes the multipart body. Retries 429/5xx like every Graph call.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media
 */
export async function uploadMedia(ctx: SendContext, file: { bytes: Buffer; mimeType: string; filename: string }): Promise<string> {
	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('type', file.mimeType);
	form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
	const encoded = new Request('http://upload.invalid/', { method: 'POST', body: form });
	const body = Buffer.from(await encoded.arrayBuffer());
	const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
	const res = await callGraph(
		ctx.http,
		{ method: 'POST', url: graphUrl(ctx.target, `${ctx.target.phoneNumberId}/media`), raw: { body, contentType } },
		ctx.retry ?? defaultRetry,
	);
	const id = (res.body as { id?: unknown } | null)?.id;
	if (typeof id !== 'string' || !id) throw new GraphApiError('Jawaban unggah media WhatsApp tidak berisi id media.', res.statusCode, undefined, res.body);
	return id;
}
