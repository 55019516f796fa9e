// `npm start` (via scripts/launch.mjs): the whole system on its embedded default —
// SQLite under .data/, the WA simulator, demo data — and where to click.
// `npm start -- --production-topology`: the same on the machine's Postgres and Redis
// in docker-compose's shape (Directus instances behind a proxy, n8n in queue mode),
// data under .data-production/ and databases named after KANAL_PG_NAME.
// `node scripts/launch.mjs bootstrap`: schema + seeds into an already running
// Directus (the docker-compose one-shot service).
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { loadSecrets, productionLayout, ROOT, topologySize, type StackConfig } from './config.ts';
import { freePort, rssMb } from './processes.ts';
import { dropRedisKeys, stackRedisPatterns } from './redis-keys.ts';
import { bootstrapDirectus, startStack, type RunningStack } from './stack.ts';

const t0 = Date.now();
const stamp = () => {
  const s = Math.round((Date.now() - t0) / 1000);
  return `\x1b[2m(${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s)\x1b[0m`;
};
const log = (line: string) => console.log(line.startsWith('  ') ? line : `\x1b[36m▶\x1b[0m ${line} ${stamp()}`);

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer()
      .once('error', () => res(false))
      .once('listening', () => srv.close(() => res(true)))
      .listen(port, host);
  });
}

/**
 * The machine's Postgres (PGHOST/PGPORT/PGUSER/PGPASSWORD, default 127.0.0.1:5432 postgres)
 * and Redis (KANAL_REDIS_URL, default redis://127.0.0.1:6379/0): databases
 * `<name>_directus` and `<name>_n8n` are created on the first start and reused after,
 * like the demo reuses .data/; --reset drops them. Returns whether they were created.
 */
async function productionDatabases(name: string, reset: boolean) {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`KANAL_PG_NAME must be lower-case letters, digits and _ (got "${name}")`);
  // pg comes with the workspace (the integration tests use it); only this mode needs it.
  const { default: pg } = await import('pg');
  const conn = {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
  };
  const dbs = { directusDb: `${name}_directus`, n8nDb: `${name}_n8n` };
  const admin = new pg.Client({ ...conn, database: 'postgres' });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`--production-topology needs PostgreSQL at ${conn.host}:${conn.port} (PGHOST/PGPORT/PGUSER/PGPASSWORD): ${(e as Error).message}`);
  }
  let created = false;
  try {
    for (const db of Object.values(dbs)) {
      if (reset) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount;
      if (!exists) {
        await admin.query(`CREATE DATABASE ${db}`);
        created = true;
      }
    }
  } finally {
    await admin.end();
  }
  return { db: { client: 'pg' as const, ...conn, ...dbs }, created };
}

async function start(args: string[]) {
  const production = args.includes('--production-topology');
  const unknown = args.filter((a) => !['--reset', '--production-topology'].includes(a));
  if (unknown.length) {
    console.error(`✖ Unknown option(s): ${unknown.join(' ')}. npm start takes --reset and --production-topology.`);
    process.exit(1);
  }
  const dataDir = resolve(process.env.KANAL_DATA_DIR ?? join(ROOT, production ? '.data-production' : '.data'));
  if (args.includes('--reset')) {
    log(`--reset: removing ${dataDir}${production ? ' and the databases' : ''}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const host = process.env.KANAL_HOST ?? '127.0.0.1';
  const ports = {
    directus: Number(process.env.DIRECTUS_PORT ?? 8055),
    n8n: Number(process.env.N8N_PORT ?? 5678),
    sim: Number(process.env.WA_SIM_PORT ?? 8090),
  };
  // Before anything is created: a busy port must not leave half a first run behind.
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portFree(port, host))) {
      console.error(
        `✖ Port ${port} (${name}) is already in use. Stop whatever runs there (another "npm start"?) or choose another port with ${
          { directus: 'DIRECTUS_PORT', n8n: 'N8N_PORT', sim: 'WA_SIM_PORT' }[name]
        }=…`,
      );
      process.exit(1);
    }
  }
  const name = process.env.KANAL_PG_NAME ?? 'kanal_local';
  const pgDbs = production ? await productionDatabases(name, args.includes('--reset')) : undefined;
  if (pgDbs && !pgDbs.created && !existsSync(join(dataDir, 'secrets.json'))) {
    // The databases hold data encrypted and signed with the secrets of their data folder.
    console.error(`✖ Databases ${pgDbs.db.directusDb} and ${pgDbs.db.n8nDb} exist but ${shown(dataDir)}/secrets.json does not. Add --reset to start clean, or set KANAL_PG_NAME to another name.`);
    process.exit(1);
  }
  const firstRun = pgDbs ? pgDbs.created : !existsSync(join(dataDir, 'directus', 'data.db'));
  const cfg: StackConfig = {
    dataDir,
    db: pgDbs?.db ?? { client: 'sqlite' },
    host,
    ports,
    regencyCode: process.env.KANAL_REGENCY_CODE ?? '16.02',
    timezone: process.env.KANAL_TIMEZONE ?? 'Asia/Jakarta',
    ...(production
      ? {
          redisUrl: process.env.KANAL_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
          // The processes' own ports are free ones; the welcome lists them.
          production: await productionLayout(() => freePort(host), { name: name.replaceAll('_', '-'), ...topologySize() }),
        }
      : {}),
    secrets: loadSecrets(dataDir),
    log,
  };
  if (production && args.includes('--reset')) {
    // The old run's schema cache and queue would outlive its dropped databases.
    const left = dropRedisKeys(cfg.redisUrl!, stackRedisPatterns(cfg));
    if (left) log(`--reset: could not clear the old run's Redis keys (${left}); clear keys matching ${stackRedisPatterns(cfg).join(', ')} by hand if Directus fails to start`);
  }
  const where = pgDbs ? `${dataDir} and databases ${pgDbs.db.directusDb}, ${pgDbs.db.n8nDb}` : dataDir;
  log(firstRun ? `First run: creating everything under ${where}` : `Reusing the data in ${where} (use --reset to start clean)`);
  const stack = await startStack(cfg, { demoReports: firstRun ? Number(process.env.KANAL_DEMO_REPORTS ?? 300) : 0 });
  await printWelcome(cfg, stack);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Kanal Aduan…');
    await stack.stop();
    const again = cfg.production ? 'npm start -- --production-topology' : 'npm start';
    const dbs = cfg.db.client === 'pg' ? ` and databases ${cfg.db.directusDb}, ${cfg.db.n8nDb}` : '';
    console.log(`Stopped. Your data stays in ${shown(cfg.dataDir)}/${dbs} for the next "${again}".`);
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, shutdown);
}

/** A path as the person typed it: relative inside the current folder, absolute elsewhere. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The production topology's processes: what runs where, with its memory right after start. */
function processTable(cfg: StackConfig, stack: RunningStack): string {
  const p = cfg.production!;
  const at = (port: number) => `http://${cfg.host}:${port}`;
  const where: Record<string, string> = {
    ...Object.fromEntries(p.directus.map((port, i) => [`Directus ${i + 1}`, at(port)])),
    'n8n main': `${at(p.n8nMain.port)} (editor, REST API, schedules)`,
    'n8n webhook': `${at(p.n8nWebhook.port)} (production webhooks: Meta, simulator, Directus events)`,
    ...Object.fromEntries(p.n8nWorkers.map((w, i) => [`n8n worker ${i + 1}`, `health ${at(w.health)}/healthz`])),
  };
  const rows = stack.services.map((s) => `  ${s.name.padEnd(14)} pid ${String(s.child.pid).padEnd(8)} ${String(rssMb(s.child.pid) ?? '?').padStart(5)} MB  ${where[s.name] ?? ''}`);
  return `  Processes (production topology; Directus instances: KANAL_DIRECTUS_INSTANCES, n8n workers: KANAL_N8N_WORKERS)
${rows.join('\n')}
  ${'Directus proxy'.padEnd(14)} round-robin on ${stack.urls.directus}
  ${'n8n front'.padEnd(14)} ${stack.urls.n8n}: /webhook/* to the webhook processor, the rest to main
  Redis ${cfg.redisUrl} · n8n key prefix ${p.n8nRedisPrefix} · Postgres databases ${cfg.db.client === 'pg' ? `${cfg.db.directusDb}, ${cfg.db.n8nDb}` : ''}
`;
}

async function printWelcome(cfg: StackConfig, stack: RunningStack) {
  const u = stack.urls;
  const workflows = stack.activeWorkflows;
  const { DEMO_USERS } = (await import('@kanal-aduan/seeds')) as { DEMO_USERS: { email: string; label: string }[] };
  const s = cfg.secrets;
  const rows: [string, string][] = [
    ['Directus (admin app)', `${u.directus}/admin`],
    ['n8n (workflows)', u.n8n],
    ['Chat simulator: WhatsApp, Telegram, Messenger, Instagram (chat as a citizen)', u.sim],
  ];
  console.log(`
\x1b[32m✔ Kanal Aduan is running\x1b[0m ${stamp()}

${rows.map(([k, v]) => `  ${k.padEnd(40)} ${v}`).join('\n')}
${cfg.production ? `\n${processTable(cfg, stack)}` : ''}
  Logins (demo data; passwords are generated per data folder, see ${shown(join(cfg.dataDir, 'secrets.json'))})
  ${'Administrator'.padEnd(38)} ${s.adminEmail} / ${s.adminPassword}
${DEMO_USERS.filter((d) => d.email)
  .map((d) => `  ${d.label.padEnd(38)} ${d.email} / ${s.demoPassword}`)
  .join('\n')}
  ${'n8n owner'.padEnd(38)} ${s.n8nOwnerEmail} / ${s.n8nOwnerPassword}

  Active workflows: ${workflows.join(', ') || '(none)'}
  Try it: open the simulator, write "Jalan di depan pasar berlubang besar", and watch the
  report appear in Directus (Laporan) with its ticket number.

  Logs: ${join(cfg.dataDir, 'logs')} · Stop: Ctrl-C
`);
}

async function bootstrap() {
  const need = (name: string) => {
    const v = process.env[name];
    if (!v) {
      console.error(`✖ ${name} is not set. The bootstrap needs KANAL_DIRECTUS_URL, KANAL_DIRECTUS_TOKEN and KANAL_SERVICE_TOKEN (see .env.example).`);
      process.exit(1);
    }
    return v;
  };
  await bootstrapDirectus({
    url: need('KANAL_DIRECTUS_URL'),
    token: need('KANAL_DIRECTUS_TOKEN'),
    serviceToken: need('KANAL_SERVICE_TOKEN'),
    // Production leaves KANAL_DEMO_PASSWORD empty: then only the service account is created.
    demoPassword: process.env.KANAL_DEMO_PASSWORD ?? '',
    demoUsers: Boolean(process.env.KANAL_DEMO_PASSWORD),
    regencyCode: process.env.KANAL_REGENCY_CODE ?? '16.02',
    timezone: process.env.KANAL_TIMEZONE ?? 'Asia/Jakarta',
    ...(process.env.WA_PHONE_NUMBER_ID ? { waPhoneNumberId: process.env.WA_PHONE_NUMBER_ID } : {}),
    demoReports: Number(process.env.KANAL_DEMO_REPORTS ?? 0),
    log,
  });
  log('Bootstrap done');
}

// When the terminal or a `| tee` goes away first, writing the goodbye must not crash
// the shutdown half way.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const [command, ...args] = process.argv.slice(2);
(command === 'bootstrap' ? bootstrap() : start(args)).catch((e: Error) => {
  console.error(`\n\x1b[31m✖ ${e.message}\x1b[0m`);
  process.exit(1);
});
