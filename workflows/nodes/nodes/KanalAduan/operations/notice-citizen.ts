// Loads the report, asks core which notice the reporter gets (citizen-notice.ts),
// and which the citizens who follow it get (their reports were joined into it:
// "Gabungkan"), renders each and decides text or approved template by each
// recipient's 24-hour window. One output item per recipient.
import {
	channelOfAddress,
	citizenNotice,
	listMessage,
	textMessage,
	followerNotices,
	inboundAccount,
	KanalEvent,
	satisfactionButtonText,
	satisfactionRows,
	templateParameters,
	withPhotosHeldNote,
	type CitizenNotice,
	type CitizenNoticeView,
	type Follower,
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
	description:
		'Pilih teks (message_templates notify.*) untuk peristiwa laporan dan isi variabelnya, untuk pelapor dan warga yang laporannya digabungkan ke laporan ini; satu item per penerima, hasil di $json.notice',
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

/** How many steps of joins to follow (the join rule keeps chains short; bad data must not loop). */
const MAX_JOIN_DEPTH = 5;

/** Citizens whose reports were joined into this one, at any depth (complaints rejected as duplicates, by duplicate_of). */
async function readFollowers(directus: DirectusClient, complaintId: number | string): Promise<Follower[]> {
	const followers: Follower[] = [];
	const seen = new Set([String(complaintId)]);
	let frontier: Array<number | string> = [complaintId];
	for (let depth = 0; depth < MAX_JOIN_DEPTH && frontier.length > 0; depth++) {
		const rows = await directus.list<{ id: number; ticket: string | null; reporter: Follower['reporter'] }>(
			'complaints',
			{ duplicate_of: { _in: frontier }, status: { _eq: 'rejected' }, status_reason: { _eq: 'duplicate' } },
			['id', 'ticket', 'reporter.wa_id', 'reporter.locale', 'reporter.blocked', 'reporter.display_name'],
			-1,
		);
		frontier = rows.map((r) => r.id).filter((id) => !seen.has(String(id)));
		for (const id of frontier) seen.add(String(id));
		followers.push(...rows.filter((r) => frontier.includes(r.id)).map((r) => ({ ticket: r.ticket, reporter: r.reporter })));
	}
	return followers;
}

/**
 * The account the reporter wrote this report to (an intake desk's own WhatsApp number, Telegram bot,
 * Facebook Page or Instagram account, stored with their messages by the intake), so the news goes
 * out from the account they know, inside that account's conversation; '' for the default account
 * (web form, call centre, older messages).
 */
export async function writtenTo(directus: DirectusClient, complaintId: number | string): Promise<string> {
	const [row] = await directus.list<StoredInbound>('wa_messages', { complaint: { _eq: complaintId }, direction: { _eq: 'in' } }, ['payload'], 1);
	return inboundAccount(row?.payload);
}

/**
 * The account a person last wrote to: a follower of a joined report hears from it (their own
 * conversation, e.g. a desk's Telegram bot, which is the only bot that may write to them); ''
 * for the default account.
 */
export async function lastWrittenTo(directus: DirectusClient, address: string): Promise<string> {
	const [row] = await directus.request<StoredInbound[]>('GET', '/items/wa_messages', {
		filter: { wa_id: { _eq: address }, direction: { _eq: 'in' } },
		fields: 'payload',
		sort: '-date_created',
		limit: 1,
	});
	return inboundAccount(row?.payload);
}

type StoredInbound = { payload: unknown };

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData | INodeExecutionData[]> {
	const raw = this.getNodeParameter('event', i);
	const event = KanalEvent.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
	const view = await readComplaint<CitizenNoticeView>(directus, event.complaint_id, [
		'ticket', 'status_reason', 'status_note', 'respond_due',
		'reporter.wa_id', 'reporter.locale', 'reporter.blocked', 'reporter.display_name',
		'assigned_agency.name', 'assigned_agency.short_name', 'duplicate_of.ticket',
		// A web form report's first notice carries its ticket and tracking code (core citizenNotice).
		'channel', ...(event.event === 'complaint.created' ? ['tracking_code'] : []),
	]);
	if (!view) return passThrough.call(this, i, { notice: { send: false, reason: 'not_found' } });
	if (event.update_id !== undefined) {
		const [update] = await directus.list<NonNullable<CitizenNoticeView['update']>>('complaint_updates', { id: { _eq: event.update_id } }, ['body', 'public', 'kind', 'agency.name', 'author.first_name', 'author.last_name', 'author.title'], 1);
		view.update = update ?? null;
	}
	const timezone = await instanceTimezone(directus);
	const notice = citizenNotice(event, view, timezone);
	const followers = followerNotices(event, view, await readFollowers(directus, event.complaint_id), timezone);
	const notices = [notice, ...followers].filter((n): n is Extract<CitizenNotice, { send: true }> => n.send);
	if (notices.length === 0) return passThrough.call(this, i, { notice });
	// Photos of a public follow-up (the notice.photos step sends them after the text, inside the window).
	const photoCount = notices.some((n) => n.withPhotos) ? await countPhotos(directus, event.update_id!) : 0;
	const rendered = await Promise.all(notices.map((n) => renderKey(directus, n.key, n.locale, n.vars)));
	// The reporter hears from the account they wrote this report to; followers, who wrote their own reports,
	// from the account they last wrote to.
	const from = await Promise.all(notices.map((n, k) => (k === 0 && notice.send ? writtenTo(directus, event.complaint_id) : lastWrittenTo(directus, n.to))));
	// Same 24 h rule as for officers (core deliveryMode), on the window of the number the notice goes out from:
	// a citizen who wrote to the main number today but filed this report at a desk's number days ago gets the template.
	const windows = await windowFor(directus, notices.map((n, k) => ({ to: n.to, templateName: rendered[k]!.waTemplateName, from: from[k]! })));
	return notices.map((n, k) => {
		const text = rendered[k]!;
		const photos = n.withPhotos ? photoCount : 0;
		const rows = n.interactive ? satisfactionRows(text.locale) : [];
		const buttonText = n.interactive ? satisfactionButtonText(text.locale) : '';
		const out: IDataObject = {
			send: true,
			to: n.to,
			// The citizen's channel (from the address): the flow sends a Telegram, Messenger or Instagram citizen's notice
			// through that channel's node, as one prepared message (their «Send Prepared Reply» takes that; WhatsApp's send
			// nodes take the fields below).
			channel: channelOfAddress(n.to),
			...(channelOfAddress(n.to) !== 'whatsapp'
				? { message: (n.interactive ? listMessage(n.to, text.text, buttonText, [{ rows }]) : textMessage(n.to, text.text)) as unknown as IDataObject }
				: {}),
			key: n.key,
			locale: text.locale,
			text: text.text,
			interactive: n.interactive,
			rows,
			buttonText,
			// Outside the 24-hour window the send node sends this approved template instead (mode), or falls back to it on 131047.
			mode: windows[k]!.mode,
			lastInboundAt: windows[k]!.lastInboundAt,
			templateName: text.waTemplateName ?? '',
			templateLanguage: text.waTemplateLanguage ?? text.locale,
			// Outside the window no photo can follow, so the template says how many there are and why they do not come.
			templateParameters: templateParameters(n.vars['ticket'] ?? null, withPhotosHeldNote(text.text, photos, text.locale)),
			photoCount: photos,
			// A citizen who follows this report (theirs was joined into it), not its reporter.
			follower: k > 0 || !notice.send,
			// The account to send from (the send nodes' «Send From»): the one the person wrote to.
			phoneNumberId: from[k]!,
		};
		return passThrough.call(this, i, { notice: out });
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
