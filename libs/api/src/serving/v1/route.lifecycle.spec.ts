import type { Condition } from '../../core/conditions';
import { isRouteReady, routeStatus } from './route.lifecycle';
import type { Route, RouteStatus } from './route.types';

const cond = (s: { conditions?: Condition[] }, t: string) => s.conditions?.find((c) => c.type === t);
const clock = () => new Date(Date.UTC(2026, 0, 1));

describe('Route lifecycle', () => {
  it('Ready = AllTrafficAssigned AND IngressReady AND CertificateProvisioned', () => {
    const status: RouteStatus = {};
    const r = routeStatus(status, clock);
    r.initializeConditions();
    r.markTrafficAssigned();
    r.markIngressNotConfigured();
    r.markTLSNotEnabled('external-domain-tls is not enabled');
    expect(cond(status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'IngressNotConfigured' });
    r.propagateIngressStatus({ conditions: [{ type: 'Ready', status: 'True' }] });
    expect(cond(status, 'Ready')!.status).toBe('True');
    expect(cond(status, 'CertificateProvisioned')).toMatchObject({ status: 'True', reason: 'TLSNotEnabled' });
    r.markRevisionNotOwned('hello-1', 'hello', 'other');
    expect(cond(status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'RevisionNotOwned',
      message: 'Revision "hello-1" belongs to Service "other", not Service "hello".',
    });
    const route: Route = { metadata: { generation: 1 }, status: { ...status, observedGeneration: 1 } };
    expect(isRouteReady(route)).toBe(false);
  });

  it('missing targets and failed configurations fail AllTrafficAssigned', () => {
    const status: RouteStatus = {};
    const r = routeStatus(status, clock);
    r.markMissingTrafficTarget('Revision', 'hello-9');
    expect(cond(status, 'AllTrafficAssigned')).toMatchObject({
      reason: 'RevisionMissing',
      message: 'Revision "hello-9" referenced in traffic not found.',
    });
    r.markConfigurationNotReady('hello');
    expect(cond(status, 'AllTrafficAssigned')).toMatchObject({
      status: 'Unknown',
      message: 'Configuration "hello" is waiting for a Revision to become ready.',
    });
  });
});
