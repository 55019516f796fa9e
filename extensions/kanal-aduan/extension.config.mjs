// Build settings read by `directus-extension build`: files imported with `?raw`
// (Leaflet's script and stylesheet for the public map) are bundled as strings,
// as Vite does for the unit tests, so the bundle serves them without node_modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PREFIX = '\0raw:';

export default {
  plugins: [
    {
      name: 'kanal-aduan-raw',
      resolveId(source) {
        return source.endsWith('?raw') ? PREFIX + require.resolve(source.slice(0, -'?raw'.length)) : null;
      },
      async load(id) {
        return id.startsWith(PREFIX) ? `export default ${JSON.stringify(await readFile(id.slice(PREFIX.length), 'utf8'))};` : null;
      },
    },
  ],
};
