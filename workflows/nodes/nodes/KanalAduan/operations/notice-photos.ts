import {
	channelOfAddress,
	imageMessage,
	KanalEvent,
	messengerDelivery,
	messengerMediaId,
	messengerRequests,
	MessengerSent,
	messengerSentId,
	parseMessengerAddress,
	sendingAccount,
	telegramCaption,
	telegramChatId,
	telegramMediaId,
	telegramSentId,
	type ChatChannel,
	type MessengerChannel,
	type MessengerDelivery,
} from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { describeError } from '../../../shared/describe-error.ts';
import { uploadMessengerAttachment } from '../../Messenger/attachment-upload.ts';
import { messengerPages, sendApiContext } from '../../Messenger/router.ts';
import { callSendApi, MessengerApiError, type SendApiContext } from '../../Messenger/send-api-client.ts';
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
// - Messenger (`fb:<PSID>`) and Instagram (`ig:<IGSID>`): uploaded as
//   multipart/form-data to the Attachment Upload API with the token of the
//   page or Instagram account the citizen wrote to (`fb:<page id>` /
//   `ig:<account id>`), then sent by attachment_id with the Send API; an image
//   there has no caption, so the caption follows as a text of its own. Meta's
//   window applies as to the text (core's messengerDelivery from the citizen's
//   last message: RESPONSE, HUMAN_AGENT, ACCOUNT_UPDATE on Messenger only);
//   when no message may go, no photo goes and the officer gets an internal note.
// One photo failing (file gone, Graph or Bot API 429/500 after retries, 131047,
// a blocked bot, a person who left the page) does not stop the others and
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
		description:
			'Alamat pelapor dari pesan teks yang baru dikirim: wa_id WhatsApp, tg:<chat id> Telegram, fb:<PSID> Messenger atau ig:<IGSID> Instagram (foto dikirim lewat kanal alamat ini)',
		...show(R, O),
	},
	{
		displayName: 'Send From',
		name: 'sendFrom',
		type: 'string',
		default: "={{ $json.notice?.phoneNumberId ?? $json.phoneNumberId ?? '' }}",
		description:
			'Akun yang dihubungi warga: nomor WhatsApp meja (phone_number_id), bot Telegram (tg:<id bot>), Halaman Facebook (fb:<id halaman>) atau akun Instagram (ig:<id akun>), mis. `{{ $(\'Siapkan pesan warga\').item.json.notice.phoneNumberId }}`. Kosong: akun utama kredensial.',
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
	{
		displayName: 'Last Inbound At',
		name: 'lastInboundAt',
		type: 'string',
		default: "={{ $json.notice?.lastInboundAt ?? $json.lastInboundAt ?? '' }}",
		description:
			'Hanya untuk warga Messenger/Instagram: waktu pesan terakhir dari warga (ISO 8601), sama dengan yang dipakai pesan teksnya, mis. `{{ $(\'Siapkan pesan warga\').item.json.notice.lastInboundAt }}`. Kosong = warga baru saja menulis. Foto dikirim hanya bila teks boleh dikirim: lewat 24 jam dengan tag HUMAN_AGENT (sampai 7 hari), lewat 7 hari hanya Messenger (tag ACCOUNT_UPDATE).',
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
	/**
	 * Sends the caption as a text of its own right after the photo, for a channel whose images carry
	 * none (Messenger/Instagram); absent where the caption went with the photo.
	 */
	sendCaption?(caption: string): Promise<void>;
	/** Records one sent photo (wa_messages, complaint_media.wa_media_id). */
	record(photo: FollowUpPhoto, sent: SentPhoto): Promise<void>;
};

export type PhotoOutcome = {
	sent: Array<{ media: number | string; wamid: string; mediaId: string }>;
	/** `position`: the photo's place (1-based) in the follow-up, as the officer attached them. */
	failed: Array<{ media: number | string; position: number; caption: string | null; error: string }>;
	/** Photos that reached the citizen whose caption, sent as a text of its own (Messenger/Instagram), did not. */
	captionsFailed: Array<{ media: number | string; position: number; caption: string | null; error: string }>;
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
	if (error instanceof MessengerApiError) {
		// Graph's message (scrubbed of the page token) or our own words; the network reason stays in details, unshown.
		const code = error.code !== undefined ? `, kode ${error.code}${error.subcode !== undefined ? `/${error.subcode}` : ''}` : '';
		return error.httpStatus === 0 ? error.message : `Messenger Platform: ${error.message} (HTTP ${error.httpStatus}${code})`;
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

const CHANNEL_NAMES: Record<ChatChannel, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', messenger: 'Messenger', instagram: 'Instagram' };

/**
 * Meta's limits on an image sent as a file: Instagram takes PNG or JPEG up to 8 MB
 * (https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message),
 * Messenger any saved asset up to 25 MB (8 MB applies to images uploaded by URL only)
 * (https://developers.facebook.com/docs/messenger-platform/send-messages/saving-assets).
 */
export const INSTAGRAM_PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const MESSENGER_PHOTO_MAX_BYTES = 25 * 1024 * 1024;
const MESSENGER_PHOTO_TYPES: Record<MessengerChannel, readonly string[]> = {
	messenger: ['image/jpeg', 'image/png', 'image/gif'],
	instagram: ['image/jpeg', 'image/png'],
};

/** Why Messenger or Instagram cannot take this file as a photo (Attachment Upload API, type image), or null. */
export function messengerPhotoProblem(file: PhotoFile, channel: MessengerChannel): string | null {
	const name = CHANNEL_NAMES[channel];
	if (!MESSENGER_PHOTO_TYPES[channel].includes(file.mimeType.toLowerCase())) {
		const accepted = channel === 'instagram' ? 'JPEG atau PNG' : 'JPEG, PNG atau GIF';
		return `berkas ${file.filename} (${file.mimeType || 'jenis tidak diketahui'}) bukan foto; ${name} hanya menerima ${accepted} sebagai foto`;
	}
	if (file.bytes.byteLength === 0) return `berkas ${file.filename} kosong`;
	const max = channel === 'instagram' ? INSTAGRAM_PHOTO_MAX_BYTES : MESSENGER_PHOTO_MAX_BYTES;
	if (file.bytes.byteLength > max) {
		return `berkas ${file.filename} ${(file.bytes.byteLength / 1024 / 1024).toFixed(1)} MB; ${name} menerima foto sampai ${max / 1024 / 1024} MB`;
	}
	return null;
}

/** Sends the photos one after another, in the officer's order; a failure is kept and the next photo goes on. */
export async function sendFollowUpPhotos(photos: readonly FollowUpPhoto[], ports: PhotoPorts): Promise<PhotoOutcome> {
	const out: PhotoOutcome = { sent: [], failed: [], captionsFailed: [] };
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
		const caption = photo.caption?.trim();
		if (caption && ports.sendCaption) {
			try {
				await ports.sendCaption(caption);
			} catch (error) {
				out.captionsFailed.push({ media: photo.id, position: index + 1, caption: photo.caption, error: photoError(error) });
			}
		}
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

/** The internal note an officer reads on the report when photos (or their captions sent apart) did not reach the citizen. */
export function photoFailureNote(total: number, failed: PhotoOutcome['failed'], channel: ChatChannel = 'whatsapp', captionsFailed: PhotoOutcome['captionsFailed'] = []): string {
	const lines: string[] = [];
	if (failed.length) {
		lines.push(
			`${failed.length} dari ${total} foto tindak lanjut belum terkirim ke warga lewat ${CHANNEL_NAMES[channel]} (teks tindak lanjut sudah terkirim):`,
			...failed.map((f) => `- ${photoName(f)}: ${f.error}`),
			'Untuk mencoba lagi, tulis tindak lanjut baru dengan foto tersebut.',
		);
	}
	if (captionsFailed.length) {
		lines.push(
			`Keterangan ${captionsFailed.length} foto belum terkirim ke warga lewat ${CHANNEL_NAMES[channel]} (fotonya sudah terkirim; keterangan dikirim sebagai pesan tersendiri):`,
			...captionsFailed.map((f) => `- ${photoName(f)}: ${f.error}`),
			'Untuk mencoba lagi, tulis keterangan tersebut sebagai tindak lanjut baru.',
		);
	}
	return lines.join('\n');
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
 * The internal note when Meta's window lets no message reach a Messenger or Instagram citizen
 * (core's messengerDelivery is null): an Instagram citizen silent for more than 7 days, or a last
 * message whose time cannot be read.
 */
export function photosOutsideMessengerWindowNote(count: number, channel: MessengerChannel): string {
	const why =
		channel === 'instagram'
			? 'warga belum mengirim pesan ke akun Instagram layanan dalam 7 hari terakhir, sehingga Instagram tidak mengizinkan pesan dari akun layanan'
			: 'waktu pesan terakhir warga ke Halaman tidak diketahui, sehingga Messenger tidak mengizinkan pesan dari Halaman';
	return `${count} foto tindak lanjut tidak dikirim ke warga lewat ${CHANNEL_NAMES[channel]}: ${why}. Foto dapat dikirim dengan tindak lanjut baru setelah warga membalas.`;
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
	return bots.forAccount(sendingAccount({ from: str(fns.getNodeParameter('sendFrom', i, '')) }, 'telegram'));
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

/**
 * The page or Instagram account the citizen wrote to («Send From», `fb:<page id>` / `ig:<account id>`):
 * its token from the credential's desk list, else the main page's, as the Messenger node's replies.
 */
async function messengerContextFor(fns: IExecuteFunctions, i: number): Promise<SendApiContext> {
	const pages = await messengerPages(fns).catch((error: unknown) => {
		// messengerPages names a malformed desk line, never its token.
		throw new Error(
			`Foto tindak lanjut untuk warga Messenger/Instagram tidak dapat dikirim: kredensial Meta Messenger API belum dipasang pada node ini atau tidak terbaca (${describeError(error)}).`,
		);
	});
	return sendApiContext(pages, { from: str(fns.getNodeParameter('sendFrom', i, '')) });
}

/**
 * Messenger and Instagram: each photo is uploaded as multipart/form-data to the
 * Attachment Upload API (the bytes: Directus files are private) and sent by its
 * attachment_id with the delivery the citizen's last message allows (the one
 * the text went with); its caption follows as a text (an image there carries
 * none). Logged like a WhatsApp photo: wamid `fb:`/`ig:<message_id>` (core's
 * messengerSentId), payload in the WhatsApp image shape with the caption that
 * followed, and complaint_media.wa_media_id `fb:`/`ig:<message_id>#0`: the
 * inbound side's media id form (a message's first attachment), by which the
 * page can fetch the photo again from the message's attachments edge (the
 * attachment_id is not reusable and so names nothing later). A message_id too
 * long for that column leaves wa_media_id unset rather than a form nothing reads.
 * https://developers.facebook.com/docs/messenger-platform/reference/attachment-upload-api
 * https://developers.facebook.com/docs/messenger-platform/send-messages#sending_attachments
 */
export function messengerPorts(
	to: string,
	ctx: SendApiContext,
	delivery: MessengerDelivery,
	download: Download,
	directus: DirectusClient,
	complaint: number | string,
): PhotoPorts {
	const address = parseMessengerAddress(to);
	if (!address) throw new Error(`Alamat Messenger/Instagram "${to}" tidak valid.`);
	const { channel, id } = address;
	const base = { recipient: { id }, messaging_type: delivery.messaging_type, ...(delivery.tag ? { tag: delivery.tag } : {}) };
	// The caption as a Send API text, cut to Messenger's 2000 characters or Instagram's 1000 bytes (not
	// built with textMessage: its WhatsApp limit of 4096 characters would refuse a long caption instead).
	const captionRequests = (caption: string) => messengerRequests({ messaging_product: 'whatsapp', recipient: to, type: 'text', text: { body: caption } }, delivery);
	return {
		download,
		problem: (file) => messengerPhotoProblem(file, channel),
		deliver: async (file, caption) => {
			const attachmentId = await uploadMessengerAttachment(ctx, channel, file);
			const answer = await callSendApi(ctx, { ...base, message: { attachment: { type: 'image', payload: { attachment_id: attachmentId } } } });
			const wamid = messengerSentId(to, answer);
			const sent = MessengerSent.safeParse(answer);
			const mediaId = (sent.success && messengerMediaId(channel, sent.data.message_id, 0)) || '';
			const text = caption?.trim() ? captionRequests(caption).map((r) => String(r.message.text ?? ''))[0] : undefined;
			const message = { to, type: 'image', image: { ...(mediaId ? { id: mediaId } : {}), ...(text ? { caption: text } : {}) } };
			return { wamid, mediaId, message };
		},
		sendCaption: async (caption) => {
			for (const request of captionRequests(caption)) await callSendApi(ctx, request);
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
	const none = { count: 0, sent: [], failed: [], captionsFailed: [], held: 0 };
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
	const held = async (note: string) => {
		await writeNote(directus, event.complaint_id, note);
		return passThrough.call(this, i, { photos: { ...none, count: photos.length, held: photos.length } });
	};
	// Only WhatsApp refuses photos outside the 24-hour window; a Telegram bot may write any time.
	if (channel === 'whatsapp' && this.getNodeParameter('textWentAsTemplate', i, false) === true) return held(photosHeldNote(photos.length));
	// Messenger/Instagram: the photos go with the delivery the text went with, from the same last message;
	// empty means the citizen just wrote, as for the text (Messenger node, Send Prepared).
	let delivery: MessengerDelivery | null = null;
	if (channel === 'messenger' || channel === 'instagram') {
		const lastInboundAt = str(this.getNodeParameter('lastInboundAt', i, ''));
		const now = new Date();
		delivery = messengerDelivery(rawTo, lastInboundAt || now, now);
		if (!delivery) return held(photosOutsideMessengerWindowNote(photos.length, channel));
	}

	const download = (fileId: string) => directus.download(fileId);
	const ports: PhotoPorts =
		channel === 'telegram'
			? telegramPorts(rawTo, await telegramBotFor(this, i), download, directus, event.complaint_id)
			: delivery
				? messengerPorts(rawTo, await messengerContextFor(this, i), delivery, download, directus, event.complaint_id)
				: await whatsAppPorts(this, i, rawTo, download, directus, event.complaint_id);
	const outcome = await sendFollowUpPhotos(photos, ports);
	const result = { count: photos.length, ...outcome, held: 0 };
	if (outcome.failed.length || outcome.captionsFailed.length) {
		await writeNote(directus, event.complaint_id, photoFailureNote(photos.length, outcome.failed, channel, outcome.captionsFailed));
		const failures = [
			...outcome.failed.map((f) => `${photoName(f)}: ${f.error}`),
			...outcome.captionsFailed.map((f) => `keterangan ${photoName(f)}: ${f.error}`),
		];
		const what = outcome.failed.length
			? `${outcome.failed.length} dari ${photos.length} foto tindak lanjut ${event.ticket ?? ''} belum terkirim ke warga`
			: `Keterangan ${outcome.captionsFailed.length} foto tindak lanjut ${event.ticket ?? ''} belum terkirim ke warga (fotonya terkirim)`;
		throw new Error(`${what}; catatan internal ditulis di laporan. ${failures.join('; ')}`);
	}
	return passThrough.call(this, i, { photos: result });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
