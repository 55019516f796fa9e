import { parseSatisfaction, satisfactionOutcome, type Status } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { asLocale, renderKey } from './handling-common.ts';

const R = 'complaint';
const O = 'satisfaction';

export const option = {
	name: 'Record Satisfaction',
	value: O,
	action: "Record the citizen's satisfaction answer",
	description: 'Jawaban warga atas pertanyaan kepuasan (sat:1..5 / sat:reopen atau ketikan): simpan nilai, tutup, atau buka kembali laporan; hasil di $json.satisfaction',
};

export const description: INodeProperties[] = [
	{ displayName: 'WhatsApp ID', name: 'waId', type: 'string', default: '={{ $json.message?.from }}', required: true, ...show(R, O) },
	{
		displayName: 'Reply ID',
		name: 'replyId',
		type: 'string',
		default: '={{ $json.message?.interactive?.list_reply?.id ?? $json.message?.interactive?.button_reply?.id ?? "" }}',
		description: 'Id baris/tombol yang dipilih warga (sat:5 … sat:1, sat:reopen)',
		...show(R, O),
	},
	{ displayName: 'Text', name: 'text', type: 'string', default: '={{ $json.message?.text?.body ?? "" }}', ...show(R, O) },
];

/**
 * For the intake flow (its conversation step routes `sat:*` ids here): finds
 * the sender's most recently resolved report (newest resolved_at, then id), applies core's
 * satisfactionOutcome as the n8n service account (the Directus hook checks the
 * move: resolved -> closed / in_progress) and renders the answer to send.
 * `handled: false` when the message is not a satisfaction answer or nothing
 * waits for one, so the flow can go on with the normal conversation.
 */
export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const waId = str(this.getNodeParameter('waId', i));
	const answer = parseSatisfaction({ replyId: str(this.getNodeParameter('replyId', i, '')), text: str(this.getNodeParameter('text', i, '')) });
	if (!answer) return passThrough.call(this, i, { satisfaction: { handled: false, reason: 'not_an_answer' } });
	// The question went out when the report was resolved: a citizen with several
	// resolved reports answers about the newest one (id breaks a tie in the same instant).
	const [complaint] =
		(await directus.request<Array<{ id: number; ticket: string; status: Status; reporter: { locale: string | null } | null }>>('GET', '/items/complaints', {
			filter: { reporter: { wa_id: { _eq: waId } }, status: { _eq: 'resolved' } },
			fields: 'id,ticket,status,reporter.locale',
			sort: '-resolved_at,-id',
			limit: 1,
		})) ?? [];
	const outcome = complaint ? satisfactionOutcome(answer, complaint.status) : null;
	if (!complaint || !outcome) return passThrough.call(this, i, { satisfaction: { handled: false, reason: 'nothing_to_rate' } });
	await directus.update('complaints', complaint.id, outcome.patch, ['id']);
	const locale = asLocale(complaint.reporter?.locale);
	const rendered = outcome.reply
		? await renderKey(directus, outcome.reply, locale, { ticket: complaint.ticket, rating: answer.kind === 'rating' ? answer.rating : '' })
		: null;
	return passThrough.call(this, i, {
		satisfaction: { handled: true, ticket: complaint.ticket, answer, patch: outcome.patch, reply: rendered ? { to: waId, text: rendered.text } : null },
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
