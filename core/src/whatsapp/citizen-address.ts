import { normalizePhone, phoneFromWaId } from '../phone.ts';

// The citizens row a WhatsApp sender becomes: keyed on the wa_id Meta gives,
// with an E.164 phone when the wa_id is a phone number.

/**
 * E.164 for a wa_id; wa_ids are digits with the country code, so '+' + digits is the number.
 * A business-scoped user id ("ID.1234…", a username user) has no phone number: null, never one made from its digits.
 */
export function phoneForWaId(waId: string): string | null {
  if (!/^\d+$/.test(waId)) return null;
  return normalizePhone(`+${waId}`) ?? phoneFromWaId(waId);
}

export interface KnownCitizen {
  display_name: string | null;
  phone: string | null;
}

/** What to change on an existing citizen: only what is new, never blanking a known name. */
export function citizenChanges(existing: KnownCitizen, displayName: string, phone: string | null): Partial<KnownCitizen> {
  const changes: Partial<KnownCitizen> = {};
  if (displayName && displayName !== existing.display_name) changes.display_name = displayName;
  if (phone && phone !== existing.phone) changes.phone = phone;
  return changes;
}
