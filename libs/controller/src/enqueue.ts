import type { Controller } from './controller';
import { type EventHandler, isResync } from './informer';
import { type Gvk, type KubeObject, controllerOf, keyOf, splitApiVersion } from './objects';

/** Enqueues the object's own key on every change; resyncs go to the slow lane. */
export function enqueueHandler<T extends KubeObject>(
  controller: Controller,
  filter: (obj: T) => boolean = () => true,
): EventHandler<T> {
  return {
    onAdd: (obj) => filter(obj) && controller.enqueue(obj),
    onUpdate: (old, obj) => filter(obj) && controller.enqueue(obj, isResync(old, obj) ? 'slow' : 'fast'),
    onDelete: (obj) => filter(obj) && controller.enqueue(obj),
  };
}

/**
 * For informers of children: enqueues the controller owner (ownerReferences with `controller: true`) of
 * the owner kind; the owner lives in the child's namespace (or is cluster-scoped).
 */
export function enqueueControllerOf<T extends KubeObject>(
  controller: Controller,
  owner: Gvk,
): EventHandler<T> {
  const group = splitApiVersion(owner.apiVersion).group;
  const enqueue = (obj: T) => {
    const ref = controllerOf(obj);
    if (!ref || ref.kind !== owner.kind || splitApiVersion(ref.apiVersion).group !== group) return;
    controller.enqueueKey(obj.metadata.namespace ? `${obj.metadata.namespace}/${ref.name}` : ref.name);
  };
  return {
    onAdd: enqueue,
    onUpdate: (old, obj) => {
      if (isResync(old, obj)) return;
      enqueue(obj);
      // An owner reference that moved: the previous owner must notice too.
      if (controllerOf(old)?.uid !== controllerOf(obj)?.uid) enqueue(old);
    },
    onDelete: enqueue,
  };
}

/** Filter helpers for handlers. */
export function hasLabel(key: string, value?: string): (obj: KubeObject) => boolean {
  return (obj) => {
    const v = obj.metadata.labels?.[key];
    return v !== undefined && (value === undefined || v === value);
  };
}

export function isControlledBy(owner: Gvk): (obj: KubeObject) => boolean {
  const group = splitApiVersion(owner.apiVersion).group;
  return (obj) => {
    const ref = controllerOf(obj);
    return !!ref && ref.kind === owner.kind && splitApiVersion(ref.apiVersion).group === group;
  };
}

/** A handler calling `fn` on any real change (not on resyncs), e.g. a global resync on a ConfigMap change. */
export function onAnyChange<T extends KubeObject>(
  fn: (obj: T) => void,
  filter: (obj: T) => boolean = () => true,
): EventHandler<T> {
  return {
    onAdd: (obj) => filter(obj) && fn(obj),
    onUpdate: (old, obj) => !isResync(old, obj) && filter(obj) && fn(obj),
    onDelete: (obj) => filter(obj) && fn(obj),
  };
}

/** Re-enqueues every object of `source` (slow lane) whenever a ConfigMap named in `names` changes. */
export function globalResyncOnConfigChange(
  controller: Controller,
  source: { keys(): string[] },
  names: string[],
): EventHandler<KubeObject> {
  return onAnyChange(
    () => {
      for (const key of source.keys()) controller.enqueueKey(key, 'slow');
    },
    (cm) => names.includes(cm.metadata.name ?? ''),
  );
}

export { keyOf };
