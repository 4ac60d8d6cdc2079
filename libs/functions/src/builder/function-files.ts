import { lstatSync, promises as fs, readFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { FunctionBuildError } from './build-error';

/** Never part of the function layer: VCS data, build output, and dependencies (they get their own layer). */
export const ALWAYS_SKIPPED = ['.git', '.func', 'node_modules'];

export interface FunctionFile {
  /** Relative to the function root, `/`-separated. */
  relativePath: string;
  hostPath: string;
  type: 'file' | 'directory' | 'symlink';
  /** 0755 for directories and executables, 0644 for other files (independent of the checkout's umask). */
  mode: number;
  size: number;
  /** Symlinks only: the target as written. */
  linkTarget?: string;
}

/** A matcher for `.funcignore` (gitignore syntax) plus the paths that are always skipped. */
export function funcIgnoreMatcher(
  funcignoreText: string | undefined,
): (relativePath: string, isDir: boolean) => boolean {
  const matcher = ignore().add(ALWAYS_SKIPPED.map((p) => `/${p}`));
  if (funcignoreText) matcher.add(funcignoreText);
  return (relativePath, isDir) => matcher.ignores(isDir ? `${relativePath}/` : relativePath);
}

/**
 * Checks that a symlink at `relativePath` with `target` stays inside the function root: it must be relative
 * and must not climb above the root. Returns an error message, or undefined when it is fine.
 */
export function symlinkProblem(relativePath: string, target: string): string | undefined {
  if (path.posix.isAbsolute(target) || path.win32.isAbsolute(target)) {
    return `symlink "${relativePath}" points to the absolute path "${target}"; function symlinks must be relative and stay inside the function folder`;
  }
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(relativePath), target));
  if (resolved === '..' || resolved.startsWith('../')) {
    return `symlink "${relativePath}" points to "${target}", outside the function folder; function symlinks must stay inside it`;
  }
  return undefined;
}

/**
 * Lists the files of the function folder that go into the image: `.funcignore` honoured, `.git`, `.func` and
 * `node_modules` skipped, symlinks checked (relative, inside the root). Sorted by path; sockets and devices skipped.
 */
export async function listFunctionFiles(root: string): Promise<FunctionFile[]> {
  let funcignore: string | undefined;
  try {
    funcignore = readFileSync(path.join(root, '.funcignore'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const ignored = funcIgnoreMatcher(funcignore);
  const files: FunctionFile[] = [];

  async function walk(dir: string, relative: string): Promise<void> {
    const names = (await fs.readdir(dir)).sort(compareBytes);
    for (const name of names) {
      const hostPath = path.join(dir, name);
      const relativePath = relative === '' ? name : `${relative}/${name}`;
      const stats: Stats = lstatSync(hostPath);
      if (ignored(relativePath, stats.isDirectory())) continue;
      if (stats.isDirectory()) {
        files.push({ relativePath, hostPath, type: 'directory', mode: 0o755, size: 0 });
        await walk(hostPath, relativePath);
      } else if (stats.isSymbolicLink()) {
        const linkTarget = await fs.readlink(hostPath);
        const problem = symlinkProblem(relativePath, linkTarget);
        if (problem) throw new FunctionBuildError(problem);
        files.push({ relativePath, hostPath, type: 'symlink', mode: 0o777, size: 0, linkTarget });
      } else if (stats.isFile()) {
        const mode = stats.mode & 0o111 ? 0o755 : 0o644;
        files.push({ relativePath, hostPath, type: 'file', mode, size: stats.size });
      }
    }
  }

  await walk(root, '');
  return files;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
