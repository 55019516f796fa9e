import type { Knex } from 'knex';
import { prepareLocation } from '../../geo/location.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import { schemaOf, type DirectusRequest, type RouteModule } from '../context.ts';

/**
 * POST /kanal-aduan/geo/prepare (admin) -> {data: {location: boolean, reason?, filled?}}
 * The geometry point of reports where the database has PostGIS, or SpatiaLite on
 * SQLite (geo/location.ts): the field, the trigger that keeps it equal to
 * latitude/longitude (on PostGIS its index), and the older reports filled once; on
 * SQLite without SpatiaLite the field is taken away. The schema apply calls it; idempotent.
 */
export const geoRoutes: RouteModule = (router, ctx) => {
  router.post('/geo/prepare', async (req, res, next) => {
    try {
      if ((req as DirectusRequest).accountability?.admin !== true) {
        throw new ForbiddenError({ reason: 'Hanya administrator yang boleh menyiapkan kolom lokasi peta.' });
      }
      const schema = (await schemaOf(req as DirectusRequest, ctx)) as Parameters<typeof prepareLocation>[1]['schema'];
      const FieldsService = (ctx.services as unknown as { FieldsService?: Parameters<typeof prepareLocation>[1]['FieldsService'] }).FieldsService;
      res.json({ data: await prepareLocation(ctx.database as Knex, { FieldsService, schema }) });
    } catch (error) {
      next(error);
    }
  });
};
