// SpatiaLite for the SQLite demo: Directus reads and writes geometry fields on SQLite
// through SpatiaLite's functions, which the bundle loads into its connections
// (extensions/kanal-aduan src/geo/spatialite.ts) from the file found here. Debian's
// libsqlite3-mod-spatialite is installed when it is missing, as the tests install
// PostGIS; when that cannot be done the demo starts all the same, without the
// reports' geometry point, and says why.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOnce } from './processes.ts';

export const SPATIALITE_PACKAGE = 'libsqlite3-mod-spatialite';

export type Spatialite = { path: string } | { path: null; reason: string };

/** Where a Linux or macOS system keeps mod_spatialite (Debian: /usr/lib/<multiarch>/). */
function candidates(): string[] {
  const dirs = ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/opt/homebrew/lib'];
  try {
    for (const e of readdirSync('/usr/lib')) if (/-linux-gnu/.test(e)) dirs.unshift(join('/usr/lib', e));
  } catch {
    /* no /usr/lib */
  }
  return dirs.flatMap((d) => [join(d, 'mod_spatialite.so'), join(d, 'mod_spatialite.dylib')]);
}

export function findSpatialite(): string | null {
  return candidates().find((p) => existsSync(p)) ?? null;
}

let pending: Promise<Spatialite> | null = null;

/**
 * The mod_spatialite file for Directus on SQLite, installing Debian's package once
 * per process when it is missing (as root, with apt-get). KANAL_SPATIALITE names a
 * file of one's own, or "off" to go without.
 */
export function ensureSpatialite(o: { logDir: string; log: (line: string) => void; env?: NodeJS.ProcessEnv }): Promise<Spatialite> {
  pending ??= resolveSpatialite(o);
  return pending;
}

async function resolveSpatialite({ logDir, log, env = process.env }: { logDir: string; log: (line: string) => void; env?: NodeJS.ProcessEnv }): Promise<Spatialite> {
  const setting = env.KANAL_SPATIALITE?.trim();
  if (setting === 'off') return { path: null, reason: 'KANAL_SPATIALITE=off' };
  if (setting) return existsSync(setting) ? { path: setting } : { path: null, reason: `KANAL_SPATIALITE=${setting}: no such file` };
  const found = findSpatialite();
  if (found) return { path: found };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    return { path: null, reason: `mod_spatialite is not installed (Debian/Ubuntu: apt-get install ${SPATIALITE_PACKAGE}; this launcher installs it only as root on a system with apt-get)` };
  }
  log(`SQLite demo: SpatiaLite is missing; installing Debian's ${SPATIALITE_PACKAGE} for the reports' map point`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt run (a second stack starting beside this one) holds the lock for a while: wait for it.
  const install = ['-o', 'DPkg::Lock::Timeout=180', 'install', '-y', '--no-install-recommends', SPATIALITE_PACKAGE];
  const apt = (name: string, args: string[]) => runOnce(name, 'apt-get', args, { env: aptEnv, cwd: logDir, logFile: join(logDir, `${name}.log`) });
  try {
    await apt('apt-spatialite', install).catch(async () => {
      // The package lists may be missing or stale (a fresh machine): read them once, then try again.
      await apt('apt-update', ['-o', 'DPkg::Lock::Timeout=180', 'update']);
      await apt('apt-spatialite', install);
    });
  } catch (error) {
    return { path: null, reason: `installing ${SPATIALITE_PACKAGE} failed: ${(error as Error).message.split('\n')[0]} (log: ${join(logDir, 'apt-spatialite.log')})` };
  }
  const installed = findSpatialite();
  return installed ? { path: installed } : { path: null, reason: `${SPATIALITE_PACKAGE} is installed but no mod_spatialite file was found in ${candidates().map((p) => p.replace(/\/[^/]+$/, '')).filter((d, i, a) => a.indexOf(d) === i).join(', ')}` };
}
