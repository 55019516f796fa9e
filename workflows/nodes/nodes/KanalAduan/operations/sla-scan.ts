import { claimBatches, DIGEST_TEMPLATE, digestParts, keepClaimed, planReminders, RetryRule, settledKeys, type ClaimBatch, type Reminder } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import type { DirectusClient } from '../directus-client.ts';
import { loadDueItems, loadReminderRecords, loadScanContext, resolveNow } from '../sla/scan-context.ts';
import { windowFor } from './service-window.ts';
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

// Who is told when comes from Directus (sla_policies per category, sending
// window in Settings). These parameters only override it, and are empty by default.
export const description: INodeProperties[] = [
	{
		displayName: 'Default SLA Policy (Override)',
		name: 'policy',
		type: 'string',
		default: '',
		placeholder: 'SP4N',
		description: 'Kosongkan: laporan memakai kebijakan SLA kategorinya, atau SP4N bila kategori tidak punya. Diisi kode lain hanya untuk mengganti kebijakan bawaan itu.',
		...show(R, O),
	},
	{
		displayName: 'Send From (Override)',
		name: 'sendFrom',
		type: 'string',
		default: '',
		placeholder: '07:00',
		description: 'Kosongkan untuk memakai Pengaturan di Directus (Pengingat dikirim mulai pukul). JJ:MM waktu setempat.',
		...show(R, O),
	},
	{
		displayName: 'Send Until (Override)',
		name: 'sendUntil',
		type: 'string',
		default: '',
		placeholder: '18:00',
		description: 'Kosongkan untuk memakai Pengaturan di Directus (Pengingat dikirim sampai pukul). JJ:MM waktu setempat.',
		...show(R, O),
	},
	{
		displayName: 'Retry After (Minutes)',
		name: 'retryAfterMinutes',
		type: 'number',
		default: 15,
		description: 'Pengingat yang sudah diklaim tetapi belum terkirim (n8n berhenti, WhatsApp gagal) diklaim ulang sesudah sekian menit',
		...show(R, O),
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		default: 5,
		description: 'Sesudah sekian percobaan pengingat dibiarkan berstatus Gagal dikirim (terlihat di koleksi Reminders)',
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
		stage: r.stage,
		level: r.level,
		status,
		days_late: r.days_late,
		recipients: r.recipients.map((p) => ({ id: p.id, name: p.name, wa_phone: p.wa_phone })),
	};
}

/**
 * The bundle's claim (extensions/kanal-aduan/src/reminders/claim.ts): per report, its new rows and
 * its reminder marks in one transaction. Returns the claimed keys this run inserted (a key another
 * run holds is refused by the primary key and not returned).
 */
async function claim(directus: DirectusClient, now: Date, batches: readonly ClaimBatch[]): Promise<string[]> {
	const won: string[] = [];
	for (let i = 0; i < batches.length; i += 200) {
		const body = {
			now: now.toISOString(),
			batches: batches.slice(i, i + 200).map((b) => ({
				complaint: b.complaint,
				rows: [...b.claims.map((r) => claimRow(r, 'claimed')), ...b.superseded.map((r) => claimRow(r, 'superseded'))],
				marks: b.marks,
			})),
		};
		const res = await directus.request<{ won: string[] }>('POST', '/kanal-aduan/reminders/claim', {}, body);
		won.push(...(res?.won ?? []));
	}
	return won;
}

/** The compare-and-set of the bundle's endpoint (extensions/kanal-aduan/src/reminders/reclaim.ts). */
async function tryReclaim(directus: DirectusClient, now: Date, claims: { key: string; attempts: number }[]): Promise<string[]> {
	const res = await directus.request<{ won: string[] }>('POST', '/kanal-aduan/reminders/reclaim', {}, { now: now.toISOString(), claims });
	return res?.won ?? [];
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const creds = await this.getCredentials(KANAL_ADUAN_CREDENTIAL);
	const now = resolveNow(str(this.getNodeParameter('now', i, '')), str(this.getNodeParameter('nowSignature', i, '')), creds.eventsSecret as string | undefined);
	const ctx = await loadScanContext(directus, now, {
		policy: str(this.getNodeParameter('policy', i, '')),
		send_from: str(this.getNodeParameter('sendFrom', i, '')),
		send_until: str(this.getNodeParameter('sendUntil', i, '')),
	});
	const retry = RetryRule.parse({
		stale_minutes: Number(this.getNodeParameter('retryAfterMinutes', i, 15)),
		max_attempts: Number(this.getNodeParameter('maxAttempts', i, 5)),
	});
	const items = await loadDueItems(directus, ctx, retry);
	const records = await loadReminderRecords(directus, items.map((x) => x.id));
	const plan = planReminders({
		items,
		escalation: ctx.escalation,
		directory: ctx.directory,
		calendar: ctx.calendar,
		now,
		// Stale unsent claims are left out, so they are planned (and re-claimed) again.
		alreadySent: settledKeys(records, now, retry),
		sendWindow: ctx.sendWindow,
	});

	// Claim before sending: the run that inserts the row (or, for a retry, wins the
	// compare-and-set on its attempt count) sends; a concurrent run loses that
	// ticket from its digests. The reports' marks go with their rows.
	const { batches, retries, closeAsSuperseded } = claimBatches(plan, records, items, ctx.escalation);
	const won = new Set(await claim(directus, now, batches));
	if (retries.length) for (const k of await tryReclaim(directus, now, retries)) won.add(k);
	// A stale claim overtaken by a later level is closed as superseded, not retried.
	for (const key of closeAsSuperseded) await directus.request('PATCH', `/items/reminders/${encodeURIComponent(key)}`, {}, { status: 'superseded' });

	const adminUrl = str(this.getNodeParameter('adminUrl', i, '')) || `${directus.baseUrl}/admin/content/complaints`;
	const summary = {
		now: now.toISOString(),
		candidates: items.length,
		claimed: won.size,
		retried: retries.filter((r) => won.has(r.key)).length,
		lost: plan.send.length - won.size,
		superseded: plan.superseded.length,
		deferred: plan.deferred.length,
		deferred_until: plan.deferred[0]?.send_at ?? null,
		unreachable: plan.unreachable.map((r) => r.key),
	};
	// One item per WhatsApp message: a digest too long for one is cut into parts, each sent and recorded
	// on its own. Someone outside the 24-hour window gets the approved template instead of the text,
	// once for the whole digest (its count), so theirs is never cut.
	const digests = keepClaimed(plan.digests, won).map((whole) => {
		const key = DIGEST_TEMPLATE[whole.audience];
		const tpl = ctx.templates.find((t) => t.key === key && t.locale === whole.person.locale) ?? ctx.templates.find((t) => t.key === key);
		return { whole, key, templateName: tpl?.wa_template_name ?? null };
	});
	const windows = await windowFor(directus, digests.map((d) => ({ to: d.whole.person.wa_phone ?? '', templateName: d.templateName })));
	return digests.flatMap(({ whole, key, templateName }, n) => {
		const textOpts = { templates: ctx.templates, timezone: ctx.calendar.timezone, url: adminUrl };
		const parts = windows[n]!.mode === 'template' ? digestParts(whole, textOpts).slice(0, 1).map((p) => ({ ...p, digest: whole, parts: 1 })) : digestParts(whole, textOpts);
		return parts.map(({ digest: d, text, part, parts }) => ({
			json: {
				digest: {
					to: d.person.wa_phone,
					person: d.person,
					audience: d.audience,
					template_key: key,
					wa_template_name: templateName,
					text,
					part,
					parts,
					entries: d.entries,
				},
				scan: summary,
			},
			pairedItem: { item: i },
		}));
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
