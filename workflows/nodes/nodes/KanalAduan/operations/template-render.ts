import { isDomainError, MessageTemplate, pickTemplate, renderTemplate } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, str, type Operation } from './common.ts';
import { parseJsonParameter } from '../../WhatsAppCloud/outbound.ts';

const R = 'template';
const O = 'render';

export const resource = R;
export const operation = O;
export const option = {
	name: 'Render',
	value: O,
	action: 'Render a message template',
	description: 'Ambil teks dari message_templates (kunci + bahasa) dan isi variabelnya',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Template Key',
		name: 'key',
		type: 'string',
		default: 'intake.received',
		required: true,
		description: 'Kunci di koleksi message_templates, mis. intake.received',
		...show(R, O),
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'options',
		default: 'id',
		options: [
			{ name: 'Bahasa Indonesia', value: 'id' },
			{ name: 'English', value: 'en' },
		],
		...show(R, O),
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '={{ { name: $json.citizen?.display_name || "Bapak/Ibu", ticket: $json.complaint?.ticket } }}',
		description: 'Objek JSON untuk {{variabel}} di teks',
		...show(R, O),
	},
];

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const key = str(this.getNodeParameter('key', i));
	const locale = str(this.getNodeParameter('locale', i, 'id')) === 'en' ? 'en' : 'id';
	const vars = parseJsonParameter(this.getNodeParameter('variables', i, '{}'), 'variables') ?? {};
	if (typeof vars !== 'object' || Array.isArray(vars)) throw new Error('Variables harus objek JSON.');

	const rows = await directus.list<unknown>(
		'message_templates',
		{ key: { _eq: key }, locale: { _in: [locale, 'id'] } },
		['id', 'key', 'locale', 'body', 'wa_template_name', 'wa_template_language', 'description'],
		2,
	);
	const templates = rows.map((r) => MessageTemplate.parse(r));
	let template;
	try {
		template = pickTemplate(templates, key, locale);
	} catch (error) {
		if (isDomainError(error, 'TEMPLATE.MISSING')) {
			throw new Error(`Teks "${key}" belum ada di message_templates — tambahkan lewat Directus (koleksi message_templates).`);
		}
		throw error;
	}
	return passThrough.call(this, i, {
		rendered: {
			key,
			locale: template.locale,
			text: renderTemplate(template.body, vars as Record<string, unknown>),
			waTemplateName: template.wa_template_name,
			waTemplateLanguage: template.wa_template_language,
		},
	});
}

export default { resource, operation, option, description, execute } satisfies Operation;
