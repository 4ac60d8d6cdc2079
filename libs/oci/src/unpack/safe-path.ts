import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UnsafeEntryError } from './unsafe-entry-error';

const MAX_SYMLINK_HOPS = 40;

/**
 * Splits a tar entry name into components. Refuses absolute names and any `..` component: an image layer has
 * no business naming anything above its root. `./` prefixes and empty components are dropped.
 */
export function entryComponents(name: string, entry = name): string[] {
  if (name.startsWith('/')) throw new UnsafeEntryError(entry, 'absolute path');
  if (name.includes('\0')) throw new UnsafeEntryError(entry, 'NUL byte in path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UnsafeEntryError(entry, '".." in path');
  return parts;
}

export interface ResolveOptions {
  /** Create missing directories along the way (mode 0755). */
  create: boolean;
}

/**
 * Resolves the directory `components` names under `root`, following symlinks the way they would be followed
 * inside the image (an absolute target starts again at `root`), and refuses any resolution that would climb
 * above `root`. Returns the host path of that directory, or undefined when it does not exist and `create` is
 * false. Never follows a symlink out of the root, so writing into the result is safe.
 */
export async function resolveDirectoryInRoot(
  root: string,
  components: string[],
  entry: string,
  options: ResolveOptions,
): Promise<string | undefined> {
  const resolved: string[] = [];
  const pending = [...components];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (resolved.length === 0)
        throw new UnsafeEntryError(entry, 'a symlink on its path leads outside the target');
      resolved.pop();
      continue;
    }
    const candidate = path.join(root, ...resolved, part);
    let stats;
    try {
      stats = await fs.lstat(candidate);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!options.create) return undefined;
      await fs.mkdir(candidate, { mode: 0o755 });
      resolved.push(part);
      continue;
    }
    if (stats.isSymbolicLink()) {
      if (++hops > MAX_SYMLINK_HOPS)
        throw new UnsafeEntryError(entry, 'too many levels of symlinks on its path');
      const target = await fs.readlink(candidate);
      const targetParts = target.split('/');
      if (target.startsWith('/')) resolved.length = 0; // absolute: relative to the image root, not the host's
      pending.unshift(...targetParts);
      continue;
    }
    if (!stats.isDirectory()) {
      throw new UnsafeEntryError(entry, `"${[...resolved, part].join('/')}" on its path is not a directory`);
    }
    resolved.push(part);
  }
  return path.join(root, ...resolved);
}
