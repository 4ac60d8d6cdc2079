import {
  type KubeObject,
  type Lister,
  type ReconcileContext,
  PermanentError,
  controllerOf,
  keyOf,
  semanticEqual,
} from '@kuack/controller';

/** A same-named child exists that this owner does not control (Knative's `NotOwned`). */
export class ChildNotOwnedError extends PermanentError {}

/**
 * Knative's get-or-create-or-clobber of an owned child: creates `desired` when absent (Event `Created`, or
 * `CreationFailed` on error); refuses a child another controller owns; otherwise, when spec, labels or
 * annotations differ from `desired`, updates the cached object with those three replaced (other metadata and
 * status kept).
 */
export async function reconcileChild<T extends KubeObject & { spec?: unknown }>(
  ctx: ReconcileContext,
  owner: KubeObject,
  desired: T,
  lister: Lister<T>,
  describe = `${desired.kind} "${desired.metadata.name}"`,
): Promise<T> {
  const existing = lister.get(keyOf(desired));
  if (!existing) {
    try {
      const created = await ctx.client.create(desired);
      ctx.event('Normal', 'Created', `Created ${describe}`);
      return created;
    } catch (err) {
      ctx.event('Warning', 'CreationFailed', `Failed to create ${describe}: ${(err as Error).message}`);
      throw err;
    }
  }
  if (controllerOf(existing)?.uid !== owner.metadata.uid) {
    throw new ChildNotOwnedError(
      `${owner.kind?.toLowerCase()}: "${owner.metadata.name}" does not own ${desired.kind?.toLowerCase()}: "${desired.metadata.name}"`,
    );
  }
  if (
    semanticEqual(existing.spec, desired.spec) &&
    semanticEqual(existing.metadata.labels ?? {}, desired.metadata.labels ?? {}) &&
    semanticEqual(existing.metadata.annotations ?? {}, desired.metadata.annotations ?? {})
  )
    return existing;
  const next = {
    ...structuredClone(existing),
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    spec: desired.spec,
  } as T;
  next.metadata.labels = desired.metadata.labels;
  next.metadata.annotations = desired.metadata.annotations;
  return ctx.client.update(next);
}
