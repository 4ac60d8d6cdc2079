import type { KubeObject, OwnerReference } from '@kuack/controller';

/** Option-style builders for test objects: `object('v1', 'ConfigMap', 'ns', 'name', withLabels({...}))`. */
export type ObjectOption<T extends KubeObject = KubeObject> = (obj: T) => void;

export function object<T extends KubeObject = KubeObject>(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  ...options: ObjectOption<T>[]
): T {
  const obj = { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } } as T;
  for (const o of options) o(obj);
  return obj;
}

export function configMap(
  namespace: string,
  name: string,
  ...options: ObjectOption[]
): KubeObject & { data?: Record<string, string> } {
  return object('v1', 'ConfigMap', namespace, name, ...options);
}

export const withLabels =
  (labels: Record<string, string>): ObjectOption =>
  (o) => {
    o.metadata.labels = { ...o.metadata.labels, ...labels };
  };

export const withAnnotations =
  (annotations: Record<string, string>): ObjectOption =>
  (o) => {
    o.metadata.annotations = { ...o.metadata.annotations, ...annotations };
  };

export const withUid =
  (uid: string): ObjectOption =>
  (o) => {
    o.metadata.uid = uid;
  };

export const withResourceVersion =
  (rv: string): ObjectOption =>
  (o) => {
    o.metadata.resourceVersion = rv;
  };

export const withGeneration =
  (generation: number): ObjectOption =>
  (o) => {
    o.metadata.generation = generation;
  };

export const withFinalizers =
  (...finalizers: string[]): ObjectOption =>
  (o) => {
    o.metadata.finalizers = finalizers;
  };

export const withDeletionTimestamp =
  (at = '2026-01-01T00:00:00Z'): ObjectOption =>
  (o) => {
    o.metadata.deletionTimestamp = at;
  };

export const withSpec =
  (spec: Record<string, unknown>): ObjectOption =>
  (o) => {
    o.spec = spec;
  };

export const withStatus =
  (status: Record<string, unknown>): ObjectOption =>
  (o) => {
    o.status = status;
  };

export const withData =
  (data: Record<string, string>): ObjectOption =>
  (o) => {
    o.data = data;
  };

export const withField =
  (field: string, value: unknown): ObjectOption =>
  (o) => {
    o[field] = value;
  };

/** Makes `owner` the controller of the object (as createOrUpdate does). */
export const withOwner =
  (owner: KubeObject): ObjectOption =>
  (o) => {
    const ref: OwnerReference = {
      apiVersion: owner.apiVersion ?? '',
      kind: owner.kind ?? '',
      name: owner.metadata.name ?? '',
      uid: owner.metadata.uid ?? '',
      controller: true,
      blockOwnerDeletion: true,
    };
    o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), ref];
  };
