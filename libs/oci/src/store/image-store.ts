import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Annotation } from '../annotations';
import type { Descriptor, Platform } from '../descriptor';
import type { ImageConfig, ImageIndex, ImageManifest } from '../image.types';
import { BlobDirectory } from '../layout/blob-directory';
import { OciLayout, withRef } from '../layout/oci-layout';
import { isIndexMediaType, isManifestMediaType } from '../media-types';
import { formatPlatform, hostPlatform, platformMatches } from '../platform';
import type { LayerSource } from '../unpack/unpack-image';
import { withFileLock, type FileLockOptions } from './file-lock';

/** Where images live unless told otherwise; shared by the builder and the node agent. */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUACK_IMAGE_STORE ?? path.join(os.homedir(), '.kuack', 'images');
}

export interface StoredImage {
  name: string;
  descriptor: Descriptor;
}

export interface ResolvedImage {
  manifestDescriptor: Descriptor;
  manifest: ImageManifest;
  config: ImageConfig;
  layers: LayerSource[];
}

const STALE_INGEST_MS = 60 * 60_000;

/**
 * The local, content-addressed image store: an OCI image layout (so skopeo and umoci can read it) whose
 * `index.json` holds the tags. Blobs are written with temp file + rename; every change of `index.json` and
 * garbage collection happen under one lock file, so two processes can share a store.
 */
export class ImageStore {
  private constructor(
    readonly layout: OciLayout,
    private readonly lockOptions: FileLockOptions,
  ) {}

  static async open(root = defaultStoreRoot(), lockOptions: FileLockOptions = {}): Promise<ImageStore> {
    return new ImageStore(await OciLayout.create(root), lockOptions);
  }

  get root(): string {
    return this.layout.root;
  }

  get blobs(): BlobDirectory {
    return this.layout.blobs;
  }

  private get lockPath(): string {
    return path.join(this.root, 'index.json.lock');
  }

  private get ingestRoot(): string {
    return path.join(this.root, 'ingest');
  }

  async list(): Promise<StoredImage[]> {
    const index = await this.layout.readIndex();
    return index.manifests
      .filter((d) => d.annotations?.[Annotation.refName])
      .map((d) => ({ name: d.annotations![Annotation.refName]!, descriptor: d }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The descriptor tagged `name`, or the stored manifest/index whose digest is `name`, or — for a reference
   * pinned to a digest (`repo@sha256:…`, as Revisions run once their digest is resolved) — the stored
   * manifest/index with that digest.
   */
  async resolve(name: string): Promise<Descriptor | undefined> {
    const index = await this.layout.readIndex();
    const tagged = index.manifests.find((d) => d.annotations?.[Annotation.refName] === name);
    if (tagged) return tagged;
    const at = name.lastIndexOf('@');
    const digest = at >= 0 ? name.slice(at + 1) : name;
    return index.manifests.find((d) => d.digest === digest);
  }

  async tag(name: string, descriptor: Descriptor): Promise<void> {
    await this.locked(async () => {
      const missing = await this.missingBlobs(descriptor);
      if (missing.length > 0)
        throw new Error(`cannot tag ${name}: blob ${missing[0]} is not in the store ${this.root}`);
      const index = await this.layout.readIndex();
      index.manifests = withRef(index.manifests, stripRef(descriptor), name);
      await this.layout.writeIndex(index);
    });
  }

  /** Removes the tag `name`; the blobs stay until {@link gc}. Returns false when there was no such tag. */
  async remove(name: string): Promise<boolean> {
    return this.locked(async () => {
      const index = await this.layout.readIndex();
      const kept = index.manifests.filter((d) => d.annotations?.[Annotation.refName] !== name);
      if (kept.length === index.manifests.length) return false;
      await this.layout.writeIndex({ ...index, manifests: kept });
      return true;
    });
  }

  /** Deletes blobs no tag reaches, and leftovers of crashed writers. Returns the deleted digests. */
  async gc(): Promise<{ deleted: string[]; freedBytes: number }> {
    return this.locked(async () => {
      const index = await this.layout.readIndex();
      const live = new Set<string>();
      for (const d of index.manifests) await this.mark(d, live);
      const deleted: string[] = [];
      let freedBytes = 0;
      for (const digest of await this.blobs.list()) {
        if (live.has(digest)) continue;
        freedBytes += (await this.blobs.stat(digest))?.size ?? 0;
        await this.blobs.delete(digest);
        deleted.push(digest);
      }
      await removeOlderThan(this.ingestRoot, STALE_INGEST_MS);
      await removeOlderThan(this.blobs.tempDir, STALE_INGEST_MS);
      return { deleted, freedBytes };
    });
  }

  /**
   * A private staging area: blobs written there are invisible to the store until {@link Ingest.commit}, which
   * moves them in and tags the image under the lock. An abandoned ingest leaves nothing in the store.
   */
  async beginIngest(): Promise<Ingest> {
    const dir = path.join(this.ingestRoot, `${process.pid}-${randomBytes(6).toString('hex')}`);
    await fs.mkdir(dir, { recursive: true });
    return new Ingest(this, dir);
  }

  /** Moves staged blobs in and tags `descriptor` as `name`, atomically with respect to other store users. */
  async commitIngest(staged: BlobDirectory, name: string | undefined, descriptor: Descriptor): Promise<void> {
    await this.locked(async () => {
      await fs.mkdir(this.blobs.blobsDir, { recursive: true });
      for (const digest of await staged.list()) {
        await fs.rename(staged.pathOf(digest), this.blobs.pathOf(digest));
      }
      const missing = await this.missingBlobs(descriptor);
      if (missing.length > 0) {
        throw new Error(
          `store ${this.root}: blobs ${missing.join(', ')} vanished during the write (a concurrent gc?); retry`,
        );
      }
      if (name !== undefined) {
        const index = await this.layout.readIndex();
        index.manifests = withRef(index.manifests, stripRef(descriptor), name);
        await this.layout.writeIndex(index);
      }
    });
  }

  async readJson<T>(descriptor: Descriptor): Promise<T> {
    return (await this.layout.readJson<T>(descriptor)).document;
  }

  /** The manifest, config and layers of `name` for `platform` (default: this host's), ready to unpack. */
  async resolveImage(name: string, platform: Platform = hostPlatform()): Promise<ResolvedImage> {
    const root = await this.resolve(name);
    if (!root) throw new Error(`image "${name}" is not in the store ${this.root}`);
    let manifestDescriptor = root;
    if (isIndexMediaType(root.mediaType)) {
      const index = await this.readJson<ImageIndex>(root);
      const match = index.manifests.find((d) => d.platform && platformMatches(platform, d.platform));
      if (!match) {
        const available = index.manifests
          .map((d) => (d.platform ? formatPlatform(d.platform) : '?'))
          .join(', ');
        throw new Error(
          `image "${name}" has no manifest for ${formatPlatform(platform)} (it has: ${available})`,
        );
      }
      manifestDescriptor = match;
    }
    if (!isManifestMediaType(manifestDescriptor.mediaType)) {
      throw new Error(
        `image "${name}": ${manifestDescriptor.digest} is a ${manifestDescriptor.mediaType}, not an image manifest`,
      );
    }
    const manifest = await this.readJson<ImageManifest>(manifestDescriptor);
    const config = await this.readJson<ImageConfig>(manifest.config);
    const layers = manifest.layers.map((descriptor) => ({
      descriptor,
      open: () => this.blobs.open(descriptor.digest),
    }));
    return { manifestDescriptor, manifest, config, layers };
  }

  private async mark(descriptor: Descriptor, live: Set<string>): Promise<void> {
    if (live.has(descriptor.digest)) return;
    if (!(await this.blobs.has(descriptor.digest))) return;
    live.add(descriptor.digest);
    if (isIndexMediaType(descriptor.mediaType)) {
      const index = await this.readJson<ImageIndex>(descriptor);
      for (const child of index.manifests) await this.mark(child, live);
    } else if (isManifestMediaType(descriptor.mediaType)) {
      const manifest = await this.readJson<ImageManifest>(descriptor);
      for (const child of [manifest.config, ...manifest.layers])
        if (await this.blobs.has(child.digest)) live.add(child.digest);
    }
  }

  /** Blobs `descriptor` needs that the store lacks (children of an index are optional: one platform suffices). */
  private async missingBlobs(descriptor: Descriptor): Promise<string[]> {
    if (!(await this.blobs.has(descriptor.digest))) return [descriptor.digest];
    const missing: string[] = [];
    if (isManifestMediaType(descriptor.mediaType)) {
      const manifest = await this.readJson<ImageManifest>(descriptor);
      for (const child of [manifest.config, ...manifest.layers])
        if (!(await this.blobs.has(child.digest))) missing.push(child.digest);
    }
    return missing;
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.lockPath, fn, this.lockOptions);
  }
}

/** Blobs staged by one writer (a pull, a build) before they enter the store. */
export class Ingest {
  readonly blobs: BlobDirectory;

  constructor(
    private readonly store: ImageStore,
    readonly dir: string,
  ) {
    this.blobs = new BlobDirectory(dir);
  }

  /** True when the store or this ingest already has the blob. */
  async has(digest: string): Promise<boolean> {
    return (await this.store.blobs.has(digest)) || (await this.blobs.has(digest));
  }

  async commit(name: string | undefined, descriptor: Descriptor): Promise<void> {
    try {
      await this.store.commitIngest(this.blobs, name, descriptor);
    } finally {
      await this.abort();
    }
  }

  async abort(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

function stripRef(descriptor: Descriptor): Descriptor {
  const { annotations, ...rest } = descriptor;
  const kept = Object.fromEntries(
    Object.entries(annotations ?? {}).filter(([k]) => k !== Annotation.refName),
  );
  return Object.keys(kept).length > 0 ? { ...rest, annotations: kept } : rest;
}

async function removeOlderThan(dir: string, ageMs: number): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    const stats = await fs.lstat(full).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > ageMs) await fs.rm(full, { recursive: true, force: true });
  }
}
