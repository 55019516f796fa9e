// `npm start` (via scripts/launch.mjs): the whole system on its embedded default —
// SQLite under .data/, the WA simulator, demo data — and where to click.
// `node scripts/launch.mjs bootstrap`: schema + seeds into an already running
// Directus (the docker-compose one-shot service).
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { loadSecrets, ROOT, type StackConfig } from './config.ts';
import { bootstrapDirectus, startStack } from './stack.ts';

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

async function start(args: string[]) {
  const dataDir = resolve(process.env.KANAL_DATA_DIR ?? join(ROOT, '.data'));
  if (args.includes('--reset')) {
    log(`--reset: removing ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const firstRun = !existsSync(join(dataDir, 'directus', 'data.db'));
  const cfg: StackConfig = {
    dataDir,
    db: { client: 'sqlite' },
    host: process.env.KANAL_HOST ?? '127.0.0.1',
    ports: {
      directus: Number(process.env.DIRECTUS_PORT ?? 8055),
      n8n: Number(process.env.N8N_PORT ?? 5678),
      sim: Number(process.env.WA_SIM_PORT ?? 8090),
    },
    regencyCode: process.env.KANAL_REGENCY_CODE ?? '16.02',
    timezone: process.env.KANAL_TIMEZONE ?? 'Asia/Jakarta',
    secrets: loadSecrets(dataDir),
    log,
  };
  for (const [name, port] of Object.entries(cfg.ports)) {
    if (!(await portFree(port, cfg.host))) {
      console.error(
        `✖ Port ${port} (${name}) is already in use. Stop whatever runs there (another "npm start"?) or choose another port with ${
          { directus: 'DIRECTUS_PORT', n8n: 'N8N_PORT', sim: 'WA_SIM_PORT' }[name]
        }=…`,
      );
      process.exit(1);
    }
  }
  log(firstRun ? `First run: creating everything under ${dataDir}` : `Reusing the data in ${dataDir} (use --reset to start clean)`);
  const stack = await startStack(cfg, { demoReports: firstRun ? Number(process.env.KANAL_DEMO_REPORTS ?? 300) : 0 });
  await printWelcome(cfg, stack.urls, stack.activeWorkflows);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Kanal Aduan…');
    await stack.stop();
    console.log(`Stopped. Your data stays in ${shown(cfg.dataDir)}/ for the next "npm start".`);
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, shutdown);
}

/** A path as the person typed it: relative inside the current folder, absolute elsewhere. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

async function printWelcome(cfg: StackConfig, u: { directus: string; n8n: string; sim: string }, workflows: string[]) {
  const { DEMO_USERS } = (await import('@kanal-aduan/seeds')) as { DEMO_USERS: { email: string; label: string }[] };
  const s = cfg.secrets;
  const rows: [string, string][] = [
    ['Directus (admin app)', `${u.directus}/admin`],
    ['n8n (workflows)', u.n8n],
    ['WhatsApp simulator (chat as a citizen)', u.sim],
  ];
  console.log(`
\x1b[32m✔ Kanal Aduan is running\x1b[0m ${stamp()}

${rows.map(([k, v]) => `  ${k.padEnd(40)} ${v}`).join('\n')}

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
