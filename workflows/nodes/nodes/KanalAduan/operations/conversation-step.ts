import {
	contactName,
	conversationStep,
	InboundMessage,
	senderAddress,
	type EventContact,
	reportReceivedReply,
	say,
	textMessage,
	type Locale,
	type NewReport,
	type SendMessage,
} from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { fetchMedia } from '../../WhatsAppCloud/operations/download-media.ts';
import { sendContext } from '../../WhatsAppCloud/router.ts';
import type { DirectusClient } from '../directus-client.ts';
import { show, str, type Operation } from './common.ts';
import { withConversationLock } from './conversation-lock.ts';
import { loadCitizen, loadConversation, loadOwnReports, referenceData, saveConversation } from './conversation-context.ts';
import { storeReport, type MediaDownloader, type StoredReport } from './conversation-report.ts';

// The WhatsApp intake conversation, one inbound message at a time: load what
// core's conversationStep needs, call it, store the finished report (if any),
// save the conversation, and hand the replies to the send node — one output
// item per reply, in order. See core/README.md "Conversation".

const R = 'conversation';
const O = 'step';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Step',
	value: O,
	action: 'Answer one message of the intake conversation',
	description: 'Jalankan percakapan bot untuk satu pesan warga; keluarkan balasan yang harus dikirim (satu item per balasan)',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Flood Limit (Messages per Minute)',
		name: 'floodPerMinute',
		type: 'number',
		default: 20,
		description: 'Lebih dari ini dalam satu menit: satu peringatan, lalu pesan berikutnya didiamkan',
		...show(R, O),
	},
	{
		displayName: 'Draft Expiry (Hours)',
		name: 'draftTtlHours',
		type: 'number',
		default: 24,
		description: 'Laporan yang belum selesai dihapus (dengan pemberitahuan) bila tidak dilanjutkan selama ini',
		...show(R, O),
	},
	{
		displayName: 'Minimum Description Length',
		name: 'minDescription',
		type: 'number',
		default: 20,
		description: 'Uraian yang lebih pendek dari ini (huruf) diminta untuk dilengkapi',
		...show(R, O),
	},
	{
		displayName: 'Download Attachments',
		name: 'downloadMedia',
		type: 'boolean',
		default: true,
		description: 'Whether to copy photos, videos, voice notes and documents from WhatsApp into Directus files when a report is sent',
		...show(R, O),
	},
];

/**
 * Messages of one sender are handled one after another (WhatsApp delivers
 * three photos as three webhooks at once; in parallel they would overwrite
 * each other's draft). This queue orders them within one process; across
 * several n8n workers the Directus lock (withConversationLock) does.
 */
const senderQueues = new Map<string, Promise<unknown>>();
export async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
	const before = senderQueues.get(key) ?? Promise.resolve();
	const run = before.then(fn, fn);
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	senderQueues.set(key, tail);
	try {
		return await run;
	} finally {
		if (senderQueues.get(key) === tail) senderQueues.delete(key);
	}
}

function systemError(templates: Parameters<typeof say>[0], to: string, locale: Locale): SendMessage {
	let body: string;
	try {
		body = say(templates, 'system.error', locale);
	} catch {
		body = 'Mohon maaf, sistem kami sedang mengalami gangguan. Pesan Anda tidak hilang — silakan coba lagi beberapa saat lagi.';
	}
	return textMessage(to, body);
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const json = this.getInputData()[i]?.json ?? {};
	if (json.kind !== 'message') {
		throw new Error('Item ini bukan pesan dari WhatsApp Cloud Trigger (kind harus "message"). Hubungkan node ini setelah "Catat pesan masuk".');
	}
	const message = InboundMessage.parse(json.message);
	const contact = (json.contact ?? {}) as EventContact;
	// The trigger's `sender` is the wa_id, else the business-scoped user id of a username user:
	// never strip it to digits (that would invent a phone number).
	const waId = str(json.sender) || senderAddress(message, contact) || '';
	if (!waId) throw new Error('Pesan tanpa pengirim (tidak ada wa_id maupun user_id): tidak ada yang bisa dijawab.');
	const name = contactName(contact);
	const limits = {
		flood_per_minute: Math.max(1, Math.round(Number(this.getNodeParameter('floodPerMinute', i, 20)) || 20)),
		draft_ttl_hours: Number(this.getNodeParameter('draftTtlHours', i, 24)) || 24,
		min_description: Math.max(1, Math.round(Number(this.getNodeParameter('minDescription', i, 20)) || 20)),
	};
	const download = this.getNodeParameter('downloadMedia', i, true) !== false;
	const executionKey = typeof this.getExecutionId === 'function' ? this.getExecutionId() : null;

	const warn = (message: string) => this.logger?.warn?.(message);
	return oneAtATime(waId, () => withConversationLock(directus, waId, async () => {
		const ref = await referenceData(directus, executionKey ?? null);
		const [conversation, citizen] = await Promise.all([loadConversation(directus, waId), loadCitizen(directus, waId)]);
		const reportsLocale: Locale = conversation?.locale ?? citizen?.locale ?? 'id';
		const reports = await loadOwnReports(directus, waId, message, ref.ticket_prefix, reportsLocale);

		const result = conversationStep(
			conversation,
			{ wa_id: waId, name, message },
			{
				now: new Date(),
				instance_name: ref.instance_name,
				timezone: ref.timezone,
				ticket_prefix: ref.ticket_prefix,
				categories: ref.categories,
				regions: ref.regions,
				templates: ref.templates,
				reports,
				blocked: citizen?.blocked === true,
				citizen_locale: citizen?.locale ?? null,
				limits,
			},
		);

		const replies: SendMessage[] = [...result.replies];
		const stored: StoredReport[] = [];
		let failure: string | null = null;
		const locale: Locale = result.state.locale ?? 'id';
		for (const effect of result.effects) {
			if (effect.kind !== 'create_report') continue;
			try {
				const downloader: MediaDownloader | null = download && effect.report.media.length > 0 ? await mediaDownloader(this) : null;
				const report = await storeReport(directus, effect.report, { download: downloader, inboundLogId: str(json.waMessageId) || null });
				stored.push(report);
				replies.push(
					reportReceivedReply(waId, report.ticket, {
						templates: ref.templates,
						instance_name: ref.instance_name,
						locale: effect.report.locale,
						name: reporterName(effect.report, citizen?.display_name ?? null),
						tracking_code: report.trackingCode,
					}),
				);
			} catch (error) {
				// The draft stays as it was (the state is not saved), so pressing "Kirim" again retries.
				failure = error instanceof Error ? error.message : String(error);
				replies.push(systemError(ref.templates, waId, locale));
			}
		}
		if (!failure) await saveConversation(directus, waId, conversation, result.state);

		const report = stored[0];
		const shared: IDataObject = {
			waId,
			to: waId,
			state: failure ? (conversation?.state ?? 'idle') : result.state.state,
			effects: result.effects.map((e) => (e.kind === 'ignore' ? `ignore:${e.reason}` : e.kind)),
			complaintId: report?.id ?? null,
			ticket: report?.ticket ?? null,
			mediaStored: report?.media.length ?? 0,
			mediaErrors: report?.mediaErrors ?? [],
			error: failure,
			inboundWamid: message.id,
		};
		return replies.map((reply, n) => ({
			json: { ...shared, reply: reply as unknown as IDataObject, replyIndex: n, replyType: reply.type },
			pairedItem: { item: i },
		}));
	}, { warn }));
}

function reporterName(report: NewReport, known: string | null): string | null {
	return report.reporter_name || known;
}

async function mediaDownloader(fns: IExecuteFunctions): Promise<MediaDownloader> {
	const ctx = await sendContext(fns);
	return async (mediaId) => {
		const media = await fetchMedia(ctx, mediaId);
		return { bytes: media.bytes, mimeType: media.mimeType };
	};
}

export default { resource, operation, option, description, execute } satisfies Operation;
