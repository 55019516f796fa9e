import { messageText } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

const R = 'complaint';
const O = 'createFromMessage';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Create From Message',
	value: O,
	action: 'Create a complaint from a WhatsApp message',
	description: 'Buat laporan (status diterima) dari pesan teks; Directus memberi nomor tiket',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Reporter (Citizen ID)',
		name: 'reporter',
		type: 'string',
		default: '={{ $json.citizen?.id }}',
		required: true,
		...show(R, O),
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Isi laporan. Kosongkan untuk memakai teks pesan WhatsApp pada item ini.',
		...show(R, O),
	},
	{
		displayName: 'Type',
		name: 'complaintType',
		type: 'options',
		default: 'pengaduan',
		options: ['pengaduan', 'aspirasi', 'saran', 'informasi'].map((t) => ({ name: t, value: t })),
		...show(R, O),
	},
	{
		displayName: 'Inbound Log ID',
		name: 'waMessageId',
		type: 'string',
		default: '={{ $json.waMessageId ?? "" }}',
		description: 'Baris wa_messages yang ditautkan ke laporan ini (dari operasi Message → Log)',
		...show(R, O),
	},
];

export interface CreatedComplaint {
	id: number;
	ticket: string | null;
	status: string;
	type: string;
	verify_due?: string | null;
}
const FIELDS = ['id', 'ticket', 'status', 'type', 'received_at', 'verify_due'];

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const json = this.getInputData()[i]?.json ?? {};
	const reporter = str(this.getNodeParameter('reporter', i));
	if (!reporter) throw new Error('Pelapor kosong: jalankan Citizen → Upsert sebelum membuat laporan.');
	const description =
		str(this.getNodeParameter('description', i, '')) ||
		(json.message ? str(messageText(json.message as Parameters<typeof messageText>[0])) : '');
	if (!description) throw new Error('Isi laporan kosong: pesan ini tidak berisi teks.');
	const citizen = json.citizen as IDataObject | undefined;

	const complaint = await directus.create<CreatedComplaint>(
		'complaints',
		{
			description,
			type: str(this.getNodeParameter('complaintType', i, 'pengaduan')) || 'pengaduan',
			channel: 'whatsapp',
			status: 'received',
			reporter,
			locale: citizen?.locale ?? 'id',
		},
		FIELDS,
	);
	if (!complaint?.ticket) {
		// The ticket is assigned by the kanal-aduan hook in Directus, not here.
		throw new Error(
			`Laporan #${complaint?.id ?? '?'} tersimpan tanpa nomor tiket — pastikan ekstensi Directus "kanal-aduan" terpasang dan aktif.`,
		);
	}
	const waMessageId = str(this.getNodeParameter('waMessageId', i, ''));
	if (waMessageId) await directus.update('wa_messages', waMessageId, { complaint: complaint.id }, ['id']);
	return passThrough.call(this, i, { complaint });
}

export default { resource, operation, option, description, execute } satisfies Operation;
