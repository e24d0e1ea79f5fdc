import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cpuMillis, treeCpuMillis } from './processes.js';

// Burning 300 ms of CPU takes as long as the machine lets it: on a loaded 2-core machine that can be
// many seconds of wall time. The assertions are about CPU time only; the time limit just stops a hang.
const burnLimitMs = 120_000;

describe('treeCpuMillis', () => {
  it.runIf(process.platform === 'linux')(
    'counts a descendant in a session of its own, as PostgreSQL starts its server processes',
    async () => {
      // Burns 300 ms of CPU, then waits to be killed; `detached` makes it a session leader (setsid).
      const burn = 'while (process.cpuUsage().user < 300_000); console.log("done"); setInterval(() => {}, 1000);';
      const burner = spawn(process.execPath, ['-e', burn], {
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        await once(burner.stdout!, 'data');
        // Read in this order: CPU times only grow, so the tree read last holds at least both.
        const own = cpuMillis(process.pid);
        const burnt = cpuMillis(burner.pid!);
        expect(burnt).toBeGreaterThanOrEqual(250);
        expect(treeCpuMillis(process.pid)).toBeGreaterThanOrEqual(own + burnt);
      } finally {
        burner.kill();
      }
    },
    burnLimitMs,
  );

  it.runIf(process.platform === 'linux')(
    'keeps the time of a descendant that ended',
    async () => {
      const before = treeCpuMillis(process.pid);
      const burner = spawn(process.execPath, ['-e', 'while (process.cpuUsage().user < 300_000);'], { stdio: 'ignore' });
      // Node waits for its children, so the ended burner's time moves to this process's children's time.
      await once(burner, 'exit');
      expect(treeCpuMillis(process.pid) - before).toBeGreaterThanOrEqual(250);
    },
    burnLimitMs,
  );
});
