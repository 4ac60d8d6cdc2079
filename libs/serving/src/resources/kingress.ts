import { type Lister, type ReconcileContext, semanticEqual } from '@kuack/controller';
import type { IngressObject } from './kinds';

/**
 * Creates the owner's KIngress (Events `Created` / `CreationFailed`), or updates it when its spec,
 * annotations or labels differ from `desired` (e.g. a new class or new splits); returns what the API server has.
 */
export async function reconcileIngress(
  ctx: ReconcileContext,
  lister: Lister<IngressObject>,
  desired: IngressObject,
): Promise<IngressObject> {
  const existing = lister.get(`${desired.metadata.namespace}/${desired.metadata.name}`);
  if (!existing) {
    try {
      const created = await ctx.client.create(desired);
      ctx.event('Normal', 'Created', `Created Ingress ${JSON.stringify(created.metadata.name)}`);
      return created;
    } catch (err) {
      ctx.event('Warning', 'CreationFailed', `Failed to create Ingress: ${(err as Error).message}`);
      throw new Error(`failed to create Ingress: ${(err as Error).message}`, { cause: err });
    }
  }
  if (
    semanticEqual(existing.spec, desired.spec) &&
    semanticEqual(existing.metadata.annotations ?? {}, desired.metadata.annotations ?? {}) &&
    semanticEqual(existing.metadata.labels ?? {}, desired.metadata.labels ?? {})
  )
    return existing;
  const next = structuredClone(existing);
  next.spec = desired.spec;
  next.metadata.annotations = desired.metadata.annotations;
  next.metadata.labels = desired.metadata.labels;
  try {
    return await ctx.client.update(next);
  } catch (err) {
    throw new Error(`failed to update Ingress: ${(err as Error).message}`, { cause: err });
  }
}
