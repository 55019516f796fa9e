import { INFO_ANSWER_PATCH, infoAnswer } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { asLocale, renderKey } from './handling-common.ts';

const R = 'complaint';
const O = 'infoAnswer';

export const option = {
	name: 'Attach Citizen Answer',
	value: O,
	action: "Attach the citizen's answer to a report waiting for information",
	description: 'Bila laporan pengirim berstatus Menunggu Keterangan, pesan teksnya dilampirkan ke laporan dan laporan kembali ke verifikator; hasil di $json.infoAnswer',
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
];

/**
 * For the intake flow, before the conversation step (like complaint.satisfaction):
 * the answer to a verifikator's question becomes a `citizen_message` update on the
 * sender's report in needs_info, and the report moves back to received.
 * `handled: false` lets the conversation go on.
 */
export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const waId = str(this.getNodeParameter('waId', i));
	const text = infoAnswer({ text: str(this.getNodeParameter('text', i, '')), replyId: str(this.getNodeParameter('replyId', i, '')) });
	if (!text) return passThrough.call(this, i, { infoAnswer: { handled: false, reason: 'not_an_answer' } });
	const [complaint] = await directus.list<{ id: number; ticket: string; reporter: { locale: string | null } | null }>(
		'complaints',
		{ reporter: { wa_id: { _eq: waId } }, status: { _eq: 'needs_info' } },
		['id', 'ticket', 'reporter.locale'],
		1,
	);
	if (!complaint) return passThrough.call(this, i, { infoAnswer: { handled: false, reason: 'no_question_pending' } });
	await directus.create('complaint_updates', { complaint: complaint.id, kind: 'citizen_message', body: text, public: false }, ['id']);
	await directus.update('complaints', complaint.id, INFO_ANSWER_PATCH, ['id']);
	const rendered = await renderKey(directus, 'notify.info_received', asLocale(complaint.reporter?.locale), { ticket: complaint.ticket });
	return passThrough.call(this, i, { infoAnswer: { handled: true, ticket: complaint.ticket, reply: { to: waId, text: rendered.text } } });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
