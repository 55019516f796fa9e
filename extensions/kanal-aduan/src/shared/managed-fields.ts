import { DomainError } from '@kanal-aduan/core';
import { HOOK_MANAGED_COMPLAINT_FIELDS, TRIAGE_FIELDS } from '@kanal-aduan/schema/src/access.ts';

/**
 * The record of a status move (`last_transition`, `pending_transition`): ours
 * alone, for every role, admins included. A hand-written one would become a
 * history row and an event; clearing `pending_transition` would hide a move
 * from the repair sweep.
 */
export const TRANSITION_FIELDS = ['last_transition', 'pending_transition'] as const;

/**
 * Complaint fields this bundle or the n8n service computes. The access
 * policies must let officers write the status stamps (Directus runs filter
 * hooks before its field-permission check, so our own stamps pass through the
 * caller's permissions: HOOK_MANAGED_COMPLAINT_FIELDS), which would also let an
 * officer move a deadline or a stamp by hand and game the ranking. So only
 * admins and the service account (backfills, demo data, the SLA scan, the
 * citizen's rating) may send them. The rest are shown read-only in the app:
 * - `ticket`, `tracking_code`, `received_at`: drawn when the report is created;
 * - `kecamatan`: follows `region` (the hook stamps it whenever the region is written);
 * - `overdue`, `days_late`, `overdue_stage`: the SLA scan's verdict (n8n);
 * - `satisfaction`: the citizen's own rating over WhatsApp (n8n); the ranking counts it;
 * - `spam_score`, `likely_spam`, `spam_reasons`, `spam_signals`, `text_fingerprint`, `duplicate_suggestion`,
 *   `duplicate_evidence`: the intake's triage at filing (the verifikator answers with `not_spam`,
 *   and the update filter clears `likely_spam` for it);
 * - `reminder_mark_*`: how far each stage's reminders went, raised with the reminder rows;
 * - `reporters_count`: the citizens behind a report and the reports joined into it (complaints/join);
 * - `route_reason`: why the suggested agency (n8n's routing, from the model and the rules);
 * - `user_created`: who recorded the report (Directus sets it on create; the desk page names its staff member).
 * `reporter` is not here: the verifikator links or corrects the citizen of a desk
 * report; no agency role's field list names it.
 */
export const MANAGED_COMPLAINT_FIELDS: readonly string[] = [
  ...new Set([
    ...HOOK_MANAGED_COMPLAINT_FIELDS.filter((f) => !(TRANSITION_FIELDS as readonly string[]).includes(f)),
    'ticket', 'tracking_code', 'received_at', 'kecamatan', 'overdue', 'days_late', 'overdue_stage', 'satisfaction', 'spam_score',
    ...TRIAGE_FIELDS.filter((f) => f !== 'not_spam'),
    'reminder_mark_verify', 'reminder_mark_respond', 'reminder_mark_resolve', 'reporters_count', 'route_reason', 'user_created',
  ]),
];

const refusal = (fields: string[]) =>
  new DomainError(
    'COMPLAINT.MANAGED_FIELD',
    `Kolom ${fields.join(', ')} diisi otomatis oleh sistem dan tidak dapat diubah secara manual.`,
    { fields },
  );

/** Whether a payload names the field at all: a null clears a deadline as surely as a date moves it. */
const sends = (payload: Record<string, unknown>, field: string) => payload[field] !== undefined;

/** Throws COMPLAINT.MANAGED_FIELD when `payload` writes a computed field, null included (`ignore`: fields the caller's value is overwritten anyway). */
export function assertNoManagedFields(payload: Record<string, unknown>, ignore: readonly string[] = []): void {
  const sent = MANAGED_COMPLAINT_FIELDS.filter((f) => !ignore.includes(f) && sends(payload, f));
  if (sent.length > 0) throw refusal(sent);
}

/** Throws COMPLAINT.MANAGED_FIELD when `payload` writes the move's record (null included), whoever sends it. */
export function assertNoTransitionFields(payload: Record<string, unknown>): void {
  const sent = TRANSITION_FIELDS.filter((f) => sends(payload, f));
  if (sent.length > 0) throw refusal(sent);
}
