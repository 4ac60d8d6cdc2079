import { ServingLabels, VisibilityLabelKey } from '@kuack/api';
import { type KubeObject, ownerRefTo } from '@kuack/controller';
import type { IngressObject, RouteObject } from '../../resources/kinds';
import { type DomainSettings, domainNameFor, hostnameFor } from '../domains';

export const K8S_SERVICE = { apiVersion: 'v1', kind: 'Service' };

export interface PlaceholderService extends KubeObject {
  spec: {
    type: 'ExternalName';
    externalName: string;
    sessionAffinity?: 'None';
    ports: { name: string; appProtocol: string; port: number; targetPort: number }[];
  };
}

function serviceMeta(hostname: string, route: RouteObject): KubeObject['metadata'] {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(route.metadata.labels ?? {}))
    if (k !== VisibilityLabelKey) labels[k] = v;
  labels[ServingLabels.route] = route.metadata.name as string;
  return {
    name: hostname,
    namespace: route.metadata.namespace,
    ownerReferences: [ownerRefTo(route)],
    labels,
    ...(route.metadata.annotations ? { annotations: { ...route.metadata.annotations } } : {}),
  };
}

function spec(externalName: string): PlaceholderService['spec'] {
  return {
    type: 'ExternalName',
    externalName,
    sessionAffinity: 'None',
    ports: [{ name: 'http2', appProtocol: 'kubernetes.io/h2c', port: 80, targetPort: 80 }],
  };
}

/**
 * MakeK8sPlaceholderService: the Kubernetes Service giving a traffic name ('' = the route, or a tag) its
 * in-cluster name `{host}.{namespace}.svc.cluster.local`; an ExternalName of the route's domain until the
 * KIngress reports its load balancer.
 */
export function makePlaceholderService(
  settings: DomainSettings,
  route: RouteObject,
  tag: string,
): PlaceholderService {
  const hostname = hostnameFor(settings, route.metadata.name as string, tag);
  const meta = {
    name: route.metadata.name as string,
    namespace: route.metadata.namespace as string,
    labels: route.metadata.labels,
    annotations: route.metadata.annotations,
  };
  return {
    apiVersion: K8S_SERVICE.apiVersion,
    kind: K8S_SERVICE.kind,
    metadata: serviceMeta(hostname, route),
    spec: spec(domainNameFor(settings, meta, hostname)),
  };
}

/**
 * MakeK8sService (the ExternalName cases): once the KIngress reports a load balancer, the placeholder points at
 * its internal domain (the private one when there is one). Undefined while there is none, or when it is an
 * IP (Kuack's gateway reports domains; a headless Service with Endpoints is not made).
 */
export function makeRouteService(
  settings: DomainSettings,
  route: RouteObject,
  tag: string,
  ingress: IngressObject,
): PlaceholderService | undefined {
  const priv = ingress.status?.privateLoadBalancer?.ingress ?? [];
  const lbs = priv.length ? priv : (ingress.status?.publicLoadBalancer?.ingress ?? []);
  if (lbs.length !== 1) return undefined;
  const target = lbs[0].domainInternal || lbs[0].domain;
  if (!target) return undefined;
  const hostname = hostnameFor(settings, route.metadata.name as string, tag);
  return {
    apiVersion: K8S_SERVICE.apiVersion,
    kind: K8S_SERVICE.kind,
    metadata: serviceMeta(hostname, route),
    spec: spec(target),
  };
}
