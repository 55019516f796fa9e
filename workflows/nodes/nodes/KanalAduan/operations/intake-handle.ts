import { InboundMessage, senderAddress, type EventContact, type HandleAnswer } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { show, str, type Operation } from './common.ts';

// The WhatsApp intake in one call: Directus's /kanal-aduan/intake/batch takes
// the execution's messages and handles each as /intake/messages does: logged
// once, handled (edits, number changes, satisfaction answer, answer to a
// verifikator, the bot conversation, the new report) in one transaction under
// the citizen's lock, and returns the replies it has already written down. This node hands them to the send node, one item per
// reply, in order; "Intake → Record Sent" reports the sent wamids after.

const R = 'intake';
const O = 'handle';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Handle Message',
	value: O,
	action: 'Handle one inbound WhatsApp message',
	description: 'Catat dan proses satu pesan warga di Directus (satu transaksi); keluarkan balasan yang harus dikirim (satu item per balasan)',
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
];

export type { HandleAnswer };

/** The request body for one trigger item (kind "message"). */
export function handleRequest(json: IDataObject, limits: IDataObject, holder: string): IDataObject {
	if (json.kind !== 'message') {
		throw new Error('Item ini bukan pesan dari WhatsApp Cloud Trigger (kind harus "message"). Hubungkan node ini langsung setelah "Pesan WhatsApp masuk".');
	}
	const message = InboundMessage.parse(json.message);
	const contact = (json.contact ?? null) as EventContact | null;
	// The trigger's `sender` is the wa_id, else the business-scoped user id of a username user:
	// never strip it to digits (that would invent a phone number).
	const sender = str(json.sender) || senderAddress(message, contact ?? undefined) || null;
	// The business number written to: its desk gets the report, and the replies go out from it.
	const phoneNumberId = str(json.phoneNumberId) || null;
	return { message: message as unknown as IDataObject, sender, contact: contact as IDataObject | null, limits, holder, ...(phoneNumberId ? { phone_number_id: phoneNumberId } : {}) };
}

/** One output item per reply, in order; the shared fields say what happened (for branches added after this node). */
export function replyItems(answer: HandleAnswer, i: number): INodeExecutionData[] {
	const shared: IDataObject = {
		waId: answer.replies[0]?.to ?? null,
		to: answer.replies[0]?.to ?? null,
		inboundWamid: answer.wamid,
		duplicate: answer.duplicate,
		handling: answer.handling,
		converse: answer.converse,
		state: answer.state,
		effects: answer.effects,
		complaintId: answer.complaintId,
		ticket: answer.ticket,
		error: answer.error,
		media: answer.media as unknown as IDataObject[],
	};
	return answer.replies.map((reply, n) => ({
		// phoneNumberId: the number to send from (the one the citizen wrote to); null: the credential's.
		json: { ...shared, reply: reply.message, replyRowId: reply.id, replyIndex: n, replyType: reply.type, phoneNumberId: reply.from ?? null },
		pairedItem: { item: i },
	}));
}

/** The conversation limits set on the node (Handle Message and Redrive Pending share them). */
export function conversationLimits(fns: IExecuteFunctions, i: number): IDataObject {
	return {
		flood_per_minute: Math.max(1, Math.round(Number(fns.getNodeParameter('floodPerMinute', i, 20)) || 20)),
		draft_ttl_hours: Number(fns.getNodeParameter('draftTtlHours', i, 24)) || 24,
		min_description: Math.max(1, Math.round(Number(fns.getNodeParameter('minDescription', i, 20)) || 20)),
	};
}

/** Messages per call to /kanal-aduan/intake/batch (it takes up to 50). */
export const HANDLE_CHUNK = 50;

/**
 * All messages of the execution in one call per chunk: the trigger starts one
 * run for a burst of webhooks, and Directus handles their citizens side by
 * side (each citizen's messages in order). A citizen whose messages could not
 * be handled gets no reply item here; those messages stay stored and the
 * "Pesan tertunda" pass handles them.
 */
export async function executeAll(this: IExecuteFunctions, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const limits = conversationLimits(this, 0);
	// The execution owns the replies it is given: asking again (a dropped connection) hands them back to it, never to another.
	const holder = `n8n:${typeof this.getExecutionId === 'function' ? this.getExecutionId() : 'manual'}`;
	const requests = items.map((item) => {
		const { message, sender, contact, phone_number_id } = handleRequest(item.json, limits, holder);
		return { message, sender, contact, ...(phone_number_id ? { phone_number_id } : {}) };
	});
	const out: INodeExecutionData[] = [];
	for (let from = 0; from < requests.length; from += HANDLE_CHUNK) {
		const { answers } = await directus.requestPatiently<{ answers: HandleAnswer[] }>('POST', '/kanal-aduan/intake/batch', {
			messages: requests.slice(from, from + HANDLE_CHUNK),
			limits,
			holder,
		});
		answers.forEach((answer, k) => {
			if (answer.error && answer.handled === 0 && answer.replies.length === 0) this.logger?.warn?.(`Pesan ${answer.wamid} belum diproses: ${answer.error}`);
			out.push(...replyItems(answer, from + k));
		});
	}
	return out;
}

/** Per item, for the router's shape; the router calls executeAll once for the whole input. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	throw new Error('Intake → Handle Message memproses semua pesan sekaligus; router memanggil executeAll.');
}

export default { resource, operation, option, description, execute, executeAll } satisfies Operation;
