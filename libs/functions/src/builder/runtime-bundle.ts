import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { FunctionBuildError } from './build-error';

/** Where the runtime lives in the image; the entrypoint runs it with the image's (or the host's) Node.js. */
export const RUNTIME_IMAGE_PATH = '/kuack/runtime.js';
export const RUNTIME_ENTRY = 'libs/functions/src/runtime/main.ts';

export interface RuntimeBundle {
  file: string;
  /** sha256 of the bundle's bytes: the runtime layer's cache key. */
  hash: string;
  reused: boolean;
}

interface CachedInputs {
  entry: string;
  inputs: Record<string, string>;
}

/** The monorepo root (the folder holding libs/functions/src), searched upwards from `from`. */
export function findWorkspaceRoot(from = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'libs', 'functions', 'src'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new FunctionBuildError(`cannot find the Kuack runtime sources above ${from}`);
    dir = parent;
  }
}

/** The runtime's entry file in this workspace. */
export function runtimeEntry(workspaceRoot: string): string {
  const entry = path.join(workspaceRoot, RUNTIME_ENTRY);
  if (!existsSync(entry))
    throw new FunctionBuildError(`the function runtime ${entry} is missing from this installation`);
  return entry;
}

/**
 * Bundles the function runtime into one CommonJS file (every dependency inlined, never the monorepo's
 * node_modules) under `cacheDir`. The bundle is rebuilt only when one of its input files changed: the inputs
 * of the last bundle and their hashes are kept beside it.
 */
export async function bundleRuntime(
  cacheDir: string,
  entry = runtimeEntry(findWorkspaceRoot()),
): Promise<RuntimeBundle> {
  const dir = path.join(cacheDir, 'runtime', createHash('sha256').update(entry).digest('hex').slice(0, 16));
  const file = path.join(dir, 'runtime.js');
  const inputsFile = path.join(dir, 'inputs.json');
  const cached = readCachedInputs(inputsFile);
  if (cached && cached.entry === entry && existsSync(file) && inputsUnchanged(cached.inputs)) {
    return { file, hash: hashFile(file), reused: true };
  }
  const workspaceRoot = findWorkspaceRoot(path.dirname(entry));
  const esbuild = await import('esbuild');
  await fs.mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const result = await esbuild.build({
    absWorkingDir: workspaceRoot,
    entryPoints: [entry],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: path.join(workspaceRoot, 'tsconfig.base.json'),
    // Optional pretty-printers that libraries require only when configured: never part of the runtime.
    external: ['pino-pretty'],
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  await fs.rename(temp, file);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const full = path.resolve(workspaceRoot, input);
    if (existsSync(full)) inputs[full] = hashFile(full);
  }
  await fs.writeFile(inputsFile, JSON.stringify({ entry, inputs } satisfies CachedInputs));
  return { file, hash: hashFile(file), reused: false };
}

function readCachedInputs(file: string): CachedInputs | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CachedInputs;
  } catch {
    return undefined;
  }
}

function inputsUnchanged(inputs: Record<string, string>): boolean {
  return Object.entries(inputs).every(([file, hash]) => existsSync(file) && hashFile(file) === hash);
}

function hashFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
