// KIngress status helpers: Ready = NetworkConfigured AND LoadBalancerReady.
import { type Clock, ConditionSet, isReady } from '../core/condition-set';
import {
  type Ingress,
  type IngressStatus,
  type LoadBalancerIngressStatus,
  IngressConditionLoadBalancerReady as LB,
  IngressConditionNetworkConfigured as Net,
} from './ingress.types';

export const ingressConditionSet = ConditionSet.living(Net, LB);

export function ingressStatus(status: IngressStatus, clock?: Clock) {
  const m = ingressConditionSet.manage(status, clock);
  return {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markNetworkConfigured: () => m.markTrue(Net),
    markResourceNotOwned: (kind: string, name: string) =>
      m.markFalse(
        Net,
        'NotOwned',
        `There is an existing ${kind} ${JSON.stringify(name)} that we do not own.`,
      ),
    markLoadBalancerReady: (
      publicLbs: LoadBalancerIngressStatus[],
      privateLbs: LoadBalancerIngressStatus[],
    ) => {
      status.publicLoadBalancer = { ingress: publicLbs };
      status.privateLoadBalancer = { ingress: privateLbs };
      m.markTrue(LB);
    },
    markLoadBalancerNotReady: () =>
      m.markUnknown(LB, 'Uninitialized', 'Waiting for load balancer to be ready'),
    markLoadBalancerFailed: (reason: string, message: string) => m.markFalse(LB, reason, message),
    markIngressNotReady: (reason: string, message: string) => m.markUnknown('Ready', reason, message),
  };
}

export function isIngressReady(i: Ingress): boolean {
  return isReady(i, ingressConditionSet);
}
