import type { Api } from './api';
import { deepCopy, type KubeObject, type OwnerReference } from './object';
import type { ResourceType } from './resource-type';

/**
 * The controllers kube-controller-manager would run for the API itself: garbage collection through owner
 * references (background, foreground and orphan propagation) and the namespace controller (empties a
 * Terminating namespace, then removes it). One pass is cheap; the server runs it after writes and on a timer.
 */
export class GarbageCollector {
  constructor(private readonly api: Api) {}

  /** Runs passes until nothing changes (bounded). Returns how many writes it made. */
  run(maxPasses = 10): number {
    let total = 0;
    for (let i = 0; i < maxPasses; i++) {
      const n = this.pass();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  private pass(): number {
    const objects: { type: ResourceType; obj: KubeObject }[] = [];
    for (const { resource, object } of this.api.store.gcCandidates()) {
      const type = this.api.registry.byStorageKey(resource);
      if (type) objects.push({ type, obj: object });
    }
    const ownerExists = (obj: KubeObject, ref: OwnerReference): boolean => {
      const ownerType = this.api.registry.findKind(ref.apiVersion, ref.kind);
      if (!ownerType) return false;
      const owner = this.api.store.get(
        ownerType.storageKey,
        ownerType.namespaced ? (obj.metadata.namespace ?? '') : '',
        ref.name,
      );
      return owner?.metadata.uid === ref.uid;
    };
    let writes = 0;
    const dependentsOf = (uid: string) =>
      objects.filter(({ obj }) => (obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid));

    for (const { type, obj } of objects) {
      try {
        writes += this.collect(type, obj, ownerExists, dependentsOf);
      } catch {
        // Conflicts and races with clients are retried on the next pass.
      }
    }
    return writes;
  }

  private collect(
    type: ResourceType,
    obj: KubeObject,
    ownerExists: (obj: KubeObject, ref: OwnerReference) => boolean,
    dependentsOf: (uid: string) => { type: ResourceType; obj: KubeObject }[],
  ): number {
    const meta = obj.metadata;
    const ns = meta.namespace ?? '';
    const finalizers = meta.finalizers ?? [];
    if (type.storageKey === 'core/namespaces' && meta.deletionTimestamp) return this.finishNamespace(obj);

    if (meta.deletionTimestamp && finalizers.includes('orphan')) {
      for (const dep of dependentsOf(meta.uid ?? '')) {
        const next = deepCopy(dep.obj);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== meta.uid,
        );
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        this.api.update(
          dep.type,
          dep.obj.metadata.namespace ?? '',
          dep.obj.metadata.name!,
          this.api.present(dep.type, next),
        );
      }
      this.removeFinalizer(type, obj, 'orphan');
      return 1;
    }
    if (meta.deletionTimestamp && finalizers.includes('foregroundDeletion')) {
      const deps = dependentsOf(meta.uid ?? '');
      for (const dep of deps) {
        if (!dep.obj.metadata.deletionTimestamp) {
          this.api.delete(dep.type, dep.obj.metadata.namespace ?? '', dep.obj.metadata.name!, {
            propagationPolicy: 'Foreground',
          });
        }
      }
      const blocking = deps.filter((d) =>
        (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === meta.uid && r.blockOwnerDeletion),
      );
      if (blocking.length === 0) {
        this.removeFinalizer(type, obj, 'foregroundDeletion');
        return 1;
      }
      return deps.length > 0 ? 0 : 0;
    }
    const owners = meta.ownerReferences ?? [];
    if (owners.length > 0 && !meta.deletionTimestamp && owners.every((r) => !ownerExists(obj, r))) {
      this.api.delete(type, ns, meta.name!, {
        propagationPolicy: 'Background',
        preconditions: { uid: meta.uid },
      });
      return 1;
    }
    return 0;
  }

  private removeFinalizer(type: ResourceType, obj: KubeObject, finalizer: string): void {
    const current = this.api.get(type, obj.metadata.namespace ?? '', obj.metadata.name!);
    current.metadata.finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.api.update(type, obj.metadata.namespace ?? '', obj.metadata.name!, current);
  }

  /** Deletes everything in a Terminating namespace; once it is empty, removes the namespace. */
  private finishNamespace(ns: KubeObject): number {
    const name = ns.metadata.name!;
    let writes = 0;
    let remaining = 0;
    for (const resource of this.api.store.resourcesInNamespace(name)) {
      const type = this.api.registry.byStorageKey(resource);
      if (!type) continue;
      for (const obj of [...this.api.store.list(resource, name)]) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) {
          this.api.delete(type, name, obj.metadata.name!, { gracePeriodSeconds: 0 });
          writes++;
        } else if (resource === 'core/pods') {
          // A terminating pod with no node agent to confirm: the namespace controller forces it.
          const pod = obj as KubeObject & { spec?: { nodeName?: string } };
          if (
            !(pod.metadata.finalizers ?? []).length &&
            Date.parse(pod.metadata.deletionTimestamp!) <= Date.now()
          ) {
            this.api.store.commit(
              'DELETED',
              resource,
              name,
              pod.metadata.name!,
              (rv) => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: String(rv) } }),
              pod,
            );
            writes++;
          }
        }
      }
    }
    if (remaining === 0) {
      const type = this.api.registry.find('', 'v1', 'namespaces')!;
      const current = this.api.store.get('core/namespaces', '', name);
      if (current) {
        this.api.store.commit(
          'DELETED',
          type.storageKey,
          '',
          name,
          (rv) => ({ ...current, metadata: { ...current.metadata, resourceVersion: String(rv) } }),
          current,
        );
        writes++;
      }
    }
    return writes;
  }
}
