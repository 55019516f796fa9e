// A throw-away Directus for the benchmarks that need Directus alone: its own
// Postgres database (or one a previous `--keep` run left), no n8n and no Redis
// (so no response cache on either side), our schema, access and seeds applied.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { loadSecrets, type StackConfig } from '../../scripts/stack/config.ts';
import { startDirectus } from '../../scripts/stack/directus.ts';
import { freePort, logTail, type Service } from '../../scripts/stack/processes.ts';
import { bootstrapDirectus } from '../../scripts/stack/stack.ts';

export const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres' };

export interface ScratchDirectus {
  /** The database's name. */
  db: string;
  url: string;
  cfg: StackConfig;
  knex: Knex;
  /** True when `reuse` named a kept database (its reports are already written). */
  reused: boolean;
  directus: Service;
  /** Stops Directus, keeps its log in the temp folder, drops the database unless kept or reused. */
  stop(): Promise<void>;
}

export async function startScratchDirectus(o: { reuse?: string | undefined; keep?: boolean | undefined; log: (line: string) => void }): Promise<ScratchDirectus> {
  const { log } = o;
  const reused = Boolean(o.reuse);
  const db = o.reuse ?? `kanal_bench_${Date.now().toString(36)}`;
  if (!reused) {
    const admin = new pg.Client({ ...PG, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'kanal-bench-'));
  const cfg: StackConfig = {
    dataDir,
    db: { client: 'pg', ...PG, directusDb: db, n8nDb: 'unused' },
    host: '127.0.0.1',
    ports: { directus: await freePort(), n8n: 1, sim: 1 },
    regencyCode: '16.02',
    timezone: 'Asia/Jakarta',
    secrets: loadSecrets(dataDir, {}),
    log,
  };
  const url = `http://${cfg.host}:${cfg.ports.directus}`;
  const knex = knexFactory({ client: 'pg', connection: { ...PG, database: db }, pool: { min: 0, max: 4 } });
  let directus: Service | undefined;
  let stopping = false;

  const stop = async () => {
    stopping = true;
    await knex.destroy();
    await directus?.stop();
    // The data folder holds this run's secrets and goes; Directus's log (one line per
    // request, with its status and time) is kept beside it for the post-mortem.
    if (directus && existsSync(directus.logFile)) {
      const kept = join(tmpdir(), `${db}-directus.log`);
      copyFileSync(directus.logFile, kept);
      log(`Directus log of this run: ${kept}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (!o.keep && !reused) {
      const c = new pg.Client({ ...PG, database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    } else log(`kept database ${db} (--db ${db} to rerun; drop it with: psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE ${db}')`);
  };

  try {
    // A kept database knows another run's admin token: give its admin this run's.
    if (reused) await knex('directus_users').where('email', cfg.secrets.adminEmail).update({ token: cfg.secrets.adminToken });
    const svc = (directus = await startDirectus(cfg));
    svc.exited.then((code) => {
      if (!stopping) log(`Directus exited on its own (code ${code}, signal ${svc.child.signalCode}); last lines of its log:\n${logTail(svc.logFile)}`);
    });
    await bootstrapDirectus({ url, token: cfg.secrets.adminToken, regencyCode: cfg.regencyCode, timezone: cfg.timezone, demoPassword: cfg.secrets.demoPassword, serviceToken: cfg.secrets.serviceToken, log });
    if (reused) {
      // And the Bupati this run's demo password (seeds keep existing users as they are).
      const id = (await knex('directus_users').where('email', 'bupati@example.com').first('id'))?.id;
      await fetch(`${url}/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.secrets.adminToken}` }, body: JSON.stringify({ password: cfg.secrets.demoPassword }) });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { db, url, cfg, knex, reused, directus: directus!, stop };
}
