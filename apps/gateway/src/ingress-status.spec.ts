import { isIngressReady } from '@kuack/api';
import { hasIngressClass } from './ingress-class';
import { DEFAULT_LOAD_BALANCERS, markIngressInvalid, markIngressLoaded } from './ingress-status';
import { ingress, rule, toRevision } from './routing/ingress-builder';

describe('markIngressLoaded', () => {
  it('sets NetworkConfigured, LoadBalancerReady and Ready True, the load balancers and observedGeneration', () => {
    const ing = ingress('hello', [rule(['h.example.com'], [{ splits: [toRevision('r')] }])], {
      generation: 3,
    });
    markIngressLoaded(ing, DEFAULT_LOAD_BALANCERS);
    const byType = Object.fromEntries((ing.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(byType).toEqual({ Ready: 'True', NetworkConfigured: 'True', LoadBalancerReady: 'True' });
    expect(ing.status?.observedGeneration).toBe(3);
    expect(ing.status?.publicLoadBalancer).toEqual({
      ingress: [{ domainInternal: 'kuack-gateway.knative-serving.svc.cluster.local' }],
    });
    expect(ing.status?.privateLoadBalancer).toEqual({
      ingress: [{ domainInternal: 'kuack-gateway-internal.knative-serving.svc.cluster.local' }],
    });
    expect(isIngressReady(ing)).toBe(true);
  });
});

describe('markIngressInvalid', () => {
  it('sets NetworkConfigured False naming the field, so Ready False', () => {
    const ing = ingress('bad', [], { generation: 2 });
    markIngressInvalid(ing, 'spec.rules[0].http.paths[0].splits: must not be empty');
    const net = ing.status?.conditions?.find((c) => c.type === 'NetworkConfigured');
    expect(net).toMatchObject({
      status: 'False',
      reason: 'InvalidIngress',
      message: 'spec.rules[0].http.paths[0].splits: must not be empty',
    });
    expect(ing.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(ing.status?.observedGeneration).toBe(2);
    expect(isIngressReady(ing)).toBe(false);
  });
});

describe('hasIngressClass', () => {
  it('takes only Ingresses that name the class', () => {
    const ours = ingress('a', []);
    const theirs = ingress('b', [], { ingressClass: 'istio.ingress.networking.knative.dev' });
    const none = { ...ingress('c', []), metadata: { name: 'c', namespace: 'default' } };
    expect(hasIngressClass(ours, 'kuack.ingress.networking.knative.dev')).toBe(true);
    expect(hasIngressClass(theirs, 'kuack.ingress.networking.knative.dev')).toBe(false);
    expect(hasIngressClass(none, 'kuack.ingress.networking.knative.dev')).toBe(false);
  });
});
