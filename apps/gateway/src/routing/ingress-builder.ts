import type { HTTPIngressPath, Ingress, IngressRule, IngressTLS } from '@kuack/api';
import { INGRESS_CLASS_ANNOTATION, KUACK_INGRESS_CLASS } from '../ingress-class';

/** A KIngress of Kuack's class, for tests: one rule per `rules` entry. */
export function ingress(
  name: string,
  rules: IngressRule[],
  extra: {
    namespace?: string;
    generation?: number;
    uid?: string;
    created?: string;
    tls?: IngressTLS[];
    httpOption?: 'Enabled' | 'Redirected';
    ingressClass?: string;
  } = {},
): Ingress {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: extra.namespace ?? 'default',
      generation: extra.generation ?? 1,
      uid: extra.uid ?? `uid-${name}`,
      creationTimestamp: (extra.created ?? '2026-01-01T00:00:00Z') as unknown as Date,
      annotations: { [INGRESS_CLASS_ANNOTATION]: extra.ingressClass ?? KUACK_INGRESS_CLASS },
    },
    spec: {
      rules,
      ...(extra.tls ? { tls: extra.tls } : {}),
      ...(extra.httpOption ? { httpOption: extra.httpOption } : {}),
    },
  };
}

/** A rule for `hosts` whose one path sends everything to `service` (revision headers appended). */
export function rule(
  hosts: string[],
  paths: HTTPIngressPath[],
  visibility: 'ExternalIP' | 'ClusterLocal' = 'ExternalIP',
): IngressRule {
  return { hosts, visibility, http: { paths } };
}

export function toRevision(
  revision: string,
  percent?: number,
  namespace = 'default',
): HTTPIngressPath['splits'][number] {
  return {
    serviceNamespace: namespace,
    serviceName: revision,
    servicePort: 80,
    ...(percent !== undefined ? { percent } : {}),
    appendHeaders: { 'Knative-Serving-Revision': revision, 'Knative-Serving-Namespace': namespace },
  };
}
