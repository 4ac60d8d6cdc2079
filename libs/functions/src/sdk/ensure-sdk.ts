import fs from 'node:fs';
import path from 'node:path';
import { SDK_INDEX_DTS } from './sdk-types';

/** Where the SDK package lives in a Kuack installation, relative to its root. */
export const SDK_DIR = 'dist/functions-sdk';
const SOURCES = 'libs/functions/src';

export interface FunctionSdk {
  /** The package folder function projects link as node_modules/@kuack/functions. */
  dir: string;
  /** The runtime's process entry (one file): `node runtime.js <function folder>`. */
  runtimeFile: string;
}

/**
 * The function SDK package and the runtime entry, built from the sources with esbuild when a source is newer
 * than the build (a checkout), or used as shipped (an installed package without sources).
 */
export async function ensureFunctionSdk(rootDir: string, version = '0.0.0'): Promise<FunctionSdk> {
  const dir = path.join(rootDir, SDK_DIR);
  const sdk = { dir, runtimeFile: path.join(dir, 'runtime.js') };
  const sources = path.join(rootDir, SOURCES);
  if (!fs.existsSync(sources)) {
    if (!fs.existsSync(sdk.runtimeFile))
      throw new Error(`the Kuack function runtime is missing: ${sdk.runtimeFile}`);
    return sdk;
  }
  const stamp = path.join(dir, '.built');
  const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (builtAt >= newestSource(path.join(sources, 'runtime'), newestSource(path.join(sources, 'sdk'))))
    return sdk;

  const startedAt = new Date();
  const temp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: rootDir,
    entryPoints: {
      index: path.join(sources, 'sdk/sdk-entry.ts'),
      runtime: path.join(sources, 'runtime/main.ts'),
    },
    outdir: temp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    legalComments: 'none',
  });
  fs.copyFileSync(path.join(sources, 'runtime/types.ts'), path.join(temp, 'types.d.ts'));
  fs.writeFileSync(path.join(temp, 'index.d.ts'), SDK_INDEX_DTS);
  fs.writeFileSync(
    path.join(temp, 'package.json'),
    JSON.stringify(
      {
        name: '@kuack/functions',
        version,
        description: 'The Kuack function runtime and types',
        main: 'index.js',
        types: 'index.d.ts',
        license: 'Apache-2.0',
      },
      null,
      2,
    ) + '\n',
  );
  fs.writeFileSync(path.join(temp, '.built'), '');
  fs.utimesSync(path.join(temp, '.built'), startedAt, startedAt);
  // Swap the folder in: symlinks of existing projects point at `dir`, so replace its content, not the link target.
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(temp)) fs.renameSync(path.join(temp, file), path.join(dir, file));
  fs.rmSync(temp, { recursive: true, force: true });
  return sdk;
}

function newestSource(dir: string, newest = 0): number {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(full, newest);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}
