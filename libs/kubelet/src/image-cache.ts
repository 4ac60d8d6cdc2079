import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type ContainerConfig, type ImageStore, unpackImage } from '@kuack/oci';

export interface PreparedImage {
  /** The unpacked root filesystem (shared by every container of this image digest). */
  root: string;
  config?: ContainerConfig;
  /** The manifest digest, reported as imageID. */
  digest: string;
}

export class ImagePullError extends Error {}

/**
 * Resolves images in the local image store and unpacks each manifest digest once under `cacheDir`
 * (into a temp folder, then renamed, so a failed unpack never leaves a half-written root behind).
 */
export class ImageCache {
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly store: ImageStore,
    private readonly cacheDir: string,
  ) {}

  async prepare(image: string): Promise<PreparedImage> {
    let resolved;
    try {
      resolved = await this.store.resolveImage(image);
    } catch (err) {
      throw new ImagePullError(`Failed to pull image "${image}": ${(err as Error).message}`);
    }
    const digest = resolved.manifestDescriptor.digest;
    let pending = this.inflight.get(digest);
    if (!pending) {
      pending = this.unpackOnce(digest, resolved.layers).finally(() => this.inflight.delete(digest));
      this.inflight.set(digest, pending);
    }
    return { root: await pending, config: resolved.config.config, digest };
  }

  private async unpackOnce(digest: string, layers: Parameters<typeof unpackImage>[0]): Promise<string> {
    const root = path.join(this.cacheDir, digest.replace(':', '-'));
    try {
      await fs.access(root);
      return root;
    } catch {
      // not unpacked yet
    }
    await fs.mkdir(this.cacheDir, { recursive: true });
    const tmp = `${root}.tmp-${randomBytes(4).toString('hex')}`;
    try {
      await unpackImage(layers, tmp);
      await fs.rename(tmp, root);
    } catch (err) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw new ImagePullError(`unpacking ${digest}: ${(err as Error).message}`);
    }
    return root;
  }
}
