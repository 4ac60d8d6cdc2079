import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  formatPlatform,
  hostPlatform,
  isIndexMediaType,
  isManifestMediaType,
  OciLayout,
  writeImageIndex,
  writeImageManifest,
  writeLayer,
  Annotation,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type LayerEntry,
  type LayerInfo,
  type Platform,
  type RegistryClientOptions,
} from '@kuack/oci';
import { fetchBaseImage, type BasePlatformImage } from './base-image';
import { readBuildCache, writeBuildCache, type CachedLayerKind } from './build-cache';
import { installDependencies } from './dependencies';
import { fingerprintFiles } from './fingerprint';
import { readFunctionForBuild, type FunctionBuildConfig } from './function-config';
import { listFunctionFiles } from './function-files';
import {
  dependenciesLayerEntries,
  functionLayerEntries,
  LAYER_OWNER,
  runtimeLayerEntries,
} from './function-layers';
import { gitInfo } from './git-info';
import { literalEnvs, makeFunctionContainerConfig } from './image-config';
import { bundleRuntime } from './runtime-bundle';
import { compileTypeScript } from './typescript-compile';

export const DEFAULT_PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

/** Where local images are named when the function has no registry. */
export const LOCAL_REGISTRY = 'kuack.local';

export type LayerOutcome = 'built' | 'reused' | 'none';

export interface BuildFunctionOptions {
  /** The function folder (holding func.yaml). */
  root: string;
  /** Full image name; default: func.yaml `image`, else `<registry>/<name>:latest`, else `kuack.local/<name>:latest`. */
  image?: string;
  /** The registry for the default image name (`-r`). */
  registry?: string;
  /** Default: linux/amd64 + linux/arm64 with a base image, this machine's platform without. */
  platforms?: Platform[];
  /** The base image (pulled from its registry). Undefined: an image for local mode, run with the host's Node.js. */
  baseImage?: string;
  /** Credentials and transport for the base image's registry. */
  registryOptions?: RegistryClientOptions;
  /** Runtime bundles and installed dependencies; default `$KUACK_CACHE_DIR/functions` or ~/.cache/kuack/functions. */
  cacheDir?: string;
  /** The runtime's entry file (default: the Kuack runtime of this workspace). */
  runtimeEntry?: string;
  log?: (line: string) => void;
}

export interface BuildFunctionResult {
  name: string;
  image: string;
  /** Digest of the image index. */
  digest: string;
  index: Descriptor;
  layoutDir: string;
  fingerprint: string;
  manifests: Array<{ platform: string; digest: string }>;
  layers: Record<CachedLayerKind, LayerOutcome>;
  warnings: string[];
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUACK_CACHE_DIR) return path.join(env.KUACK_CACHE_DIR, 'functions');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kuack', 'functions');
}

/** The image name a build gets when none is given. */
export function defaultImageName(config: FunctionBuildConfig, registry?: string): string {
  if (registry) return `${registry.replace(/\/+$/, '')}/${config.name}:latest`;
  if (config.image) return config.image;
  if (config.registry) return `${config.registry.replace(/\/+$/, '')}/${config.name}:latest`;
  return `${LOCAL_REGISTRY}/${config.name}:latest`;
}

export function functionDir(root: string): string {
  return path.join(root, '.func');
}

export function layoutDir(root: string): string {
  return path.join(functionDir(root), 'oci');
}

/**
 * Builds a function into an OCI image index in `.func/oci` (an OCI image layout): base layers (per platform)
 * → runtime (one bundled file) → dependencies (`npm ci --omit=dev`) → function (/func/). Deterministic: the
 * same source gives the same digest. Incremental: a layer whose key (bundle hash, lockfile, source fingerprint)
 * did not change is reused without being rebuilt. Writes `.func/built-image` and `.func/built-hash`.
 */
export async function buildFunction(options: BuildFunctionOptions): Promise<BuildFunctionResult> {
  const root = path.resolve(options.root);
  const log = options.log ?? (() => undefined);
  const config = await readFunctionForBuild(root);
  const image = options.image ?? defaultImageName(config, options.registry);
  const host = hostPlatform();
  const platforms =
    options.platforms ??
    (options.baseImage ? DEFAULT_PLATFORMS : [{ os: host.os, architecture: host.architecture }]);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const funcDir = functionDir(root);
  const layout = await OciLayout.create(layoutDir(root));
  await ensureGitignored(funcDir);
  const cache = await readBuildCache(funcDir);
  const outcomes: Record<CachedLayerKind, LayerOutcome> = {
    runtime: 'none',
    dependencies: 'none',
    function: 'none',
  };
  const warnings: string[] = [];

  const files = await listFunctionFiles(root);
  const fingerprint = fingerprintFiles(files);

  const cachedLayer = async (
    kind: CachedLayerKind,
    key: string,
    entries: () => Promise<LayerEntry[]>,
    ownerOptions = {},
  ): Promise<LayerInfo> => {
    const hit = cache.layers[kind];
    if (hit && hit.key === key && (await layout.blobs.has(hit.layer.descriptor.digest))) {
      outcomes[kind] = 'reused';
      return hit.layer;
    }
    const layer = await writeLayer(layout.blobs, await entries(), ownerOptions);
    cache.layers[kind] = { key, layer };
    outcomes[kind] = 'built';
    log(`${kind} layer ${layer.descriptor.digest.slice(7, 19)} (${layer.descriptor.size} bytes)`);
    return layer;
  };

  const runtime = await bundleRuntime(cacheDir, options.runtimeEntry);
  const runtimeLayer = await cachedLayer('runtime', runtime.hash, async () =>
    runtimeLayerEntries(runtime.file),
  );

  const deps = await installDependencies(root, cacheDir, platforms, host, log);
  let depsLayer: LayerInfo | undefined;
  if (deps) {
    depsLayer = await cachedLayer(
      'dependencies',
      deps.key,
      () => dependenciesLayerEntries(deps.dir),
      LAYER_OWNER,
    );
  } else delete cache.layers.dependencies;

  const functionLayer = await cachedLayer(
    'function',
    fingerprint,
    async () => {
      const compiled = await compileTypeScript(root, path.join(funcDir, 'build', 'tsc'));
      if (compiled) {
        log(`compiled ${compiled.files.length} TypeScript outputs`);
        for (const w of compiled.warnings.slice(0, 5)) warnings.push(`TypeScript: ${w}`);
      }
      return functionLayerEntries(files, compiled);
    },
    LAYER_OWNER,
  );

  let bases: BasePlatformImage[] | undefined;
  if (options.baseImage)
    bases = await fetchBaseImage(options.baseImage, platforms, layout.blobs, options.registryOptions, log);

  const git = await gitInfo(root);
  const envs = literalEnvs(config.run?.envs);
  for (const name of envs.skipped)
    warnings.push(`run.envs ${name}: a template, set when the function is deployed, not in the image`);

  const manifests: Descriptor[] = [];
  for (const [i, platform] of platforms.entries()) {
    const base = bases?.[i];
    const containerConfig = makeFunctionContainerConfig({
      name: config.name,
      ...(base?.config.config ? { base: base.config.config } : {}),
      ...(config.created ? { created: config.created } : {}),
      ...(git.version ? { version: git.version } : {}),
      ...(git.revision ? { revision: git.revision } : {}),
      ...(config.run?.envs ? { envs: config.run.envs } : {}),
    });
    manifests.push(
      await writeImageManifest(layout.blobs, {
        platform,
        layers: [...(base?.layers ?? []), runtimeLayer, ...(depsLayer ? [depsLayer] : []), functionLayer],
        config: containerConfig,
        ...(config.created ? { created: config.created } : {}),
        ...(base && options.baseImage
          ? {
              annotations: {
                [Annotation.baseName]: options.baseImage,
                [Annotation.baseDigest]: base.manifestDigest,
              },
            }
          : {}),
      }),
    );
  }
  const index = await writeImageIndex(layout.blobs, manifests);
  await layout.tag(index, image);
  await removeUnreferencedBlobs(layout);
  await writeBuildCache(funcDir, cache);
  await fs.writeFile(path.join(funcDir, 'built-image'), `${image}\n`);
  await fs.writeFile(path.join(funcDir, 'built-hash'), `${fingerprint}\n`);
  log(`built ${image}@${index.digest}`);
  return {
    name: config.name,
    image,
    digest: index.digest,
    index,
    layoutDir: layout.root,
    fingerprint,
    manifests: manifests.map((m) => ({ platform: formatPlatform(m.platform!), digest: m.digest })),
    layers: outcomes,
    warnings,
  };
}

/** `.func/` holds build output: keep it out of git (func create does the same in the function's .gitignore). */
async function ensureGitignored(funcDir: string): Promise<void> {
  const file = path.join(funcDir, '.gitignore');
  try {
    await fs.access(file);
  } catch {
    await fs.writeFile(file, '*\n');
  }
}

/** Keeps `.func/oci` from growing with every rebuild: deletes blobs no tagged image reaches. */
async function removeUnreferencedBlobs(layout: OciLayout): Promise<void> {
  const live = new Set<string>();
  const visit = async (d: Descriptor): Promise<void> => {
    if (live.has(d.digest) || !(await layout.blobs.has(d.digest))) return;
    live.add(d.digest);
    if (isIndexMediaType(d.mediaType)) {
      const { document } = await layout.readJson<ImageIndex>(d);
      for (const child of document.manifests) await visit(child);
    } else if (isManifestMediaType(d.mediaType)) {
      const { document } = await layout.readJson<ImageManifest>(d);
      for (const child of [document.config, ...document.layers]) live.add(child.digest);
    }
  };
  for (const d of (await layout.readIndex()).manifests) await visit(d);
  for (const digest of await layout.blobs.list()) if (!live.has(digest)) await layout.blobs.delete(digest);
}
