import type { Knex } from 'knex';
import { isSqlite, rowsOf } from '../shared/knex-dialect.ts';
import { hasSpatialite, spatialiteState } from './spatialite.ts';

/**
 * complaints.location: a geometry(Point, 4326) kept equal to latitude/longitude,
 * for Directus's map layout ("Peta laporan" bookmark) and its spatial filters.
 *
 * Only where the database has the spatial functions Directus reads every geometry
 * field with (st_asgeojson on Postgres, st_astext on SQLite): PostGIS, or on the
 * demo's SQLite SpatiaLite, which the bundle loads into Directus's connections
 * (spatialite.ts). Without them a geometry column would break every read of
 * complaints. The field is made by Directus itself (FieldsService), then a trigger
 * fills it from latitude/longitude on every insert and update, whoever writes
 * (Directus, the demo writer, a bulk import), and older rows are filled once.
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
  deleteField(collection: string, field: string): Promise<unknown>;
};
type PrepareOptions = {
  FieldsService: FieldsServiceLike | undefined;
  schema: { collections: Record<string, { fields: Record<string, unknown> }> };
};

async function hasPostgis(knex: Knex): Promise<boolean> {
  const r = await knex.raw(`SELECT 1 FROM pg_proc WHERE proname = 'postgis_version'`);
  return (r as { rowCount?: number }).rowCount! > 0;
}

export async function prepareLocation(knex: Knex, o: PrepareOptions): Promise<LocationResult> {
  if (isSqlite(knex)) return prepareSqliteLocation(knex, o);
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
  const missing = await ensureField(knex, o);
  if (missing) return missing;
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

/** Creates complaints.location through Directus when it is missing; the refusal when it cannot. */
async function ensureField(knex: Knex, o: PrepareOptions): Promise<LocationResult | null> {
  if (!o.schema.collections['complaints']) return { location: false, reason: 'Koleksi complaints belum ada.' };
  if (o.schema.collections['complaints'].fields['location']) return null;
  if (!o.FieldsService) return { location: false, reason: 'FieldsService Directus tidak tersedia.' };
  await new o.FieldsService({ knex, schema: o.schema, accountability: null }).createField('complaints', { ...LOCATION_FIELD, meta: { ...LOCATION_FIELD.meta } });
  return null;
}

export const SQLITE_LOCATION_TRIGGERS = ['kanal_complaint_location_ins', 'kanal_complaint_location_upd'] as const;

/** The point of a row of complaints (`row`: NEW, or the table itself), in SpatiaLite's SQL. */
const sqlitePoint = (row: string) =>
  `(CASE WHEN ${row}latitude IS NULL OR ${row}longitude IS NULL THEN NULL ELSE MakePoint(CAST(${row}longitude AS REAL), CAST(${row}latitude AS REAL), 4326) END)`;

/**
 * Drops the SQLite triggers that keep complaints.location: they call SpatiaLite's
 * MakePoint, so on a connection without SpatiaLite every insert into complaints would fail.
 */
export async function dropSqliteLocationTriggers(knex: Knex): Promise<void> {
  for (const name of SQLITE_LOCATION_TRIGGERS) await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
}

/**
 * The demo's SQLite: the same field, kept by two triggers (SQLite's triggers cannot
 * change NEW, so the row is updated after its insert or update; the WHEN keeps a row
 * whose point is right untouched, so the update never triggers itself). Without
 * SpatiaLite the field is taken away again: it only repeats latitude/longitude, and
 * left in place it would break every read of complaints.
 */
async function prepareSqliteLocation(knex: Knex, o: PrepareOptions): Promise<LocationResult> {
  if (!(await hasSpatialite(knex))) {
    await dropSqliteLocationTriggers(knex);
    const state = spatialiteState();
    const why = state && !state.loaded ? ` (${state.reason})` : '';
    const reason = `SQLite tanpa SpatiaLite${why}: laporan tidak punya titik peta di Directus; peta publik tetap memakai Lintang/Bujur.`;
    if (o.schema.collections['complaints']?.fields['location'] && o.FieldsService) {
      await new o.FieldsService({ knex, schema: o.schema, accountability: null }).deleteField('complaints', 'location');
      return { location: false, reason: `${reason} Kolom complaints.location dihapus (isinya hanya salinan Lintang/Bujur).` };
    }
    return { location: false, reason };
  }
  const missing = await ensureField(knex, o);
  if (missing) return missing;
  const point = sqlitePoint('NEW.');
  await dropSqliteLocationTriggers(knex);
  await knex.raw(`CREATE TRIGGER kanal_complaint_location_ins AFTER INSERT ON complaints
    WHEN NEW.location IS NOT ${point}
    BEGIN UPDATE complaints SET location = ${point} WHERE id = NEW.id; END`);
  await knex.raw(`CREATE TRIGGER kanal_complaint_location_upd AFTER UPDATE OF latitude, longitude, location ON complaints
    WHEN NEW.location IS NOT ${point}
    BEGIN UPDATE complaints SET location = ${point} WHERE id = NEW.id; END`);
  const stale = rowsOf(await knex.raw(`SELECT count(*) AS n FROM complaints WHERE location IS NOT ${sqlitePoint('')}`));
  if (Number(stale[0]?.['n'] ?? 0) > 0) await knex.raw(`UPDATE complaints SET location = ${sqlitePoint('')} WHERE location IS NOT ${sqlitePoint('')}`);
  return { location: true, filled: Number(stale[0]?.['n'] ?? 0) };
}
