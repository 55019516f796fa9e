import { claimReminders, digestText, keepClaimed, planReminders, type Reminder } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { isNotUnique, type DirectusClient } from '../directus-client.ts';
import { loadDueItems, loadScanContext, loadSentKeys, resolveNow } from '../sla/scan-context.ts';
import { show, str, type Operation } from './common.ts';

const R = 'sla';
const O = 'scan';

export const clockProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Now (Clock Override)',
		name: 'now',
		type: 'string',
		default: '',
		description: 'Kosongkan untuk jam sekarang. Diisi (ISO 8601) hanya untuk uji/pemutaran ulang, dengan tanda tangan di bawah.',
		...show(R, operation),
	},
	{
		displayName: 'Now Signature',
		name: 'nowSignature',
		type: 'string',
		default: '',
		description: 'HMAC-SHA256 (hex) dari nilai Now dengan Events Secret kredensial',
		...show(R, operation),
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'SLA Policy',
		name: 'policy',
		type: 'string',
		default: 'SP4N',
		description: 'Kode di koleksi sla_policies yang tahapan eskalasinya dipakai',
		...show(R, O),
	},
	{
		displayName: 'Send From (Hour)',
		name: 'sendFrom',
		type: 'number',
		default: 7,
		description: 'Jam lokal paling awal WhatsApp boleh dikirim ke petugas pada hari kerja',
		...show(R, O),
	},
	{
		displayName: 'Send Until (Hour)',
		name: 'sendUntil',
		type: 'number',
		default: 18,
		description: 'Sesudah jam ini (dan pada hari libur) pengingat ditahan sampai pagi hari kerja berikutnya',
		...show(R, O),
	},
	{
		displayName: 'Admin App Link',
		name: 'adminUrl',
		type: 'string',
		default: '',
		description: 'Tautan di pesan ke daftar laporan di Directus; kosong = <Directus URL>/admin/content/complaints',
		...show(R, O),
	},
	...clockProperties(O),
];

export const option = {
	name: 'Scan Deadlines',
	value: O,
	action: 'Scan deadlines and claim reminders',
	description: 'Cari laporan yang mendekati/lewat batas, tandai pengingat sekali saja, dan keluarkan satu ringkasan per petugas',
};

function claimRow(r: Reminder, status: 'claimed' | 'superseded') {
	return {
		key: r.key,
		complaint: r.complaint,
		stage: r.stage,
		level: r.level,
		status,
		days_late: r.days_late,
		recipients: r.recipients.map((p) => ({ id: p.id, name: p.name, wa_phone: p.wa_phone })),
	};
}

/** Inserts the once-only row; false when another run already holds the key (the primary key refuses it). */
async function tryInsert(directus: DirectusClient, row: object): Promise<boolean> {
	try {
		await directus.request('POST', '/items/reminders', { fields: 'key' }, row);
		return true;
	} catch (error) {
		if (isNotUnique(error)) return false;
		throw error;
	}
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const creds = await this.getCredentials(KANAL_ADUAN_CREDENTIAL);
	const now = resolveNow(str(this.getNodeParameter('now', i, '')), str(this.getNodeParameter('nowSignature', i, '')), creds.eventsSecret as string | undefined);
	const ctx = await loadScanContext(directus, now, str(this.getNodeParameter('policy', i, 'SP4N')) || 'SP4N');
	const items = await loadDueItems(directus, ctx);
	const alreadySent = await loadSentKeys(directus, items.map((x) => x.id));
	const plan = planReminders({
		items,
		escalation: ctx.escalation,
		directory: ctx.directory,
		calendar: ctx.calendar,
		now,
		alreadySent,
		sendWindow: { send_from: Number(this.getNodeParameter('sendFrom', i, 7)), send_until: Number(this.getNodeParameter('sendUntil', i, 18)) },
	});

	// Claim before sending: the run that inserts the row sends; a concurrent run
	// gets RECORD_NOT_UNIQUE and drops that ticket from its digests.
	const won = await claimReminders(plan.send, (r) => tryInsert(directus, claimRow(r, 'claimed')));
	for (const r of plan.superseded) await tryInsert(directus, claimRow(r, 'superseded'));

	const adminUrl = str(this.getNodeParameter('adminUrl', i, '')) || `${directus.baseUrl}/admin/content/complaints`;
	const summary = {
		now: now.toISOString(),
		candidates: items.length,
		claimed: won.size,
		lost: plan.send.length - won.size,
		superseded: plan.superseded.length,
		deferred: plan.deferred.length,
		deferred_until: plan.deferred[0]?.send_at ?? null,
		unreachable: plan.unreachable.map((r) => r.key),
	};
	return keepClaimed(plan.digests, won).map((d) => {
		const { key, text } = digestText(d, { templates: ctx.templates, timezone: ctx.calendar.timezone, url: adminUrl });
		const tpl = ctx.templates.find((t) => t.key === key && t.locale === d.person.locale) ?? ctx.templates.find((t) => t.key === key);
		return {
			json: {
				digest: {
					to: d.person.wa_phone,
					person: d.person,
					audience: d.audience,
					template_key: key,
					wa_template_name: tpl?.wa_template_name ?? null,
					text,
					entries: d.entries,
				},
				scan: summary,
			},
			pairedItem: { item: i },
		};
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
