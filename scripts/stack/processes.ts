// Child processes of the stack: each service's output goes to its own log file,
// health is awaited over HTTP, and stopping is graceful first, forceful after.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** What the stack stops on the way down: a child process, the simulator, a proxy. */
export type Stoppable = { stop(): Promise<void> } | { close(): Promise<void> };

/** A port nothing listens on right now, from the OS. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A process and all its descendants (from /proc, Linux); empty elsewhere. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the name (field 2) may hold spaces, so read after its ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      } catch {
        /* gone meanwhile */
      }
    }
  } catch {
    return [];
  }
  const tree: number[] = [];
  for (const queue = [pid]; queue.length; ) {
    const p = queue.pop()!;
    tree.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return tree;
}

/** Sums `read(pid)` over a process and its descendants, skipping those gone meanwhile. */
function sumTree(pid: number, read: (p: number) => number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += read(p);
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/**
 * Resident memory in MB of a process and its descendants (n8n's task runner is a
 * child of main and of each worker), from /proc (Linux); null elsewhere or once it is gone.
 */
export function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  const kb = sumTree(pid, (p) => Number(/VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0));
  return kb > 0 ? Math.round(kb / 1024) : null;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time in ms (user + system) a process and its live descendants have used so
 * far, from /proc (Linux); 0 elsewhere. Read before and after a load to see which
 * service the time went to.
 */
export function cpuMs(pid: number): number {
  return sumTree(pid, (p) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8');
    const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    // After the name: state is field 3, so utime (14) and stime (15) are rest[11] and rest[12].
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / USER_HZ;
  });
}

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
  // The service writes its output straight into its log file (its own copy of the descriptor),
  // not through a pipe to this process: if the orchestrator goes first (a Ctrl-C reaches every
  // process at once), a service still shutting down must not meet a broken pipe (n8n then spins
  // logging EPIPE errors forever).
  const logFd = openPrivateLog(opts.logFile);
  // Not detached: a Ctrl-C on the terminal reaches Directus and n8n (and n8n's task
  // runner) directly, so they stop even if the layers above them (npm, the launcher,
  // tsx) exit first. We also stop them ourselves, in order.
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  live.add(child.pid!);
  // Beside the log (logs/<name>.pid): which process a service is, for whoever looks into a
  // running stack (and the fault tests, which stop and kill them).
  const pidFile = opts.logFile.replace(/\.log$/, '') + '.pid';
  writeFileSync(pidFile, `${child.pid}\n`, { mode: 0o600 });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child.pid!);
      rmSync(pidFile, { force: true });
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

/**
 * Keeps a service running as docker-compose's `restart: unless-stopped` does:
 * when it exits without being asked to (a crash, an OOM kill, a SIGKILL), it
 * is started again after a short pause. `stop()` stops the live process and
 * ends the restarts. The first process is returned too, for its readiness check.
 */
export function supervise(start: () => Service, log: (line: string) => void, pauseMs = 1_000): { first: Service; stop(): Promise<void> } {
  let current = start();
  let stopping = false;
  const watch = (svc: Service) => {
    void svc.exited.then((code) => {
      if (stopping) return;
      log(`${svc.name} stopped (${svc.child.signalCode ?? `exit ${code}`}); starting it again`);
      setTimeout(() => {
        if (stopping) return;
        current = start();
        watch(current);
      }, pauseMs);
    });
  };
  const first = current;
  watch(first);
  return {
    first,
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
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
