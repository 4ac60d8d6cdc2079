import { statSync } from 'node:fs';
import path from 'node:path';
import { directoryEntries, type LayerEntry } from '@kuack/oci';
import type { CompileResult } from './typescript-compile';
import type { FunctionFile } from './function-files';
import { RUNTIME_IMAGE_PATH } from './runtime-bundle';

export const FUNCTION_UID = 1000;
export const FUNCTION_GID = 1000;
const FUNC_DIR = 'func';
const owner = { uid: FUNCTION_UID, gid: FUNCTION_GID };

/**
 * The function layer: the function's files under /func/ owned by 1000:1000, with the TypeScript output laid
 * over them at the paths tsc would have written (an emitted file replaces a source file of the same path).
 */
export function functionLayerEntries(files: FunctionFile[], compiled?: CompileResult): LayerEntry[] {
  const entries = new Map<string, LayerEntry>();
  entries.set(FUNC_DIR, { type: 'directory', path: FUNC_DIR, mode: 0o755, ...owner });
  for (const file of files) {
    const imagePath = `${FUNC_DIR}/${file.relativePath}`;
    if (file.type === 'directory')
      entries.set(imagePath, { type: 'directory', path: imagePath, mode: 0o755, ...owner });
    else if (file.type === 'symlink')
      entries.set(imagePath, { type: 'symlink', path: imagePath, target: file.linkTarget!, ...owner });
    else
      entries.set(imagePath, {
        type: 'file',
        path: imagePath,
        mode: file.mode,
        size: file.size,
        content: { hostPath: file.hostPath },
        ...owner,
      });
  }
  for (const relative of compiled?.files ?? []) {
    const hostPath = path.join(compiled!.outputRoot, relative);
    const imagePath = `${FUNC_DIR}/${relative}`;
    entries.set(imagePath, {
      type: 'file',
      path: imagePath,
      mode: 0o644,
      size: statSync(hostPath).size,
      content: { hostPath },
      ...owner,
    });
  }
  return [...entries.values()];
}

/** The dependencies layer: an installed node_modules as /func/node_modules, owned by 1000:1000. */
export async function dependenciesLayerEntries(installDir: string): Promise<LayerEntry[]> {
  const entries = await directoryEntries(path.join(installDir, 'node_modules'), {
    prefix: `${FUNC_DIR}/node_modules`,
    ...owner,
  });
  return [{ type: 'directory', path: FUNC_DIR, mode: 0o755, ...owner }, ...entries];
}

/** The runtime layer: one bundled file, owned by root and read-only for the function. */
export function runtimeLayerEntries(bundleFile: string): LayerEntry[] {
  return [
    {
      type: 'file',
      path: RUNTIME_IMAGE_PATH.slice(1),
      mode: 0o644,
      size: statSync(bundleFile).size,
      content: { hostPath: bundleFile },
      uid: 0,
      gid: 0,
    },
  ];
}

export const LAYER_OWNER = owner;
