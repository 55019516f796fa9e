import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { show, type Operation } from './common.ts';
import { channelOfAddress, type RedriveAnswer } from '@kanal-aduan/core';
import { conversationLimits, description as handleFields } from './intake-handle.ts';

// The redrive pass (the intake flow runs it on a schedule): Directus's
// /kanal-aduan/intake/redrive handles the messages stored at the webhook that
// their execution never handled (a worker killed, a job lost) and claims the
// replies nobody sent (their sender died, Graph API failed), for this
// execution to send. Its items have the shape of Handle Message's, so the same
// send and Record Sent nodes follow.

const R = 'intake';
const O = 'redrive';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Redrive Pending',
	value: O,
	action: 'Handle stored messages and unsent replies left behind',
	description: 'Proses pesan warga yang sudah tersimpan tetapi belum terjawab, dan ambil balasan yang belum terkirim; satu item per balasan',
};

export const description: INodeProperties[] = [
	// The same conversation limits as Handle Message, shown for this operation too.
	...handleFields.map((f) => ({ ...f, ...show(R, O) })),
	{
		displayName: 'Citizens per Pass',
		name: 'maxCitizens',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: 200 },
		description: 'Paling banyak warga yang diproses dalam satu putaran (yang paling lama menunggu lebih dulu); sisanya pada putaran berikutnya',
		...show(R, O),
	},
];

/**
 * One item per reply, in order, shaped like Handle Message's. The attachments
 * of the reports this pass created ride on the first item: Record Sent copies
 * the attachments named on any of its items, each once.
 */
export function redriveItems(answer: RedriveAnswer): INodeExecutionData[] {
	return answer.replies.map((reply, n) => ({
		json: {
			waId: reply.to,
			to: reply.to,
			// The citizen's channel (core channelOfAddress): the flow sends on it.
			channel: channelOfAddress(reply.to),
			redrive: true,
			media: n === 0 ? (answer.media as unknown as IDataObject[]) : [],
			reply: reply.message,
			replyRowId: reply.id,
			replyIndex: n,
			replyType: reply.type,
			// From the number the citizen wrote to (null: the credential's).
			phoneNumberId: reply.from ?? null,
		},
	}));
}

export async function executeAll(this: IExecuteFunctions, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const limits = conversationLimits(this, 0);
	const maxCitizens = Math.max(1, Math.min(200, Math.round(Number(this.getNodeParameter('maxCitizens', 0, 50)) || 50)));
	const holder = `n8n:${typeof this.getExecutionId === 'function' ? this.getExecutionId() : 'manual'}`;
	const answer = await directus.requestPatiently<RedriveAnswer>('POST', '/kanal-aduan/intake/redrive', { holder, limits, maxCitizens }, 20_000);
	return redriveItems(answer);
}

export async function execute(): Promise<INodeExecutionData[]> {
	throw new Error('intake.redrive runs once per execution (executeAll).');
}

export default { resource, operation, option, description, execute, executeAll } satisfies Operation;
