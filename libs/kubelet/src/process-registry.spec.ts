import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { ProcessRegistry, processStartTime } from './process-registry';
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

  it('offers the live leftovers for adoption with what was recorded, skipping dead ones and reused pids', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubelet-procs-')), 'processes.json');
    const leader = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], {
      detached: true,
      stdio: 'ignore',
    });
    try {
      const pid = leader.pid!;
      const startTime = processStartTime(pid);
      expect(startTime).toMatch(/^\d+$/);
      writeFileSync(
        file,
        JSON.stringify({
          [pid]: { owner: 'u1/app', startTime, startedAt: '2026-11-30T08:00:00Z', restart: 2 },
          // The same pid with another start time is some other process now: never adopted, never killed.
          [process.pid]: { owner: 'u2/app', startTime: '1' },
          999999999: { owner: 'u3/app' },
        }),
      );
      const registry = new ProcessRegistry(file);
      expect(registry.leftovers()).toEqual([
        { pgid: pid, owner: 'u1/app', startTime, startedAt: '2026-11-30T08:00:00Z', restart: 2 },
      ]);
      const exited = new Promise((resolve) => leader.once('exit', resolve));
      registry.kill(pid);
      await exited;
      expect(new ProcessRegistry(file).leftovers()).toEqual([]);
    } finally {
      try {
        process.kill(-leader.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 30_000);
});
