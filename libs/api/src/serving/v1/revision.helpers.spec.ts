import {
  isActivationRequired,
  revisionProtocol,
  routingStateModified,
  routingStateOf,
  servingContainer,
  setRoutingState,
  sidecarContainers,
  userPort,
} from './revision.helpers';
import type { Revision } from './revision.types';

const rev = (
  containers: Revision['spec'] extends infer S ? (S extends { containers: infer C } ? C : never) : never,
): Revision => ({ metadata: { name: 'r' }, spec: { containers } });

describe('revision helpers', () => {
  it('finds the serving container, sidecars and the user port', () => {
    const single = rev([{ name: 'a', image: 'x' }]);
    expect(servingContainer(single.spec).name).toBe('a');
    expect(userPort(single.spec)).toBe(8080);
    const multi = rev([
      { name: 'side', image: 'x' },
      { name: 'main', image: 'y', ports: [{ containerPort: 9000, name: 'h2c' }] },
    ]);
    expect(servingContainer(multi.spec).name).toBe('main');
    expect(sidecarContainers(multi.spec).map((c) => c.name)).toEqual(['side']);
    expect(userPort(multi.spec)).toBe(9000);
    expect(revisionProtocol(multi)).toBe('h2c');
    expect(revisionProtocol(single)).toBe('http1');
  });

  it('routing state moves its timestamp only on change', () => {
    const r = rev([{ name: 'a', image: 'x' }]);
    setRoutingState(r, 'active', new Date(Date.UTC(2026, 0, 1)));
    setRoutingState(r, 'active', new Date(Date.UTC(2026, 0, 2)));
    expect(routingStateOf(r)).toBe('active');
    expect(routingStateModified(r)?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    setRoutingState(r, 'reserve', new Date(Date.UTC(2026, 0, 3)));
    expect(r.metadata!.annotations!['serving.knative.dev/routingStateModified']).toBe('2026-01-03T00:00:00Z');
  });

  it('activation is required while Active is not True', () => {
    expect(isActivationRequired({})).toBe(false);
    expect(isActivationRequired({ conditions: [{ type: 'Active', status: 'Unknown' }] })).toBe(true);
    expect(isActivationRequired({ conditions: [{ type: 'Active', status: 'True' }] })).toBe(false);
  });
});
