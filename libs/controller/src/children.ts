import type { KubeClient } from './client';
import { PermanentError } from './reconcile-result';
import { type KubeObject, controllerOf, keyOf, ownerRefTo } from './objects';
import { isDerivative } from './semantic';

export type ChildAction = 'created' | 'updated' | 'unchanged';

export interface CreateOrUpdateOptions<T extends KubeObject> {
  /** Where the current child is read (the children's informer): no GET per reconcile. */
  lister: { get(key: string): T | undefined };
  /** Top-level fields whose map keys the controller owns entirely: keys it no longer wants are removed. */
  ownedMapFields?: string[];
}

/** A child owned by another controller, or by none: Knative reports it as `NotOwned` and does not touch it. */
export class NotOwnedError extends PermanentError {}

/**
 * Makes the child match `desired` (built by a pure `make*()`): creates it with an owner reference to `owner`
 * (controller, blockOwnerDeletion), or, when a field the controller sets differs, sends one JSON merge patch
 * guarded by the cached resourceVersion. Fields the API server defaults or other writers add are ignored
 * (DeepDerivative comparison), so an unchanged child is never written. See docs/adr (merge patch, not SSA).
 */
export async function createOrUpdate<T extends KubeObject>(
  client: KubeClient,
  owner: KubeObject,
  desired: T,
  options: CreateOrUpdateOptions<T>,
): Promise<{ action: ChildAction; object: T }> {
  const ownerRef = ownerRefTo(owner);
  const want: T = {
    ...desired,
    metadata: {
      ...desired.metadata,
      namespace: desired.metadata.namespace ?? owner.metadata.namespace,
      ownerReferences: [
        ownerRef,
        ...(desired.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerRef.uid),
      ],
    },
  };
  const existing = options.lister.get(keyOf(want));
  if (!existing) return { action: 'created', object: await client.create(want) };

  const ctl = controllerOf(existing);
  if (ctl?.uid !== ownerRef.uid) {
    throw new NotOwnedError(
      `${want.kind} "${keyOf(want)}" exists and is not controlled by ${owner.kind} "${owner.metadata.name}"`,
    );
  }
  const patch = childPatch(existing, want, options.ownedMapFields ?? ['data', 'binaryData', 'stringData']);
  if (!patch) return { action: 'unchanged', object: existing };
  const name = want.metadata.name as string;
  const gvk = { apiVersion: want.apiVersion as string, kind: want.kind as string };
  const object = await client.patch<T>(gvk, name, want.metadata.namespace, patch);
  return { action: 'updated', object };
}

/** The merge patch taking `existing` to `want`, or undefined when nothing the controller sets differs. */
export function childPatch(
  existing: KubeObject,
  want: KubeObject,
  ownedMapFields: string[],
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  const meta: Record<string, unknown> = {};
  for (const field of ['labels', 'annotations'] as const) {
    const w = want.metadata[field];
    if (w && !isDerivative(w, existing.metadata[field])) meta[field] = w;
  }
  if (!isDerivative(want.metadata.ownerReferences, existing.metadata.ownerReferences))
    meta.ownerReferences = want.metadata.ownerReferences;
  for (const [field, value] of Object.entries(want)) {
    if (field === 'metadata' || field === 'status' || field === 'apiVersion' || field === 'kind') continue;
    const current = existing[field];
    if (ownedMapFields.includes(field)) {
      const w = (value ?? {}) as Record<string, unknown>;
      const c = (current ?? {}) as Record<string, unknown>;
      const diff: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(w)) if (c[k] !== v) diff[k] = v;
      for (const k of Object.keys(c)) if (!(k in w)) diff[k] = null;
      if (Object.keys(diff).length) patch[field] = diff;
    } else if (!isDerivative(value, current)) {
      patch[field] = value;
    }
  }
  if (!Object.keys(meta).length && !Object.keys(patch).length) return undefined;
  meta.resourceVersion = existing.metadata.resourceVersion;
  patch.metadata = meta;
  return patch;
}
