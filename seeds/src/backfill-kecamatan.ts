import { kecamatanOf } from '@kanal-aduan/core';
import { directusRest } from './directus-rest.ts';

/**
 * Gives reports written before `complaints.kecamatan` existed their kecamatan
 * (Dasbor Pimpinan's "Laporan per kecamatan"). New writes get it from
 * the complaint hook (core `regionStamp`). One PATCH by query per kecamatan,
 * as admin; idempotent: only rows whose kecamatan is still empty are touched.
 */
const REST_LIMIT = 50_000;
/** The same backfill in SQL (Postgres and SQLite), for large databases: Kemendagri codes nest, `16.02.01.2001` -> `16.02.01`. */
export const BACKFILL_SQL = `UPDATE complaints SET kecamatan = substr(region, 1, 8) WHERE kecamatan IS NULL AND region LIKE '__.__.__%'`;

export async function backfillKecamatan(o: { url: string; token: string; log?: (m: string) => void }): Promise<number> {
  const api = directusRest(o.url, o.token);
  // request() already unwraps Directus's {data}.
  const groups = await api.request<Array<{ region: string | null; count: { id: number | string } }>>(
    'GET', '/items/complaints?aggregate[count]=id&groupBy[]=region&filter[kecamatan][_null]=true&filter[region][_nnull]=true&limit=-1',
  );
  const byKecamatan = new Map<string, string[]>();
  let total = 0;
  for (const g of groups ?? []) {
    const k = kecamatanOf(g.region);
    if (!k || !g.region) continue;
    byKecamatan.set(k, [...(byKecamatan.get(k) ?? []), g.region]);
    total += Number(g.count.id);
  }
  if (total > REST_LIMIT) {
    // Through REST every row also writes activity and revisions: hours at a million. One statement does it.
    o.log?.(`${total} laporan belum punya kecamatan; terlalu banyak untuk REST. Jalankan di basis data: ${BACKFILL_SQL}`);
    return 0;
  }
  for (const [kecamatan, regions] of byKecamatan) {
    await api.request('PATCH', '/items/complaints', {
      query: { filter: { _and: [{ kecamatan: { _null: true } }, { region: { _in: regions } }] }, limit: -1 },
      data: { kecamatan },
    });
  }
  if (total > 0) o.log?.(`kecamatan diisi untuk ${total} laporan lama`);
  return total;
}
