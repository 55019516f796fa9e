import { Desk } from '@kanal-aduan/core';
import type { z } from 'zod';

/**
 * The demo's intake desks: the kabupaten desk owns the region's WhatsApp number (the one the
 * stack's credential sends from, WA_PHONE_NUMBER_ID) and is the default desk; the demo kecamatan
 * has its own desk with a second, simulated number and its own Telegram bot, Facebook Page and
 * Instagram account (tools/wa-sim serves them all). Its team is the
 * demo user «Tim Meja Kecamatan» (users.ts).
 */
export const DEFAULT_DESK_CODE = 'KAB';
/** The demo's second WhatsApp number (Meta's phone_number_id and the number citizens see). */
export const KECAMATAN_DESK_NUMBER = { phoneNumberId: '100000000000002', displayNumber: '6281100000099' } as const;
/**
 * The demo kecamatan desk's own Telegram bot, Facebook Page and Instagram account (the ids their
 * webhooks name). The stack gives the n8n credentials a token for each (the bot's token starts with
 * its id) and the simulator serves them beside the kabupaten's own.
 */
export const KECAMATAN_DESK_ACCOUNTS = { telegramBotId: '7000000002', facebookPageId: '300000000000002', instagramAccountId: '178400000000002' } as const;
export const kecamatanDeskCode = (kecamatanCode: string) => `KEC-${kecamatanCode}`;

export function demoDesks(o: {
  regencyCode: string;
  kecamatan: { code: string; name: string } | null;
  /** The kabupaten's own WhatsApp number id (the stack's WA_PHONE_NUMBER_ID). */
  phoneNumberId: string;
  displayNumber?: string;
}): Desk[] {
  const desks: Array<z.input<typeof Desk>> = [{
    code: DEFAULT_DESK_CODE, name: 'Meja Kabupaten', region: o.regencyCode, level: 'kabupaten',
    wa_phone_number_id: o.phoneNumberId, active: true, is_default: true,
  }];
  if (o.kecamatan && o.phoneNumberId !== KECAMATAN_DESK_NUMBER.phoneNumberId) {
    desks.push({
      code: kecamatanDeskCode(o.kecamatan.code), name: `Meja Kecamatan ${o.kecamatan.name}`, region: o.kecamatan.code, level: 'kecamatan',
      wa_phone_number_id: KECAMATAN_DESK_NUMBER.phoneNumberId,
      telegram_bot_id: KECAMATAN_DESK_ACCOUNTS.telegramBotId,
      facebook_page_id: KECAMATAN_DESK_ACCOUNTS.facebookPageId,
      instagram_account_id: KECAMATAN_DESK_ACCOUNTS.instagramAccountId,
      active: true, is_default: false,
    });
  }
  return desks.map((d) => Desk.parse(d));
}

/** The row written to Directus (with the number people see, for the admin's list). */
export function deskRow(d: Desk, displayNumber: string | null): Record<string, unknown> {
  return { ...d, wa_display_number: displayNumber };
}
