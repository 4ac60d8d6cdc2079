import { defaultAutoscaler } from '@kuack/controller';
import { autoscalerSpecFor, panicWindowMs } from './spec';
import { testPa } from './test-helpers';

const cfg = defaultAutoscaler();
const A = 'autoscaling.knative.dev/';

describe('autoscalerSpecFor', () => {
  it('uses config-autoscaler defaults (target 70 of 100, TBC 211, panic 200%, 60 s / 6 s windows)', () => {
    const s = autoscalerSpecFor(testPa(), cfg);
    expect(s).toMatchObject({
      metric: 'concurrency',
      aggregation: 'linear',
      targetValue: 70,
      totalValue: 100,
      targetBurstCapacity: 211,
      activatorCapacity: 100,
      panicThreshold: 2,
      maxScaleUpRate: 1000,
      maxScaleDownRate: 2,
      stableWindowMs: 60_000,
      panicWindowMs: 6_000,
      scaleDownDelayMs: 0,
      initialScale: 1,
      activationScale: 0,
      minScale: 0,
      maxScale: 0,
      reachable: true,
      enableScaleToZero: true,
      scaleToZeroGracePeriodMs: 30_000,
      scaleToZeroPodRetentionMs: 0,
      activationTimeoutMs: 630_000,
    });
  });

  test.each([
    ['containerConcurrency 10', {}, 10, { total: 10, target: 7 }],
    ['target annotation capped at cc', { [`${A}target`]: '50' }, 10, { total: 10, target: 7 }],
    ['target annotation with cc 0', { [`${A}target`]: '50' }, 0, { total: 50, target: 35 }],
    [
      'target-utilization-percentage',
      { [`${A}target-utilization-percentage`]: '50' },
      0,
      { total: 100, target: 50 },
    ],
    ['rps default', { [`${A}metric`]: 'rps' }, 0, { total: 200, target: 140 }],
    [
      'rps target ignores cc',
      { [`${A}metric`]: 'rps', [`${A}target`]: '300' },
      10,
      { total: 300, target: 210 },
    ],
    ['target floor 0.01', { [`${A}target`]: '0.001' }, 0, { total: 0.001, target: 0.01 }],
  ])('%s', (_name, anns, cc, want) => {
    const s = autoscalerSpecFor(testPa(anns, { containerConcurrency: cc }), cfg);
    expect(s.totalValue).toBeCloseTo(want.total);
    expect(s.targetValue).toBeCloseTo(want.target);
  });

  it('reads every annotation', () => {
    const s = autoscalerSpecFor(
      testPa({
        [`${A}window`]: '20s',
        [`${A}panic-window-percentage`]: '20',
        [`${A}panic-threshold-percentage`]: '150',
        [`${A}target-burst-capacity`]: '-1',
        [`${A}min-scale`]: '2',
        [`${A}max-scale`]: '5',
        [`${A}initial-scale`]: '3',
        [`${A}activation-scale`]: '4',
        [`${A}scale-down-delay`]: '10s',
        [`${A}scale-to-zero-pod-retention-period`]: '1m',
        [`${A}metric-aggregation-algorithm`]: 'weighted-exponential',
        'serving.knative.dev/progress-deadline': '100s',
      }),
      cfg,
    );
    expect(s).toMatchObject({
      stableWindowMs: 20_000,
      panicWindowMs: 4_000,
      panicThreshold: 1.5,
      targetBurstCapacity: -1,
      minScale: 2,
      maxScale: 5,
      initialScale: 3,
      activationScale: 4,
      scaleDownDelayMs: 10_000,
      scaleToZeroPodRetentionMs: 60_000,
      aggregation: 'weighted-exponential',
      activationTimeoutMs: 130_000,
    });
  });

  it('ignores min-scale and pod retention of an unreachable revision', () => {
    const s = autoscalerSpecFor(
      testPa(
        { [`${A}min-scale`]: '2', [`${A}scale-to-zero-pod-retention-period`]: '1m' },
        { reachability: 'Unreachable' },
      ),
      { ...cfg, minScale: 1 },
    );
    expect(s).toMatchObject({ minScale: 0, scaleToZeroPodRetentionMs: 0, reachable: false });
  });

  it('initial-scale 0 only with allow-zero-initial-scale', () => {
    const pa = testPa({ [`${A}initial-scale`]: '0' });
    expect(autoscalerSpecFor(pa, cfg).initialScale).toBe(1);
    expect(autoscalerSpecFor(pa, { ...cfg, allowZeroInitialScale: true }).initialScale).toBe(0);
  });

  it('falls back to the config when an annotation does not parse', () => {
    const s = autoscalerSpecFor(testPa({ [`${A}min-scale`]: 'two', [`${A}window`]: 'soon' }), {
      ...cfg,
      minScale: 1,
    });
    expect(s.minScale).toBe(1);
    expect(s.stableWindowMs).toBe(60_000);
  });

  it('takes the progress deadline from config-deployment when not annotated', () => {
    expect(autoscalerSpecFor(testPa(), cfg, { progressDeadlineSeconds: 120 }).activationTimeoutMs).toBe(
      150_000,
    );
  });

  it('panic window rounds to the second, at least one bucket', () => {
    expect(panicWindowMs(60_000, 10)).toBe(6_000);
    expect(panicWindowMs(6_000, 10)).toBe(1_000);
    expect(panicWindowMs(6_000, 1)).toBe(1_000);
    expect(panicWindowMs(25_000, 10)).toBe(3_000);
  });
});
