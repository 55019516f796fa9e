import { channelOfAddress, lastInboundByAccount, lastInboundTo, windowForAddress, type DeliveryMode, type InboundRow } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

// Meta's 24-hour window for people who rarely write to the bot (officers, heads,
// pimpinan): the time of their last inbound message comes from wa_messages, the
// rule itself from core (serviceWindowOpen / deliveryMode). Shared by the
// officer and citizen notices (a citizen's judged by the number the notice goes
// out from: windowFor) and, through the `notice.window` operation, by any flow's
// send step (the reminder digests, Temu Bupati's notices).

const R = 'notice';
const O = 'window';

/** Last inbound message time per wa_id (absent: never wrote), to any of our accounts, one grouped query for all of them. */
export async function lastInboundAt(directus: DirectusClient, waIds: readonly string[]): Promise<Map<string, string>> {
	const ids = unique(waIds);
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

/**
 * How far back the per-account read looks: it serves WhatsApp's 24-hour window, so an older message
 * decides nothing (the approved template either way); a week keeps `lastInboundAt` telling for a reader.
 */
const PER_ACCOUNT_LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * Each wa_id's latest inbound message per account it wrote to (core lastInboundByAccount: wa_id ->
 * account -> time), over the last week: one query for all of them. The account is inside the stored
 * payload, which Directus cannot group by, so the rows themselves are read.
 */
export async function lastInboundPerAccount(directus: DirectusClient, waIds: readonly string[], now = new Date()): Promise<Map<string, Map<string, string>>> {
	const ids = unique(waIds);
	if (!ids.length) return new Map();
	const rows = await directus.request<InboundRow[]>('GET', '/items/wa_messages', {
		filter: { direction: { _eq: 'in' }, wa_id: { _in: ids }, date_created: { _gte: new Date(now.getTime() - PER_ACCOUNT_LOOKBACK_MS).toISOString() } },
		fields: 'wa_id,payload,date_created',
		sort: '-date_created',
		limit: -1,
	});
	return lastInboundByAccount(rows ?? []);
}

export type WindowDecision = { open: boolean; lastInboundAt: string | null; mode: DeliveryMode };

/**
 * One recipient of a notice. `from`: the account it goes out from (the send nodes' «Send From»; ''
 * for the default account, which holds messages stored without one); absent when the send step
 * does not say (officers' notices, digests): then the person's last message to any account.
 */
export type WindowRecipient = { to: string; templateName: string | null; from?: string };

/**
 * Text or approved template for each recipient, by core's rule. Meta counts WhatsApp's 24-hour
 * window per business number, and a wa_id may write to several of ours (a desk's own number and
 * the main one), so a WhatsApp recipient with a `from` is judged by their last message to that
 * number. Messenger and Instagram ids are scoped to one Page / account, and Telegram has no
 * window, so for them the last message to any account is the one that counts. At most one query
 * of each kind per batch.
 * https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows
 */
export async function windowFor(directus: DirectusClient, recipients: readonly WindowRecipient[], now = new Date()): Promise<WindowDecision[]> {
	const perAccount = (r: WindowRecipient) => r.from !== undefined && channelOfAddress(r.to) === 'whatsapp';
	const fromDefault = recipients.some((r) => perAccount(r) && r.from === '');
	const [anyAccount, byAccount, deskNumbers] = await Promise.all([
		lastInboundAt(directus, recipients.filter((r) => !perAccount(r)).map((r) => r.to)),
		lastInboundPerAccount(directus, recipients.filter(perAccount).map((r) => r.to), now),
		fromDefault ? deskOwnNumbers(directus) : Promise.resolve(new Set<string>()),
	]);
	return recipients.map((r) => {
		const to = bare(r.to);
		const at = perAccount(r) ? lastInboundTo(byAccount.get(to), r.from!, deskNumbers) : (anyAccount.get(to) ?? null);
		return { ...windowForAddress(r.to, at, now, r.templateName), lastInboundAt: at };
	});
}

/**
 * The WhatsApp numbers the desks other than the default one own. The default account ('': the send
 * node's credential number) is the main number, which the WhatsApp trigger stamps with its own id:
 * a message counts for it unless it was written to one of these.
 */
async function deskOwnNumbers(directus: DirectusClient): Promise<Set<string>> {
	const desks = await directus.list<{ wa_phone_number_id: string | null }>('desks', { is_default: { _neq: true }, wa_phone_number_id: { _nnull: true } }, ['wa_phone_number_id'], -1);
	return new Set(desks.map((d) => String(d.wa_phone_number_id)));
}

const bare = (waId: string) => waId.replace(/^\+/, '');
const unique = (waIds: readonly string[]) => [...new Set(waIds.map(bare).filter(Boolean))];

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
	{
		displayName: 'Send From',
		name: 'sendFrom',
		type: 'string',
		default: '',
		description:
			'Nomor WhatsApp (phone_number_id) yang akan mengirim pesan, mis. nomor meja: jendela 24 jam tiap nomor terpisah, jadi yang dihitung pesan terakhir warga ke nomor itu. Kosongkan untuk pesan terakhir warga ke nomor mana pun (nomor yang terakhir dihubunginya).',
		...show(R, O),
	},
];

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const to = str(this.getNodeParameter('waId', i));
	const from = str(this.getNodeParameter('sendFrom', i, ''));
	const [decision] = await windowFor(directus, [{ to, templateName: str(this.getNodeParameter('templateName', i, '')) || null, ...(from ? { from } : {}) }]);
	return passThrough.call(this, i, { window: decision! });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
