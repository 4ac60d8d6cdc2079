import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from './process-registry';
import { processAlive } from './testing/process-alive';

const alive = processAlive;

describe('ProcessRegistry', () => {
  it('kills, at the next start, the process groups a killed agent left behind (children included)', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubelet-procs-')), 'processes.json');
    // A leader that starts a child in its group and writes the child's pid (not console.log: FORCE_COLOR, which
    // nx sets, would wrap a number in colour codes).
    const leader = spawn(
      process.execPath,
      [
        '-e',
        "const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});process.stdout.write(String(c.pid));setInterval(()=>{},1000)",
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      const childPid = await new Promise<number>((resolve) =>
        leader.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
      );
      const exited = new Promise((resolve) => leader.once('exit', resolve));
      new ProcessRegistry(file).add(leader.pid!, 'uid/app');
      expect([alive(leader.pid!), alive(childPid)]).toEqual([true, true]);

      expect(new ProcessRegistry(file).killLeftovers()).toBe(1);
      await exited;
      for (let i = 0; i < 250 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(alive(childPid)).toBe(false);
      expect(new ProcessRegistry(file).killLeftovers()).toBe(0);
    } finally {
      // Whatever happened above, the test leaves no process (and no open pipe keeping Jest alive).
      try {
        process.kill(-leader.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      leader.stdout!.destroy();
    }
  }, 30_000);
});
