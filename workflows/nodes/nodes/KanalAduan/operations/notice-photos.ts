import { imageMessage, KanalEvent } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { describeError } from '../../../shared/describe-error.ts';
import { GraphApiError } from '../../WhatsAppCloud/graph-client.ts';
import { imageProblem, uploadMedia } from '../../WhatsAppCloud/media-upload.ts';
import { sendContext } from '../../WhatsAppCloud/router.ts';
import { sendMessage } from '../../WhatsAppCloud/send-message.ts';
import { toRecipient } from '../../WhatsAppCloud/outbound.ts';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

// The photos an officer attaches to a public follow-up («Foto untuk
// warga», complaint_media rows linked by `update`) reach the citizen after the
// follow-up's text. Each photo is fetched from Directus by the event's update id,
// uploaded to the Cloud API and sent as an image by media id. One photo failing
// (file gone, Graph 429/500 after retries, 131047) does not stop the others and
// never touches the text, which was sent and logged before this step; every
// failure is written on the report as an internal note the officer sees, and the
// node then fails so the n8n execution shows it too.

const R = 'notice';
const O = 'photos';

export const option = {
	name: 'Send Follow-Up Photos',
	value: O,
	action: 'Send the photos of a public follow-up to the reporter',
	description: 'Kirim foto tindak lanjut (complaint_media.update) ke warga sesudah teksnya; kegagalan dicatat sebagai catatan internal di laporan',
};

export const description: INodeProperties[] = [
	{ displayName: 'Event', name: 'event', type: 'json', default: '={{ $json }}', description: 'Peristiwa dari node "Kanal Aduan Events Trigger"', ...show(R, O) },
	{ displayName: 'WhatsApp Number', name: 'to', type: 'string', default: '={{ $json.to }}', required: true, description: 'wa_id pelapor (dari pesan teks yang baru dikirim)', ...show(R, O) },
	{
		displayName: 'Text Went as Template',
		name: 'textWentAsTemplate',
		type: 'boolean',
		default: false,
		description: 'Teks dikirim sebagai template resmi (di luar 24 jam), mis. `{{ $json.fallback }}` dari node Kirim WhatsApp: foto tidak dikirim (Meta menolaknya) dan petugas diberi tahu lewat catatan internal',
		...show(R, O),
	},
];

/** A follow-up photo as read from Directus (`file` null when the file was removed). */
export type FollowUpPhoto = {
	id: number | string;
	caption: string | null;
	file: { id: string; type: string | null; filename_download: string | null } | null;
};

export type PhotoPorts = {
	download(fileId: string): Promise<{ bytes: Buffer; mimeType: string | null }>;
	upload(file: { bytes: Buffer; mimeType: string; filename: string }): Promise<string>;
	send(mediaId: string, caption: string | null): Promise<{ wamid: string; message: IDataObject }>;
	/** Records one sent photo (wa_messages, complaint_media.wa_media_id). */
	record(photo: FollowUpPhoto, sent: { wamid: string; mediaId: string; message: IDataObject }): Promise<void>;
};

export type PhotoOutcome = {
	sent: Array<{ media: number | string; wamid: string; mediaId: string }>;
	/** `position`: the photo's place (1-based) in the follow-up, as the officer attached them. */
	failed: Array<{ media: number | string; position: number; caption: string | null; error: string }>;
};

/** One line per failure: Meta's message with its HTTP status and code, else the error's own message. */
function photoError(error: unknown): string {
	if (error instanceof GraphApiError) {
		return error.httpStatus === 0
			? error.message
			: `WhatsApp Cloud API: ${error.message} (HTTP ${error.httpStatus}${error.code !== undefined ? `, kode ${error.code}` : ''})`;
	}
	return describeError(error);
}

/** Sends the photos one after another, in the officer's order; a failure is kept and the next photo goes on. */
export async function sendFollowUpPhotos(photos: readonly FollowUpPhoto[], ports: PhotoPorts): Promise<PhotoOutcome> {
	const out: PhotoOutcome = { sent: [], failed: [] };
	for (const [index, photo] of photos.entries()) {
		let sent: { wamid: string; mediaId: string; message: IDataObject } | null = null;
		try {
			if (!photo.file?.id) throw new Error('berkas foto tidak ada (sudah dihapus dari pustaka berkas?)');
			const file = await ports.download(photo.file.id);
			const mimeType = photo.file.type || file.mimeType || '';
			const upload = { bytes: file.bytes, mimeType, filename: photo.file.filename_download || `foto-${photo.id}` };
			const problem = imageProblem(upload);
			if (problem) throw new Error(problem);
			const mediaId = await ports.upload(upload);
			sent = { ...(await ports.send(mediaId, photo.caption)), mediaId };
		} catch (error) {
			out.failed.push({ media: photo.id, position: index + 1, caption: photo.caption, error: photoError(error) });
			continue;
		}
		out.sent.push({ media: photo.id, wamid: sent.wamid, mediaId: sent.mediaId });
		// Sent is sent: a failed log must not count the photo as undelivered (the citizen has it).
		try {
			await ports.record(photo, sent);
		} catch {
			// The wa_messages row is bookkeeping; the status webhooks add it later if missing.
		}
	}
	return out;
}

const photoName = (p: PhotoOutcome['failed'][number]) =>
	`foto ${p.position}${p.caption ? ` «${p.caption.length > 40 ? `${p.caption.slice(0, 39)}…` : p.caption}»` : ''} (lampiran #${p.media})`;

/** The internal note an officer reads on the report when photos did not reach the citizen. */
export function photoFailureNote(total: number, failed: PhotoOutcome['failed']): string {
	const lines = failed.map((f) => `- ${photoName(f)}: ${f.error}`);
	return [
		`${failed.length} dari ${total} foto tindak lanjut belum terkirim ke warga lewat WhatsApp (teks tindak lanjut sudah terkirim):`,
		...lines,
		'Untuk mencoba lagi, tulis tindak lanjut baru dengan foto tersebut.',
	].join('\n');
}

/** The internal note when the text had to go as the approved template (outside the 24-hour window). */
export function photosHeldNote(count: number): string {
	return (
		`${count} foto tindak lanjut tidak dikirim ke warga: warga belum mengirim pesan ke nomor layanan dalam 24 jam terakhir, ` +
		'sehingga WhatsApp hanya menerima template resmi. Warga sudah diberi tahu jumlah fotonya dalam pesan template. ' +
		'Foto dapat dikirim dengan tindak lanjut baru setelah warga membalas.'
	);
}

async function writeNote(directus: DirectusClient, complaint: number | string, body: string): Promise<void> {
	await directus.create('complaint_updates', { complaint, kind: 'internal_note', public: false, body }, ['id']);
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const raw = this.getNodeParameter('event', i);
	const event = KanalEvent.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
	const none = { count: 0, sent: [], failed: [], held: 0 };
	if (event.event !== 'complaint.update_posted' || event.update_id === undefined) return passThrough.call(this, i, { photos: none });
	const photos = await directus.request<FollowUpPhoto[]>('GET', '/items/complaint_media', {
		filter: { update: { _eq: event.update_id }, kind: { _eq: 'image' } },
		fields: 'id,caption,file.id,file.type,file.filename_download',
		sort: 'id',
		limit: 20,
	});
	if (!photos?.length) return passThrough.call(this, i, { photos: none });

	if (this.getNodeParameter('textWentAsTemplate', i, false) === true) {
		await writeNote(directus, event.complaint_id, photosHeldNote(photos.length));
		return passThrough.call(this, i, { photos: { ...none, count: photos.length, held: photos.length } });
	}

	const rawTo = str(this.getNodeParameter('to', i));
	const to = toRecipient(rawTo);
	if (!to) throw new Error(`Nomor tujuan "${rawTo}" tidak valid.`);
	const ctx = await sendContext(this);
	const outcome = await sendFollowUpPhotos(photos, {
		download: (fileId) => directus.download(fileId),
		upload: (file) => uploadMedia(ctx, file),
		send: async (mediaId, caption) => {
			const result = await sendMessage(ctx, imageMessage(to, mediaId, caption));
			return { wamid: result.wamid, message: result.message as unknown as IDataObject };
		},
		record: async (photo, sent) => {
			await directus.create('wa_messages', {
				wamid: sent.wamid, direction: 'out', wa_id: to, type: 'image', payload: sent.message, status: 'sent', complaint: event.complaint_id,
			}, ['id']);
			await directus.update('complaint_media', photo.id, { wa_media_id: sent.mediaId }, ['id']);
		},
	});
	const result = { count: photos.length, ...outcome, held: 0 };
	if (outcome.failed.length) {
		await writeNote(directus, event.complaint_id, photoFailureNote(photos.length, outcome.failed));
		const error = new Error(
			`${outcome.failed.length} dari ${photos.length} foto tindak lanjut ${event.ticket ?? ''} belum terkirim ke warga; catatan internal ditulis di laporan. ` +
				outcome.failed.map((f) => `${photoName(f)}: ${f.error}`).join('; '),
		);
		throw error;
	}
	return passThrough.call(this, i, { photos: result });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
