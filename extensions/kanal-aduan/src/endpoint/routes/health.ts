import { BUNDLE_NAME, BUNDLE_VERSION } from '../../shared/version.ts';
import type { RouteModule } from '../context.ts';

/** GET /kanal-aduan/health: proves the bundle is loaded (the launcher and e2e setup poll it). Public, no data. */
export const healthRoutes: RouteModule = (router) => {
  router.get('/health', (_req, res) => {
    res.json({ data: { status: 'ok', bundle: BUNDLE_NAME, version: BUNDLE_VERSION } });
  });
};
