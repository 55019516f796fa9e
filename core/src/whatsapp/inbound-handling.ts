import { normalizePhone } from '../phone.ts';
import { InboundMessage, isKnownMessage, messageText, type EventContact } from './webhook.ts';

// What to do with one inbound `messages[]` entry before any conversation
// logic runs. Every kind Meta sends gets a deliberate answer here, so an
// adapter (today the n8n intake, later one Directus endpoint per step) only
// stores what this says and never replies to what is not a chat turn.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages

export type RecordOnlyReason =
  /** A reaction (or a removed one, emoji left out): acknowledges a message, is not a turn. */
  | 'reaction'
  /** Posted in a group: never answered as if it were a personal chat. */
  | 'group'
  /** Neither a wa_id nor a business-scoped user id: nobody to answer or key on. */
  | 'no_sender'
  /** A system notice this code does not act on. */
  | 'system';

export type InboundHandling =
  /** A chat turn for the conversation (request_welcome and unknown types included: they get the menu or the polite answer). */
  | { kind: 'converse' }
  | { kind: 'record'; reason: RecordOnlyReason }
  /** The sender edited an earlier message: `text` is its new text or caption (null when the edit carries none). */
  | { kind: 'edit'; original: string; text: string | null }
  /** The sender deleted an earlier message for everyone. */
  | { kind: 'revoke'; original: string }
  /** The citizen is now reached at `to`: move their identity, reports and conversation from `from`. */
  | { kind: 'identity_change'; from: string; to: string; phone: string | null };

const NUMBER_CHANGED = new Set(['user_changed_number', 'customer_changed_number']);

export function inboundHandling(message: InboundMessage, sender: string | null): InboundHandling {
  if (message.group_id !== undefined) return { kind: 'record', reason: 'group' };
  if (!isKnownMessage(message)) return sender ? { kind: 'converse' } : { kind: 'record', reason: 'no_sender' };
  switch (message.type) {
    case 'reaction':
      return { kind: 'record', reason: 'reaction' };
    case 'edit': {
      const edited = InboundMessage.safeParse({ ...(message.edit.message ?? {}), id: message.id, timestamp: message.timestamp });
      return { kind: 'edit', original: message.edit.original_message_id, text: edited.success ? messageText(edited.data) : null };
    }
    case 'revoke':
      return { kind: 'revoke', original: message.revoke.original_message_id };
    case 'system': {
      const s = message.system;
      const newWaId = s.wa_id ?? s.new_wa_id;
      const oldAddress = message.from ?? s.previous_user_id;
      if (NUMBER_CHANGED.has(s.type ?? '') && newWaId && oldAddress && newWaId !== oldAddress) {
        return { kind: 'identity_change', from: oldAddress, to: newWaId, phone: normalizePhone(`+${newWaId}`) };
      }
      // A BSUID change only matters to a citizen keyed on the BSUID (no phone shared).
      if (s.type === 'user_changed_user_id' && s.previous_user_id && s.user_id && s.previous_user_id !== s.user_id) {
        return { kind: 'identity_change', from: s.previous_user_id, to: s.user_id, phone: null };
      }
      return { kind: 'record', reason: 'system' };
    }
  }
  return sender ? { kind: 'converse' } : { kind: 'record', reason: 'no_sender' };
}

/** True for the handlings that go on to the conversation (and may be answered). */
export function isChatTurn(h: InboundHandling): boolean {
  return h.kind === 'converse';
}

export function contactName(contact?: EventContact): string | null {
  return contact?.name ?? contact?.username ?? null;
}

// ——— edits and revokes of a stored message ———

type Payload = Record<string, unknown>;
const CAPTIONED = ['image', 'video', 'document'];

/** The stored inbound payload with its text (or caption) replaced, and a note of the edit. */
export function editedPayload(payload: Payload, text: string | null, edit: { wamid: string; at: string }): Payload {
  const type = String(payload['type'] ?? '');
  const out: Payload = { ...payload };
  if (text !== null && type === 'text') out['text'] = { ...(payload['text'] as Payload | undefined), body: text };
  if (text !== null && CAPTIONED.includes(type)) out[type] = { ...(payload[type] as Payload | undefined), caption: text };
  const before = messageTextOf(payload);
  const history = Array.isArray(payload['edits']) ? (payload['edits'] as unknown[]) : [];
  out['edits'] = [...history, { wamid: edit.wamid, at: edit.at, before }];
  return out;
}

/** What remains of a message deleted for everyone: who, when and what kind, never the content. */
export function revokedPayload(payload: Payload, revoke: { wamid: string; at: string }): Payload {
  const kept: Payload = {};
  for (const key of ['id', 'from', 'from_user_id', 'timestamp', 'type']) if (payload[key] !== undefined) kept[key] = payload[key];
  kept['revoked'] = revoke;
  return kept;
}

/** The text or caption of a stored inbound payload (null when it has none or is not a message). */
export function messageTextOf(payload: unknown): string | null {
  const parsed = InboundMessage.safeParse(payload);
  return parsed.success ? messageText(parsed.data) : null;
}

/** Shown in a report in place of text the citizen deleted. */
export const REVOKED_PLACEHOLDER = '[pesan dihapus oleh pelapor]';

/**
 * A report description with one message's text replaced (edit) or hidden
 * (revoke, `next` null), or null when the description does not contain it
 * word for word (the citizen's text was changed or never made it in).
 */
export function reviseDescription(description: string, before: string | null, next: string | null): string | null {
  const old = before?.trim();
  if (!old || !description.includes(old)) return null;
  const replacement = next === null ? REVOKED_PLACEHOLDER : next.trim() || REVOKED_PLACEHOLDER;
  return description.replace(old, () => replacement);
}

// ——— a citizen's new number ———

export type IdentityRows = {
  /** citizens row at the old and the new address. */
  oldCitizen: { id: string; phone: string | null } | null;
  newCitizen: { id: string; phone: string | null } | null;
  /** conversations row at the old and the new address. */
  oldConversation: { id: string } | null;
  newConversation: { id: string } | null;
};

export type IdentityOp =
  | { op: 'update_citizen'; id: string; patch: { wa_id?: string; phone?: string | null } }
  /** complaints.reporter from one citizen row to another (every report: nothing stays behind). */
  | { op: 'move_reports'; from: string; to: string }
  | { op: 'update_conversation'; id: string; patch: { wa_id: string } };

/**
 * The writes that move a citizen to a new address. Reports follow the
 * citizens row (complaints.reporter), so renaming the row moves them. When the
 * new number already has its own row (they wrote from it before), that row is
 * kept and every report of the old row is moved onto it; the old row stays,
 * emptied of reports, so nothing that still points at it (appointments) is
 * lost. The conversation moves only when the new number has none: an ongoing
 * chat on the new number is newer than a draft left on the old one.
 */
export function planIdentityChange(to: string, phone: string | null, rows: IdentityRows): IdentityOp[] {
  const ops: IdentityOp[] = [];
  const { oldCitizen, newCitizen, oldConversation, newConversation } = rows;
  if (oldCitizen && !newCitizen) {
    ops.push({ op: 'update_citizen', id: oldCitizen.id, patch: phone ? { wa_id: to, phone } : { wa_id: to } });
  } else if (oldCitizen && newCitizen && oldCitizen.id !== newCitizen.id) {
    ops.push({ op: 'move_reports', from: oldCitizen.id, to: newCitizen.id });
    if (phone && newCitizen.phone !== phone) ops.push({ op: 'update_citizen', id: newCitizen.id, patch: { phone } });
  }
  if (oldConversation && !newConversation) ops.push({ op: 'update_conversation', id: oldConversation.id, patch: { wa_id: to } });
  return ops;
}

// ——— value-level errors ———

/**
 * A stable id for a `value.errors` notice so Meta's retry of the same
 * notification is stored once (wa_messages.wamid is unique). Errors carry no
 * id or time of their own, so the minute it arrived is part of the key.
 */
export function webhookErrorKey(phoneNumberId: string, errors: ReadonlyArray<{ code: number }>, at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  return `error.${phoneNumberId}.${errors.map((e) => e.code).join('-')}.${minute}`;
}

/**
 * A draft's story lines (conversations.draft.description) with one message's
 * text replaced, or dropped when it was revoked; null when no line is that text.
 */
export function reviseLines(lines: readonly string[], before: string | null, next: string | null): string[] | null {
  const old = before?.trim();
  if (!old || !lines.includes(old)) return null;
  const at = lines.indexOf(old);
  const out = [...lines];
  if (next === null || !next.trim()) out.splice(at, 1);
  else out[at] = next.trim();
  return out;
}
