// Child processes of the stack: each service's output goes to its own log file,
// health is awaited over HTTP, and stopping is graceful first, forceful after.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function logTail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// Safety net: whatever way the orchestrator ends (an uncaught error, a closed
// terminal), no Directus or n8n is left running behind it.
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

export function spawnService(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string },
): Service {
  const log = createWriteStream('', { fd: openPrivateLog(opts.logFile) });
  // Not detached: a Ctrl-C on the terminal reaches Directus and n8n (and n8n's task
  // runner) directly, so they stop even if the layers above them (npm, the launcher,
  // tsx) exit first. We also stop them ourselves, in order.
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  live.add(child.pid!);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child.pid!);
      resolve(code);
    }),
  );
  return {
    name,
    child,
    logFile: opts.logFile,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const pid = child.pid!;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      const killer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 10_000);
      await exited;
      clearTimeout(killer);
      log.end();
    },
  };
}

/**
 * Opens a log for appending, readable by its owner only (0600, folder 0700):
 * logs carry request paths, report numbers and service details that are no
 * business of other accounts on the machine. Files and folders left by older
 * runs with wider modes are narrowed too.
 */
export function openPrivateLog(path: string): number {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const fd = openSync(path, 'a', 0o600);
  chmodSync(path, 0o600);
  return fd;
}

export function runOnce(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string },
): Promise<void> {
  const svc = spawnService(name, command, args, opts);
  return svc.exited.then((code) => {
    if (code !== 0) throw new Error(`${name} failed (exit ${code}). Last lines of ${opts.logFile}:\n${logTail(opts.logFile)}`);
  });
}

export async function waitForHttp(
  url: string,
  opts: { timeoutMs: number; service?: Service; ok?: (res: Response) => boolean },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = '';
  let exited = false;
  opts.service?.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited && opts.service) {
      throw new Error(`${opts.service.name} stopped while starting. Last lines of ${opts.service.logFile}:\n${logTail(opts.service.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (opts.ok ? opts.ok(res) : res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const hint = opts.service ? ` Last lines of ${opts.service.logFile}:\n${logTail(opts.service.logFile)}` : '';
  throw new Error(`${url} did not become healthy within ${Math.round(opts.timeoutMs / 1000)}s (${lastError}).${hint}`);
}
