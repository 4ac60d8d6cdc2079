import { defaultAutoscaler } from '@kuack/controller';
import { KpaAutoscaler, type MetricSource, excessBurstCapacity, initialExcessBurstCapacity } from './kpa';
import { type AutoscalerSpec, autoscalerSpecFor } from './spec';
import { testPa, testSpec } from './test-helpers';

const T0 = 1_700_000_000_000;

class FixedMetrics implements MetricSource {
  value: { stable: number; panic: number } | undefined = { stable: 0, panic: 0 };
  stableAndPanic() {
    return this.value;
  }
}

function kpa(spec: Partial<AutoscalerSpec> = {}, readyPodsAtStart = 1, metrics = new FixedMetrics()) {
  return new KpaAutoscaler({
    key: 'ns/rev',
    spec: testSpec(spec),
    metrics,
    readyPods: readyPodsAtStart,
    nowMs: T0,
  });
}

describe('KpaAutoscaler.decide: one tick', () => {
  // ready, stable, panic → desired, EBC (defaults: target 70, total 100, TBC 211, up ×1000, down ÷2).
  test.each<[string, Partial<AutoscalerSpec>, number, number, number, number, number]>([
    ['no load, no pods → 0', {}, 0, 0, 0, 0, -211],
    ['one pod worth of load', {}, 1, 70, 70, 1, -181],
    ['stable value rounds up per target', {}, 2, 71, 71, 2, -82],
    ['two pods at target', {}, 2, 140, 140, 2, -151],
    ['scale-down limited by max-scale-down-rate (10 → 5)', {}, 10, 0, 0, 5, 789],
    ['unreachable revisions are not rate-limited downwards', { reachable: false }, 10, 0, 0, 0, 789],
    ['scale-up limited by max-scale-up-rate (ceil 1.1 × 3 = 4)', { maxScaleUpRate: 1.1 }, 3, 700, 0, 4, 89],
    [
      'scale-up rate still allows one more pod (ceil 1.1 × 1 = 2)',
      { maxScaleUpRate: 1.1 },
      1,
      700,
      0,
      2,
      -111,
    ],
    ['activation scale lifts a non-zero wish', { activationScale: 3 }, 1, 10, 10, 3, -121],
    ['activation scale does not lift zero', { activationScale: 3 }, 1, 0, 0, 0, -111],
    ['activation scale 1 changes nothing', { activationScale: 1 }, 1, 10, 10, 1, -121],
    ['TBC 0 → EBC 0', { targetBurstCapacity: 0 }, 3, 50, 50, 1, 0],
    ['TBC −1 → EBC −1', { targetBurstCapacity: -1 }, 3, 50, 50, 1, -1],
    ['TBC 211 with 3 pods and 50 in flight → EBC 39', {}, 3, 50, 50, 1, 39],
    ['EBC uses the real pod count (0), not max(1, ready)', {}, 0, 5, 5, 1, -216],
    [
      'rps metric: 280 rps / 140 per pod',
      { metric: 'rps', targetValue: 140, totalValue: 200 },
      2,
      280,
      280,
      2,
      -91,
    ],
  ])('%s', (_name, spec, ready, stable, panic, desired, ebc) => {
    const r = kpa(spec).decide(T0, ready, stable, panic);
    expect(r).toEqual({
      desiredPodCount: desired,
      excessBurstCapacity: ebc,
      inPanic: r.inPanic,
      scaleValid: true,
      observedStableValue: stable,
      observedPanicValue: panic,
    });
  });

  it('EBC counts the ready pods with the full per-pod capacity', () => {
    expect(excessBurstCapacity(testSpec(), 2, 0)).toBe(-11);
    expect(excessBurstCapacity(testSpec(), 3, 0)).toBe(89);
  });

  it('seeds EBC before the first decision from the initial scale', () => {
    expect(initialExcessBurstCapacity(testSpec())).toBe(-111);
    expect(initialExcessBurstCapacity(testSpec({ targetBurstCapacity: 0 }))).toBe(0);
    expect(initialExcessBurstCapacity(testSpec({ targetBurstCapacity: -1 }))).toBe(-1);
    expect(initialExcessBurstCapacity(testSpec({ initialScale: 3 }))).toBe(89);
  });
});

describe('KpaAutoscaler panic mode', () => {
  it('enters panic when panic pods / ready ≥ threshold, never scales down in panic, leaves a stable window after', () => {
    const a = kpa();
    // dppc = ceil(150/70) = 3; 3/1 ≥ 2 → panic; desired = max(stable 1, panic 3).
    expect(a.decide(T0, 1, 10, 150)).toMatchObject({ desiredPodCount: 3, inPanic: true });
    // Load fell: stable and panic want 1, but no scale-down in panic.
    expect(a.decide(T0 + 2000, 3, 10, 10)).toMatchObject({ desiredPodCount: 3, inPanic: true });
    // Still in panic at exactly panicTime + stable window.
    expect(a.decide(T0 + 60_000, 3, 10, 10)).toMatchObject({ desiredPodCount: 3, inPanic: true });
    // After it: stable mode, scale-down by rate (floor(3/2) = 1).
    expect(a.decide(T0 + 60_002, 3, 10, 10)).toMatchObject({ desiredPodCount: 1, inPanic: false });
  });

  it('each tick over the threshold extends panic', () => {
    const a = kpa();
    a.decide(T0, 1, 10, 150);
    expect(a.decide(T0 + 30_000, 2, 10, 300)).toMatchObject({ inPanic: true, desiredPodCount: 5 });
    expect(a.decide(T0 + 61_000, 5, 10, 10)).toMatchObject({ inPanic: true, desiredPodCount: 5 });
    expect(a.decide(T0 + 90_001, 5, 10, 10)).toMatchObject({ inPanic: false, desiredPodCount: 2 });
  });

  it('raises the panic maximum when the panic wish grows', () => {
    const a = kpa();
    a.decide(T0, 1, 10, 150);
    expect(a.decide(T0 + 2000, 3, 10, 700).desiredPodCount).toBe(10);
  });

  it('just below the threshold stays stable', () => {
    const a = kpa();
    // dppc = ceil(139/70) = 2 with 2 pods: 1 < 2.
    expect(a.decide(T0, 2, 70, 139)).toMatchObject({ inPanic: false, desiredPodCount: 1 });
  });

  it('a custom threshold (150%) is honoured', () => {
    const a = kpa({ panicThreshold: 1.5 });
    expect(a.decide(T0, 2, 70, 210)).toMatchObject({ inPanic: true, desiredPodCount: 3 });
  });

  it('a fresh autoscaler starts in panic with more than one pod ready, holding the current scale', () => {
    const a = kpa({}, 3);
    expect(a.inPanic).toBe(true);
    expect(a.decide(T0 + 2000, 3, 0, 0)).toMatchObject({ inPanic: true, desiredPodCount: 3 });
    expect(a.decide(T0 + 60_001, 3, 0, 0)).toMatchObject({ inPanic: false, desiredPodCount: 1 });
  });

  it('a fresh autoscaler with one pod (or none) starts calm', () => {
    expect(kpa({}, 1).inPanic).toBe(false);
    expect(kpa({}, 0).decide(T0, 0, 0, 0)).toMatchObject({ inPanic: false, desiredPodCount: 0 });
  });
});

describe('KpaAutoscaler scale-down delay', () => {
  it('holds the highest wish of the delay window', () => {
    const a = kpa({ scaleDownDelayMs: 10_000 });
    expect(a.decide(T0, 5, 350, 0).desiredPodCount).toBe(5);
    expect(a.decide(T0 + 2000, 5, 70, 0).desiredPodCount).toBe(5);
    expect(a.decide(T0 + 8000, 5, 70, 0).desiredPodCount).toBe(5);
    expect(a.decide(T0 + 10_000, 5, 70, 0).desiredPodCount).toBe(2);
  });

  it('scales up at once', () => {
    const a = kpa({ scaleDownDelayMs: 10_000 });
    a.decide(T0, 1, 70, 0);
    expect(a.decide(T0 + 2000, 1, 140, 0).desiredPodCount).toBe(2);
  });

  it('does not delay unreachable revisions', () => {
    const a = kpa({ scaleDownDelayMs: 10_000, reachable: false });
    a.decide(T0, 5, 350, 0);
    expect(a.decide(T0 + 2000, 5, 70, 0).desiredPodCount).toBe(1);
  });

  it('update() with a new delay takes effect', () => {
    const a = kpa();
    a.update(testSpec({ scaleDownDelayMs: 10_000 }));
    a.decide(T0, 5, 350, 0);
    expect(a.decide(T0 + 2000, 5, 70, 0).desiredPodCount).toBe(5);
  });
});

describe('KpaAutoscaler.scale', () => {
  it('is invalid without data and keeps its panic state', () => {
    const m = new FixedMetrics();
    m.value = undefined;
    const a = kpa({}, 3, m);
    expect(a.scale(T0, 3)).toEqual({
      desiredPodCount: 0,
      excessBurstCapacity: 0,
      inPanic: true,
      scaleValid: false,
    });
  });

  it('decides from the metric source', () => {
    const m = new FixedMetrics();
    m.value = { stable: 140, panic: 140 };
    expect(kpa({}, 1, m).scale(T0, 2)).toMatchObject({ desiredPodCount: 2, scaleValid: true });
  });

  it('uses the spec from annotations end to end (containerConcurrency 1, target 100%)', () => {
    const spec = autoscalerSpecFor(
      testPa({ 'autoscaling.knative.dev/target-utilization-percentage': '100' }, { containerConcurrency: 1 }),
      defaultAutoscaler(),
    );
    const a = new KpaAutoscaler({
      key: 'ns/rev',
      spec,
      metrics: new FixedMetrics(),
      readyPods: 0,
      nowMs: T0,
    });
    // 5 concurrent → 5 pods; panic (5/1 ≥ 2).
    expect(a.decide(T0, 1, 5, 5)).toMatchObject({
      desiredPodCount: 5,
      inPanic: true,
      excessBurstCapacity: -215,
    });
  });
});
