import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LayerInfo } from '@kuack/oci';

export type CachedLayerKind = 'runtime' | 'dependencies' | 'function';

export interface BuildCacheFile {
  layers: Partial<Record<CachedLayerKind, { key: string; layer: LayerInfo }>>;
}

/** `.func/build-cache.json`: which key each layer of the last build was made from, for incremental builds. */
export async function readBuildCache(funcDir: string): Promise<BuildCacheFile> {
  try {
    const parsed = JSON.parse(
      await fs.readFile(path.join(funcDir, 'build-cache.json'), 'utf8'),
    ) as BuildCacheFile;
    return parsed && typeof parsed.layers === 'object' ? parsed : { layers: {} };
  } catch {
    return { layers: {} };
  }
}

export async function writeBuildCache(funcDir: string, cache: BuildCacheFile): Promise<void> {
  await fs.writeFile(path.join(funcDir, 'build-cache.json'), `${JSON.stringify(cache, null, 2)}\n`);
}
