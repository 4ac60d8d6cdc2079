import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withFileLock } from './file-lock';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-lock-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('withFileLock', () => {
  it('runs one holder at a time and removes the lock afterwards', async () => {
    const lock = path.join(dir, 'x.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withFileLock(
          lock,
          async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await new Promise((r) => setTimeout(r, 5));
            inside--;
          },
          { pollMs: 2 },
        ),
      ),
    );
    expect(maxInside).toBe(1);
    await expect(fs.access(lock)).rejects.toThrow();
  });

  it('breaks a lock whose holder process is gone', async () => {
    const lock = path.join(dir, 'x.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    await fs.writeFile(lock, `${dead}\n${os.hostname()}\n2026-01-01T00:00:00Z\n`);
    await expect(withFileLock(lock, async () => 'got it', { timeoutMs: 2_000 })).resolves.toBe('got it');
  });

  it('waits for a live holder and then times out naming the lock and its holder', async () => {
    const lock = path.join(dir, 'x.lock');
    await fs.writeFile(lock, `${process.pid}\n${os.hostname()}\nnow\n`);
    await expect(withFileLock(lock, async () => 'never', { timeoutMs: 100, pollMs: 5 })).rejects.toThrow(
      `timed out waiting for the lock ${lock} (held by: ${process.pid}@${os.hostname()})`,
    );
  });
});
