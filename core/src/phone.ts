import { parsePhoneNumberFromString } from 'libphonenumber-js';

// Citizens and officers write numbers every way: 0812-3456-7890,
// 62812…, +62 812 3456 7890, (0711) 123456. We store E.164 (+6281234567890)
// and Meta identifies WhatsApp users by wa_id, the same digits without '+'.

/** E.164 or null when it is not a valid number. */
export function normalizePhone(input: string, defaultCountry: 'ID' = 'ID'): string | null {
  let s = input.trim().replace(/[\s\-().\u00a0]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  // "62812…" (as copied from wa.me links or wa_id) means +62, never a local number.
  if (/^62\d{8,13}$/.test(s)) s = `+${s}`;
  if (!/^\+?\d+$/.test(s)) return null;
  const parsed = parsePhoneNumberFromString(s, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** '+6281234567890' -> '6281234567890' (Meta's wa_id). */
export function waIdFromPhone(e164: string): string {
  return e164.replace(/\D/g, '');
}

/** '6281234567890' -> '+6281234567890'. */
export function phoneFromWaId(waId: string): string {
  return `+${waId.replace(/\D/g, '')}`;
}
