// Directus role ids of Kanal Aduan: core holds them (the schema creates the
// roles with the same ids), so this package names roles without the schema package.
export { ROLE_IDS } from '@kanal-aduan/core';
