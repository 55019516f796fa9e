import { Desk } from '@kanal-aduan/core';

/**
 * The demo's intake desks: the kabupaten desk owns the region's WhatsApp number (the one the
 * stack's credential sends from, WA_PHONE_NUMBER_ID) and is the default desk; the demo kecamatan
 * has its own desk with a second, simulated number (tools/wa-sim serves both). Its team is the
 * demo user «Tim Meja Kecamatan» (users.ts).
 */
export const DEFAULT_DESK_CODE = 'KAB';
/** The demo's second WhatsApp number (Meta's phone_number_id and the number citizens see). */
export const KECAMATAN_DESK_NUMBER = { phoneNumberId: '100000000000002', displayNumber: '6281100000099' } as const;
export const kecamatanDeskCode = (kecamatanCode: string) => `KEC-${kecamatanCode}`;

export function demoDesks(o: {
  regencyCode: string;
  kecamatan: { code: string; name: string } | null;
  /** The kabupaten's own WhatsApp number id (the stack's WA_PHONE_NUMBER_ID). */
  phoneNumberId: string;
  displayNumber?: string;
}): Desk[] {
  const desks: Desk[] = [{
    code: DEFAULT_DESK_CODE, name: 'Meja Kabupaten', region: o.regencyCode, level: 'kabupaten',
    wa_phone_number_id: o.phoneNumberId, active: true, is_default: true,
  }];
  if (o.kecamatan && o.phoneNumberId !== KECAMATAN_DESK_NUMBER.phoneNumberId) {
    desks.push({
      code: kecamatanDeskCode(o.kecamatan.code), name: `Meja Kecamatan ${o.kecamatan.name}`, region: o.kecamatan.code, level: 'kecamatan',
      wa_phone_number_id: KECAMATAN_DESK_NUMBER.phoneNumberId, active: true, is_default: false,
    });
  }
  return desks.map((d) => Desk.parse(d));
}

/** The row written to Directus (with the number people see, for the admin's list). */
export function deskRow(d: Desk, displayNumber: string | null): Record<string, unknown> {
  return { ...d, wa_display_number: displayNumber };
}
