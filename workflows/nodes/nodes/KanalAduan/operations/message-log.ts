import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { isNotUnique, type DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { nextDeliveryStatus, toWaStatus } from '@kanal-aduan/core';
import { webhookErrorKey, type WaMessageStatus } from '@kanal-aduan/core';

const R = 'message';
const O = 'log';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Log',
	value: O,
	action: 'Log a WhatsApp message',
	description: 'Simpan pesan keluar ke wa_messages (sekali per wamid); status pengiriman memperbarui baris yang ada',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'event',
		options: [
			{ name: 'Trigger Event (Status or Error)', value: 'event', description: 'Status pengiriman atau galat dari WhatsApp Cloud Trigger' },
			{ name: 'Fields', value: 'fields', description: 'Isi sendiri, mis. pesan keluar dari node Kirim WhatsApp' },
		],
		...show(R, O),
	},
	...(
		[
			{ displayName: 'Direction', name: 'direction', type: 'options', default: 'out', options: [{ name: 'In', value: 'in' }, { name: 'Out', value: 'out' }] },
			{ displayName: 'WAMID', name: 'wamid', type: 'string', default: '={{ $json.wamid }}' },
			{ displayName: 'WA ID', name: 'waId', type: 'string', default: '={{ $json.to }}' },
			{ displayName: 'Type', name: 'messageType', type: 'string', default: '={{ $json.type }}' },
			{ displayName: 'Payload', name: 'payload', type: 'json', default: '={{ $json.message }}' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'sent',
				options: ['received', 'sent', 'delivered', 'read', 'failed'].map((s) => ({ name: s, value: s })),
			},
			{ displayName: 'Complaint ID', name: 'complaintId', type: 'string', default: '' },
		] as INodeProperties[]
	).map((p) => ({ ...p, displayOptions: { show: { resource: [R], operation: [O], source: ['fields'] } } })),
];

interface Row {
	wamid: string;
	direction: 'in' | 'out';
	wa_id: string;
	type: string;
	payload: unknown;
	status: WaMessageStatus;
	error?: unknown;
	complaint?: number | null;
}

const FIELDS = ['id', 'wamid', 'status'];

/**
 * Inserts once per wamid; a second insert of the same wamid is Meta retrying, reported as a
 * duplicate. A delivery status that came first (Directus records statuses as they arrive) left a
 * status-only row for the wamid: the message takes that row over, with the status it reached.
 */
async function insertOnce(directus: DirectusClient, row: Row): Promise<{ id: string | null; duplicate: boolean }> {
	try {
		const created = await directus.create<{ id: string }>('wa_messages', row, FIELDS);
		return { id: created?.id ?? null, duplicate: false };
	} catch (error) {
		if (!isNotUnique(error)) throw error;
		const [existing] = await directus.list<{ id: string; type: string; status: WaMessageStatus | null }>('wa_messages', { wamid: { _eq: row.wamid } }, ['id', 'type', 'status']);
		if (existing && existing.type === STATUS_ONLY && row.type !== STATUS_ONLY) {
			const { error: rowError, ...message } = row;
			const status = nextDeliveryStatus(row.status, existing.status ?? row.status);
			await directus.update('wa_messages', existing.id, { ...message, status, ...(rowError ? { error: rowError } : {}) }, ['id']);
			return { id: existing.id, duplicate: false };
		}
		return { id: existing?.id ?? null, duplicate: true };
	}
}

/** The type of a row a delivery status logged for a message not logged yet. */
const STATUS_ONLY = 'status';

/** A delivery status updates the outbound row it belongs to, never moving backwards. */
async function applyStatus(directus: DirectusClient, wamid: string, waId: string, status: WaMessageStatus, raw: IDataObject) {
	const [existing] = await directus.list<{ id: string; status: WaMessageStatus }>('wa_messages', { wamid: { _eq: wamid } }, FIELDS);
	const error = (raw.errors as unknown) ?? null;
	if (!existing) {
		// Status for a message we did not log (sent outside n8n): keep it for the record.
		const created = await insertOnce(directus, { wamid, direction: 'out', wa_id: waId, type: 'status', payload: raw, status, error });
		return { id: created.id, duplicate: false, status };
	}
	const next = nextDeliveryStatus(existing.status, status);
	if (next !== existing.status || error) {
		await directus.update('wa_messages', existing.id, { status: next, ...(error ? { error } : {}) }, ['id']);
	}
	return { id: existing.id, duplicate: false, status: next };
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const source = str(this.getNodeParameter('source', i, 'event'));
	if (source === 'fields') {
		const rawPayload = this.getNodeParameter('payload', i, null);
		const complaint = str(this.getNodeParameter('complaintId', i, ''));
		const row: Row = {
			wamid: str(this.getNodeParameter('wamid', i)),
			direction: str(this.getNodeParameter('direction', i)) === 'in' ? 'in' : 'out',
			wa_id: str(this.getNodeParameter('waId', i)),
			type: str(this.getNodeParameter('messageType', i)) || 'text',
			payload: typeof rawPayload === 'string' && rawPayload.trim() ? JSON.parse(rawPayload) : rawPayload,
			status: str(this.getNodeParameter('status', i, 'sent')) as WaMessageStatus,
			...(complaint ? { complaint: Number(complaint) } : {}),
		};
		if (!row.wamid) throw new Error('WAMID kosong: tidak ada pesan untuk dicatat.');
		const r = await insertOnce(directus, row);
		return passThrough.call(this, i, { duplicate: r.duplicate, waMessageId: r.id });
	}

	const event = this.getInputData()[i]?.json ?? {};
	if (event.kind === 'message') {
		// Inbound messages are logged by Intake → Handle Message, in the same transaction that answers them.
		throw new Error('Pesan masuk dicatat dan diproses oleh operasi Intake → Handle Message; operasi ini mencatat status pengiriman, galat dari Meta, dan pesan keluar (Source = Fields).');
	}
	if (event.kind === 'status') {
		const status = event.status as IDataObject;
		const waStatus = toWaStatus(str(status.status));
		if (!waStatus) return passThrough.call(this, i, { duplicate: false, waMessageId: null, ignored: true, converse: false });
		const recipient = str(status.recipient_id) || str(status.recipient_user_id);
		const r = await applyStatus(directus, str(status.id), recipient, waStatus, status);
		return passThrough.call(this, i, { duplicate: r.duplicate, waMessageId: r.id, deliveryStatus: r.status, converse: false });
	}
	if (event.kind === 'error') {
		// Meta reports a problem with the number itself (e.g. 131056 pair rate limit): a row of type
		// "error" in Pesan WhatsApp (wa_messages) is where an admin sees it, plus a warning in n8n's log.
		const errors = (event.errors ?? []) as Array<{ code: number; title?: string }>;
		const phoneNumberId = str(event.phoneNumberId);
		this.logger?.warn?.(`WhatsApp melaporkan galat untuk nomor ${phoneNumberId}: ${errors.map((e) => `${e.code} ${e.title ?? ''}`).join('; ')}`);
		const r = await insertOnce(directus, {
			wamid: webhookErrorKey(phoneNumberId, errors, new Date()),
			direction: 'in',
			wa_id: phoneNumberId,
			type: 'error',
			payload: { errors },
			status: 'failed',
			error: errors,
		});
		return passThrough.call(this, i, { duplicate: r.duplicate, waMessageId: r.id, converse: false });
	}
	throw new Error('Item ini bukan event dari WhatsApp Cloud Trigger (kind harus "message", "status" atau "error"). Pilih Source = Fields untuk mengisi sendiri.');
}

export default { resource, operation, option, description, execute } satisfies Operation;
