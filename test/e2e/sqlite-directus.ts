// A throw-away Directus on SQLite (the demo's database), started the way `npm start`
// starts it, on a free port; for the tests that check the SQLite default itself.
import { createServer } from 'node:net';
import { loadSecrets, type StackConfig } from '../../scripts/stack/config.ts';
import { startDirectus } from '../../scripts/stack/directus.ts';
import type { Service } from '../../scripts/stack/processes.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** Starts Directus on SQLite in `dataDir` (bootstrap included); returns the service and its URL. */
export async function startSqliteDirectus(dataDir: string, secrets: ReturnType<typeof loadSecrets>): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const cfg: StackConfig = {
    dataDir,
    db: { client: 'sqlite' },
    host: '127.0.0.1',
    ports: { directus: port, n8n: port + 1, sim: port + 2 },
    regencyCode: '16.02',
    timezone: 'Asia/Jakarta',
    secrets,
    log: () => undefined,
  };
  return { service: await startDirectus(cfg), url: `http://127.0.0.1:${port}` };
}
