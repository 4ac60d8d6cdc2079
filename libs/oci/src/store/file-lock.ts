import { promises as fs } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FileLockOptions {
  /** Give up after this long. Default 30 s. */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its holder seems alive. Default 5 min. */
  staleMs?: number;
  pollMs?: number;
}

/**
 * Runs `fn` holding an exclusive lock file (created with O_EXCL, so two processes never both hold it). A lock
 * left by a dead process on this host, or older than `staleMs`, is broken.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const staleMs = options.staleMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 20;
  const owner = `${process.pid}\n${os.hostname()}\n${new Date().toISOString()}\n`;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o644);
      await handle.writeFile(owner);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await isStale(lockPath, staleMs)) {
        // Rename first so that only one of several waiters breaks this particular stale lock.
        const grave = `${lockPath}.stale.${process.pid}.${Date.now()}`;
        await fs.rename(lockPath, grave).then(
          () => fs.rm(grave, { force: true }),
          () => undefined,
        );
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for the lock ${lockPath} (held by: ${await holder(lockPath)})`);
      await sleep(pollMs + Math.floor(Math.random() * pollMs));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

async function holder(lockPath: string): Promise<string> {
  return (await fs.readFile(lockPath, 'utf8').catch(() => '')).split('\n').slice(0, 2).join('@') || 'unknown';
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  let content: string;
  let mtimeMs: number;
  try {
    content = await fs.readFile(lockPath, 'utf8');
    mtimeMs = (await fs.stat(lockPath)).mtimeMs;
  } catch {
    return false; // gone or being replaced: just try again
  }
  if (Date.now() - mtimeMs > staleMs) return true;
  const [pidText, host] = content.split('\n');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) {
    // An empty file is a lock being written right now; only age can make it stale.
    return false;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
