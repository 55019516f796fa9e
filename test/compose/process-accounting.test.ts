import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cpuMs, processTree, rssMb } from '../../scripts/stack/processes.ts';

// The stack's process accounting, read from /proc: the benchmark attributes CPU
// time per service with it, so it must count children (n8n's task runner) too.
describe.runIf(process.platform === 'linux')('process accounting from /proc', () => {
  it('counts the CPU a busy child process used, under its parent', async () => {
    // A parent that starts a child spinning until it has used ~400 ms of CPU (CPU time, not wall time:
    // on a loaded machine a wall-clock spin gets less), which then says so through the parent.
    const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['-e', 'for (let u = process.cpuUsage(); u.user + u.system < 400000; u = process.cpuUsage()) {} process.stdout.write("spun"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
      process.stdout.write(String(c.pid) + '\\n');
      c.stdout.on('data', (d) => process.stdout.write(d));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      let out = '';
      parent.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      while (!out.includes('spun')) await once(parent.stdout!, 'data');
      const childPid = Number(out.split('\n')[0]!.trim());
      expect(processTree(parent.pid!)).toContain(childPid);
      const own = cpuMs(childPid);
      expect(own).toBeGreaterThanOrEqual(200);
      expect(cpuMs(parent.pid!)).toBeGreaterThanOrEqual(own);
      expect(rssMb(parent.pid!)).toBeGreaterThan(rssMb(childPid)! - 1);
    } finally {
      for (const pid of processTree(parent.pid!).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  });

  it('answers 0 CPU and an empty tree for a process that is gone', () => {
    expect(cpuMs(2 ** 22 + 12345)).toBe(0);
    expect(rssMb(2 ** 22 + 12345)).toBeNull();
  });
});
