// Preloaded into Directus on SQLite (node --require) before anything opens the database,
// so that SpatiaLite can be loaded into its connections (extensions/kanal-aduan src/geo/spatialite.ts).
//
// The sqlite3 driver carries its own SQLite, and Node loads it RTLD_LOCAL. Debian's
// mod_spatialite (and the libproj it uses) link the system libsqlite3.so.0: loaded as it
// is, the extension's calls, and then the driver's own not-yet-bound calls, land in that
// other SQLite with the driver's connection, and the process dies (SIGSEGV in
// sqlite3_prepare_v2). Loading the driver RTLD_GLOBAL first makes its SQLite the one
// every later library binds to. Sets KANAL_SQLITE_DRIVER_GLOBAL to the driver's file,
// which the bundle checks before it loads the extension.
'use strict';
const Module = require('node:module');
const { constants } = require('node:os');
const { dirname, join } = require('node:path');

/** Loads `<sqlite3 package>/build/Release/node_sqlite3.node` RTLD_GLOBAL into the require cache; the reason when it cannot. */
function loadSqliteDriverGlobally(fromDir) {
  if (process.env.KANAL_SQLITE_DRIVER_GLOBAL) return null;
  let file;
  try {
    file = join(dirname(require.resolve('sqlite3/package.json', { paths: [fromDir] })), 'build', 'Release', 'node_sqlite3.node');
  } catch (error) {
    return `no sqlite3 driver under ${fromDir}: ${error.message.split('\n')[0]}`;
  }
  if (Module._cache[file]) return `${file} was already loaded (RTLD_LOCAL); it must be preloaded before the driver is first used`;
  const m = new Module(file, null);
  m.filename = file;
  try {
    process.dlopen(m, file, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL);
  } catch (error) {
    return `${file}: ${error.message.split('\n')[0]}`;
  }
  m.loaded = true;
  Module._cache[file] = m;
  process.env.KANAL_SQLITE_DRIVER_GLOBAL = file;
  return null;
}

module.exports = { loadSqliteDriverGlobally };

// As a preload: the driver of the Directus runtime Directus is started from (KANAL_SQLITE_DRIVER_FROM).
if (process.env.KANAL_SQLITE_DRIVER_FROM) {
  const why = loadSqliteDriverGlobally(process.env.KANAL_SQLITE_DRIVER_FROM);
  if (why) process.env.KANAL_SQLITE_DRIVER_GLOBAL_REASON = why;
}
