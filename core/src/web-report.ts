import { z } from 'zod';
import { placeOfPin } from './conversation/pin-place.ts';
import type { FiledReport } from './conversation/report-title.ts';
import { ComplaintType, type Category, type Region } from './model.ts';
import { normalizePhone, waIdFromPhone } from './phone.ts';

// The public web form ("Lapor lewat situs", /kanal-aduan/lapor) as domain
// rules: the same intake rules as the other doors (an active category, a story
// long enough, a place inside the regency), the place from the kecamatan/desa
// chosen or else the pin's nearest desa, and the reporter known only by the
// WhatsApp number they give (never by a name).

/** The channel a report filed through the web form records (`complaints.channel`). */
export const WEB_CHANNEL = 'web';

/** The fields of the form, as strings from the browser (the adapter parses the multipart body). */
export const WebReportInput = z.object({
  category: z.string().max(64).default(''),
  type: z.string().max(20).default(''),
  description: z.string().max(20_000).default(''),
  kecamatan: z.string().max(32).default(''),
  desa: z.string().max(32).default(''),
  address: z.string().max(2_000).default(''),
  latitude: z.string().max(32).default(''),
  longitude: z.string().max(32).default(''),
  phone: z.string().max(40).default(''),
  name: z.string().max(200).default(''),
  confidential: z.string().max(10).default(''),
});
export type WebReportInput = z.input<typeof WebReportInput>;

/** Why a form is refused; the page words each one (texts.ts), so the rule stays language-free. */
export const WebReportProblem = z.enum([
  'category',
  'description_short',
  'description_long',
  'place',
  'desa_outside_kecamatan',
  'pin',
  'phone',
  'address_long',
  'name_long',
]);
export type WebReportProblem = z.infer<typeof WebReportProblem>;

export type WebReportContext = {
  categories: readonly Pick<Category, 'code' | 'active'>[];
  /** The regency's regions (kecamatan, kelurahan, desa), with the villages' centroids. */
  regions: readonly Region[];
  min_description: number;
  /** Longest story kept (the chat's limit is WhatsApp's 4096 per message, several messages). */
  max_description?: number;
};

export type WebReport = FiledReport & { type: ComplaintType; channel: typeof WEB_CHANNEL };

export type WebReportResult =
  | {
      ok: true;
      report: WebReport;
      /** The reporter: E.164 and WhatsApp id of the number given, or null (anonymous to us too). */
      reporter: { phone: string; wa_id: string; name: string | null } | null;
    }
  | { ok: false; problems: WebReportProblem[] };

const VILLAGE = new Set(['kelurahan', 'desa']);
const MAX_DESCRIPTION = 5_000;

/** A coordinate typed or filled by the browser ("-3.4", "104,83" with a decimal comma), or null when blank; NaN when unreadable. */
function coordinate(raw: string): number | null {
  const s = raw.trim().replace(',', '.');
  if (!s) return null;
  return /^-?\d{1,3}(\.\d{1,10})?$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * Checks the form and builds the report every door files (core complaintRow
 * takes it). All problems at once, so the citizen fixes them in one go.
 *
 * Place: the desa/kelurahan chosen (it must lie in the kecamatan chosen, if
 * one is), else the kecamatan, else the village nearest the pin (placeOfPin),
 * else only the address text and the pin for the verifikator to place. At
 * least one of kecamatan, desa, pin or address is needed.
 */
export function webReport(raw: WebReportInput, ctx: WebReportContext): WebReportResult {
  const input = WebReportInput.parse(raw);
  const problems: WebReportProblem[] = [];
  const category = ctx.categories.find((c) => c.code === input.category.trim() && c.active);
  if (!category) problems.push('category');

  const description = input.description.replace(/\r\n?/g, '\n').trim();
  if (description.length < ctx.min_description) problems.push('description_short');
  if (description.length > (ctx.max_description ?? MAX_DESCRIPTION)) problems.push('description_long');

  const byCode = new Map(ctx.regions.map((r) => [r.code, r]));
  const kecamatan = input.kecamatan.trim() ? byCode.get(input.kecamatan.trim()) : undefined;
  const desa = input.desa.trim() ? byCode.get(input.desa.trim()) : undefined;
  const badKecamatan = input.kecamatan.trim() !== '' && kecamatan?.level !== 'kecamatan';
  const badDesa = input.desa.trim() !== '' && (!desa || !VILLAGE.has(desa.level));
  if (badKecamatan || badDesa) problems.push('place');
  else if (kecamatan && desa && desa.parent !== kecamatan.code) problems.push('desa_outside_kecamatan');

  const lat = coordinate(input.latitude);
  const long = coordinate(input.longitude);
  const pinGiven = lat !== null || long !== null;
  const pinOk = lat !== null && long !== null && Number.isFinite(lat) && Number.isFinite(long) && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
  if (pinGiven && !pinOk) problems.push('pin');

  const address = input.address.trim().replace(/\s+/g, ' ');
  if (address.length > 500) problems.push('address_long');
  if (!kecamatan && !desa && !pinOk && !address && !problems.includes('place')) problems.push('place');

  let reporter: { phone: string; wa_id: string; name: string | null } | null = null;
  if (input.phone.trim()) {
    const phone = normalizePhone(input.phone);
    if (!phone) problems.push('phone');
    else {
      const name = input.name.trim().replace(/\s+/g, ' ');
      if (name.length > 80) problems.push('name_long');
      reporter = { phone, wa_id: waIdFromPhone(phone), name: name || null };
    }
  }

  if (problems.length > 0) return { ok: false, problems };

  const pin = pinOk ? { latitude: lat!, longitude: long! } : null;
  const region = desa?.code ?? kecamatan?.code ?? (pin ? placeOfPin(ctx.regions, pin)?.code ?? null : null);
  const type = ComplaintType.safeParse(input.type.trim()).data ?? 'pengaduan';
  return {
    ok: true,
    reporter,
    report: {
      type,
      category: category!.code,
      region,
      latitude: pin?.latitude ?? null,
      longitude: pin?.longitude ?? null,
      address: address || null,
      description,
      confidential: ['1', 'on', 'true', 'ya'].includes(input.confidential.trim().toLowerCase()),
      channel: WEB_CHANNEL,
    },
  };
}
