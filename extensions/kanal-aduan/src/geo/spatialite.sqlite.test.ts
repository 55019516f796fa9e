// SpatiaLite into the demo's SQLite connections and the reports' point kept by
// SQLite triggers, on the knex + sqlite3 of the pinned Directus runtime. The cases
// that load the module need Debian's libsqlite3-mod-spatialite (npm start installs
// it; test/e2e/sqlite-bootstrap checks it through Directus); without it they are skipped.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';
import { prepareLocation, SQLITE_LOCATION_TRIGGERS } from './location.ts';
import { hasSpatialite, loadSpatialite } from './spatialite.ts';

const moduleFile = (() => {
  try {
    const dirs = ['/usr/lib', ...readdirSync('/usr/lib').filter((d) => d.endsWith('-linux-gnu')).map((d) => join('/usr/lib', d))];
    return dirs.map((d) => join(d, 'mod_spatialite.so')).find((p) => existsSync(p)) ?? null;
  } catch {
    return null;
  }
})();

// As the launcher does for Directus: the runtime's sqlite3 driver RTLD_GLOBAL before any use (scripts/stack/sqlite-global.cjs).
const { loadSqliteDriverGlobally } = createRequire(import.meta.url)('../../../../scripts/stack/sqlite-global.cjs') as {
  loadSqliteDriverGlobally(fromDir: string): string | null;
};
const notGlobal = hasRuntimeSqlite ? loadSqliteDriverGlobally(fileURLToPath(new URL('../../../../runtime/directus/', import.meta.url))) : 'no runtime';
const loaded = { KANAL_SQLITE_DRIVER_GLOBAL: process.env['KANAL_SQLITE_DRIVER_GLOBAL'] };

let knex: Knex | undefined;
afterEach(async () => {
  await knex?.destroy();
  knex = undefined;
});

describe.skipIf(!hasRuntimeSqlite)('loadSpatialite without the module', () => {
  it('says why and leaves the database working', async () => {
    knex = runtimeSqlite();
    await knex.raw('SELECT 1');
    const state = await loadSpatialite(knex, { ...loaded, KANAL_SQLITE_DRIVER_GLOBAL: 'test', KANAL_SPATIALITE: '/nowhere/mod_spatialite.so' });
    expect(state).toMatchObject({ loaded: false, reason: expect.stringMatching(/^\/nowhere\/mod_spatialite\.so: .+libsqlite3-mod-spatialite/) });
    expect(await hasSpatialite(knex)).toBe(false);
    expect(await knex.raw('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('is not even tried where the driver was not loaded RTLD_GLOBAL (the extension would crash the process)', async () => {
    knex = runtimeSqlite();
    const state = await loadSpatialite(knex, { KANAL_SPATIALITE: moduleFile ?? 'mod_spatialite', KANAL_SQLITE_DRIVER_GLOBAL_REASON: 'already loaded' });
    expect(state).toEqual({ loaded: false, reason: expect.stringContaining('the sqlite3 driver is not loaded RTLD_GLOBAL (already loaded)') });
    expect(await hasSpatialite(knex)).toBe(false);
  });

  it('is skipped with KANAL_SPATIALITE=off, with the launcher\'s reason', async () => {
    knex = runtimeSqlite();
    expect(await loadSpatialite(knex, { KANAL_SPATIALITE: 'off', KANAL_SPATIALITE_REASON: 'no apt-get' })).toEqual({ loaded: false, reason: 'no apt-get' });
  });
});

type Schema = { collections: Record<string, { fields: Record<string, unknown> }> };

/** Directus's FieldsService as far as prepareLocation uses it: the column, as Directus's SQLite helper makes it. */
function fieldsService(db: Knex, schema: Schema) {
  return class {
    async createField(collection: string, field: { field: string }) {
      await db.schema.alterTable(collection, (t) => void t.specificType(field.field, 'point'));
      schema.collections[collection]!.fields[field.field] = {};
    }
    async deleteField(collection: string, field: string) {
      await db.schema.alterTable(collection, (t) => void t.dropColumn(field));
      delete schema.collections[collection]!.fields[field];
    }
  };
}

async function complaintsTable(db: Knex): Promise<Schema> {
  await db.schema.createTable('complaints', (t) => {
    t.increments('id');
    t.string('ticket');
    t.decimal('latitude', 10, 7).nullable();
    t.decimal('longitude', 10, 7).nullable();
  });
  await db('complaints').insert([{ ticket: 'OLD-1', latitude: -3.39, longitude: 104.83 }, { ticket: 'OLD-2', latitude: null, longitude: null }]);
  return { collections: { complaints: { fields: { id: {}, ticket: {}, latitude: {}, longitude: {} } } } };
}

const points = async (db: Knex) =>
  Object.fromEntries(
    ((await db.raw('SELECT ticket, ST_AsText(location) AS p FROM complaints ORDER BY id')) as Array<{ ticket: string; p: string | null }>).map((r) => [r.ticket, r.p]),
  );

describe.skipIf(!hasRuntimeSqlite || !moduleFile || notGlobal !== null)('SpatiaLite on SQLite', () => {
  it('is loaded into the connection the pool holds and into every one it makes later', async () => {
    knex = runtimeSqlite({ min: 1, max: 3 });
    await knex.raw('SELECT 1');
    const state = await loadSpatialite(knex, { ...loaded, KANAL_SPATIALITE: moduleFile! });
    expect(state).toMatchObject({ loaded: true, version: expect.stringMatching(/^\d/) });
    // Three statements at once make the pool open two more connections: each has the functions.
    const texts = await Promise.all([1, 2, 3].map((x) => knex!.transaction(async (trx) => {
      await new Promise((r) => setTimeout(r, 50));
      return (await trx.raw(`SELECT ST_AsText(MakePoint(${x}, 2, 4326)) AS p`))[0].p;
    })));
    expect(texts).toEqual(['POINT(1 2)', 'POINT(2 2)', 'POINT(3 2)']);
    expect((knex.client as { pool: { numUsed(): number; numFree(): number } }).pool.numFree()).toBe(3);
  });

  it('keeps complaints.location equal to latitude/longitude, fills older rows once, and takes the field away without SpatiaLite', async () => {
    knex = runtimeSqlite();
    await loadSpatialite(knex, { ...loaded, KANAL_SPATIALITE: moduleFile! });
    const schema = await complaintsTable(knex);
    const FieldsService = fieldsService(knex, schema);
    expect(await prepareLocation(knex, { FieldsService, schema })).toEqual({ location: true, filled: 1 });
    expect(await points(knex)).toEqual({ 'OLD-1': 'POINT(104.83 -3.39)', 'OLD-2': null });
    expect(await prepareLocation(knex, { FieldsService, schema })).toEqual({ location: true, filled: 0 });

    await knex('complaints').insert({ ticket: 'NEW', latitude: -3.3951, longitude: 104.8305 });
    await knex('complaints').where({ ticket: 'OLD-2' }).update({ latitude: -3.4, longitude: 104.9 });
    await knex('complaints').where({ ticket: 'OLD-1' }).update({ latitude: null });
    // Whoever writes the point itself (Directus's st_geomfromtext) is overruled by latitude/longitude.
    await knex('complaints').where({ ticket: 'NEW' }).update({ location: knex.raw(`GeomFromText('POINT(1 1)', 4326)`) });
    expect(await points(knex)).toEqual({ 'OLD-1': null, 'OLD-2': 'POINT(104.9 -3.4)', NEW: 'POINT(104.8305 -3.3951)' });

    // The same database on a connection without SpatiaLite (the module gone): the field and its triggers go, writes work.
    await knex.destroy();
    knex = undefined;
    const other = runtimeSqlite();
    knex = other;
    await other.raw('CREATE TABLE complaints (id integer PRIMARY KEY, ticket text, latitude real, longitude real, location point)');
    await other.raw(`CREATE TRIGGER ${SQLITE_LOCATION_TRIGGERS[0]} AFTER INSERT ON complaints BEGIN UPDATE complaints SET location = MakePoint(NEW.longitude, NEW.latitude, 4326) WHERE id = NEW.id; END`);
    await expect(other('complaints').insert({ ticket: 'X', latitude: 1, longitude: 2 })).rejects.toThrow(/no such function: MakePoint/);
    const bare: Schema = { collections: { complaints: { fields: { id: {}, ticket: {}, latitude: {}, longitude: {}, location: {} } } } };
    const result = await prepareLocation(other, { FieldsService: fieldsService(other, bare), schema: bare });
    expect(result).toMatchObject({ location: false, reason: expect.stringContaining('SQLite tanpa SpatiaLite') });
    expect(result.reason).toContain('complaints.location dihapus');
    await other('complaints').insert({ ticket: 'Y', latitude: 1, longitude: 2 });
    expect(await other.schema.hasColumn('complaints', 'location')).toBe(false);
  });
});
