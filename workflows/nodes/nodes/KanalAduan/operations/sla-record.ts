import { reminderHistoryText, type Digest } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parseJsonParameter } from '../../WhatsAppCloud/outbound.ts';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

const R = 'sla';
const O = 'record';

export const option = {
	name: 'Record Reminder Sent',
	value: O,
	action: 'Record a sent reminder digest',
	description: 'Tandai pengingat terkirim/gagal dan tulis riwayat (kind reminder) di setiap laporan dalam ringkasan',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Digest',
		name: 'digest',
		type: 'json',
		default: "={{ $('Pindai tenggat').item.json.digest }}",
		description: 'Ringkasan dari operasi Scan Deadlines',
		...show(R, O),
	},
	{
		displayName: 'WhatsApp Message ID',
		name: 'wamid',
		type: 'string',
		default: '={{ $json.wamid }}',
		description: 'wamid dari node WhatsApp Cloud; kosong berarti pengiriman gagal',
		...show(R, O),
	},
	{
		displayName: 'Send Error',
		name: 'sendError',
		type: 'string',
		default: '={{ $json.error }}',
		...show(R, O),
	},
];

type DigestIn = Pick<Digest, 'person' | 'entries'>;

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const digest = parseJsonParameter(this.getNodeParameter('digest', i), 'digest') as DigestIn | undefined;
	if (!digest?.person || !Array.isArray(digest.entries)) throw new Error('Parameter Digest harus keluaran operasi Scan Deadlines.');
	const wamid = str(this.getNodeParameter('wamid', i, ''));
	const sendError = str(this.getNodeParameter('sendError', i, ''));
	const at = new Date().toISOString();
	const keys = digest.entries.map((e) => e.key);
	if (wamid) {
		// Several people can share one key (two verifikator): any delivery marks it sent.
		await directus.request('PATCH', '/items/reminders', {}, { keys, data: { status: 'sent', sent_at: at, last_error: null } });
		const history = digest.entries.map((e) => ({
			complaint: e.complaint,
			kind: 'reminder',
			public: false,
			agency: e.agency,
			body: reminderHistoryText({ ...e, recipients: [digest.person] }),
		}));
		await directus.request('POST', '/items/complaint_updates', { fields: 'id' }, history);
	} else {
		// Keep it visible with the reason; the scan re-claims it after its retry delay
		// (`Retry After`), at most `Max Attempts` times, so a WhatsApp outage is not spammed.
		const failed = await directus.request<{ key: string; status: string }[]>('GET', '/items/reminders', {
			filter: { key: { _in: keys }, status: { _neq: 'sent' } },
			fields: 'key,status',
			limit: -1,
		});
		const stillOpen = (failed ?? []).map((r) => r.key);
		if (stillOpen.length) {
			await directus.request('PATCH', '/items/reminders', {}, {
				keys: stillOpen,
				data: { status: 'failed', last_error: { to: digest.person.wa_phone, message: sendError || 'tanpa wamid', at } },
			});
		}
	}
	return passThrough.call(this, i, { recorded: { keys, status: wamid ? 'sent' : 'failed', to: digest.person.wa_phone } });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
