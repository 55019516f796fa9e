import { normalizePhone, waIdFromPhone } from '@kanal-aduan/core';

// Message bodies are built by core's builders (textMessage, buttonMessage, …),
// whose zod schemas enforce Meta's limits (<= 3 buttons, <= 10 rows) before
// anything is sent. This file only adapts n8n parameters to them.

export interface ReplyButton {
	id: string;
	title: string;
}
export interface ListRow {
	id: string;
	title: string;
	description?: string;
}

/**
 * Meta's `to` is the wa_id (digits, country code first). Officers and seeds
 * write numbers as 0812…, +62 812… or 62812…; all become 62812….
 */
export function toRecipient(input: string): string | null {
	const trimmed = input.trim();
	// A username user's business-scoped user id ("ID.1234…") is an address of its own, sent as `recipient`.
	if (/^[A-Z]{2}\.[A-Za-z0-9.]+$/.test(trimmed)) return trimmed;
	const digits = trimmed.replace(/[\s\-().]/g, '');
	const candidate = /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : digits;
	const e164 = normalizePhone(candidate, 'ID');
	return e164 ? waIdFromPhone(e164) : null;
}

/** n8n `json` parameters arrive as a string or as already-parsed data. */
export function parseJsonParameter(value: unknown, name: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value);
	} catch {
		throw new Error(`Parameter "${name}" bukan JSON yang valid.`);
	}
}
