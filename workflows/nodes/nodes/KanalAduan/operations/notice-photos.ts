import { channelOfAddress, imageMessage, KanalEvent, telegramCaption, telegramChatId, telegramMediaId, telegramSendAccount, telegramSentId, type ChatChannel } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { describeError } from '../../../shared/describe-error.ts';
import { callBotApiWithFile, TelegramApiError, type BotContext } from '../../Telegram/bot-client.ts';
import { telegramBots } from '../../Telegram/router.ts';
import { GraphApiError } from '../../WhatsAppCloud/graph-client.ts';
import { imageProblem, uploadMedia } from '../../WhatsAppCloud/media-upload.ts';
import { sendContext } from '../../WhatsAppCloud/router.ts';
import { sendMessage } from '../../WhatsAppCloud/send-message.ts';
import { toRecipient } from '../../WhatsAppCloud/outbound.ts';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

// The photos an officer attaches to a public follow-up («Foto untuk
// warga», complaint_media rows linked by `update`) reach the citizen after the
// follow-up's text, on the citizen's channel. Each photo is fetched from
// Directus by the event's update id, then
// - WhatsApp: uploaded to the Cloud API and sent as an image by media id;
// - Telegram (`tg:<chat id>`): uploaded with the Bot API's sendPhoto as
//   multipart/form-data, from the bot the citizen wrote to (`tg:<bot id>`).
//   Bots may write any time, so the 24-hour rule (photos held when the text
//   went as a template) is WhatsApp's alone;
// - Messenger/Instagram: not sent by this step; an internal note tells the
//   officer the citizen sees them on the tracking page.
// One photo failing (file gone, Graph or Bot API 429/500 after retries, 131047,
// a blocked bot) does not stop the others and
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
	{
		displayName: 'Recipient',
		name: 'to',
		type: 'string',
		default: '={{ $json.to }}',
		required: true,
		description: 'Alamat pelapor dari pesan teks yang baru dikirim: wa_id WhatsApp atau tg:<chat id> Telegram (foto dikirim lewat kanal alamat ini)',
		...show(R, O),
	},
	{
		displayName: 'Send From',
		name: 'sendFrom',
		type: 'string',
		default: "={{ $json.notice?.phoneNumberId ?? $json.phoneNumberId ?? '' }}",
		description: 'Akun yang dihubungi warga: nomor WhatsApp meja (phone_number_id) atau bot Telegram (tg:<id bot>), mis. `{{ $(\'Siapkan pesan warga\').item.json.notice.phoneNumberId }}`. Kosong: akun utama kredensial.',
		...show(R, O),
	},
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

/** A photo's bytes as downloaded from Directus, with the name and type it goes out with. */
export type PhotoFile = { bytes: Buffer; mimeType: string; filename: string };

/** A photo as the channel took it: the message id we log, the channel's media id, the message as logged. */
export type SentPhoto = { wamid: string; mediaId: string; message: IDataObject };

/** One channel's way of sending a photo (WhatsApp: upload, then image by media id; Telegram: sendPhoto). */
export type PhotoPorts = {
	download(fileId: string): Promise<{ bytes: Buffer; mimeType: string | null }>;
	/** Why the channel cannot show this file as a photo, or null; checked before anything is sent. */
	problem(file: PhotoFile): string | null;
	deliver(file: PhotoFile, caption: string | null): Promise<SentPhoto>;
	/** Records one sent photo (wa_messages, complaint_media.wa_media_id). */
	record(photo: FollowUpPhoto, sent: SentPhoto): Promise<void>;
};

export type PhotoOutcome = {
	sent: Array<{ media: number | string; wamid: string; mediaId: string }>;
	/** `position`: the photo's place (1-based) in the follow-up, as the officer attached them. */
	failed: Array<{ media: number | string; position: number; caption: string | null; error: string }>;
};

/** One line per failure: Meta's or Telegram's message with its HTTP status and code, else the error's own message. */
function photoError(error: unknown): string {
	if (error instanceof GraphApiError) {
		return error.httpStatus === 0
			? error.message
			: `WhatsApp Cloud API: ${error.message} (HTTP ${error.httpStatus}${error.code !== undefined ? `, kode ${error.code}` : ''})`;
	}
	if (error instanceof TelegramApiError) {
		// The message is Telegram's description or our own words; the bot token is never in it (bot-client scrubs it).
		return error.httpStatus === 0 ? error.message : `Telegram Bot API: ${error.message} (HTTP ${error.httpStatus})`;
	}
	return describeError(error);
}

/** Telegram's limit on a photo sent by upload. https://core.telegram.org/bots/api#sending-files */
export const TELEGRAM_PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Why Telegram cannot take this file as a photo (sendPhoto), or null. */
export function telegramPhotoProblem(file: PhotoFile): string | null {
	if (!['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(file.mimeType.toLowerCase())) {
		return `berkas ${file.filename} (${file.mimeType || 'jenis tidak diketahui'}) bukan foto; Telegram hanya menerima JPEG, PNG, WebP atau GIF sebagai foto`;
	}
	if (file.bytes.byteLength === 0) return `berkas ${file.filename} kosong`;
	if (file.bytes.byteLength > TELEGRAM_PHOTO_MAX_BYTES) {
		return `berkas ${file.filename} ${(file.bytes.byteLength / 1024 / 1024).toFixed(1)} MB; Telegram menerima foto sampai 10 MB`;
	}
	return null;
}

/** Sends the photos one after another, in the officer's order; a failure is kept and the next photo goes on. */
export async function sendFollowUpPhotos(photos: readonly FollowUpPhoto[], ports: PhotoPorts): Promise<PhotoOutcome> {
	const out: PhotoOutcome = { sent: [], failed: [] };
	for (const [index, photo] of photos.entries()) {
		let sent: SentPhoto | null = null;
		try {
			if (!photo.file?.id) throw new Error('berkas foto tidak ada (sudah dihapus dari pustaka berkas?)');
			const file = await ports.download(photo.file.id);
			const mimeType = photo.file.type || file.mimeType || '';
			const upload = { bytes: file.bytes, mimeType, filename: photo.file.filename_download || `foto-${photo.id}` };
			const problem = ports.problem(upload);
			if (problem) throw new Error(problem);
			sent = await ports.deliver(upload, photo.caption);
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

const CHANNEL_NAMES: Record<ChatChannel, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', messenger: 'Messenger', instagram: 'Instagram' };

/** The internal note an officer reads on the report when photos did not reach the citizen. */
export function photoFailureNote(total: number, failed: PhotoOutcome['failed'], channel: ChatChannel = 'whatsapp'): string {
	const lines = failed.map((f) => `- ${photoName(f)}: ${f.error}`);
	return [
		`${failed.length} dari ${total} foto tindak lanjut belum terkirim ke warga lewat ${CHANNEL_NAMES[channel]} (teks tindak lanjut sudah terkirim):`,
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

/**
 * The internal note for a citizen on Messenger or Instagram: this step sends
 * them no photo; the public tracking page shows a public follow-up's photos.
 */
export function photosOnTrackingPageNote(count: number, channel: 'messenger' | 'instagram'): string {
	return (
		`${count} foto tindak lanjut tidak dikirim ke warga lewat ${CHANNEL_NAMES[channel]}: pengiriman foto lewat kanal ini belum tersedia. ` +
		'Warga dapat melihat foto tersebut di halaman pelacakan laporan.'
	);
}

async function writeNote(directus: DirectusClient, complaint: number | string, body: string): Promise<void> {
	await directus.create('complaint_updates', { complaint, kind: 'internal_note', public: false, body }, ['id']);
}

type Download = PhotoPorts['download'];

/**
 * WhatsApp's ports, from the number the citizen wrote to («Send From», a desk's own phone_number_id;
 * else the credential's): a number's 24-hour window is its own, so the photos go where the text went.
 */
async function whatsAppPorts(fns: IExecuteFunctions, i: number, rawTo: string, download: Download, directus: DirectusClient, complaint: number | string): Promise<PhotoPorts> {
	const to = toRecipient(rawTo);
	if (!to) throw new Error(`Nomor tujuan "${rawTo}" tidak valid.`);
	const base = await sendContext(fns);
	const from = str(fns.getNodeParameter('sendFrom', i, ''));
	const ctx = /^\d{1,32}$/.test(from) ? { ...base, target: { ...base.target, phoneNumberId: from } } : base;
	return {
		download,
		problem: imageProblem,
		deliver: async (file, caption) => {
			const mediaId = await uploadMedia(ctx, file);
			const result = await sendMessage(ctx, imageMessage(to, mediaId, caption));
			return { wamid: result.wamid, mediaId, message: result.message as unknown as IDataObject };
		},
		record: async (photo, sent) => {
			await directus.create('wa_messages', {
				wamid: sent.wamid, direction: 'out', wa_id: to, type: 'image', payload: sent.message, status: 'sent', complaint,
			}, ['id']);
			await directus.update('complaint_media', photo.id, { wa_media_id: sent.mediaId }, ['id']);
		},
	};
}

/** The bot the citizen wrote to («Send From», `tg:<bot id>`), the credential's main bot for none. */
async function telegramBotFor(fns: IExecuteFunctions, i: number): Promise<BotContext> {
	const bots = await telegramBots(fns).catch((error: unknown) => {
		throw new Error(`Foto tindak lanjut untuk warga Telegram tidak dapat dikirim: kredensial Telegram Bot API belum dipasang pada node ini (${describeError(error)}).`);
	});
	return bots.forAccount(telegramSendAccount({ from: str(fns.getNodeParameter('sendFrom', i, '')) }));
}

/** The largest size of a sent photo (Telegram answers several): the file_id the bot can send or fetch again. */
function largestPhotoFileId(result: unknown): string {
	const sizes = (result as { photo?: Array<{ file_id?: unknown; file_size?: unknown; width?: unknown; height?: unknown }> } | null)?.photo;
	const ids = (Array.isArray(sizes) ? sizes : []).filter((p) => typeof p?.file_id === 'string');
	const area = (p: (typeof ids)[number]) => Number(p.width ?? 0) * Number(p.height ?? 0) || Number(p.file_size ?? 0);
	const best = ids.reduce<(typeof ids)[number] | undefined>((a, p) => (a === undefined || area(p) >= area(a) ? p : a), undefined);
	return best ? String(best.file_id) : '';
}

/**
 * Telegram: each photo is posted to sendPhoto as multipart/form-data (the
 * bytes, not a link: Directus files are private). Logged like a WhatsApp
 * photo: wamid `tg:<chat>:<message_id>`, payload in the WhatsApp image shape
 * (with Telegram's media id), and complaint_media.wa_media_id `tg:<file_id>`,
 * the media id form the inbound side stores for Telegram files.
 * https://core.telegram.org/bots/api#sendphoto
 */
export function telegramPorts(to: string, bot: BotContext, download: Download, directus: DirectusClient, complaint: number | string): PhotoPorts {
	const chatId = telegramChatId(to);
	if (chatId === null) throw new Error(`Alamat Telegram "${to}" tidak valid.`);
	return {
		download,
		problem: telegramPhotoProblem,
		deliver: async (file, caption) => {
			const cut = caption ? telegramCaption(caption) : undefined;
			const result = await callBotApiWithFile(bot, 'sendPhoto', { chat_id: chatId, caption: cut }, { field: 'photo', ...file });
			const fileId = largestPhotoFileId(result);
			const mediaId = fileId ? telegramMediaId(fileId) : '';
			const message = { to, type: 'image', image: { ...(mediaId ? { id: mediaId } : {}), ...(cut ? { caption: cut } : {}) } };
			return { wamid: telegramSentId(chatId, result), mediaId, message };
		},
		record: async (photo, sent) => {
			await directus.create('wa_messages', {
				wamid: sent.wamid, direction: 'out', wa_id: to, type: 'image', payload: sent.message, status: 'sent', complaint,
			}, ['id']);
			if (sent.mediaId) await directus.update('complaint_media', photo.id, { wa_media_id: sent.mediaId }, ['id']);
		},
	};
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

	const rawTo = str(this.getNodeParameter('to', i));
	const channel = channelOfAddress(rawTo);
	if (channel === 'messenger' || channel === 'instagram') {
		// Photos over Messenger/Instagram are not sent by this step (the routing flow does not bring these citizens
		// here); should one arrive, the officer is told where the citizen sees the photos instead of a silent drop.
		await writeNote(directus, event.complaint_id, photosOnTrackingPageNote(photos.length, channel));
		return passThrough.call(this, i, { photos: { ...none, count: photos.length, held: photos.length } });
	}
	// Only WhatsApp refuses photos outside the 24-hour window; a Telegram bot may write any time.
	if (channel === 'whatsapp' && this.getNodeParameter('textWentAsTemplate', i, false) === true) {
		await writeNote(directus, event.complaint_id, photosHeldNote(photos.length));
		return passThrough.call(this, i, { photos: { ...none, count: photos.length, held: photos.length } });
	}

	const download = (fileId: string) => directus.download(fileId);
	const ports: PhotoPorts =
		channel === 'telegram'
			? telegramPorts(rawTo, await telegramBotFor(this, i), download, directus, event.complaint_id)
			: await whatsAppPorts(this, i, rawTo, download, directus, event.complaint_id);
	const outcome = await sendFollowUpPhotos(photos, ports);
	const result = { count: photos.length, ...outcome, held: 0 };
	if (outcome.failed.length) {
		await writeNote(directus, event.complaint_id, photoFailureNote(photos.length, outcome.failed, channel));
		const error = new Error(
			`${outcome.failed.length} dari ${photos.length} foto tindak lanjut ${event.ticket ?? ''} belum terkirim ke warga; catatan internal ditulis di laporan. ` +
				outcome.failed.map((f) => `${photoName(f)}: ${f.error}`).join('; '),
		);
		throw error;
	}
	return passThrough.call(this, i, { photos: result });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
