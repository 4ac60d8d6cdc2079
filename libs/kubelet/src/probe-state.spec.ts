import { ProbeState, probeTiming, resolveProbePort } from './probe-state';

describe('probeTiming', () => {
  it('applies the Kubernetes defaults', () => {
    expect(probeTiming({})).toEqual({
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(
      probeTiming({
        initialDelaySeconds: 2,
        periodSeconds: 1,
        timeoutSeconds: 3,
        successThreshold: 2,
        failureThreshold: 1,
      }),
    ).toEqual({
      initialDelayMs: 2000,
      periodMs: 1000,
      timeoutMs: 3000,
      successThreshold: 2,
      failureThreshold: 1,
    });
  });
});

describe('resolveProbePort', () => {
  const container = { name: 'app', image: 'i', ports: [{ name: 'http', containerPort: 8080 }] };
  it.each([
    [9000, 9000],
    ['9001', 9001],
    ['http', 8080],
  ])('%s → %i', (port, expected) => {
    expect(resolveProbePort(port, container)).toBe(expected);
  });
  it('names a missing port name', () => {
    expect(() => resolveProbePort('admin', container)).toThrow(
      'probe port "admin" is not a port name of container app',
    );
  });
});

describe('ProbeState', () => {
  it.each([
    ['one success with threshold 1', { successThreshold: 1, failureThreshold: 3 }, [true], 'success'],
    [
      'two failures below threshold 3',
      { successThreshold: 1, failureThreshold: 3 },
      [false, false],
      'unknown',
    ],
    ['three failures', { successThreshold: 1, failureThreshold: 3 }, [false, false, false], 'failure'],
    [
      'failures interrupted by a success',
      { successThreshold: 1, failureThreshold: 3 },
      [false, false, true, false, false],
      'success',
    ],
    [
      'success threshold 2 needs two in a row',
      { successThreshold: 2, failureThreshold: 1 },
      [false, true, false, true],
      'failure',
    ],
    [
      'success threshold 2 reached',
      { successThreshold: 2, failureThreshold: 1 },
      [false, true, true],
      'success',
    ],
  ])('%s → %s', (_name, thresholds, results, outcome) => {
    const state = new ProbeState(thresholds);
    for (const r of results) state.record(r);
    expect(state.outcome).toBe(outcome);
  });

  it('reports when the outcome changes', () => {
    const state = new ProbeState({ successThreshold: 1, failureThreshold: 2 });
    expect([true, true, false, false, false, true].map((r) => state.record(r))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });
});
