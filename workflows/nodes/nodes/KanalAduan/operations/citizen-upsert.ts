import { citizenChanges, phoneForWaId } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { isNotUnique, type DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';

const R = 'citizen';
const O = 'upsert';

export const resource = R;
export const operation = O;
export const option = { name: 'Upsert', value: O, action: 'Create or update a citizen', description: 'Cari warga menurut wa_id; buat bila belum ada' };

export const description: INodeProperties[] = [
	{
		displayName: 'WA ID',
		name: 'waId',
		type: 'string',
		default: '={{ $json.contact?.wa_id ?? $json.message?.from }}',
		required: true,
		description: 'wa_id pengirim (angka, diawali kode negara)',
		...show(R, O),
	},
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '={{ $json.contact?.name ?? "" }}',
		description: 'Nama profil WhatsApp; dibiarkan bila kosong',
		...show(R, O),
	},
];

export interface CitizenRow {
	id: string;
	wa_id: string;
	phone: string | null;
	display_name: string | null;
	locale: 'id' | 'en' | null;
	blocked: boolean;
}
const FIELDS = ['id', 'wa_id', 'phone', 'display_name', 'locale', 'blocked'];

async function findByWaId(directus: DirectusClient, waId: string) {
	const [row] = await directus.list<CitizenRow>('citizens', { wa_id: { _eq: waId } }, FIELDS);
	return row;
}

/** Finds the citizen by wa_id or creates them (E.164 phone), updating a changed name or number. */
export async function upsertCitizen(
	directus: DirectusClient,
	waId: string,
	displayName: string,
): Promise<{ citizen: CitizenRow; action: 'created' | 'updated' | 'unchanged' }> {
	const phone = phoneForWaId(waId);
	const existing = await findByWaId(directus, waId);
	if (existing) {
		const changes = citizenChanges(existing, displayName, phone) as Partial<CitizenRow>;
		if (Object.keys(changes).length === 0) return { citizen: existing, action: 'unchanged' };
		const updated = await directus.update<CitizenRow>('citizens', existing.id, changes, FIELDS);
		return { citizen: updated ?? { ...existing, ...changes }, action: 'updated' };
	}
	try {
		const created = await directus.create<CitizenRow>(
			'citizens',
			{ wa_id: waId, phone, display_name: displayName || null, locale: 'id', blocked: false },
			FIELDS,
		);
		return { citizen: created, action: 'created' };
	} catch (error) {
		// Two messages from a new citizen at once: the other run created the row first.
		if (!isNotUnique(error)) throw error;
		const row = await findByWaId(directus, waId);
		if (!row) throw error;
		return { citizen: row, action: 'unchanged' };
	}
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const given = str(this.getNodeParameter('waId', i)).trim();
	// A business-scoped user id stays as Meta gave it; a phone number is reduced to its digits.
	const waId = /^[A-Z]{2}\./.test(given) ? given : given.replace(/\D/g, '');
	if (!waId) throw new Error('WA ID kosong: tidak tahu warga mana yang dicatat.');
	const displayName = str(this.getNodeParameter('displayName', i, ''));
	const { citizen, action } = await upsertCitizen(directus, waId, displayName);
	return passThrough.call(this, i, { citizen, citizenAction: action });
}

export default { resource, operation, option, description, execute } satisfies Operation;
