import type { HTTPIngressPath, IngressBackendSplit, IngressRule, IngressSpec } from '@kuack/api';
import { ServingLabels } from '@kuack/api';
import { ownerRefTo } from '@kuack/controller';
import { INGRESS_CLASS_ANNOTATION, TAG_TO_HOST_ANNOTATION } from '../../resources/networking';
import { type IngressObject, KINGRESS, type RouteObject } from '../../resources/kinds';
import { type DomainSettings, type Visibility, domainsForVisibility } from '../domains';
import { DEFAULT_TARGET, type RevisionTarget, type TrafficConfig } from '../traffic';
import { ingressName } from './names';

export const RevisionHeaderName = 'Knative-Serving-Revision';
export const RevisionHeaderNamespace = 'Knative-Serving-Namespace';
export const RouteTagHeader = 'Knative-Serving-Tag';
export const DefaultRouteHeader = 'Knative-Serving-Default-Route';
export const HTTP_PROTOCOL_ANNOTATION = 'networking.knative.dev/http-protocol';

const EXCLUDED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'networking.knative.dev/certificate-class',
  'networking.knative.dev/ingress-class',
]);

export interface IngressOptions extends DomainSettings {
  ingressClass: string;
  /** Per traffic name; a name without an entry is external. */
  visibility: Map<string, Visibility>;
  /** config-features `tag-header-based-routing` Enabled. */
  tagHeaderBasedRouting?: boolean;
}

/**
 * MakeIngress: a KIngress of the Route's name and class with, per traffic name ('' = the route, then each
 * tag), a cluster-local rule (the host with its short names) and, unless the name is cluster-local, an
 * external rule; each rule's path splits traffic by percent between the revisions' public Services (port 80,
 * 81 for h2c) and appends the Knative-Serving-Revision/Namespace headers.
 */
export function makeIngress(route: RouteObject, tc: TrafficConfig, options: IngressOptions): IngressObject {
  const ns = route.metadata.namespace as string;
  const meta = {
    name: route.metadata.name as string,
    namespace: ns,
    labels: route.metadata.labels,
    annotations: route.metadata.annotations,
  };
  const names = [...tc.targets.keys()].sort();
  const rules: IngressRule[] = [];
  const tagToHost: Record<string, string[]> = {};
  for (const name of names) {
    const visibilities: Visibility[] = ['ClusterLocal'];
    if ((options.visibility.get(name) ?? 'ExternalIP') === 'ExternalIP') visibilities.push('ExternalIP');
    for (const visibility of visibilities) {
      const domains = domainsForVisibility(options, meta, name, visibility);
      const hostGroups =
        visibility === 'ClusterLocal' ? [domains.expanded] : domains.expanded.map((h) => [h]);
      for (const hosts of hostGroups) {
        const path = basePath(ns, tc.targets.get(name) ?? []);
        const paths: HTTPIngressPath[] = [path];
        if (options.tagHeaderBasedRouting) {
          path.appendHeaders = {
            ...(name === DEFAULT_TARGET ? { [DefaultRouteHeader]: 'true' } : { [RouteTagHeader]: name }),
          };
          if (name === DEFAULT_TARGET) {
            const tagPaths = names
              .filter((n) => n !== DEFAULT_TARGET)
              .map((tag) => ({
                ...basePath(ns, tc.targets.get(tag) ?? []),
                headers: { [RouteTagHeader]: { exact: tag } },
              }));
            paths.unshift(...tagPaths);
          }
        }
        rules.push({ hosts, visibility, http: { paths } });
      }
      if (name !== DEFAULT_TARGET) (tagToHost[name] ??= []).push(domains.primary);
    }
  }

  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    [INGRESS_CLASS_ANNOTATION]: options.ingressClass,
    ...route.metadata.annotations,
  }))
    if (!EXCLUDED_ANNOTATIONS.has(k)) annotations[k] = v;
  if (Object.keys(tagToHost).length) annotations[TAG_TO_HOST_ANNOTATION] = JSON.stringify(tagToHost);

  const spec: IngressSpec = { rules };
  const httpOption = httpOptionFor(options, route.metadata.annotations);
  if (httpOption) spec.httpOption = httpOption;
  return {
    apiVersion: KINGRESS.apiVersion,
    kind: KINGRESS.kind,
    metadata: {
      name: ingressName(route.metadata.name as string),
      namespace: ns,
      labels: {
        ...route.metadata.labels,
        [ServingLabels.route]: route.metadata.name as string,
        [ServingLabels.routeNamespace]: ns,
      },
      annotations,
      ownerReferences: [ownerRefTo(route)],
    },
    spec,
  };
}

function basePath(ns: string, targets: RevisionTarget[]): HTTPIngressPath {
  const splits: IngressBackendSplit[] = targets
    .filter((t) => t.percent !== 0)
    .map((t) => ({
      serviceNamespace: ns,
      serviceName: t.revisionName,
      servicePort: t.protocol === 'h2c' ? 81 : 80,
      percent: t.percent,
      appendHeaders: { [RevisionHeaderName]: t.revisionName, [RevisionHeaderNamespace]: ns },
    }));
  return { splits };
}

/** GetHTTPOption: the route's http-protocol annotation, else config-network's http-protocol. */
export function httpOptionFor(
  options: DomainSettings,
  annotations: Record<string, string> | undefined,
): 'Enabled' | 'Redirected' | undefined {
  const fromAnnotation = annotations?.[HTTP_PROTOCOL_ANNOTATION];
  if (fromAnnotation) {
    const p = fromAnnotation.toLowerCase();
    if (p === 'enabled') return 'Enabled';
    if (p === 'redirected') return 'Redirected';
    throw new Error(`incorrect http-protocol annotation: ${p}`);
  }
  if (options.network.httpProtocol === 'enabled') return 'Enabled';
  if (options.network.httpProtocol === 'redirected') return 'Redirected';
  return undefined;
}
