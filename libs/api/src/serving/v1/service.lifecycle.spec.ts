import type { Condition } from '../../core/conditions';
import { isServiceReady, serviceStatus } from './service.lifecycle';
import type { Service, ServiceStatus } from './service.types';

const cond = (s: { conditions?: Condition[] }, t: string) => s.conditions?.find((c) => c.type === t);
const clock = () => new Date(Date.UTC(2026, 0, 1));

describe('Service lifecycle', () => {
  it('propagates Configuration and Route status into ConfigurationsReady and RoutesReady', () => {
    const status: ServiceStatus = {};
    const s = serviceStatus(status, clock);
    s.initializeConditions();
    s.propagateConfigurationStatus({
      latestCreatedRevisionName: 'hello-00001',
      latestReadyRevisionName: 'hello-00001',
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    s.propagateRouteStatus({
      url: 'http://hello.default.example.com',
      traffic: [{ revisionName: 'hello-00001', percent: 100, latestRevision: true }],
      conditions: [
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'IngressNotConfigured',
          message: 'Ingress has not yet been reconciled.',
        },
      ],
    });
    expect(status).toMatchObject({
      latestReadyRevisionName: 'hello-00001',
      url: 'http://hello.default.example.com',
    });
    expect(cond(status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'IngressNotConfigured' });
    s.propagateRouteStatus({
      url: 'http://hello.default.example.com',
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(cond(status, 'Ready')!.status).toBe('True');
    expect(status.traffic).toBeUndefined();
    const svc: Service = { metadata: { generation: 3 }, status: { ...status, observedGeneration: 3 } };
    expect(isServiceReady(svc)).toBe(true);
    s.markRevisionNameTaken('hello-v2');
    expect(cond(status, 'Ready')).toMatchObject({ status: 'False', reason: 'RevisionNameTaken' });
    s.markRouteNotYetReady();
    expect(cond(status, 'RoutesReady')).toMatchObject({
      status: 'Unknown',
      reason: 'TrafficNotMigrated',
      message: 'Traffic is not yet migrated to the latest revision.',
    });
  });
});
