import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { formatPlatform, type Platform } from '@kuack/oci';
import { FunctionBuildError } from './build-error';

export interface InstalledDependencies {
  /** The folder holding `node_modules/`. */
  dir: string;
  /** sha256 of the lockfile and the dependency lists: the dependencies layer's cache key. */
  key: string;
  reused: boolean;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

interface LockPackage {
  hasInstallScript?: boolean;
  dev?: boolean;
  optional?: boolean;
}

const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

/**
 * Packages of a lockfile (v2/v3 `packages`) that run install scripts and are installed without --dev: the
 * ones that may build a native addon for the machine that installs them.
 */
export function nativeCandidates(lock: { packages?: Record<string, LockPackage> }): string[] {
  return Object.entries(lock.packages ?? {})
    .filter(([key, pkg]) => key !== '' && pkg.hasInstallScript && !pkg.dev)
    .map(([key]) => key.replace(/^.*node_modules\//, ''))
    .sort();
}

/** True when every target platform is the platform of this machine (so an addon built here runs there). */
export function platformsMatchHost(targets: Platform[], host: Platform): boolean {
  return targets.every((t) => t.os === host.os && t.architecture === host.architecture);
}

/**
 * Installs the function's production dependencies with `npm ci --omit=dev` into a cache folder keyed by the
 * lockfile, so an unchanged lockfile is never installed twice. Returns undefined when the function has no
 * dependencies (no lockfile needed then).
 */
export async function installDependencies(
  root: string,
  cacheDir: string,
  targets: Platform[],
  host: Platform,
  log: (line: string) => void = () => undefined,
): Promise<InstalledDependencies | undefined> {
  const packageFile = path.join(root, 'package.json');
  let pkgText: string;
  try {
    pkgText = await fs.readFile(packageFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const pkg = parseJson<PackageJson>(pkgText, packageFile);
  const deps = { ...(pkg.dependencies ?? {}), ...(pkg.optionalDependencies ?? {}) };
  const names = Object.keys(deps).sort();
  if (names.length === 0) return undefined;

  const lockName = LOCKFILES.find((name) => existsSync(path.join(root, name)));
  if (!lockName) {
    throw new FunctionBuildError(
      `${packageFile} lists dependencies (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}) but there is no package-lock.json: run \`npm install\` in ${root} to create it`,
    );
  }
  const lockFile = path.join(root, lockName);
  const lockText = await fs.readFile(lockFile, 'utf8');
  const lock = parseJson<{ lockfileVersion?: number; packages?: Record<string, LockPackage> }>(
    lockText,
    lockFile,
  );
  if (!lock.packages) {
    throw new FunctionBuildError(
      `${lockFile}: lockfileVersion ${String(lock.lockfileVersion)} has no "packages"; regenerate it with npm 7 or later (\`npm install\`)`,
    );
  }
  const native = nativeCandidates(lock);
  if (native.length > 0 && !platformsMatchHost(targets, host)) {
    throw new FunctionBuildError(
      `dependency ${native[0]} runs an install script (a native addon?) that would be built for ${formatPlatform(host)}, not for ${targets.map(formatPlatform).join(' and ')}: build with --platform ${formatPlatform(host)} or drop the dependency`,
    );
  }

  const key = createHash('sha256')
    .update(lockText)
    .update('\0')
    .update(JSON.stringify(names.map((n) => [n, deps[n]])))
    .update(native.length > 0 ? `\0${formatPlatform(host)}` : '')
    .digest('hex');
  const dir = path.join(cacheDir, 'dependencies', key);
  if (existsSync(path.join(dir, '.complete'))) return { dir, key, reused: true };

  const temp = `${dir}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.mkdir(temp, { recursive: true });
  try {
    await fs.writeFile(path.join(temp, 'package.json'), pkgText);
    await fs.writeFile(path.join(temp, lockName), lockText);
    log(`installing ${names.length} dependencies (npm ci --omit=dev)`);
    await runNpmCi(temp, native.length === 0, lockFile);
    await fs.writeFile(path.join(temp, '.complete'), '');
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(temp, dir);
  } catch (err) {
    await fs.rm(temp, { recursive: true, force: true });
    throw err;
  }
  return { dir, key, reused: false };
}

function runNpmCi(dir: string, ignoreScripts: boolean, lockFile: string): Promise<void> {
  const args = ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'];
  if (ignoreScripts) args.push('--ignore-scripts');
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      args,
      { cwd: dir, maxBuffer: 16 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (err, _stdout, stderr) => {
        if (!err) return resolve();
        const reason =
          stderr
            .split('\n')
            .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
            .filter((l) => l !== '' && !l.startsWith('A complete log'))
            .slice(0, 2)
            .join(' ') || err.message;
        reject(new FunctionBuildError(`npm ci failed for ${lockFile}: ${reason}`));
      },
    );
  });
}

function parseJson<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new FunctionBuildError(`${file}: invalid JSON (${(err as Error).message})`);
  }
}
