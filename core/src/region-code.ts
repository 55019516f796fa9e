/**
 * The kecamatan a Kemendagri region code lies in, read from the code itself
 * (Permendagri 72/2019 codes nest: `16.02` kabupaten, `16.02.01` kecamatan,
 * `16.02.01.2001` desa/kelurahan). Complaints hold the desa/kelurahan the
 * citizen chose; the dashboard and the Camat ranking group by kecamatan, so
 * it is stamped on the report whenever its region is written.
 * Returns null for no region or a code above kecamatan level; throws nothing,
 * so a malformed code never blocks saving a report (it just has no kecamatan).
 */
export function kecamatanOf(region: string | null | undefined): string | null {
  if (!region) return null;
  const m = /^(\d{2}\.\d{2}\.\d{2})(?:\.\d{4})?$/.exec(region.trim());
  return m ? m[1]! : null;
}

/**
 * The fields a write must carry along with `region`: `{ kecamatan }` when the
 * payload sets `region` (also to null), nothing otherwise — a patch that does
 * not touch the region must not touch the kecamatan either.
 */
export function regionStamp(payload: Readonly<Record<string, unknown>>): { kecamatan?: string | null } {
  if (!('region' in payload)) return {};
  const r = payload['region'];
  // An M2O may arrive as an object with its key ({ code: '16.02.01.2001' }).
  const code = typeof r === 'string' ? r : r && typeof r === 'object' && typeof (r as { code?: unknown }).code === 'string' ? (r as { code: string }).code : null;
  return { kecamatan: kecamatanOf(code) };
}
