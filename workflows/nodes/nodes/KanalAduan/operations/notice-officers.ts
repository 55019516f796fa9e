import { formatDay, KanalEvent, noticeTemplateParameters, officerNoticeKey, placeText } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, type Operation } from './common.ts';
import { instanceTimezone, readComplaint, renderKey } from './handling-common.ts';
import { windowFor } from './service-window.ts';

const R = 'notice';
const O = 'officers';

export const option = {
	name: 'Prepare Officer Notices',
	value: O,
	action: 'Prepare WhatsApp notices for the agency officers',
	description: 'Satu pesan per petugas instansi tujuan (directus_users.wa_phone): tiket, kategori, lokasi, batas tanggapan; teks atau template resmi (mode) menurut jendela 24 jam; hasil di $json.officers',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'json',
		default: '={{ $json }}',
		description: 'Peristiwa dari node "Kanal Aduan Events Trigger"',
		...show(R, O),
	},
	{
		displayName: 'Directus App URL',
		name: 'appUrl',
		type: 'string',
		default: '',
		description: 'Alamat Directus untuk tautan ke laporan dalam pesan (kosongkan bila tidak perlu)',
		...show(R, O),
	},
];

export type OfficerNoticeView = {
	id: number;
	ticket: string | null;
	address: string | null;
	respond_due: string | null;
	category: { name: string | null } | null;
	region: { name: string | null } | null;
	assigned_agency: { code: string; name: string | null; short_name: string | null } | null;
};
export type Officer = { id: string; first_name: string | null; last_name: string | null; wa_phone: string | null };

/** Pure: one message variable set per officer with a WhatsApp number. */
export function buildOfficerVars(view: OfficerNoticeView, officers: Officer[], timezone: string, appUrl: string) {
	const vars = {
		ticket: view.ticket ?? '',
		agency: view.assigned_agency?.short_name || view.assigned_agency?.name || '',
		category: view.category?.name ?? '-',
		place: placeText(view.address, view.region?.name),
		due: formatDay(view.respond_due, timezone, 'id') || '-',
		url: appUrl ? `${appUrl.replace(/\/+$/, '')}/admin/content/complaints/${view.id}` : '',
	};
	return officers
		.filter((o) => !!o.wa_phone)
		.map((o) => ({ to: o.wa_phone!.replace(/^\+/, ''), name: [o.first_name, o.last_name].filter(Boolean).join(' '), vars }));
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const raw = this.getNodeParameter('event', i);
	const event = KanalEvent.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
	const key = officerNoticeKey(event);
	const none = (reason: string) => passThrough.call(this, i, { officers: [], officerNotice: { sent: 0, reason } });
	if (!key) return none('not_for_officers');
	const view = await readComplaint<OfficerNoticeView>(directus, event.complaint_id, [
		'id', 'ticket', 'address', 'respond_due', 'category.name', 'region.name',
		'assigned_agency.code', 'assigned_agency.name', 'assigned_agency.short_name',
	]);
	if (!view?.assigned_agency) return none('no_agency');
	const officers = await directus.request<Officer[]>('GET', '/users', {
		filter: { agency: { _eq: view.assigned_agency.code }, status: { _eq: 'active' } },
		fields: 'id,first_name,last_name,wa_phone',
		limit: -1,
	});
	const targets = buildOfficerVars(view, officers ?? [], await instanceTimezone(directus), String(this.getNodeParameter('appUrl', i, '')));
	const messages = [];
	for (const t of targets) {
		const rendered = await renderKey(directus, key, 'id', t.vars);
		messages.push({
			to: t.to,
			name: t.name,
			text: rendered.text,
			key,
			// The approved template for officers who have not written in 24 h (the send node sends it when mode is 'template').
			templateName: rendered.waTemplateName ?? '',
			templateLanguage: rendered.waTemplateLanguage ?? rendered.locale,
			templateParameters: noticeTemplateParameters(key, t.vars, rendered.text),
		});
	}
	// Officers rarely write to the bot: Meta would refuse free text to most of them.
	const windows = await windowFor(directus, messages.map((m) => ({ to: m.to, templateName: m.templateName || null })));
	const officersOut = messages.map((m, n) => ({ ...m, mode: windows[n]!.mode, lastInboundAt: windows[n]!.lastInboundAt }));
	return passThrough.call(this, i, {
		officers: officersOut,
		officerNotice: { sent: officersOut.length, reason: officersOut.length ? null : 'no_officer_phone', agency: view.assigned_agency.code },
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
