import { defineHook } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { isSqlite } from '../shared/knex-dialect.ts';
import { dropSqliteLocationTriggers } from './location.ts';
import { loadSpatialite } from './spatialite.ts';

/**
 * On SQLite (the demo), SpatiaLite into Directus's connections before Directus
 * serves a request (spatialite.ts), so the reports' geometry point reads and writes
 * as on PostGIS (`directus start` loads extensions before its own check, which then
 * finds SpatiaLite and stays quiet; our line says which version loaded). When it cannot load, the triggers that fill the point (they call SpatiaLite) are
 * dropped at once, so filing a report still works; the next schema apply removes the field.
 */
export default defineHook(({ init }, { database, logger }) => {
  const knex = database as unknown as Knex;
  if (!isSqlite(knex)) return;
  const ready = loadSpatialite(knex)
    .then(async (state) => {
      if (state.loaded) {
        logger.info(`SpatiaLite ${state.version} loaded into the SQLite connections: the reports' geometry point (complaints.location) works`);
        return;
      }
      logger.warn(`SpatiaLite not loaded (${state.reason}): on SQLite the reports get no geometry point and the "Peta laporan" map layout is not offered; the public map still places them by latitude/longitude`);
      if (await knex.schema.hasTable('complaints')) await dropSqliteLocationTriggers(knex);
    })
    .catch((error: Error) => logger.error(`SpatiaLite: ${error.message}`));
  init('app.before', () => ready);
});
