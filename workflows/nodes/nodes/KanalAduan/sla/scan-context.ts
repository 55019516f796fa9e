// Reads what the SLA scan needs from Directus and turns it into core's shapes.
// One query per stage over the due-date index (status + due <= horizon), never
// a scan of every report.
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
	makeCalendar,
	MessageTemplate,
	scanHorizon,
	ScanItem,
	STAGE_RULES,
	type Directory,
	type Person,
	type ReminderStage,
	type WorkCalendar,
} from '@kanal-aduan/core';
import { ROLE_IDS } from '../../../shared/roles.ts';
import type { DirectusClient } from '../directus-client.ts';

export const SCAN_FIELDS = [
	'id', 'ticket', 'status', 'assigned_agency', 'category', 'verify_due', 'respond_due', 'resolve_due', 'first_response_at', 'overdue', 'days_late',
];

export interface UserRow {
	id: string;
	first_name: string | null;
	last_name: string | null;
	role: string | null;
	agency: string | null;
	wa_phone: string | null;
	language?: string | null;
}
export interface AgencyRow {
	code: string;
	name: string;
	short_name: string | null;
	head: string | null;
}

/** Verifikator, pimpinan and each agency's officers and head, from directus_users and agencies. */
export function buildDirectory(users: readonly UserRow[], agencies: readonly AgencyRow[]): Directory {
	const person = (u: UserRow): Person => ({
		id: u.id,
		name: [u.first_name, u.last_name].filter(Boolean).join(' ') || 'Petugas',
		wa_phone: u.wa_phone || null,
		locale: u.language?.startsWith('en') ? 'en' : 'id',
	});
	const byId = new Map(users.map((u) => [u.id, u]));
	const dir: Directory = {
		verifikator: users.filter((u) => u.role === ROLE_IDS.verifikator).map(person),
		pimpinan: users.filter((u) => u.role === ROLE_IDS.pimpinan).map(person),
		agencies: {},
	};
	for (const a of agencies) {
		const headRow =
			(a.head ? byId.get(a.head) : undefined) ??
			users.find((u) => u.agency === a.code && (u.role === ROLE_IDS.opd_head || u.role === ROLE_IDS.camat));
		dir.agencies[a.code] = {
			name: a.short_name || a.name,
			officers: users.filter((u) => u.agency === a.code && u.role === ROLE_IDS.opd_officer && u.id !== headRow?.id).map(person),
			head: headRow ? person(headRow) : null,
		};
	}
	return dir;
}

/**
 * A clock moved by hand (tests, replays) must be signed with the credential's
 * events secret: otherwise anyone who can reach the flow could make the scan
 * escalate to the Bupati "from the future".
 */
export function clockSignature(now: string, secret: string): string {
	return createHmac('sha256', secret).update(now).digest('hex');
}

export function resolveNow(nowParam: string, signature: string, secret: string | undefined, realNow = new Date()): Date {
	if (!nowParam) return realNow;
	const expected = secret ? Buffer.from(clockSignature(nowParam, secret)) : null;
	const given = Buffer.from(signature || '');
	if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
		throw new Error('Waktu pemindaian hanya boleh diubah dengan tanda tangan yang sah (HMAC-SHA256 dengan Events Secret kredensial).');
	}
	const d = new Date(nowParam);
	if (Number.isNaN(d.getTime())) throw new Error(`Waktu pemindaian «${nowParam}» bukan tanggal ISO 8601.`);
	return d;
}

export interface ScanContext {
	now: Date;
	calendar: WorkCalendar;
	escalation: unknown;
	directory: Directory;
	templates: MessageTemplate[];
}

export async function loadScanContext(directus: DirectusClient, now: Date, policyCode: string): Promise<ScanContext> {
	const [settings, policies, holidays, users, agencies, templates] = await Promise.all([
		directus.request<{ timezone?: string } | null>('GET', '/items/settings', { fields: 'timezone' }),
		directus.list<{ code: string; escalation: unknown }>('sla_policies', { code: { _eq: policyCode } }, ['code', 'escalation'], 1),
		directus.request<{ date: string }[]>('GET', '/items/holidays', { fields: 'date', limit: -1 }),
		directus.request<UserRow[]>('GET', '/users', {
			fields: 'id,first_name,last_name,role,agency,wa_phone',
			filter: { status: { _eq: 'active' } },
			limit: -1,
		}),
		directus.request<AgencyRow[]>('GET', '/items/agencies', { fields: 'code,name,short_name,head', filter: { active: { _eq: true } }, limit: -1 }),
		directus.request<unknown[]>('GET', '/items/message_templates', {
			fields: 'id,key,locale,body,wa_template_name,wa_template_language,description',
			filter: { key: { _starts_with: 'reminder.' } },
			limit: -1,
		}),
	]);
	if (!policies[0]) throw new Error(`Kebijakan SLA «${policyCode}» tidak ada di koleksi sla_policies.`);
	return {
		now,
		calendar: makeCalendar(settings?.timezone || 'Asia/Jakarta', holidays ?? []),
		escalation: policies[0].escalation,
		directory: buildDirectory(users ?? [], agencies ?? []),
		templates: (templates ?? []).map((t) => MessageTemplate.parse(t)),
	};
}

/** The Directus filter of one stage's query: the stage's statuses and a due date up to the horizon. */
export function stageFilter(stage: ReminderStage, horizon: Date): object {
	const rule = STAGE_RULES[stage];
	return {
		_and: [
			{ status: { _in: [...rule.statuses] } },
			{ [rule.due]: { _lte: horizon.toISOString() } },
			...(stage === 'respond' ? [{ first_response_at: { _null: true } }] : []),
		],
	};
}

/** Reports that may have a level due now, one query per stage of the policy. */
export async function loadDueItems(directus: DirectusClient, ctx: ScanContext): Promise<ScanItem[]> {
	const byId = new Map<number, ScanItem>();
	for (const stage of ['verify', 'respond', 'resolve'] as const) {
		const horizon = scanHorizon(ctx.escalation, stage, ctx.now, ctx.calendar);
		if (!horizon) continue;
		const rows = await directus.request<unknown[]>('GET', '/items/complaints', {
			filter: stageFilter(stage, horizon),
			fields: SCAN_FIELDS.join(','),
			// No sort: core orders the digests, and sorting by the due date makes Postgres walk that
			// index across every closed report (bench/sla-scan: 1.7 s instead of ~0.2 s at 1M rows).
			limit: -1,
		});
		for (const r of rows ?? []) {
			const item = ScanItem.parse(r);
			byId.set(item.id, item);
		}
	}
	return [...byId.values()];
}

/** Once-only keys already recorded for these reports. */
export async function loadSentKeys(directus: DirectusClient, complaintIds: readonly number[]): Promise<Set<string>> {
	const sent = new Set<string>();
	for (let i = 0; i < complaintIds.length; i += 200) {
		const chunk = complaintIds.slice(i, i + 200);
		const rows = await directus.request<{ key: string }[]>('GET', '/items/reminders', {
			filter: { complaint: { _in: chunk } },
			fields: 'key',
			limit: -1,
		});
		for (const r of rows ?? []) sent.add(r.key);
	}
	return sent;
}
