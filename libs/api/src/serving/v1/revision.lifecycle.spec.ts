import type { Condition } from '../../core/conditions';
import { isRevisionReady, revisionStatus } from './revision.lifecycle';
import type { Revision, RevisionStatus } from './revision.types';

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
    expect(cond(status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ExitCode1',
      message: 'Container failed with: boom',
    });
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
    r.propagateAutoscalerStatus({
      serviceName: 'hello-00001',
      actualScale: 0,
      desiredScale: 1,
      conditions: [{ type: 'Ready', status: 'False', reason: 'NoTraffic', message: 'idle' }],
    });
    expect(status.actualReplicas).toBe(0);
    expect(status.desiredReplicas).toBe(1);
    expect(cond(status, 'ResourcesAvailable')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'Initial scale was never achieved',
    });
    expect(cond(status, 'Active')).toMatchObject({ status: 'False', reason: 'NoTraffic' });

    const ok: RevisionStatus = {};
    revisionStatus(ok, clock).propagateAutoscalerStatus({
      serviceName: 's',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'ScaleTargetInitialized', status: 'True' },
      ],
    });
    expect(cond(ok, 'Ready')!.status).toBe('True');
    expect(cond(ok, 'Active')!.status).toBe('True');
  });
});
