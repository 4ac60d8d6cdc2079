import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RequestError } from './source-archive';

export interface GitSource {
  url: string;
  /** Branch, tag or commit; default: the remote's HEAD. */
  revision?: string;
  /** The function's folder inside the repository (func.yaml build.git.contextDir). */
  contextDir?: string;
}

const SCHEMES = ['https:', 'http:', 'ssh:', 'git:'];

/** Checks a `{ git: { url, revision, contextDir } }` request body; 400 naming the field otherwise. */
export function parseGitSource(body: unknown, allowFile: boolean): GitSource {
  const git = (body as { git?: Record<string, unknown> } | undefined)?.git;
  if (!git || typeof git !== 'object')
    throw new RequestError(400, 'the JSON body must be {"git": {"url": …, "revision": …, "contextDir": …}}');
  const { url, revision, contextDir } = git;
  if (typeof url !== 'string' || url === '') throw new RequestError(400, 'git.url: missing');
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new RequestError(400, `git.url: "${url}" is not a URL`);
  }
  if (!SCHEMES.includes(scheme) && !(allowFile && scheme === 'file:')) {
    throw new RequestError(400, `git.url: scheme ${scheme} is not allowed (use ${SCHEMES.join(', ')})`);
  }
  if (
    revision !== undefined &&
    (typeof revision !== 'string' || !/^[\w./-]+$/.test(revision) || revision.startsWith('-'))
  ) {
    throw new RequestError(400, `git.revision: "${String(revision)}" is not a branch, tag or commit`);
  }
  if (contextDir !== undefined) {
    if (typeof contextDir !== 'string') throw new RequestError(400, 'git.contextDir: must be a string');
    const normalized = path.posix.normalize(contextDir);
    if (path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
      throw new RequestError(400, `git.contextDir: "${contextDir}" must stay inside the repository`);
    }
  }
  return {
    url,
    ...(typeof revision === 'string' ? { revision } : {}),
    ...(typeof contextDir === 'string' ? { contextDir } : {}),
  };
}

/** Fetches one revision of the repository (shallow) into `dir`; returns the function folder inside it. */
export async function checkoutGit(
  source: GitSource,
  dir: string,
  log: (line: string) => void,
): Promise<string> {
  log(`fetching ${source.url}${source.revision ? ` at ${source.revision}` : ''}`);
  const revision = source.revision ?? 'HEAD';
  await git(['init', '-q', dir], dir, 'git init');
  await git(
    ['-C', dir, 'fetch', '-q', '--depth', '1', '--', source.url, revision],
    dir,
    `git fetch ${source.url} ${revision}`,
  );
  await git(['-C', dir, 'checkout', '-q', 'FETCH_HEAD'], dir, `git checkout ${revision}`);
  await fs.rm(path.join(dir, '.git'), { recursive: true, force: true });
  if (!source.contextDir) return dir;
  // A contextDir that is a symlink in the repository must not lead the build out of the checkout.
  const root = await fs.realpath(path.join(dir, source.contextDir)).catch(() => {
    throw new RequestError(400, `git.contextDir: ${source.contextDir} does not exist at that revision`);
  });
  const inside = path.relative(await fs.realpath(dir), root);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new RequestError(400, `git.contextDir: ${source.contextDir} leads outside the repository`);
  }
  return root;
}

function git(args: string[], dir: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd: path.dirname(dir), timeout: 120_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, _out, stderr) => {
        if (!err) return resolve();
        reject(new Error(`${what} failed: ${stderr.trim().split('\n').at(-1) || err.message}`));
      },
    );
  });
}
