import { type Ingress, ingressStatus, postProcessReconcile } from '@kuack/api';

/** What the gateway reports as the Ingress's load balancers (Knative: the ingress's in-cluster Services). */
export interface LoadBalancerNames {
  /** `status.publicLoadBalancer.ingress[0].domainInternal` (ExternalIP traffic). */
  publicDomainInternal: string;
  /** `status.privateLoadBalancer.ingress[0].domainInternal` (ClusterLocal traffic). */
  privateDomainInternal: string;
}

export const DEFAULT_LOAD_BALANCERS: LoadBalancerNames = {
  publicDomainInternal: 'kuack-gateway.knative-serving.svc.cluster.local',
  privateDomainInternal: 'kuack-gateway-internal.knative-serving.svc.cluster.local',
};

/** The Ingress cannot be routed: NetworkConfigured False naming the field, so Ready False. */
export function markIngressInvalid(ing: Ingress, problem: string): void {
  ing.status ??= {};
  const s = ingressStatus(ing.status);
  s.initializeConditions();
  s.manager.markFalse('NetworkConfigured', 'InvalidIngress', problem);
  postProcessReconcile(ing);
}

/**
 * The Ingress is in the gateway's routing table: NetworkConfigured and LoadBalancerReady True (so Ready),
 * with the load balancer addresses, and the generation observed.
 */
export function markIngressLoaded(ing: Ingress, lbs: LoadBalancerNames): void {
  ing.status ??= {};
  const s = ingressStatus(ing.status);
  s.initializeConditions();
  s.markNetworkConfigured();
  s.markLoadBalancerReady(
    [{ domainInternal: lbs.publicDomainInternal }],
    [{ domainInternal: lbs.privateDomainInternal }],
  );
  postProcessReconcile(ing);
}
