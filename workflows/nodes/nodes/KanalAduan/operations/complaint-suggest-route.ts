import { chooseRoute, isDomainError, routeExplanation, suggestAgency } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { readComplaint } from './handling-common.ts';
import { activeModel, routingReference } from './triage-common.ts';

const R = 'complaint';
const O = 'suggestRoute';

export const option = {
	name: 'Suggest Agency (Routing)',
	value: O,
	action: 'Suggest the agency for a verified report',
	description: 'Pilih instansi tujuan dari model disposisi (bila yakin) atau routing_rules (kategori + wilayah, prioritas, OPD bawaan kategori); simpan di suggested_agency dengan alasannya',
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

type ComplaintRow = { id: number; ticket: string | null; category: string | null; region: string | null; description: string | null };

/**
 * On complaint.verified: suggest the agency and store it as suggested_agency
 * (the verifikator's "Disposisikan" uses it when no agency is picked), with
 * the reason in route_reason. The newest active routing model (triage_models)
 * decides when it is sure enough; otherwise, and without a model, core's
 * suggestAgency over routing_rules and categories (core chooseRoute). With no
 * route the report is not dropped: suggested_agency stays empty and
 * status_note says why, so it shows in the verifikator's lists.
 */
export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const id = str(this.getNodeParameter('complaintId', i));
	const complaint = await readComplaint<ComplaintRow>(directus, id, ['id', 'ticket', 'category', 'region', 'description']);
	if (!complaint) throw new Error(`Laporan ${id} tidak ditemukan di Directus.`);
	const [{ rules, categories }, model] = await Promise.all([routingReference(directus), activeModel(directus)]);
	const route = chooseRoute(
		model?.models ?? null,
		{ text: complaint.description ?? '', category: complaint.category, region: complaint.region },
		rules,
		categories,
		model?.minConfidence,
	);
	const reason = routeExplanation(route, model ? `v${model.id}` : null);
	const summary = { agency: route.agency, source: route.source, model: model?.id ?? null, confidence: route.learned?.confidence ?? null, ticket: complaint.ticket, reason };
	if (route.agency) {
		await directus.update('complaints', complaint.id, { suggested_agency: route.agency, route_reason: reason }, ['id']);
		return passThrough.call(this, i, { route: summary });
	}
	// The rules' own words for a report without a route (which category, which region).
	let message = reason;
	try {
		suggestAgency({ category: complaint.category, region: complaint.region }, rules, categories);
	} catch (error) {
		if (!isDomainError(error, 'COMPLAINT.NO_ROUTE')) throw error;
		message = error.message;
	}
	await directus.update('complaints', complaint.id, { suggested_agency: null, status_note: message, route_reason: reason }, ['id']);
	return passThrough.call(this, i, { route: { ...summary, reason: 'no_route', message } });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
