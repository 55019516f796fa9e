import { DomainError } from '@kanal-aduan/core';

/**
 * Complaint fields this bundle computes. The access policies must let officers
 * write them (Directus runs filter hooks before its field-permission check, so
 * our own stamps pass through the caller's permissions), which would also let
 * an officer move a deadline or a stamp by hand and game the ranking. So only
 * admins and the service account (backfills, demo data) may send them.
 */
export const MANAGED_COMPLAINT_FIELDS = [
  'ticket', 'received_at', 'verify_due', 'respond_due', 'resolve_due', 'autoclose_due', 'verified_at',
  'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at', 'reopen_count',
] as const;

/** Throws COMPLAINT.MANAGED_FIELD when `payload` sets a computed field (null/undefined values are ignored). */
export function assertNoManagedFields(payload: Record<string, unknown>, ignore: readonly string[] = []): void {
  const sent = MANAGED_COMPLAINT_FIELDS.filter((f) => !ignore.includes(f) && payload[f] !== undefined && payload[f] !== null);
  if (sent.length > 0) {
    throw new DomainError(
      'COMPLAINT.MANAGED_FIELD',
      `Kolom ${sent.join(', ')} diisi otomatis oleh sistem dan tidak dapat diubah secara manual.`,
      { fields: sent },
    );
  }
}
