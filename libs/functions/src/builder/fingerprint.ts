import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FunctionFile } from './function-files';

/**
 * The fingerprint of a function's source (`.func/built-hash`): sha256 over every non-ignored path, its kind,
 * mode and content (or link target). Content, not mtimes, so a checkout on another machine gives the same value.
 */
export function fingerprintFiles(files: FunctionFile[], extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file.type}\0${file.relativePath}\0${file.mode.toString(8)}\0`);
    if (file.type === 'file')
      hash.update(createHash('sha256').update(readFileSync(file.hostPath)).digest('hex'));
    if (file.type === 'symlink') hash.update(file.linkTarget ?? '');
    hash.update('\n');
  }
  for (const item of extra) hash.update(`extra\0${item}\n`);
  return hash.digest('hex');
}
