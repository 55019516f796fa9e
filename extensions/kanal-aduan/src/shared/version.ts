/** Bundle name and version reported by GET /kanal-aduan/health (kept equal to package.json by version.test.ts). */
export const BUNDLE_NAME = 'directus-extension-kanal-aduan';
export const BUNDLE_VERSION = '0.1.0';
