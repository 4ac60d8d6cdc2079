import { lstatSync, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { LayerEntry } from './layer-entry';
import { compareLayerPaths } from './layer-path';

export interface DirectoryEntriesOptions {
  /** Where the directory lands in the image, e.g. `/func`. Default: the image root. */
  prefix?: string;
  uid?: number;
  gid?: number;
  /**
   * Keep the files' own permission bits. Default false: directories and executables get 0755, other files
   * 0644, so the digest does not depend on the umask of the checkout.
   */
  preserveModes?: boolean;
  /** Return false to leave a path (relative, `/`-separated) and, for a directory, everything under it out. */
  filter?: (relativePath: string, stats: Stats) => boolean;
}

/**
 * Lists a host directory as layer entries: metadata up front (one lstat per path), contents opened lazily
 * when the layer is written. Files sharing an inode become hard links to the first of them.
 */
export async function directoryEntries(
  root: string,
  options: DirectoryEntriesOptions = {},
): Promise<LayerEntry[]> {
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const entries: LayerEntry[] = [];
  const firstPathOfInode = new Map<string, string>();
  const owner = { uid: options.uid, gid: options.gid };
  const linkGroups: Array<{ inode: string; path: string }> = [];

  async function walk(dir: string, relative: string): Promise<void> {
    const names = (await fs.readdir(dir)).sort((a, b) => compareLayerPaths(a, b));
    for (const name of names) {
      const full = path.join(dir, name);
      const rel = relative === '' ? name : `${relative}/${name}`;
      // lstat is synchronous: a thread-pool round trip per path dominates walking many small files.
      const stats = lstatSync(full);
      if (options.filter && !options.filter(rel, stats)) continue;
      const imagePath = prefix === '' ? rel : `${prefix}/${rel}`;
      const mode = modeOf(stats, options.preserveModes ?? false);
      if (stats.isDirectory()) {
        entries.push({ type: 'directory', path: imagePath, mode, ...owner });
        await walk(full, rel);
      } else if (stats.isSymbolicLink()) {
        entries.push({ type: 'symlink', path: imagePath, target: await fs.readlink(full), ...owner });
      } else if (stats.isFile()) {
        const inode = `${stats.dev}:${stats.ino}`;
        const first = stats.nlink > 1 ? firstPathOfInode.get(inode) : undefined;
        // The link target must come first in the layer's (sorted) order, not in the walk's order.
        if (first === undefined || compareLayerPaths(imagePath, first) < 0)
          firstPathOfInode.set(inode, imagePath);
        if (stats.nlink > 1) linkGroups.push({ inode, path: imagePath });
        entries.push({
          type: 'file',
          path: imagePath,
          mode,
          size: stats.size,
          content: { hostPath: full },
          ...owner,
        });
      }
      // Sockets, FIFOs and devices have no place in an image built by Kuack: skipped.
    }
  }

  await walk(root, '');
  const linkTargetOf = new Map<string, string>();
  for (const { inode, path: p } of linkGroups) {
    const first = firstPathOfInode.get(inode)!;
    if (first !== p) linkTargetOf.set(p, first);
  }
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const target = linkTargetOf.get(entry.path);
    if (target !== undefined)
      entries[i] = { type: 'hardlink', path: entry.path, target, mode: entry.mode, ...owner };
  }
  if (prefix !== '') entries.push({ type: 'directory', path: prefix, ...owner });
  return entries;
}

function modeOf(stats: Stats, preserve: boolean): number {
  if (preserve) return stats.mode & 0o7777;
  if (stats.isDirectory()) return 0o755;
  if (stats.isSymbolicLink()) return 0o777;
  return stats.mode & 0o111 ? 0o755 : 0o644;
}
