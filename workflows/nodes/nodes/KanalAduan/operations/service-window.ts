import { windowForAddress, type DeliveryMode } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

// Meta's 24-hour window for people who rarely write to the bot (officers, heads,
// pimpinan): the time of their last inbound message comes from wa_messages, the
// rule itself from core (serviceWindowOpen / deliveryMode). Shared by the
// officer notices and, through the `notice.window` operation, by any flow's send
// step (e.g. the reminder digests).

const R = 'notice';
const O = 'window';

/** Last inbound message time per wa_id (absent: never wrote), one grouped query for all of them. */
export async function lastInboundAt(directus: DirectusClient, waIds: readonly string[]): Promise<Map<string, string>> {
	const ids = [...new Set(waIds.map((w) => w.replace(/^\+/, '')).filter(Boolean))];
	const out = new Map<string, string>();
	if (!ids.length) return out;
	const rows = await directus.request<Array<{ wa_id: string; max: { date_created: string | null } | null }>>('GET', '/items/wa_messages', {
		filter: { direction: { _eq: 'in' }, wa_id: { _in: ids } },
		aggregate: { max: ['date_created'] },
		groupBy: 'wa_id',
		limit: -1,
	});
	for (const r of rows ?? []) if (r.max?.date_created) out.set(String(r.wa_id), r.max.date_created);
	return out;
}

export type WindowDecision = { open: boolean; lastInboundAt: string | null; mode: DeliveryMode };

/** Text or approved template for each recipient, by core's rule. */
export async function windowFor(
	directus: DirectusClient,
	recipients: ReadonlyArray<{ to: string; templateName: string | null }>,
	now = new Date(),
): Promise<WindowDecision[]> {
	const last = await lastInboundAt(directus, recipients.map((r) => r.to));
	return recipients.map((r) => {
		const at = last.get(r.to.replace(/^\+/, '')) ?? null;
		return { ...windowForAddress(r.to, at, now, r.templateName), lastInboundAt: at };
	});
}

export const option = {
	name: 'Check 24-Hour Window',
	value: O,
	action: 'Check whether free text may be sent to a WhatsApp number',
	description: 'Apakah nomor ini menulis ke layanan dalam 24 jam terakhir (wa_messages)? Bila tidak, kirim template resmi; hasil di $json.window',
};

export const description: INodeProperties[] = [
	{ displayName: 'WhatsApp Number', name: 'waId', type: 'string', default: '={{ $json.to }}', required: true, description: 'wa_id atau nomor +62…', ...show(R, O) },
	{
		displayName: 'Approved Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		description: 'Template resmi untuk di luar 24 jam; kosong = tetap teks',
		...show(R, O),
	},
];

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const to = str(this.getNodeParameter('waId', i));
	const [decision] = await windowFor(directus, [{ to, templateName: str(this.getNodeParameter('templateName', i, '')) || null }]);
	return passThrough.call(this, i, { window: decision! });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
