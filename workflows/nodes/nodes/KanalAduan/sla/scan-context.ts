// Reads what the SLA scan needs from Directus and turns it into core's shapes.
// One query per stage and status over that status's partial due-date index
// (status = s AND due <= horizon), never a scan of every report; of those, only
// reports with a level fired past their reminder mark (core sla-scan/marks.ts),
// plus the reports of reminder rows waiting for a retry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
	DEADLINE_STATUSES,
	escalationPolicies,
	markGroups,
	makeCalendar,
	MessageTemplate,
	REMINDER_MARK_FIELD,
	ReminderRecord,
	ScanItem,
	sendWindow,
	SP4N_POLICY_CODE,
	STAGE_RULES,
	type Directory,
	type EscalationPolicies,
	type MarkGroup,
	type Person,
	type QuietHours,
	type ReminderStage,
	type RetryRule,
	type WorkCalendar,
} from '@kanal-aduan/core';
import { ROLE_IDS } from '../../../shared/roles.ts';
import type { DirectusClient } from '../directus-client.ts';

export const SCAN_FIELDS = [
	'id', 'ticket', 'status', 'assigned_agency', 'category', 'verify_due', 'respond_due', 'resolve_due', 'first_response_at', 'overdue', 'days_late',
	'overdue_stage', ...Object.values(REMINDER_MARK_FIELD),
];

/** The default policy: reports whose category has no (usable) policy of its own follow it (SP4N-LAPOR). */
export const FALLBACK_POLICY_CODE = SP4N_POLICY_CODE;

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
	/** Steps per category, falling back to the default policy's (core: escalationPolicies). */
	escalation: EscalationPolicies;
	/** When WhatsApp may go out (settings singleton, node overrides applied). */
	sendWindow: QuietHours;
	directory: Directory;
	templates: MessageTemplate[];
}

export interface ScanOverrides {
	/** Default policy code instead of SP4N (empty = SP4N). */
	policy?: string;
	send_from?: string;
	send_until?: string;
}

interface SettingsRow {
	timezone?: string | null;
	reminder_send_from?: string | null;
	reminder_send_until?: string | null;
	reminder_quiet_days_off?: boolean | null;
}

export async function loadScanContext(directus: DirectusClient, now: Date, overrides: ScanOverrides = {}): Promise<ScanContext> {
	const fallbackCode = overrides.policy?.trim() || FALLBACK_POLICY_CODE;
	const [settings, policies, categories, holidays, users, agencies, templates] = await Promise.all([
		directus.request<SettingsRow | null>('GET', '/items/settings', {
			fields: 'timezone,reminder_send_from,reminder_send_until,reminder_quiet_days_off',
		}),
		directus.request<{ code: string; escalation: unknown }[]>('GET', '/items/sla_policies', { fields: 'code,escalation', limit: -1 }),
		directus.request<{ code: string; sla_policy: string | null }[]>('GET', '/items/categories', {
			fields: 'code,sla_policy',
			filter: { sla_policy: { _nnull: true } },
			limit: -1,
		}),
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
	const byCode = new Map((policies ?? []).map((p) => [p.code, p.escalation]));
	if (!byCode.has(fallbackCode)) throw new Error(`Kebijakan SLA «${fallbackCode}» tidak ada di koleksi sla_policies.`);
	return {
		now,
		calendar: makeCalendar(settings?.timezone || 'Asia/Jakarta', holidays ?? []),
		escalation: categoryPolicies(byCode, fallbackCode, categories ?? []),
		sendWindow: sendWindow(settings, { send_from: overrides.send_from, send_until: overrides.send_until }),
		directory: buildDirectory(users ?? [], agencies ?? []),
		templates: (templates ?? []).map((t) => MessageTemplate.parse(t)),
	};
}

/** Each category's policy steps (categories.sla_policy -> sla_policies.escalation); the rest follow the fallback policy. */
export function categoryPolicies(
	byCode: ReadonlyMap<string, unknown>,
	fallbackCode: string,
	categories: readonly { code: string; sla_policy: string | null }[],
): EscalationPolicies {
	const byCategory: Record<string, unknown> = {};
	for (const c of categories) if (c.sla_policy && byCode.has(c.sla_policy)) byCategory[c.code] = byCode.get(c.sla_policy);
	return escalationPolicies(byCode.get(fallbackCode), byCategory);
}

/**
 * The Directus filters of one stage's queries: one per status the stage is open
 * in (core's STAGE_RULES), each that status and a due date up to the horizon.
 * One query per status, not `status IN (...)`: each is then answered from the
 * partial index the schema keeps for that status and due date (the bundle's
 * reminders/scan-indexes.ts, derived from the same rule), on Postgres and on
 * SQLite, which proves such an index usable only from `status = ?`.
 */
export function stageFilters(stage: ReminderStage, horizon: Date): object[] {
	const rule = STAGE_RULES[stage];
	return rule.statuses.map((status) => ({
		_and: [
			{ status: { _eq: status } },
			{ [rule.due]: { _lte: horizon.toISOString() } },
			...(rule.endedBy ? [{ [rule.endedBy]: { _null: true } }] : []),
		],
	}));
}

/**
 * The scan's filters of one stage: per status (its partial index, as in
 * `stageFilters`), the reports where a level of their policy has fired past
 * their reminder mark. The due-date range up to the latest cutoff keeps the
 * query on the stage index; the marks then leave out every report already told
 * all it can be told.
 */
export function markFilters(stage: ReminderStage, groups: readonly MarkGroup[]): object[] {
	if (!groups.length) return [];
	const rule = STAGE_RULES[stage];
	const mark = REMINDER_MARK_FIELD[stage];
	const latest = new Date(Math.max(...groups.flatMap((g) => g.levels.map((l) => l.cutoff.getTime()))));
	const byGroup = groups.map((g) => {
		const levels = { _or: g.levels.map((l) => ({ _and: [{ [rule.due]: { _lte: l.cutoff.toISOString() } }, { _or: [{ [mark]: { _null: true } }, { [mark]: { _lt: l.after_days } }] }] })) };
		if (g.categories) return { _and: [{ category: { _in: g.categories } }, levels] };
		return g.except.length ? { _and: [{ _or: [{ category: { _null: true } }, { category: { _nin: g.except } }] }, levels] } : levels;
	});
	return stageFilters(stage, latest).map((f) => ({ _and: [...(f as { _and: object[] })._and, byGroup.length === 1 ? byGroup[0] : { _or: byGroup }] }));
}

/**
 * Reminder rows a scan may claim again (core `reclaimable` decides exactly):
 * claimed or failed, under the attempt limit, last claimed before the retry
 * delay, on a report still in a status some deadline runs in. The status index
 * on reminders keeps this to the few rows not yet sent.
 */
export function retryFilter(now: Date, retry: RetryRule): object {
	const cutoff = new Date(now.getTime() - retry.stale_minutes * 60_000).toISOString();
	return {
		_and: [
			{ status: { _in: ['claimed', 'failed'] } },
			{ _or: [{ attempts: { _null: true } }, { attempts: { _lt: retry.max_attempts } }] },
			{ _or: [{ claimed_at: { _null: true } }, { claimed_at: { _lte: cutoff } }] },
			{ complaint: { status: { _in: [...DEADLINE_STATUSES] } } },
		],
	};
}

/** Reports that may have a level due now: the mark queries per stage and status, and the reports of retryable rows. */
export async function loadDueItems(directus: DirectusClient, ctx: ScanContext, retry: RetryRule): Promise<ScanItem[]> {
	const byId = new Map<number, ScanItem>();
	const read = async (filter: object) => {
		const rows = await directus.request<unknown[]>('GET', '/items/complaints', {
			filter,
			fields: SCAN_FIELDS.join(','),
			// No sort: core orders the digests, and sorting by the due date makes Postgres walk that
			// index across every closed report (bench/sla-scan).
			limit: -1,
		});
		for (const r of rows ?? []) {
			const item = ScanItem.parse(r);
			byId.set(item.id, item);
		}
	};
	for (const stage of ['verify', 'respond', 'resolve'] as const) {
		for (const filter of markFilters(stage, markGroups(ctx.escalation, stage, ctx.now, ctx.calendar))) await read(filter);
	}
	const waiting = await directus.request<{ complaint: number }[]>('GET', '/items/reminders', { filter: retryFilter(ctx.now, retry), fields: 'complaint', limit: -1 });
	const more = [...new Set((waiting ?? []).map((r) => Number(r.complaint)))].filter((id) => !byId.has(id));
	for (let i = 0; i < more.length; i += 200) await read({ id: { _in: more.slice(i, i + 200) } });
	return [...byId.values()];
}

/** Reminders already recorded for these reports (done, in flight, or waiting for a retry). */
export async function loadReminderRecords(directus: DirectusClient, complaintIds: readonly number[]): Promise<ReminderRecord[]> {
	const out: ReminderRecord[] = [];
	for (let i = 0; i < complaintIds.length; i += 200) {
		const chunk = complaintIds.slice(i, i + 200);
		const rows = await directus.request<unknown[]>('GET', '/items/reminders', {
			filter: { complaint: { _in: chunk } },
			fields: 'key,status,attempts,claimed_at,date_created',
			limit: -1,
		});
		for (const r of rows ?? []) out.push(ReminderRecord.parse(r));
	}
	return out;
}
