// Temu Bupati's reminder the day before: the bundle picks the bookings that
// meet tomorrow (local day), claims each once and renders its text
// (POST /kanal-aduan/appointments/reminders); one output item per reminder,
// for the 24-hour window check and the send on the citizen's channel that follow,
// from the account the citizen last wrote to (`reminder.from`).
import { channelOfAddress, textMessage } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import type { DirectusClient } from '../directus-client.ts';
import { resolveNow } from '../sla/scan-context.ts';
import { passThrough, show, str, type Operation } from './common.ts';

const R = 'appointment';
const O = 'remind';

export const option = {
	name: 'Claim Meeting Reminders',
	value: O,
	action: 'Claim the Temu Bupati reminders due now',
	description: 'Ambil pengingat Temu Bupati untuk pertemuan besok (sekali per pendaftaran); satu item per warga, hasil di $json.reminder',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Now (Clock Override)',
		name: 'now',
		type: 'string',
		default: '',
		description: 'Kosongkan untuk jam sekarang. Diisi (ISO 8601) hanya untuk uji/pemutaran ulang, dengan tanda tangan di bawah.',
		...show(R, O),
	},
	{
		displayName: 'Now Signature',
		name: 'nowSignature',
		type: 'string',
		default: '',
		description: 'HMAC-SHA256 (hex) dari nilai Now dengan Events Secret kredensial',
		...show(R, O),
	},
];

/** One notice of the endpoint; `from`: the account it goes out from (the one the citizen last wrote to; '' for the default). */
export type MeetingReminder = { appointment: number; code: string | null; to: string; from: string; locale: string; key: string; text: string; wa_template_name: string | null };

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData[]> {
	const creds = await this.getCredentials(KANAL_ADUAN_CREDENTIAL);
	const now = resolveNow(str(this.getNodeParameter('now', i, '')), str(this.getNodeParameter('nowSignature', i, '')), creds.eventsSecret as string | undefined);
	const answer = await directus.request<{ reminders: MeetingReminder[] }>('POST', '/kanal-aduan/appointments/reminders', {}, { now: now.toISOString() });
	// `channel` (core's channelOfAddress): the flow sends each on the channel the citizen booked on; the
	// other channels' send nodes take the reminder as one prepared message.
	return answer.reminders.map((reminder) => {
		const channel = channelOfAddress(reminder.to);
		return passThrough.call(this, i, { reminder, channel, ...(channel !== 'whatsapp' ? { message: textMessage(reminder.to, reminder.text) as unknown as IDataObject } : {}) });
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
