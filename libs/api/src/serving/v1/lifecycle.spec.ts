import type { Condition } from '../../core/conditions';
import { configurationStatus, isLatestReadyRevisionNameUpToDate } from './configuration.lifecycle';
import type { ConfigurationStatus } from './configuration.types';
import { isRevisionReady, revisionStatus } from './revision.lifecycle';
import type { Revision, RevisionStatus } from './revision.types';
import { isRouteReady, routeStatus } from './route.lifecycle';
import type { Route, RouteStatus } from './route.types';
import { isServiceReady, serviceStatus } from './service.lifecycle';
import type { Service, ServiceStatus } from './service.types';

const cond = (s: { conditions?: Condition[] }, t: string) => s.conditions?.find((c) => c.type === t);
const clock = () => new Date(Date.UTC(2026, 0, 1));

describe('Revision lifecycle', () => {
  it('Ready = ResourcesAvailable AND ContainerHealthy; Active is informational', () => {
    const status: RevisionStatus = {};
    const r = revisionStatus(status, clock);
    r.initializeConditions();
    r.markResourcesAvailableTrue();
    r.markActiveFalse('NoTraffic', 'The target is not receiving traffic.');
    expect(cond(status, 'Ready')!.status).toBe('Unknown');
    r.markContainerHealthyTrue();
    expect(cond(status, 'Ready')!.status).toBe('True');
    expect(cond(status, 'Active')).toMatchObject({ status: 'False', severity: 'Info', reason: 'NoTraffic' });
    r.markContainerHealthyFalse('ExitCode1', 'Container failed with: boom');
    expect(cond(status, 'Ready')).toMatchObject({ status: 'False', reason: 'ExitCode1', message: 'Container failed with: boom' });
  });

  it('isRevisionReady needs the observed generation', () => {
    const rev: Revision = { metadata: { generation: 2 }, status: { observedGeneration: 1 } };
    const r = revisionStatus(rev.status!, clock);
    r.markResourcesAvailableTrue();
    r.markContainerHealthyTrue();
    expect(isRevisionReady(rev)).toBe(false);
    rev.status!.observedGeneration = 2;
    expect(isRevisionReady(rev)).toBe(true);
  });

  it('propagates the PodAutoscaler: replicas, Active, initial scale never achieved', () => {
    const status: RevisionStatus = {};
    const r = revisionStatus(status, clock);
    r.initializeConditions();
    r.propagateAutoscalerStatus({ serviceName: 'hello-00001', actualScale: 0, desiredScale: 1, conditions: [{ type: 'Ready', status: 'False', reason: 'NoTraffic', message: 'idle' }] });
    expect(status.actualReplicas).toBe(0);
    expect(status.desiredReplicas).toBe(1);
    expect(cond(status, 'ResourcesAvailable')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' });
    expect(cond(status, 'Active')).toMatchObject({ status: 'False', reason: 'NoTraffic' });

    const ok: RevisionStatus = {};
    revisionStatus(ok, clock).propagateAutoscalerStatus({
      serviceName: 's',
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'ScaleTargetInitialized', status: 'True' }],
    });
    expect(cond(ok, 'Ready')!.status).toBe('True');
    expect(cond(ok, 'Active')!.status).toBe('True');
  });
});

describe('Configuration lifecycle', () => {
  it('Ready follows the latest created revision becoming the latest ready one', () => {
    const status: ConfigurationStatus = {};
    const c = configurationStatus(status, clock);
    c.initializeConditions();
    c.setLatestCreatedRevisionName('hello-00002');
    c.setLatestReadyRevisionName('hello-00001');
    expect(cond(status, 'Ready')!.status).toBe('Unknown');
    c.setLatestReadyRevisionName('hello-00002');
    expect(cond(status, 'Ready')!.status).toBe('True');
    expect(isLatestReadyRevisionNameUpToDate({ metadata: {}, status })).toBe(true);
    c.markLatestCreatedFailed('hello-00003', 'image not found');
    expect(cond(status, 'Ready')).toMatchObject({ status: 'False', reason: 'RevisionFailed', message: 'Revision "hello-00003" failed with message: image not found.' });
    c.markLatestReadyDeleted();
    expect(cond(status, 'Ready')).toMatchObject({ reason: 'RevisionDeleted', message: 'Revision "hello-00002" was deleted.' });
  });
});

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
    expect(cond(status, 'Ready')).toMatchObject({ status: 'False', reason: 'RevisionNotOwned', message: 'Revision "hello-1" belongs to Service "other", not Service "hello".' });
    const route: Route = { metadata: { generation: 1 }, status: { ...status, observedGeneration: 1 } };
    expect(isRouteReady(route)).toBe(false);
  });

  it('missing targets and failed configurations fail AllTrafficAssigned', () => {
    const status: RouteStatus = {};
    const r = routeStatus(status, clock);
    r.markMissingTrafficTarget('Revision', 'hello-9');
    expect(cond(status, 'AllTrafficAssigned')).toMatchObject({ reason: 'RevisionMissing', message: 'Revision "hello-9" referenced in traffic not found.' });
    r.markConfigurationNotReady('hello');
    expect(cond(status, 'AllTrafficAssigned')).toMatchObject({ status: 'Unknown', message: 'Configuration "hello" is waiting for a Revision to become ready.' });
  });
});

describe('Service lifecycle', () => {
  it('propagates Configuration and Route status into ConfigurationsReady and RoutesReady', () => {
    const status: ServiceStatus = {};
    const s = serviceStatus(status, clock);
    s.initializeConditions();
    s.propagateConfigurationStatus({ latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [{ type: 'Ready', status: 'True' }] });
    s.propagateRouteStatus({ url: 'http://hello.default.example.com', traffic: [{ revisionName: 'hello-00001', percent: 100, latestRevision: true }], conditions: [{ type: 'Ready', status: 'Unknown', reason: 'IngressNotConfigured', message: 'Ingress has not yet been reconciled.' }] });
    expect(status).toMatchObject({ latestReadyRevisionName: 'hello-00001', url: 'http://hello.default.example.com' });
    expect(cond(status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'IngressNotConfigured' });
    s.propagateRouteStatus({ url: 'http://hello.default.example.com', conditions: [{ type: 'Ready', status: 'True' }] });
    expect(cond(status, 'Ready')!.status).toBe('True');
    expect(status.traffic).toBeUndefined();
    const svc: Service = { metadata: { generation: 3 }, status: { ...status, observedGeneration: 3 } };
    expect(isServiceReady(svc)).toBe(true);
    s.markRevisionNameTaken('hello-v2');
    expect(cond(status, 'Ready')).toMatchObject({ status: 'False', reason: 'RevisionNameTaken' });
    s.markRouteNotYetReady();
    expect(cond(status, 'RoutesReady')).toMatchObject({ status: 'Unknown', reason: 'TrafficNotMigrated', message: 'Traffic is not yet migrated to the latest revision.' });
  });
});
