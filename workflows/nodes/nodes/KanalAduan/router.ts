import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';
import { DirectusClient, DirectusError, type DirectusRequest } from './directus-client.ts';
import citizenUpsert from './operations/citizen-upsert.ts';
import type { Operation } from './operations/common.ts';
import complaintCreateFromMessage from './operations/complaint-create-from-message.ts';
import messageLog from './operations/message-log.ts';
import templateRender from './operations/template-render.ts';
import intakeHandle from './operations/intake-handle.ts';
import intakeSent from './operations/intake-sent.ts';
import intakeRedrive from './operations/intake-redrive.ts';
import { HANDLING_OPERATIONS } from './operations/handling.ts';
import { SLA_OPERATIONS } from './operations/sla.ts';
import triageTrain from './operations/triage-train.ts';
import appointmentRemind from './operations/appointment-remind.ts';
import { alreadyRead } from '../../shared/credential-reads.ts';

// Adding an operation (intake.handle, complaint.route, …) is one file plus one line here.
export const operations: Operation[] = [messageLog, intakeHandle, intakeSent, intakeRedrive, citizenUpsert, complaintCreateFromMessage, templateRender, ...HANDLING_OPERATIONS, ...SLA_OPERATIONS, triageTrain, appointmentRemind];

const RESOURCES: Record<string, string> = {
	intake: 'WhatsApp Intake',
	message: 'WhatsApp Message',
	citizen: 'Citizen',
	complaint: 'Complaint',
	template: 'Message Template',
	notice: 'Notice',
	sla: 'SLA Deadline',
	triage: 'Routing Model',
	appointment: 'Meeting (Temu Bupati)',
};

/** resource + per-resource operation dropdowns + every operation's fields, derived from `operations`. */
export function properties(): INodeProperties[] {
	const resources = [...new Set(operations.map((o) => o.resource))];
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			default: resources[0] ?? 'message',
			options: resources.map((r) => ({ name: RESOURCES[r] ?? r, value: r })),
		},
		...resources.map(
			(r): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [r] } },
				default: operations.find((o) => o.resource === r)!.operation,
				options: operations.filter((o) => o.resource === r).map((o) => o.option),
			}),
		),
		...operations.flatMap((o) => o.description),
	];
}

/**
 * Headers of every request to Directus. `Cache-Control: no-store`: n8n acts on what
 * just changed, so its reads skip Directus's response cache (honoured with
 * CACHE_SKIP_ALLOWED): a read racing a save can leave the old row there for CACHE_TTL.
 */
function directusHeaders(req: Pick<DirectusRequest, 'raw'>): Record<string, string> {
	return { 'cache-control': 'no-store', ...(req.raw ? { 'content-type': req.raw.contentType } : {}) };
}

export async function directusFor(fns: IExecuteFunctions): Promise<DirectusClient> {
	const c = await fns.getCredentials(KANAL_ADUAN_CREDENTIAL);
	return new DirectusClient(
		String(c.directusUrl || 'http://127.0.0.1:8055'),
		async (req: DirectusRequest) =>
			(await fns.helpers.httpRequestWithAuthentication.call(fns, KANAL_ADUAN_CREDENTIAL, {
				method: req.method,
				url: req.url,
				...(req.body ? { body: req.body } : {}),
				...(req.raw ? { body: req.raw.body } : {}),
				headers: directusHeaders(req),
				...(req.encoding ? { encoding: req.encoding, json: false } : { json: true }),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			}, alreadyRead(fns, KANAL_ADUAN_CREDENTIAL, c))) as HttpResponse,
	);
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const directus = await directusFor(this);
	const out: INodeExecutionData[] = [];
	const first = items.length > 0 ? operations.find((o) => o.resource === String(this.getNodeParameter('resource', 0)) && o.operation === String(this.getNodeParameter('operation', 0))) : undefined;
	if (first?.executeAll) {
		try {
			return [await first.executeAll.call(this, directus)];
		} catch (error) {
			if (this.continueOnFail()) return [[{ json: { error: describeError(error), code: error instanceof DirectusError ? (error.code ?? null) : null }, pairedItem: items.map((_, i) => ({ item: i })) }]];
			throw new NodeOperationError(this.getNode(), describeError(error), { description: error instanceof DirectusError ? error.detail : undefined });
		}
	}
	for (let i = 0; i < items.length; i++) {
		const resource = String(this.getNodeParameter('resource', i));
		const operation = String(this.getNodeParameter('operation', i));
		const op = operations.find((o) => o.resource === resource && o.operation === operation);
		try {
			if (!op) throw new Error(`Operasi "${resource}.${operation}" tidak dikenal.`);
			const result = await op.execute.call(this, i, directus);
			out.push(...(Array.isArray(result) ? result : [result]));
		} catch (error) {
			const message = describeError(error);
			if (this.continueOnFail()) {
				out.push({
					json: { ...items[i]!.json, error: message, code: error instanceof DirectusError ? (error.code ?? null) : null },
					pairedItem: { item: i },
				});
				continue;
			}
			throw new NodeOperationError(this.getNode(), message, {
				itemIndex: i,
				description: error instanceof DirectusError ? error.detail : undefined,
			});
		}
	}
	return [out];
}
