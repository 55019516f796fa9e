import type { Knex } from 'knex';
import { isSqlite } from '../shared/knex-dialect.ts';

/**
 * complaints.location: a geometry(Point, 4326) kept equal to latitude/longitude,
 * for Directus's map layout ("Peta laporan" bookmark) and its spatial filters.
 *
 * Only where the database has PostGIS: Directus reads every geometry field
 * through st_asgeojson(), which plain Postgres and the demo's SQLite (Directus
 * does not load SpatiaLite) lack, so a geometry column there would break every
 * read of complaints. The field is made by Directus itself (FieldsService), then
 * a trigger fills it from latitude/longitude on every insert and update, whoever
 * writes (Directus, the demo writer, a bulk import), and older rows are filled once.
 */
export type LocationResult = { location: boolean; reason?: string; filled?: number };

export const LOCATION_FIELD = {
  field: 'location',
  type: 'geometry.Point',
  schema: {},
  meta: {
    interface: 'map',
    options: { geometryType: 'Point' },
    special: null,
    readonly: true,
    group: 'group_location',
    width: 'full',
    note: 'Diisi otomatis dari Lintang/Bujur; ubah titiknya lewat kedua isian itu.',
    translations: [
      { language: 'id-ID', translation: 'Titik di peta' },
      { language: 'en-US', translation: 'Point on the map' },
    ],
  },
} as const;

type FieldsServiceLike = new (o: { knex: unknown; schema: unknown; accountability: null }) => {
  createField(collection: string, field: Record<string, unknown>): Promise<unknown>;
};

async function hasPostgis(knex: Knex): Promise<boolean> {
  const r = await knex.raw(`SELECT 1 FROM pg_proc WHERE proname = 'postgis_version'`);
  return (r as { rowCount?: number }).rowCount! > 0;
}

export async function prepareLocation(
  knex: Knex,
  o: { FieldsService: FieldsServiceLike | undefined; schema: { collections: Record<string, { fields: Record<string, unknown> }> } },
): Promise<LocationResult> {
  if (isSqlite(knex)) return { location: false, reason: 'SQLite: Directus tidak memuat SpatiaLite; peta publik memakai Lintang/Bujur.' };
  if (!(await hasPostgis(knex))) {
    // The extension may be installed but not yet created in this database (a superuser, or postgis/postgis's image, can).
    const available = await knex.raw(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`);
    if ((available as { rowCount?: number }).rowCount! === 0) {
      return { location: false, reason: 'PostGIS tidak terpasang di server Postgres (paket postgresql-15-postgis-3 atau image postgis/postgis).' };
    }
    try {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
    } catch (e) {
      return { location: false, reason: `PostGIS terpasang tetapi belum aktif di basis data ini, dan pengguna Directus tidak boleh mengaktifkannya (${(e as Error).message}). Jalankan "CREATE EXTENSION postgis" sebagai superuser.` };
    }
  }
  if (!o.schema.collections['complaints']) return { location: false, reason: 'Koleksi complaints belum ada.' };
  if (!o.schema.collections['complaints'].fields['location']) {
    if (!o.FieldsService) return { location: false, reason: 'FieldsService Directus tidak tersedia.' };
    await new o.FieldsService({ knex, schema: o.schema, accountability: null }).createField('complaints', { ...LOCATION_FIELD, meta: { ...LOCATION_FIELD.meta } });
  }
  await knex.raw(`CREATE OR REPLACE FUNCTION kanal_complaint_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.location := CASE WHEN NEW.latitude IS NULL OR NEW.longitude IS NULL THEN NULL
    ELSE ST_SetSRID(ST_MakePoint(NEW.longitude, NEW.latitude), 4326) END;
  RETURN NEW;
END $$`);
  await knex.raw('DROP TRIGGER IF EXISTS kanal_complaint_location ON complaints');
  await knex.raw('CREATE TRIGGER kanal_complaint_location BEFORE INSERT OR UPDATE ON complaints FOR EACH ROW EXECUTE FUNCTION kanal_complaint_location()');
  await knex.raw('CREATE INDEX IF NOT EXISTS complaints_location_gist ON complaints USING GIST (location)');
  const filled = await knex.raw(`UPDATE complaints SET location = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND location IS NULL`);
  return { location: true, filled: (filled as { rowCount?: number }).rowCount ?? 0 };
}
