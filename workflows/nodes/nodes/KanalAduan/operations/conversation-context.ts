import {
	Category,
	citizenDeadline,
	ConversationState,
	findTicket,
	messageText,
	MessageTemplate,
	Region,
	type InboundMessage,
	type OwnReport,
	type Status,
} from '@kanal-aduan/core';
import type { DirectusClient } from '../directus-client.ts';

// Everything conversationStep needs, read from Directus. Reference data
// (settings, categories, regions, templates) is cached per n8n execution, so a
// webhook carrying several messages reads it once; per-citizen data (the
// conversation row, the citizen, their own reports) is read fresh each time.

export interface ConversationRow extends ConversationState {
	id: string;
	wa_id: string;
}

export interface CitizenInfo {
	id: string;
	blocked: boolean;
	locale: 'id' | 'en' | null;
	display_name: string | null;
}

export interface ReferenceData {
	instance_name: string;
	timezone: string;
	ticket_prefix: string;
	regency_code: string;
	categories: Category[];
	regions: Region[];
	templates: MessageTemplate[];
}

const CONVERSATION_FIELDS = ['id', 'wa_id', 'state', 'draft', 'locale', 'last_inbound_at', 'flood'];

/** Only the last execution's reference data is kept: a long-running n8n must not grow. */
let cached: { key: string; data: Promise<ReferenceData> } | null = null;

export function referenceData(directus: DirectusClient, executionKey: string | null): Promise<ReferenceData> {
	if (executionKey && cached?.key === executionKey) return cached.data;
	const data = loadReferenceData(directus);
	if (executionKey) cached = { key: executionKey, data };
	data.catch(() => {
		if (cached?.data === data) cached = null;
	});
	return data;
}

async function loadReferenceData(directus: DirectusClient): Promise<ReferenceData> {
	const [settings, categories, templates] = await Promise.all([
		directus.request<Record<string, unknown> | null>('GET', '/items/settings', {
			fields: 'instance_name,regency_code,timezone,ticket_prefix',
		}),
		directus.request<unknown[]>('GET', '/items/categories', {
			filter: { active: { _eq: true } },
			fields: 'code,name,name_en,description,keywords,default_agency,sla_policy,active,sort',
			limit: -1,
		}),
		directus.request<unknown[]>('GET', '/items/message_templates', {
			fields: 'id,key,locale,body,wa_template_name,wa_template_language,description',
			limit: -1,
		}),
	]);
	const regency = String(settings?.regency_code ?? '');
	if (!regency) throw new Error('Pengaturan "regency_code" kosong di Directus (koleksi settings): bot tidak tahu wilayah kabupaten/kota ini.');
	// Kecamatan, kelurahan and desa of this regency: their codes start with "<regency>.".
	const regions = await directus.request<unknown[]>('GET', '/items/regions', {
		filter: { code: { _starts_with: `${regency}.` } },
		fields: 'code,name,level,parent',
		limit: -1,
	});
	return {
		instance_name: String(settings?.instance_name ?? 'Kanal Aduan'),
		timezone: String(settings?.timezone ?? 'Asia/Jakarta'),
		ticket_prefix: String(settings?.ticket_prefix ?? 'ADU'),
		regency_code: regency,
		categories: (categories ?? []).map((c) => Category.parse(c)),
		regions: (regions ?? []).map((r) => Region.parse(r)),
		templates: (templates ?? []).map((t) => MessageTemplate.parse(t)),
	};
}

export async function loadConversation(directus: DirectusClient, waId: string): Promise<ConversationRow | null> {
	const [row] = await directus.list<Record<string, unknown>>('conversations', { wa_id: { _eq: waId } }, CONVERSATION_FIELDS);
	if (!row) return null;
	return { id: String(row.id), wa_id: String(row.wa_id), ...ConversationState.parse({ state: 'idle', draft: null, locale: null, last_inbound_at: null, flood: null, ...row }) };
}

export async function loadCitizen(directus: DirectusClient, waId: string): Promise<CitizenInfo | null> {
	const [row] = await directus.list<CitizenInfo>('citizens', { wa_id: { _eq: waId } }, ['id', 'blocked', 'locale', 'display_name']);
	return row ? { ...row, blocked: row.blocked === true } : null;
}

/** Saves the step's new state: one row per wa_id (a unique field), created on the first message. */
export async function saveConversation(directus: DirectusClient, waId: string, existing: ConversationRow | null, state: ConversationState): Promise<void> {
	const data = { state: state.state, draft: state.draft, locale: state.locale, last_inbound_at: state.last_inbound_at, flood: state.flood };
	if (existing) {
		await directus.update('conversations', existing.id, data, ['id']);
		return;
	}
	await directus.create('conversations', { wa_id: waId, ...data }, ['id']);
}

// ——— the sender's own reports, for "cek" ———

interface ComplaintRow {
	ticket: string | null;
	status: Status;
	received_at: string | null;
	verify_due: string | null;
	respond_due: string | null;
	resolve_due: string | null;
	first_response_at?: string | null;
	category: { name: string | null; name_en: string | null } | null;
	assigned_agency: { name: string | null; short_name: string | null } | null;
	updates: Array<{ body: string | null }> | null;
}

const REPORT_FIELDS = [
	'ticket',
	'status',
	'received_at',
	'verify_due',
	'respond_due',
	'resolve_due',
	'first_response_at',
	'category.name',
	'category.name_en',
	'assigned_agency.name',
	'assigned_agency.short_name',
	'updates.body',
].join(',');

// Only the last public follow-up of each report (complaint_updates rows with public = true).
const LAST_PUBLIC_UPDATE = { updates: { _filter: { public: { _eq: true }, kind: { _eq: 'follow_up' } }, _sort: ['-date_created'], _limit: 1 } };

export function toOwnReport(r: ComplaintRow, locale: 'id' | 'en'): OwnReport | null {
	if (!r.ticket) return null;
	return {
		ticket: r.ticket,
		status: r.status,
		category: (locale === 'en' ? r.category?.name_en : null) ?? r.category?.name ?? null,
		agency: r.assigned_agency?.name ?? r.assigned_agency?.short_name ?? null,
		received_at: r.received_at,
		last_update: r.updates?.[0]?.body ?? null,
		// core's stage rule: the deadline of the first running stage, none while waiting for the citizen.
		due: citizenDeadline(r),
	};
}

/**
 * The sender's own reports, newest first, plus the one a "cek ADU-…" names if
 * it is older. Every query is filtered by the reporter's wa_id, so another
 * citizen's ticket can never be loaded here, let alone answered.
 */
export async function loadOwnReports(
	directus: DirectusClient,
	waId: string,
	message: InboundMessage,
	ticketPrefix: string,
	locale: 'id' | 'en',
): Promise<OwnReport[]> {
	const mine = { reporter: { wa_id: { _eq: waId } } };
	const recent = directus.request<ComplaintRow[]>('GET', '/items/complaints', {
		filter: mine,
		fields: REPORT_FIELDS,
		deep: LAST_PUBLIC_UPDATE,
		sort: '-id',
		limit: 20,
	});
	const said = messageText(message) ?? '';
	let named: string | null = null;
	try {
		named = findTicket(said, ticketPrefix);
	} catch {
		named = null;
	}
	const asked = named
		? directus.request<ComplaintRow[]>('GET', '/items/complaints', {
				filter: { _and: [mine, { ticket: { _eq: named } }] },
				fields: REPORT_FIELDS,
				deep: LAST_PUBLIC_UPDATE,
				limit: 1,
			})
		: Promise.resolve([]);
	const rows = [...((await recent) ?? []), ...((await asked) ?? [])];
	const seen = new Set<string>();
	const out: OwnReport[] = [];
	for (const row of rows) {
		const r = toOwnReport(row, locale);
		if (!r || seen.has(r.ticket)) continue;
		seen.add(r.ticket);
		out.push(r);
	}
	return out;
}
