import { execFile } from 'node:child_process';

export interface GitInfo {
  /** The commit (`git rev-parse HEAD`). */
  revision?: string;
  /** `git describe --tags --always`. */
  version?: string;
}

/** The source revision of a function folder; empty when it is not in a git checkout (or git is missing). */
export async function gitInfo(root: string): Promise<GitInfo> {
  const [revision, version] = await Promise.all([
    git(root, ['rev-parse', 'HEAD']),
    git(root, ['describe', '--tags', '--always']),
  ]);
  return { ...(revision ? { revision } : {}), ...(version ? { version } : {}) };
}

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000 }, (err, stdout) =>
      resolve(err ? undefined : stdout.trim() || undefined),
    );
  });
}
