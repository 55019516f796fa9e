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

/**
 * The region level a territorial role's account must hold: a Camat reads the
 * reports of the kecamatan its region code names (and every desa in it), a
 * Lurah/Kepala Desa those of its one desa or kelurahan (access rules match
 * the report's region by prefix). A Camat given the kabupaten would read every
 * report, a Kades given a kecamatan the whole kecamatan: so the code must be
 * of exactly that level. Returns the problem in words, or null when the
 * account is right (other roles hold no region rule).
 */
export function territorialRegionProblem(role: string | null | undefined, region: string | null | undefined): string | null {
  const code = region?.trim() ?? '';
  if (role === 'camat') {
    if (/^\d{2}\.\d{2}\.\d{2}$/.test(code)) return null;
    return code
      ? `Akun Camat harus berwilayah satu kecamatan (kode seperti 16.02.01), bukan ${code}.`
      : 'Akun Camat harus punya wilayah: pilih kecamatannya (kode seperti 16.02.01).';
  }
  if (role === 'kades') {
    if (/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(code)) return null;
    return code
      ? `Akun Lurah/Kepala Desa harus berwilayah satu desa atau kelurahan (kode seperti 16.02.05.2015), bukan ${code}.`
      : 'Akun Lurah/Kepala Desa harus punya wilayah: pilih desa atau kelurahannya (kode seperti 16.02.05.2015).';
  }
  return null;
}
