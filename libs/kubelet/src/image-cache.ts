import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  type ContainerConfig,
  type Credentials,
  type ImageStore,
  RegistryClient,
  RegistryError,
  parseReference,
  pullImage,
  unpackImage,
} from '@kuack/oci';
import { type PullSecret, pullCredentials } from './pull-credentials';

export interface PreparedImage {
  /** The unpacked root filesystem (shared by every container of this image digest). */
  root: string;
  config?: ContainerConfig;
  /** The manifest digest, reported as imageID. */
  digest: string;
}

export class ImagePullError extends Error {
  /** The registry could not be reached at all (connection refused, unknown host), as opposed to refusing. */
  unreachable = false;
}

/** The image is not in the local store and the pull policy is Never (the kubelet's ErrImageNeverPull). */
export class ImageNeverPullError extends Error {}

export interface PullContext {
  policy?: 'Always' | 'IfNotPresent' | 'Never';
  /** The Pod's imagePullSecrets (Secrets as read from the API). */
  secrets?: PullSecret[];
  /** Pulling / Pulled, as the kubelet's Events. */
  onEvent?: (reason: 'Pulling' | 'Pulled' | 'Failed', message: string) => void;
}

/** Registries that exist only as names in the local image store (`kuack up` stores its own images there). */
export const LOCAL_ONLY_REGISTRIES = new Set(['kuack.local']);

/**
 * Resolves images in the local image store, pulling them from their registry (with the Pod's imagePullSecrets)
 * when missing, and unpacks each manifest digest once under `cacheDir` (into a temp folder, then renamed, so a
 * failed unpack never leaves a half-written root behind).
 */
export class ImageCache {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly pulls = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ImageStore,
    private readonly cacheDir: string,
  ) {}

  async prepare(image: string, pull: PullContext = {}): Promise<PreparedImage> {
    let registry: string | undefined;
    try {
      registry = parseReference(image).registry;
    } catch (err) {
      throw new ImagePullError(`Failed to pull image "${image}": ${(err as Error).message}`);
    }
    const localOnly = LOCAL_ONLY_REGISTRIES.has(registry);
    const present = (await this.store.resolve(image)) !== undefined;
    const policy = pull.policy ?? 'IfNotPresent';
    if (!present && policy === 'Never')
      throw new ImageNeverPullError(`Container image "${image}" is not present with pull policy of Never`);
    if (!localOnly && (!present || policy === 'Always')) {
      try {
        await this.pullOnce(image, registry, pull);
      } catch (err) {
        // Local mode: an image already in the store still runs when its registry is not reachable (a kubelet
        // would fail); a registry that answers with an error (credentials, not found) still fails the pull.
        if (!(present && err instanceof ImagePullError && err.unreachable)) throw err;
        pull.onEvent?.('Failed', `${err.message}; using the image in the local store`);
      }
    }
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

  /** One pull per image at a time: Pods starting together share it. */
  private pullOnce(image: string, registry: string, pull: PullContext): Promise<void> {
    let pending = this.pulls.get(image);
    if (!pending) {
      pending = this.pull(image, registry, pull).finally(() => this.pulls.delete(image));
      this.pulls.set(image, pending);
    }
    return pending;
  }

  private async pull(image: string, registry: string, pull: PullContext): Promise<void> {
    let candidates: (Credentials | undefined)[];
    try {
      candidates = pullCredentials(pull.secrets ?? [], registry);
    } catch (err) {
      throw new ImagePullError(`Failed to pull image "${image}": ${(err as Error).message}`);
    }
    // No secret for this registry: the node's own credentials (env, docker config.json) or anonymous.
    if (candidates.length === 0) candidates = [undefined];
    pull.onEvent?.('Pulling', `Pulling image "${image}"`);
    const began = Date.now();
    let last: unknown;
    for (const credentials of candidates) {
      const client = await RegistryClient.create(registry, credentials ? { credentials } : {});
      try {
        const result = await pullImage(client, parseReference(image), this.store, { name: image });
        const seconds = ((Date.now() - began) / 1000).toFixed(3);
        pull.onEvent?.(
          'Pulled',
          `Successfully pulled image "${image}" in ${seconds}s. Image size: ${result.fetchedBytes} bytes.`,
        );
        return;
      } catch (err) {
        last = err;
        // Wrong credentials: the next secret may hold the right ones, as the kubelet tries them in turn.
        if (!(err instanceof RegistryError && (err.status === 401 || err.status === 403))) break;
      } finally {
        await client.close();
      }
    }
    const failure = new ImagePullError(`Failed to pull image "${image}": ${(last as Error).message}`);
    failure.unreachable = isConnectionFailure(last);
    throw failure;
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

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether an error (or one of its causes) is a failure to connect, not an answer of the registry. */
export function isConnectionFailure(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof RegistryError) return false;
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
