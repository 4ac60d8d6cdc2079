import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A unique temp name beside `target`'s directory tree, so the final rename stays on one filesystem. */
export function tempPathIn(dir: string, hint: string): string {
  return path.join(dir, `.${hint}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes a small file atomically: readers see the old content or the new one, never a partial write, even
 * when another process writes the same file at the same time (the last rename wins).
 */
export async function atomicWriteFile(target: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temp = tempPathIn(dir, path.basename(target));
  try {
    await fs.writeFile(temp, data, { mode });
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
