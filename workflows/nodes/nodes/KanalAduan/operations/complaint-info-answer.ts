import { answersPendingQuestion, INFO_ANSWER_PATCH, InboundMessage, infoAnswer, messageMedia } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { storeMedia, type MediaDownloader } from './conversation-report.ts';
import { fetchMedia } from '../../WhatsAppCloud/operations/download-media.ts';
import { sendContext } from '../../WhatsAppCloud/router.ts';
import { asLocale, renderKey } from './handling-common.ts';

const R = 'complaint';
const O = 'infoAnswer';

export const option = {
	name: 'Attach Citizen Answer',
	value: O,
	action: "Attach the citizen's answer to a report waiting for information",
	description: 'Bila laporan pengirim berstatus Menunggu Keterangan, pesan teksnya (dan foto) dilampirkan ke laporan dan laporan kembali ke verifikator; hasil di $json.infoAnswer',
};

export const description: INodeProperties[] = [
	{ displayName: 'WhatsApp ID', name: 'waId', type: 'string', default: '={{ $json.message?.from }}', required: true, ...show(R, O) },
	{ displayName: 'Text', name: 'text', type: 'string', default: '={{ $json.message?.text?.body ?? "" }}', ...show(R, O) },
	{
		displayName: 'Reply ID',
		name: 'replyId',
		type: 'string',
		default: '={{ $json.message?.interactive?.list_reply?.id ?? $json.message?.interactive?.button_reply?.id ?? "" }}',
		...show(R, O),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'json',
		default: '={{ $json.message ?? {} }}',
		description: 'Pesan WhatsApp utuh: foto/video/dokumen di dalamnya ikut dilampirkan ke laporan',
		...show(R, O),
	},
	{
		displayName: 'Copy Attachments',
		name: 'downloadMedia',
		type: 'boolean',
		default: true,
		description: 'Salin foto/berkas dari WhatsApp ke File Library Directus (butuh kredensial WhatsApp)',
		...show(R, O),
	},
	{
		displayName: 'Inbound Log ID',
		name: 'waMessageId',
		type: 'string',
		default: '={{ $json.waMessageId ?? "" }}',
		description: 'Baris wa_messages pesan ini (dari "Catat pesan masuk"), dihubungkan ke laporan',
		...show(R, O),
	},
];

type Waiting = { id: number; ticket: string; date_updated: string | null; reporter: { locale: string | null } | null };

/** The attachment of an inbound message (image, video, audio, document), or null. */
function attachmentOf(raw: unknown): { wa_media_id: string; kind: 'image' | 'video' | 'audio' | 'document'; mime_type: string | null; caption: string | null } | null {
	const parsed = InboundMessage.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
	const media = parsed.success ? messageMedia(parsed.data) : null;
	return media ? { wa_media_id: media.id, kind: media.kind, mime_type: media.mime_type ?? null, caption: media.caption ?? null } : null;
}

function safeJson(s: string): unknown {
	try {
		return JSON.parse(s);
	} catch {
		return null;
	}
}

/** WhatsApp media id -> bytes, with the node's WhatsApp credential (as the conversation step does). */
async function mediaDownloader(fns: IExecuteFunctions): Promise<MediaDownloader> {
	const ctx = await sendContext(fns);
	return async (mediaId) => {
		const media = await fetchMedia(ctx, mediaId);
		return { bytes: media.bytes, mimeType: media.mimeType };
	};
}

/**
 * For the intake flow, before the conversation step (like complaint.satisfaction):
 * the answer to a verifikator's question becomes a `citizen_message` update on the
 * sender's most recently asked report in needs_info (with the photo or file, if
 * the message carries one), and the report moves back to received (the Directus
 * hook checks the move and writes the history row). `handled: false` lets the
 * conversation go on: not an answer (command, tap, greeting), nothing waiting, or
 * the citizen is writing a new report begun after the question.
 */
export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const waId = str(this.getNodeParameter('waId', i));
	const attachment = attachmentOf(this.getNodeParameter('message', i, {}));
	const replyId = str(this.getNodeParameter('replyId', i, ''));
	const text = infoAnswer({ text: str(this.getNodeParameter('text', i, '')) || attachment?.caption || '', replyId });
	if (!waId || (!text && (!attachment || replyId))) return passThrough.call(this, i, { infoAnswer: { handled: false, reason: 'not_an_answer' } });

	// Most recently asked first: the answer goes there, the others are named in the reply.
	const waiting = await directus.request<Waiting[]>('GET', '/items/complaints', {
		filter: { reporter: { wa_id: { _eq: waId } }, status: { _eq: 'needs_info' } },
		fields: 'id,ticket,date_updated,reporter.locale',
		sort: '-date_updated,-id',
		limit: 10,
	});
	const complaint = waiting?.[0];
	if (!complaint) return passThrough.call(this, i, { infoAnswer: { handled: false, reason: 'no_question_pending' } });
	const [conversation] = await directus.list<{ state: string | null; last_inbound_at: string | null }>('conversations', { wa_id: { _eq: waId } }, ['state', 'last_inbound_at'], 1);
	if (!answersPendingQuestion(conversation ?? null, complaint.date_updated)) {
		return passThrough.call(this, i, { infoAnswer: { handled: false, reason: 'writing_new_report' } });
	}

	const body = text ?? 'Pelapor mengirim lampiran tanpa keterangan.';
	const update = await directus.create<{ id: number }>('complaint_updates', { complaint: complaint.id, kind: 'citizen_message', body, public: false }, ['id']);
	const media: { stored: number; error: string | null } = { stored: 0, error: null };
	if (attachment) {
		try {
			const download = this.getNodeParameter('downloadMedia', i, true) !== false ? await mediaDownloader(this) : null;
			await storeMedia(directus, complaint, 0, attachment, download, update.id);
			media.stored = 1;
		} catch (error) {
			// The words are already attached; a lost photo must not lose them or the move.
			media.error = error instanceof Error ? error.message : String(error);
		}
	}
	const logId = str(this.getNodeParameter('waMessageId', i, ''));
	if (logId) await directus.update('wa_messages', logId, { complaint: complaint.id }, ['id']);
	await directus.update('complaints', complaint.id, INFO_ANSWER_PATCH, ['id']);

	const others = waiting.slice(1).map((c) => c.ticket);
	const rendered = await renderKey(directus, 'notify.info_received', asLocale(complaint.reporter?.locale), { ticket: complaint.ticket, others: others.join(', ') });
	return passThrough.call(this, i, {
		infoAnswer: {
			handled: true,
			ticket: complaint.ticket,
			complaintId: complaint.id,
			updateId: update.id,
			stillWaiting: others,
			media,
			reply: { to: waId, text: rendered.text },
		},
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
