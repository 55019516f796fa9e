import { MessageTemplate, pickTemplate, renderTemplate } from '@kanal-aduan/core';
import type { DirectusClient } from '../directus-client.ts';

// Shared reads of the handling operations (routing, notices, satisfaction).

/** The instance's time zone (settings singleton), for due dates in notices. */
export async function instanceTimezone(directus: DirectusClient): Promise<string> {
	const row = await directus.request<{ timezone?: string | null } | null>('GET', '/items/settings', { fields: 'timezone' });
	return row?.timezone || 'Asia/Jakarta';
}

/** One complaint by id with the given (possibly nested) fields; null when it does not exist. */
export async function readComplaint<T>(directus: DirectusClient, id: string | number, fields: string[]): Promise<T | null> {
	const rows = await directus.list<T>('complaints', { id: { _eq: id } }, fields, 1);
	return rows[0] ?? null;
}

/** Renders `key` in `locale` (falls back to `id`) from message_templates. */
export async function renderKey(
	directus: DirectusClient,
	key: string,
	locale: 'id' | 'en',
	vars: Record<string, unknown>,
): Promise<{ text: string; locale: 'id' | 'en'; waTemplateName: string | null; waTemplateLanguage: string | null }> {
	const rows = await directus.list<unknown>(
		'message_templates',
		{ key: { _eq: key }, locale: { _in: [locale, 'id'] } },
		['id', 'key', 'locale', 'body', 'wa_template_name', 'wa_template_language', 'description'],
		2,
	);
	const template = pickTemplate(rows.map((r) => MessageTemplate.parse(r)), key, locale);
	return {
		text: renderTemplate(template.body, vars),
		locale: template.locale,
		waTemplateName: template.wa_template_name ?? null,
		waTemplateLanguage: template.wa_template_language ?? template.locale,
	};
}

export const asLocale = (v: unknown): 'id' | 'en' => (v === 'en' ? 'en' : 'id');
