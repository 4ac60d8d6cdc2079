import { type ImageReference, formatReference, parseReference, referenceTarget } from '@kuack/oci';
import { type ContainerStatus, type Revision, revisionContainerMissingMessage } from '@kuack/api';

/** Where digests come from: Kuack's local image store first, then the image's registry. */
export interface DigestSource {
  /** The digest of the image stored locally under this name, or undefined. */
  local?(names: string[]): Promise<string | undefined>;
  /** The digest the registry answers for the tag. */
  remote(ref: ImageReference): Promise<string>;
}

export interface ResolveOptions {
  /** config-deployment registries-skipping-tag-resolving. */
  registriesSkippingTagResolving: string[];
  /** config-deployment digest-resolution-timeout. */
  timeoutMs: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The `imageDigest` of one container image (Knative's digestResolver): an image already pinned to a digest is
 * kept; one from a registry that skips tag resolution gets none (''); otherwise `<registry>/<repo>@<digest>`
 * from the local store or the registry. Failures read `Unable to fetch image "<image>": failed to resolve
 * image to digest: <why>`.
 */
export async function resolveImageDigest(
  image: string,
  source: DigestSource,
  options: ResolveOptions,
): Promise<string> {
  const fail = (why: string) =>
    new Error(`${revisionContainerMissingMessage(image, 'failed to resolve image to digest')}: ${why}`);
  let ref: ImageReference;
  try {
    ref = parseReference(image);
  } catch (err) {
    throw fail((err as Error).message);
  }
  if (ref.digest) return image;
  if (options.registriesSkippingTagResolving.includes(ref.registry)) return '';
  const repository = `${ref.registry}/${ref.repository}`;
  try {
    const local = await source.local?.([
      ...new Set([image, formatReference({ ...ref, tag: referenceTarget(ref) })]),
    ]);
    if (local) return `${repository}@${local}`;
    const digest = await withTimeout(source.remote(ref), options.timeoutMs);
    return `${repository}@${digest}`;
  } catch (err) {
    throw fail((err as Error).message);
  }
}

type Outcome = { statuses: ContainerStatus[] } | { error: Error };

/**
 * Resolves a revision's images off the reconcile path (Knative's backgroundResolver): the first call starts
 * the work and answers undefined; `onDone(key)` re-enqueues the revision, whose next call gets the outcome.
 */
export class BackgroundDigestResolver {
  private readonly work = new Map<string, { outcome?: Outcome }>();

  constructor(
    private readonly source: DigestSource,
    private readonly onDone: (key: string) => void,
  ) {}

  resolve(key: string, rev: Revision, options: ResolveOptions): Outcome | undefined {
    const entry = this.work.get(key);
    if (entry) return entry.outcome;
    const fresh: { outcome?: Outcome } = {};
    this.work.set(key, fresh);
    const containers = rev.spec?.containers ?? [];
    void Promise.all(
      containers.map(async (c) => {
        const digest = await resolveImageDigest(c.image ?? '', this.source, options);
        return digest ? { name: c.name, imageDigest: digest } : { name: c.name };
      }),
    ).then(
      (statuses) => this.settle(key, fresh, { statuses }),
      (error: Error) => this.settle(key, fresh, { error }),
    );
    return undefined;
  }

  private settle(key: string, entry: { outcome?: Outcome }, outcome: Outcome): void {
    if (this.work.get(key) !== entry) return; // cleared meanwhile
    entry.outcome = outcome;
    this.onDone(key);
  }

  /** Forget the outcome (after it was used, or to retry after a failure). */
  clear(key: string): void {
    this.work.delete(key);
  }
}
