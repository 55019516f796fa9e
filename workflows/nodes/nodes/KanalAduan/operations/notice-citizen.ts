// Loads the report, asks core which notice the reporter gets (citizen-notice.ts),
// renders it and decides text or approved template by the 24-hour window.
import {
	citizenNotice,
	KanalEvent,
	satisfactionButtonText,
	satisfactionRows,
	templateParameters,
	withPhotosHeldNote,
	type CitizenNoticeView,
} from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, type Operation } from './common.ts';
import { instanceTimezone, readComplaint, renderKey } from './handling-common.ts';
import { windowFor } from './service-window.ts';

const R = 'notice';
const O = 'citizen';

export const option = {
	name: 'Prepare Citizen Notice',
	value: O,
	action: 'Prepare the WhatsApp notice for the reporter',
	description: 'Pilih teks (message_templates notify.*) untuk peristiwa laporan dan isi variabelnya; hasil di $json.notice',
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
];

/** How many photos the officer attached to the follow-up (complaint_media.update). */
async function countPhotos(directus: DirectusClient, updateId: string | number): Promise<number> {
	const rows = await directus.list<{ id: number }>('complaint_media', { update: { _eq: updateId }, kind: { _eq: 'image' } }, ['id'], 20);
	return rows.length;
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const raw = this.getNodeParameter('event', i);
	const event = KanalEvent.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
	const view = await readComplaint<CitizenNoticeView>(directus, event.complaint_id, [
		'ticket', 'status_reason', 'status_note', 'respond_due',
		'reporter.wa_id', 'reporter.locale', 'reporter.blocked', 'reporter.display_name',
		'assigned_agency.name', 'assigned_agency.short_name', 'duplicate_of.ticket',
	]);
	if (!view) return passThrough.call(this, i, { notice: { send: false, reason: 'not_found' } });
	if (event.update_id !== undefined) {
		const [update] = await directus.list<NonNullable<CitizenNoticeView['update']>>('complaint_updates', { id: { _eq: event.update_id } }, ['body', 'public', 'kind', 'agency.name'], 1);
		view.update = update ?? null;
	}
	const notice = citizenNotice(event, view, await instanceTimezone(directus));
	if (!notice.send) return passThrough.call(this, i, { notice });
	// Photos of a public follow-up (the notice.photos step sends them after the text, inside the window).
	const photoCount = notice.withPhotos ? await countPhotos(directus, event.update_id!) : 0;
	const rendered = await renderKey(directus, notice.key, notice.locale, notice.vars);
	// Same 24 h rule as for officers (core deliveryMode): a citizen who filed by WhatsApp days ago gets the approved template.
	const [window] = await windowFor(directus, [{ to: notice.to, templateName: rendered.waTemplateName }]);
	const out: IDataObject = {
		send: true,
		to: notice.to,
		key: notice.key,
		locale: rendered.locale,
		text: rendered.text,
		interactive: notice.interactive,
		rows: notice.interactive ? satisfactionRows(rendered.locale) : [],
		buttonText: notice.interactive ? satisfactionButtonText(rendered.locale) : '',
		// Outside the 24-hour window the send node sends this approved template instead (mode), or falls back to it on 131047.
		mode: window!.mode,
		lastInboundAt: window!.lastInboundAt,
		templateName: rendered.waTemplateName ?? '',
		templateLanguage: rendered.waTemplateLanguage ?? rendered.locale,
		// Outside the window no photo can follow, so the template says how many there are and why they do not come.
		templateParameters: templateParameters(
			notice.vars['ticket'] ?? null,
			withPhotosHeldNote(rendered.text, photoCount, rendered.locale),
		),
		photoCount,
	};
	return passThrough.call(this, i, { notice: out });
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
