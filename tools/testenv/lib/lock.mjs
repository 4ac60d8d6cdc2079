// A file lock shared by every `up`/`down` on the machine, so test processes that start services at the
// same time wait for each other instead of starting them twice. flock(1) locks the open file description
// it inherits as fd 3; the lock stays ours until this process closes the file or exits (even on a crash).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const WAIT_SECONDS = 3600;

/**
 * Runs `fn` while holding the lock file `lockPath`.
 * @template T
 * @param {string} lockPath
 * @param {string} purpose what the holder is doing, shown to processes that wait
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withLock(lockPath, purpose, fn) {
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const fd = openSync(lockPath, 'a');
  try {
    if (!flock(fd, ['-n'])) {
      process.stderr.write(`testenv: waiting for the lock ${lockPath} (held by ${holder(lockPath)})\n`);
      if (!flock(fd, ['-w', String(WAIT_SECONDS)])) {
        throw new Error(`testenv: could not take the lock ${lockPath} within ${WAIT_SECONDS} s`);
      }
    }
    writeFileSync(`${lockPath}.holder`, `pid ${process.pid}: ${purpose}\n`);
    return await fn();
  } finally {
    closeSync(fd);
  }
}

/** @param {number} fd @param {string[]} options @returns {boolean} whether the lock was taken */
function flock(fd, options) {
  const result = spawnSync('flock', [...options, '-x', '3'], { stdio: ['ignore', 'inherit', 'inherit', fd] });
  if (result.error) throw new Error(`testenv: cannot run flock(1) (util-linux): ${result.error.message}`);
  return result.status === 0;
}

/** @param {string} lockPath */
function holder(lockPath) {
  try {
    return readFileSync(`${lockPath}.holder`, 'utf8').trim();
  } catch {
    return 'another process';
  }
}
