import type { Configuration, Ingress, Revision, Route, Service } from '@kuack/api';
import type { Gvk, KubeObject } from '@kuack/controller';

// The kinds the Service, Configuration and Route reconcilers read and write, typed as libs/controller
// objects (metadata always present) over libs/api's Knative types.
export const SERVICE: Gvk = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
export const CONFIGURATION: Gvk = { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration' };
export const REVISION: Gvk = { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' };
export const ROUTE: Gvk = { apiVersion: 'serving.knative.dev/v1', kind: 'Route' };
export const KINGRESS: Gvk = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress' };
export const CONFIG_MAP: Gvk = { apiVersion: 'v1', kind: 'ConfigMap' };

type Kube<T> = Omit<T, 'metadata'> & KubeObject;

export type ServiceObject = Kube<Service> & { spec: NonNullable<Service['spec']> };
export type ConfigurationObject = Kube<Configuration> & { spec: NonNullable<Configuration['spec']> };
export type RevisionObject = Kube<Revision>;
export type RouteObject = Kube<Route> & { spec: NonNullable<Route['spec']> };
export type IngressObject = Kube<Ingress>;

/** Knative's `IsReady()`: the Ready condition True and the current generation observed. */
export function readyStatusOf(obj: {
  metadata: { generation?: number };
  status?: { observedGeneration?: number; conditions?: { type: string; status: string }[] };
}): 'True' | 'False' | 'Unknown' {
  const c = obj.status?.conditions?.find((x) => x.type === 'Ready');
  if ((obj.status?.observedGeneration ?? 0) !== (obj.metadata.generation ?? 0)) return 'Unknown';
  return c?.status === 'True' ? 'True' : c?.status === 'False' ? 'False' : 'Unknown';
}
