import {
	editedPayload,
	messageTextOf,
	planIdentityChange,
	revokedPayload,
	reviseDescription,
	reviseLines,
	type IdentityOp,
	type InboundHandling,
} from '@kanal-aduan/core';
import type { DirectusClient } from '../directus-client.ts';

// The writes behind core's inboundHandling for the kinds that are not chat
// turns (edits, revokes, number changes). Decisions are core's; this file
// only reads the rows they need and writes what they say.

type Stored = { id: string; wa_id: string | null; payload: Record<string, unknown> | null };
type Conversation = { id: string; draft: { description?: unknown } | null };

export type KindResult = { applied: boolean; reports: number[] };

/** The sender's own stored message (a user can only edit or delete what they sent). */
async function ownMessage(directus: DirectusClient, wamid: string, sender: string): Promise<Stored | null> {
	const [row] = await directus.list<Stored>('wa_messages', { wamid: { _eq: wamid }, direction: { _eq: 'in' } }, ['id', 'wa_id', 'payload']);
	return row && row.wa_id === sender ? row : null;
}

async function reviseDraft(directus: DirectusClient, sender: string, before: string | null, next: string | null): Promise<void> {
	const [conv] = await directus.list<Conversation>('conversations', { wa_id: { _eq: sender } }, ['id', 'draft']);
	const lines = conv?.draft?.description;
	if (!conv || !Array.isArray(lines)) return;
	const revised = reviseLines(lines as string[], before, next);
	if (revised) await directus.update('conversations', conv.id, { draft: { ...conv.draft, description: revised } }, ['id']);
}

/**
 * Reports of this sender whose description holds the text word for word.
 * An edit reaches only reports still `received` (no verifikator has read them
 * yet, so the citizen's correction is the report); after that the verified text
 * stays and the edit shows in the message log. A revoke hides the text in every
 * report: the citizen withdrew it, which matters more than the record.
 */
async function reviseReports(directus: DirectusClient, sender: string, before: string | null, next: string | null): Promise<number[]> {
	if (!before?.trim()) return [];
	const filter: Record<string, unknown> = { reporter: { wa_id: { _eq: sender } }, description: { _contains: before.trim() } };
	if (next !== null) filter['status'] = { _eq: 'received' };
	const rows = await directus.list<{ id: number; description: string }>('complaints', filter, ['id', 'description'], 20);
	const changed: number[] = [];
	for (const row of rows) {
		const description = reviseDescription(row.description, before, next);
		if (description === null) continue;
		await directus.update('complaints', row.id, { description }, ['id']);
		changed.push(row.id);
	}
	return changed;
}

export async function applyEdit(
	directus: DirectusClient,
	h: Extract<InboundHandling, { kind: 'edit' }>,
	sender: string,
	edit: { wamid: string; at: string },
): Promise<KindResult> {
	const original = await ownMessage(directus, h.original, sender);
	if (!original?.payload) return { applied: false, reports: [] };
	const before = messageTextOf(original.payload);
	await directus.update('wa_messages', original.id, { payload: editedPayload(original.payload, h.text, edit) }, ['id']);
	if (h.text === null) return { applied: true, reports: [] };
	await reviseDraft(directus, sender, before, h.text);
	return { applied: true, reports: await reviseReports(directus, sender, before, h.text) };
}

export async function applyRevoke(
	directus: DirectusClient,
	h: Extract<InboundHandling, { kind: 'revoke' }>,
	sender: string,
	revoke: { wamid: string; at: string },
): Promise<KindResult> {
	const original = await ownMessage(directus, h.original, sender);
	if (!original?.payload) return { applied: false, reports: [] };
	const before = messageTextOf(original.payload);
	await directus.update('wa_messages', original.id, { payload: revokedPayload(original.payload, revoke) }, ['id']);
	await reviseDraft(directus, sender, before, null);
	return { applied: true, reports: await reviseReports(directus, sender, before, null) };
}

/** Moves a citizen (identity, reports, conversation) to the address Meta says they use now. */
export async function applyIdentityChange(
	directus: DirectusClient,
	h: Extract<InboundHandling, { kind: 'identity_change' }>,
): Promise<{ ops: IdentityOp['op'][] }> {
	const citizenAt = (waId: string) =>
		directus.list<{ id: string; phone: string | null }>('citizens', { wa_id: { _eq: waId } }, ['id', 'phone']).then((r) => r[0] ?? null);
	const conversationAt = (waId: string) => directus.list<{ id: string }>('conversations', { wa_id: { _eq: waId } }, ['id']).then((r) => r[0] ?? null);
	const [oldCitizen, newCitizen, oldConversation, newConversation] = await Promise.all([
		citizenAt(h.from),
		citizenAt(h.to),
		conversationAt(h.from),
		conversationAt(h.to),
	]);
	const ops = planIdentityChange(h.to, h.phone, { oldCitizen, newCitizen, oldConversation, newConversation });
	for (const op of ops) {
		if (op.op === 'update_citizen') await directus.update('citizens', op.id, op.patch, ['id']);
		if (op.op === 'update_conversation') await directus.update('conversations', op.id, op.patch, ['id']);
		if (op.op === 'move_reports') {
			const reports = await directus.list<{ id: number }>('complaints', { reporter: { _eq: op.from } }, ['id'], 1000);
			for (const r of reports) await directus.update('complaints', r.id, { reporter: op.to }, ['id']);
		}
	}
	return { ops: ops.map((o) => o.op) };
}
