// Reads what the SLA scan needs from Directus and turns it into core's shapes.
// Per stage and status, the reports with a level fired past their reminder mark
// (core sla-scan/marks.ts): those without a mark and those with one, each query
// over its own partial index (the bundle's reminders/scan-indexes.ts), never a
// scan of every report; plus the reports of reminder rows waiting for a retry.
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
 * The scan's filters of one stage: the reports where a level of their policy
 * has fired past their reminder mark, as two queries per status, each matching
 * one partial index of the bundle (reminders/scan-indexes.ts):
 * - unmarked (`mark IS NULL`, nothing recorded in the stage yet): due up to the
 *   cutoff of the group's first level (the latest; a category condition only
 *   when policies differ);
 * - marked (`mark IS NOT NULL`): one arm per group and level, `due <= cutoff AND
 *   mark < after_days`, each a range of the `(mark, due, id)` index, so the mark
 *   is compared in the index and only the returned reports are read from the table.
 * One query with both would leave Postgres to estimate `mark IS NULL` from the
 * whole table (nearly all NULL) and check every open report past its due date
 * on the row again (bench/sla-scan). `_null: false` is Directus's IS NOT NULL.
 */
export function markFilters(stage: ReminderStage, groups: readonly MarkGroup[]): object[] {
	if (!groups.length) return [];
	const rule = STAGE_RULES[stage];
	const mark = REMINDER_MARK_FIELD[stage];
	const iso = (d: Date) => d.toISOString();
	const latestOf = (levels: readonly { cutoff: Date }[]) => new Date(Math.max(...levels.map((l) => l.cutoff.getTime())));
	const latest = latestOf(groups.flatMap((g) => g.levels));
	const categoryOf = (g: MarkGroup): object[] => {
		if (g.categories) return [{ category: { _in: g.categories } }];
		return g.except.length ? [{ _or: [{ category: { _null: true } }, { category: { _nin: g.except } }] }] : [];
	};
	const anyCategory = groups.length === 1 && categoryOf(groups[0]!).length === 0;
	const unmarkedByGroup = groups.map((g) => ({ _and: [...categoryOf(g), { [rule.due]: { _lte: iso(latestOf(g.levels)) } }] }));
	const markedArms = groups.flatMap((g) =>
		g.levels.map((l) => ({ _and: [...categoryOf(g), { [mark]: { _lt: l.after_days } }, { [rule.due]: { _lte: iso(l.cutoff) } }] })),
	);
	return rule.statuses.flatMap((status) => {
		const head = [{ status: { _eq: status } }, ...(rule.endedBy ? [{ [rule.endedBy]: { _null: true } }] : [])];
		return [
			{ _and: [...head, { [mark]: { _null: true } }, { [rule.due]: { _lte: iso(latest) } }, ...(anyCategory ? [] : [{ _or: unmarkedByGroup }])] },
			{ _and: [...head, { [mark]: { _null: false } }, markedArms.length === 1 ? markedArms[0] : { _or: markedArms }] },
		];
	});
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

/** How many ids one read of whole reports names (`id _in`), as for the reminder rows. */
export const ID_CHUNK = 200;

/**
 * Reports that may have a level due now: the ids from the mark queries per stage
 * and status and from the retryable reminder rows, then those reports whole, by id.
 * The mark queries ask for `id` only: their index holds it (and the due date and
 * mark), so Postgres answers them from the index alone, whatever it estimates
 * (it cannot tell how many open reports are past their due date, only how many
 * of all 1M are); whole rows are read only for the few reports returned, by
 * primary key. No sort: core orders the digests, and sorting by the due date
 * makes Postgres walk that index across every closed report (bench/sla-scan).
 */
export async function loadDueItems(directus: DirectusClient, ctx: ScanContext, retry: RetryRule): Promise<ScanItem[]> {
	const ids = new Set<number>();
	for (const stage of ['verify', 'respond', 'resolve'] as const) {
		for (const filter of markFilters(stage, markGroups(ctx.escalation, stage, ctx.now, ctx.calendar))) {
			const rows = await directus.request<{ id: number | string }[]>('GET', '/items/complaints', { filter, fields: 'id', limit: -1 });
			for (const r of rows ?? []) ids.add(Number(r.id));
		}
	}
	const waiting = await directus.request<{ complaint: number }[]>('GET', '/items/reminders', { filter: retryFilter(ctx.now, retry), fields: 'complaint', limit: -1 });
	for (const r of waiting ?? []) ids.add(Number(r.complaint));
	const list = [...ids];
	const byId = new Map<number, ScanItem>();
	for (let i = 0; i < list.length; i += ID_CHUNK) {
		const rows = await directus.request<unknown[]>('GET', '/items/complaints', {
			filter: { id: { _in: list.slice(i, i + ID_CHUNK) } },
			fields: SCAN_FIELDS.join(','),
			limit: -1,
		});
		for (const r of rows ?? []) {
			const item = ScanItem.parse(r);
			byId.set(item.id, item);
		}
	}
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
