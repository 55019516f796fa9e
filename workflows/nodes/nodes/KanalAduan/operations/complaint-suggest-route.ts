import { isDomainError, RoutingRule, suggestAgency, type Category } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { readComplaint } from './handling-common.ts';

const R = 'complaint';
const O = 'suggestRoute';

export const option = {
	name: 'Suggest Agency (Routing)',
	value: O,
	action: 'Suggest the agency for a verified report',
	description: 'Pilih instansi tujuan dari routing_rules (kategori + wilayah, prioritas, OPD bawaan kategori) dan simpan di suggested_agency',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Complaint ID',
		name: 'complaintId',
		type: 'string',
		default: '={{ $json.complaint_id }}',
		required: true,
		...show(R, O),
	},
];

type ComplaintRow = { id: number; ticket: string | null; category: string | null; region: string | null };

/**
 * On complaint.verified: suggest the agency with core's suggestAgency over the
 * routing_rules and categories in Directus, and store it as suggested_agency
 * (the verifikator's "Disposisikan" uses it when no agency is picked). With no
 * route the report is not dropped: suggested_agency stays empty and
 * status_note says why, so it shows in the verifikator's lists.
 */
export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const id = str(this.getNodeParameter('complaintId', i));
	const complaint = await readComplaint<ComplaintRow>(directus, id, ['id', 'ticket', 'category', 'region']);
	if (!complaint) throw new Error(`Laporan ${id} tidak ditemukan di Directus.`);
	const [rules, categories] = await Promise.all([
		directus.list<unknown>('routing_rules', { active: { _eq: true } }, ['id', 'category', 'region', 'agency', 'priority', 'note', 'active'], -1),
		directus.list<Category>('categories', {}, ['code', 'name', 'default_agency'], -1),
	]);
	try {
		const s = suggestAgency(
			{ category: complaint.category, region: complaint.region },
			rules.map((r) => RoutingRule.parse(r)),
			categories,
		);
		await directus.update('complaints', complaint.id, { suggested_agency: s.agency }, ['id']);
		return passThrough.call(this, i, { route: { agency: s.agency, reason: s.reason, rule: s.rule?.id ?? null, ticket: complaint.ticket } });
	} catch (error) {
		if (!isDomainError(error, 'COMPLAINT.NO_ROUTE')) throw error;
		await directus.update('complaints', complaint.id, { suggested_agency: null, status_note: error.message }, ['id']);
		return passThrough.call(this, i, { route: { agency: null, reason: 'no_route', rule: null, ticket: complaint.ticket, message: error.message } });
	}
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
