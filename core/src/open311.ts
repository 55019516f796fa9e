import { z } from 'zod';
import { placeOfPin } from './conversation/pin-place.ts';
import { matchPlace } from './conversation/place-match.ts';
import type { FiledReport } from './conversation/report-title.ts';
import { DomainError } from './errors.ts';
import { ComplaintType, type Category, type Region } from './model.ts';
import { STATUSES, statusKind, type Status } from './statuses.ts';

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as domain rules:
// which of our statuses a client sees as `open`/`closed`, which reports show
// what they say publicly, and the intake rules a report filed by another
// system passes (the same ones as the WhatsApp chat's: an active category, a
// description long enough, a place inside the regency).

/** The channel a report filed through Open311 records (`complaints.channel`). */
export const OPEN311_CHANNEL = 'open311';

export type Open311Status = 'open' | 'closed';

/**
 * GeoReport v2 knows two statuses. A report is `open` while someone still has
 * to act on it (status kind `open`); `resolved` (kind `fixed`) reads as
 * `closed` like FixMyStreet's fixed states, even though the citizen may still
 * reopen it, and `closed`/`rejected` are closed.
 */
export function open311Status(status: Status): Open311Status {
  return statusKind(status) === 'open' ? 'open' : 'closed';
}

/** Our statuses that read as `open311` (for the `status` filter). */
export function statusesOf(open311: Open311Status): Status[] {
  return STATUSES.filter((s) => open311Status(s) === open311);
}

/**
 * Statuses whose (non-confidential) report publishes what and where: a
 * verifikator has looked at it. A report not yet verified, waiting for the
 * citizen, or rejected (spam, invalid, out of scope) shows only its status,
 * service and dates, like a confidential one.
 */
export const OPEN311_DETAIL_STATUSES: readonly Status[] = ['verified', 'dispositioned', 'in_progress', 'resolved', 'closed'];

export function showsDetail(status: Status, confidential: boolean): boolean {
  return !confidential && OPEN311_DETAIL_STATUSES.includes(status);
}

/** What a client sends to file a report (`POST requests`), already parsed from its form. */
export const Open311Input = z.object({
  service_code: z.string().min(1).max(64),
  lat: z.number().min(-90).max(90).nullable().default(null),
  long: z.number().min(-180).max(180).nullable().default(null),
  address_string: z.string().max(500).nullable().default(null),
  address_id: z.string().max(32).nullable().default(null),
  description: z.string().max(5000).nullable().default(null),
  /** `attribute[type]`: the kind of report, `pengaduan` unless said. */
  type: ComplaintType.default('pengaduan'),
  /** `attribute[confidential]`: the reporter asks to keep their identity from agencies. */
  confidential: z.boolean().default(false),
});
export type Open311Input = z.input<typeof Open311Input>;

export type Open311Context = {
  /** Active categories (the services). */
  categories: readonly Pick<Category, 'code' | 'active'>[];
  /** The regency's regions (kecamatan, kelurahan, desa). */
  regions: readonly Region[];
  min_description: number;
};

/** The report to store, in the shape the intake stores a chat's report (without the reporter: see docs). */
export type Open311Report = FiledReport & { type: ComplaintType; channel: typeof OPEN311_CHANNEL };

const PLACE_LEVELS = new Set(['kecamatan', 'kelurahan', 'desa']);

/**
 * The intake rules for a report from another system. Throws a DomainError
 * (`OPEN311.*`, Indonesian message for the client's user) when a rule is broken.
 *
 * Place: `address_id` is a Kemendagri region code of the regency; otherwise the
 * kecamatan/desa named in `address_string` when exactly one matches, as the
 * chat does; otherwise the kelurahan/desa nearest the point (placeOfPin, as a
 * WhatsApp pin is placed); otherwise the place the description names. The
 * coordinates are kept as given. With none of these the verifikator places it.
 */
export function open311Report(raw: Open311Input, ctx: Open311Context): Open311Report {
  const input = Open311Input.parse(raw);
  const category = ctx.categories.find((c) => c.code === input.service_code && c.active);
  if (!category) {
    throw new DomainError('OPEN311.UNKNOWN_SERVICE', `Layanan (service_code) "${input.service_code}" tidak dikenal atau tidak aktif.`, { service_code: input.service_code });
  }
  if ((input.lat === null) !== (input.long === null)) {
    throw new DomainError('OPEN311.HALF_POINT', 'Koordinat harus lengkap: isi lat dan long bersama-sama.');
  }
  const description = (input.description ?? '').trim();
  if (description.length < ctx.min_description) {
    throw new DomainError('OPEN311.SHORT_DESCRIPTION', `Uraian laporan (description) minimal ${ctx.min_description} karakter.`, { min: ctx.min_description });
  }
  const addressText = input.address_string?.trim() || null;
  const addressId = input.address_id?.trim() || null;
  if (input.lat === null && !addressText && !addressId) {
    throw new DomainError('OPEN311.NO_LOCATION', 'Lokasi wajib diisi: lat dan long, address_string, atau address_id (kode wilayah Kemendagri).');
  }

  let region: string | null = null;
  if (addressId) {
    const found = ctx.regions.find((r) => r.code === addressId && PLACE_LEVELS.has(r.level));
    if (!found) throw new DomainError('OPEN311.UNKNOWN_ADDRESS_ID', `address_id "${addressId}" bukan kode kecamatan, kelurahan atau desa di wilayah ini.`, { address_id: addressId });
    region = found.code;
  } else {
    const named = (text: string, mode: 'answer' | 'sentence') => {
      const match = matchPlace(text, ctx.regions, mode);
      return match.confident ? (match.best?.code ?? null) : null;
    };
    const pinned = () => (input.lat !== null && input.long !== null ? (placeOfPin(ctx.regions, { latitude: input.lat, longitude: input.long })?.code ?? null) : null);
    region = (addressText ? named(addressText, 'answer') : null) ?? pinned() ?? named(description, 'sentence');
  }

  return {
    type: input.type,
    category: category.code,
    region,
    latitude: input.lat,
    longitude: input.long,
    address: addressText,
    description,
    confidential: input.confidential,
    channel: OPEN311_CHANNEL,
  };
}
