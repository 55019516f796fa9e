import { parseMessengerMediaId, sendRefusedForGood, telegramFileId } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { attachmentHttp, fetchMessengerAttachment, type AttachmentHttp } from '../../Messenger/attachment-client.ts';
import { messengerPages, sendApiContext, type MessengerPages } from '../../Messenger/router.ts';
import { fetchTelegramFile } from '../../Telegram/bot-client.ts';
import { telegramBots, type TelegramBots } from '../../Telegram/router.ts';
import { fetchMedia } from '../../WhatsAppCloud/operations/download-media.ts';
import { sendContext } from '../../WhatsAppCloud/router.ts';
import type { SendContext } from '../../WhatsAppCloud/send-message.ts';
import type { DirectusClient } from '../directus-client.ts';
import { itemParameter } from '../../../shared/item-parameter.ts';
import { show, str, type Operation } from './common.ts';
import type { HandleAnswer } from './intake-handle.ts';

// After "Kirim balasan": one call to /kanal-aduan/intake/sent for the whole
// execution, with Meta's wamid of every reply sent (their rows in
// wa_messages become `sent`) and the attachments of a new report, copied now
// from WhatsApp into Directus's file library and linked to their
// complaint_media rows (the citizen got the ticket first; copying can take
// seconds). A failed copy leaves the row without its file and is reported in
// `mediaErrors`; the report and the replies are already safe. A reply the send
// node could not send (its error item) is given up and marked failed when Meta
// will refuse it again (core's sendRefusedForGood: outside the 24-hour window,
// undeliverable…), or when the send node says so itself (`refusedForGood`:
// the Telegram node for a bot the citizen blocked, which a WhatsApp 403 is
// not; the Messenger node, whose verdict alone counts: `channel: 'messenger'`);
// any other failure leaves it for the redrive pass to retry.
// Attachments a Telegram citizen sent (media id `tg:<file_id>`) are copied
// through the Bot API with the node's Telegram credential, by the bot the
// message came to (`from`: file ids are per bot); the WhatsApp credential is
// then only needed for WhatsApp attachments. Attachments a Messenger or
// Instagram citizen sent (`fb:<mid>#<n>` / `ig:<mid>#<n>`) are looked up again
// through the Graph API with the Meta Messenger credential, with the token of
// the page / Instagram account the message was written to (`from`), since the
// webhook's CDN URL has expired by then.

const R = 'intake';
const O = 'recordSent';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Record Sent',
	value: O,
	action: 'Record the sent replies and copy the attachments',
	description: 'Catat wamid balasan yang terkirim (sekali panggil untuk semua balasan) dan salin lampiran laporan dari WhatsApp ke Directus',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Reply Row ID',
		name: 'replyRowId',
		type: 'string',
		default: '={{ $json.replyRowId }}',
		description: 'Baris wa_messages balasan ini (dari Intake → Handle Message)',
		...show(R, O),
	},
	{ displayName: 'WAMID', name: 'wamid', type: 'string', default: '={{ $json.wamid }}', description: 'Id pesan dari Meta setelah terkirim', ...show(R, O) },
	{ displayName: 'Sent Message', name: 'sentMessage', type: 'json', default: '={{ $json.message }}', ...show(R, O) },
	{
		displayName: 'Attachments',
		name: 'media',
		type: 'json',
		default: '={{ $json.media ?? [] }}',
		description: 'Lampiran yang harus disalin (kolom media dari Intake → Handle Message)',
		...show(R, O),
	},
	{
		displayName: 'Inbound Message ID',
		name: 'inboundWamid',
		type: 'string',
		default: '',
		description:
			'wamid pesan warga yang dijawab balasan ini (kolom inboundWamid dari Intake → Handle Message). Bila diisi, node ini mengeluarkan satu item per pesan warga yang balasannya terkirim (mis. untuk Tandai sudah dibaca); bila kosong, satu item ringkasan.',
		...show(R, O),
	},
	{
		displayName: 'Reply From (Phone Number ID)',
		name: 'replyFrom',
		type: 'string',
		default: "={{ $json.phoneNumberId ?? '' }}",
		description:
			'Nomor WhatsApp (phone_number_id) yang mengirim balasan ini; ikut pada item per pesan warga (Inbound Message ID), mis. untuk Tandai sudah dibaca dari nomor yang sama. Kosong: nomor pada kredensial.',
		...show(R, O),
	},
	{
		displayName: 'Copy Attachments',
		name: 'downloadMedia',
		type: 'boolean',
		default: true,
		description: 'Whether to copy photos, videos, voice notes and documents from WhatsApp, Telegram, Messenger or Instagram into Directus files',
		...show(R, O),
	},
];

/** Replies (and attachments) per call to /kanal-aduan/intake/sent; it takes up to 200. */
export const RECORD_CHUNK = 100;

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'audio/ogg': 'ogg',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'application/pdf': 'pdf',
};

/** A readable file name for the file library: ADU-2611-00042-1.jpg. */
export function mediaFileName(ticket: string, index: number, mimeType: string): string {
	const base = mimeType.split(';')[0]!.trim().toLowerCase();
	const ext = EXTENSIONS[base] ?? base.split('/')[1]?.replace(/[^a-z0-9]/g, '') ?? 'bin';
	return `${ticket}-${index + 1}.${ext || 'bin'}`;
}

function json(v: unknown): unknown {
	if (typeof v !== 'string') return v;
	if (!v.trim()) return null;
	try {
		return JSON.parse(v);
	} catch {
		return null;
	}
}

type Media = HandleAnswer['media'][number];

/** The replies of all items (those that were sent) and the attachments named on any item, each once. */
export function collect(this: IExecuteFunctions): {
	replies: IDataObject[];
	media: Media[];
	answered: Array<{ inboundWamid: string; phoneNumberId: string | null }>;
	failed: IDataObject[];
	retry: IDataObject[];
} {
	const items = this.getInputData();
	const replies: IDataObject[] = [];
	const media = new Map<string, Media>();
	// The citizens' messages whose replies went out, each once, in order, with the number the reply went from.
	const answered = new Map<string, string | null>();
	// Replies the send node could not send (its error items), that Meta will refuse again whatever we wait.
	const failed: IDataObject[] = [];
	// Replies whose send failed for now (5xx, 429, network): released for the next redrive pass.
	const retry: IDataObject[] = [];
	for (let i = 0; i < items.length; i++) {
		// Read per item: plain field references are read from the item (item-parameter.ts says why).
		const id = str(itemParameter(this, 'replyRowId', i, ''));
		const wamid = str(itemParameter(this, 'wamid', i, ''));
		const message = json(itemParameter(this, 'sentMessage', i, null));
		if (id && wamid) replies.push({ id, wamid, ...(message && typeof message === 'object' ? { message: message as IDataObject } : {}) });
		const sendError = items[i]!.json as { error?: unknown; code?: unknown; httpStatus?: unknown; refusedForGood?: unknown; channel?: unknown };
		if (id && !wamid && typeof sendError.error === 'string') {
			const failure = { code: typeof sendError.code === 'number' ? sendError.code : null, httpStatus: typeof sendError.httpStatus === 'number' ? sendError.httpStatus : null };
			// The Messenger node's verdict is the whole answer: its Graph codes (613 rate limit, 1200 temporary
			// send error, both HTTP 400) mean something else than WhatsApp's, whose rule would give them up.
			const ownVerdict = sendError.channel === 'messenger' && typeof sendError.refusedForGood === 'boolean';
			const giveUp = ownVerdict ? sendError.refusedForGood === true : sendError.refusedForGood === true || sendRefusedForGood(failure);
			if (giveUp) failed.push({ id, error: sendError.error.slice(0, 1000), ...failure });
			else retry.push({ id });
		}
		const inbound = str(itemParameter(this, 'inboundWamid', i, ''));
		if (id && wamid && inbound && !answered.has(inbound)) answered.set(inbound, str(itemParameter(this, 'replyFrom', i, '')) || null);
		const named = json(itemParameter(this, 'media', i, []));
		for (const m of Array.isArray(named) ? (named as Media[]) : []) if (m?.id !== undefined && m.wa_media_id) media.set(String(m.id), m);
	}
	return { replies, media: [...media.values()], answered: [...answered].map(([inboundWamid, phoneNumberId]) => ({ inboundWamid, phoneNumberId })), failed, retry };
}

/**
 * Fetches an attachment from the channel it came in on: a `tg:<file_id>` through
 * the Telegram Bot API, an `fb:`/`ig:<mid>#<n>` through the Graph API's message
 * attachments, any other id from WhatsApp. Each channel's credential
 * is read once, when its first attachment comes.
 */
function mediaFetcher(fns: IExecuteFunctions): (m: Media) => Promise<{ bytes: Buffer; mimeType: string }> {
	let whatsApp: Promise<SendContext> | undefined;
	let telegram: Promise<TelegramBots> | undefined;
	let messenger: Promise<{ pages: MessengerPages; http: AttachmentHttp }> | undefined;
	return async (m) => {
		if (parseMessengerMediaId(m.wa_media_id) !== null) {
			messenger ??= messengerPages(fns).then(
				(pages) => ({ pages, http: attachmentHttp(fns) }),
				(error: unknown) => {
					throw new Error(`Lampiran Messenger/Instagram tidak dapat disalin: kredensial Meta Messenger API belum dipasang atau tidak valid pada node ini (${error instanceof Error ? error.message : String(error)}).`);
				},
			);
			const { pages, http } = await messenger;
			// The token of the account the citizen wrote to (the router's choice for replies): a mid is only readable by its own page.
			const { target } = sendApiContext(pages, { from: m.from ?? null });
			return fetchMessengerAttachment({ target, http }, m.wa_media_id, m.mime_type);
		}
		const fileId = telegramFileId(m.wa_media_id);
		if (fileId === null) return fetchMedia(await (whatsApp ??= sendContext(fns)), m.wa_media_id);
		telegram ??= telegramBots(fns).catch((error: unknown) => {
			throw new Error(`Lampiran Telegram tidak dapat disalin: kredensial Telegram Bot API belum dipasang pada node ini (${error instanceof Error ? error.message : String(error)}).`);
		});
		// A file_id is unique to the bot it was sent to: https://core.telegram.org/bots/api#sending-files
		return fetchTelegramFile((await telegram).forAccount(m.from), fileId, m.mime_type);
	};
}

export async function executeAll(this: IExecuteFunctions, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const { replies, media, answered, failed, retry } = collect.call(this);
	const links: Array<{ id: string | number; file: string }> = [];
	const mediaErrors: Array<{ wa_media_id: string; error: string }> = [];
	if (media.length > 0 && this.getNodeParameter('downloadMedia', 0, true) !== false) {
		const fetchAny = mediaFetcher(this);
		for (const m of media) {
			try {
				const fetched = await fetchAny(m);
				const name = m.ticket ?? String(m.complaint);
				const uploaded = await directus.upload({
					bytes: fetched.bytes,
					filename: mediaFileName(name, m.index, fetched.mimeType),
					mimeType: fetched.mimeType.split(';')[0]!.trim(),
					title: `${name} — lampiran ${m.index + 1}`,
				});
				links.push({ id: m.id, file: uploaded.id });
			} catch (error) {
				mediaErrors.push({ wa_media_id: m.wa_media_id, error: error instanceof Error ? error.message : String(error) });
			}
		}
	}
	// A redrive pass may send hundreds of replies: recorded in chunks the endpoint takes.
	const recorded = { replies: 0, media: 0, failed: 0 };
	for (let from = 0; from < Math.max(replies.length, links.length, failed.length, retry.length); from += RECORD_CHUNK) {
		const part = await directus.requestPatiently<{ replies: number; media: number; failed?: number }>('POST', '/kanal-aduan/intake/sent', {
			replies: replies.slice(from, from + RECORD_CHUNK),
			media: links.slice(from, from + RECORD_CHUNK),
			failed: failed.slice(from, from + RECORD_CHUNK),
			retry: retry.slice(from, from + RECORD_CHUNK),
		});
		recorded.replies += part?.replies ?? 0;
		recorded.media += part?.media ?? 0;
		recorded.failed += part?.failed ?? 0;
	}
	const summary = { recorded: recorded.replies, mediaStored: recorded.media, mediaErrors, failed: recorded.failed };
	const pairedItem = items.map((_, i) => ({ item: i }));
	if (answered.length === 0) return [{ json: summary as IDataObject, pairedItem }];
	return answered.map((a) => ({ json: { ...summary, ...a } as IDataObject, pairedItem }));
}

/** Per item, for the router's shape; the router calls executeAll once for the whole input. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	throw new Error('Intake → Record Sent mencatat semua balasan sekaligus; router memanggil executeAll.');
}

export default { resource, operation, option, description, execute, executeAll } satisfies Operation;
