import {
  SCALE_UNKNOWN,
  type ScaleDecision,
  type ScaleDecisionInput,
  applyBounds,
  decideScale,
  numActivators,
  sksModeFor,
} from './decide-scale';
import type { AutoscalerSpec } from './spec';
import { testSpec } from './test-helpers';

const NOW = 1_700_000_000_000;
const s = (n: number) => n * 1000;

type Row = [
  string,
  Partial<ScaleDecisionInput> & { specPatch?: Partial<AutoscalerSpec> },
  Partial<ScaleDecision>,
];

function input(row: Row[1]): ScaleDecisionInput {
  const { specPatch, ...rest } = row;
  return {
    nowMs: NOW,
    desiredScale: 1,
    spec: testSpec(specPatch),
    scaleTargetInitialized: true,
    active: { status: 'True', sinceMs: NOW - s(1000) },
    ...rest,
  };
}
const active = (status: 'True' | 'False' | 'Unknown', forSeconds: number) => ({
  status,
  sinceMs: NOW - s(forSeconds),
});

describe('decideScale', () => {
  test.each<Row>([
    // No metrics yet.
    [
      'no decision yet while active: nothing to apply',
      { desiredScale: SCALE_UNKNOWN },
      { want: -1, apply: false, reason: 'NoMetrics' },
    ],
    [
      'no decision while activating, min 0: wait for activation',
      { desiredScale: SCALE_UNKNOWN, active: active('Unknown', 10) },
      { want: -1, apply: false, requeueAfterMs: s(620) + 1, reason: 'Activating' },
    ],
    [
      'no decision while activating, min-scale 2: apply 2',
      { desiredScale: SCALE_UNKNOWN, active: active('Unknown', 10), specPatch: { minScale: 2 } },
      { want: 2, apply: true },
    ],
    // Bounds.
    ['within bounds', { desiredScale: 3, specPatch: { minScale: 1, maxScale: 5 } }, { want: 3, apply: true }],
    ['below min-scale', { desiredScale: 0, specPatch: { minScale: 2 } }, { want: 2, apply: true }],
    ['above max-scale', { desiredScale: 10, specPatch: { maxScale: 4 } }, { want: 4, apply: true }],
    ['max-scale 0 is unlimited', { desiredScale: 500 }, { want: 500, apply: true }],
    [
      'initial scale is the minimum until reached',
      { desiredScale: 1, scaleTargetInitialized: false, specPatch: { initialScale: 3 } },
      { want: 3, apply: true },
    ],
    [
      'initial scale no longer applies once reached',
      { desiredScale: 1, specPatch: { initialScale: 3 } },
      { want: 1, apply: true },
    ],
    [
      'initial scale ignored for an unreachable revision',
      { desiredScale: 1, scaleTargetInitialized: false, specPatch: { initialScale: 3, reachable: false } },
      { want: 1, apply: true },
    ],
    [
      'initial scale below min-scale keeps min-scale',
      { desiredScale: 0, scaleTargetInitialized: false, specPatch: { initialScale: 2, minScale: 4 } },
      { want: 4, apply: true },
    ],
    // Scale to zero.
    [
      'scale to zero disabled → 1',
      { desiredScale: 0, specPatch: { enableScaleToZero: false } },
      { want: 1, apply: true, reason: 'ScaleToZeroDisabled' },
    ],
    [
      'activating past progress deadline + 30 s → 0',
      { desiredScale: 0, active: active('Unknown', 631) },
      { want: 0, apply: true, reason: 'ActivationTimedOut' },
    ],
    [
      'activating exactly at the timeout still waits',
      { desiredScale: 0, active: active('Unknown', 630) },
      { want: -1, apply: false, reason: 'Activating' },
    ],
    [
      'active shorter than the stable window → held at 1',
      { desiredScale: 0, active: active('True', 20) },
      { want: 1, apply: true, requeueAfterMs: s(40), reason: 'HeldForStableWindow' },
    ],
    [
      'active for the stable window → want 0 (Inactive, Proxy) without applying',
      { desiredScale: 0, active: active('True', 60) },
      { want: 0, apply: false, reason: 'Deactivating' },
    ],
    [
      'deactivating with the SKS already in Proxy → requeue',
      { desiredScale: 0, active: active('True', 60), sksMode: 'Proxy' },
      { want: 0, apply: false, requeueAfterMs: 3000 },
    ],
    [
      'inactive: asks for the activator probe',
      { desiredScale: 0, active: active('False', 40) },
      { want: 0, apply: false, probeActivator: true },
    ],
    [
      'inactive, activator not in path yet → retry',
      { desiredScale: 0, active: active('False', 40), activatorReady: false },
      { want: 0, apply: false, requeueAfterMs: 1000, reason: 'ActivatorNotInPath' },
    ],
    [
      'inactive ≥ grace, activator in path → 0',
      { desiredScale: 0, active: active('False', 30), activatorReady: true },
      { want: 0, apply: true, reason: 'ScaledToZero' },
    ],
    [
      'TBC −1 needs no probe',
      { desiredScale: 0, active: active('False', 30), specPatch: { targetBurstCapacity: -1 } },
      { want: 0, apply: true },
    ],
    [
      'inactive < grace, SKS in Proxy for the grace → fast path 0',
      { desiredScale: 0, active: active('False', 5), activatorReady: true, proxySinceMs: NOW - s(30) },
      { want: 0, apply: true },
    ],
    [
      'inactive < grace, Proxy for 10 s → wait the rest of the grace',
      { desiredScale: 0, active: active('False', 5), activatorReady: true, proxySinceMs: NOW - s(10) },
      { want: 0, apply: false, requeueAfterMs: s(20), reason: 'GracePeriod' },
    ],
    [
      'retention 60 s: inactive 40 s (past grace) keeps the last pod',
      {
        desiredScale: 0,
        active: active('False', 40),
        activatorReady: true,
        specPatch: { scaleToZeroPodRetentionMs: s(60) },
      },
      { want: 0, apply: false, requeueAfterMs: s(20), reason: 'PodRetention' },
    ],
    [
      'retention 60 s: inactive 60 s → 0',
      {
        desiredScale: 0,
        active: active('False', 60),
        activatorReady: true,
        specPatch: { scaleToZeroPodRetentionMs: s(60) },
      },
      { want: 0, apply: true },
    ],
    [
      'retention shorter than grace: grace wins',
      {
        desiredScale: 0,
        active: active('False', 20),
        activatorReady: true,
        specPatch: { scaleToZeroPodRetentionMs: s(10) },
      },
      { want: 0, apply: false, reason: 'GracePeriod' },
    ],
    [
      'a non-zero wish while inactive is applied (wake up)',
      { desiredScale: 2, active: active('False', 100) },
      { want: 2, apply: true },
    ],
  ])('%s', (_name, row, want) => {
    expect(decideScale(input(row))).toMatchObject(want);
  });
});

describe('applyBounds', () => {
  it.each([
    [0, 0, 5, 5],
    [2, 0, 1, 2],
    [0, 3, 9, 3],
    [1, 3, 2, 2],
  ])('min %d max %d x %d → %d', (min, max, x, want) => expect(applyBounds(min, max, x)).toBe(want));
});

describe('sksModeFor', () => {
  it.each<[number, number, boolean, 'Serve' | 'Proxy']>([
    [1, 0, false, 'Serve'],
    [3, 39, false, 'Serve'],
    [1, -1, false, 'Proxy'],
    [0, 100, false, 'Proxy'],
    [-1, 100, true, 'Proxy'],
    [-1, 100, false, 'Proxy'],
  ])('want %d, EBC %d, inactive %s → %s', (want, ebc, inactive, mode) =>
    expect(sksModeFor(want, ebc, inactive)).toBe(mode),
  );
});

describe('numActivators', () => {
  it('covers ready capacity plus TBC with activator-capacity each, at least 2', () => {
    expect(numActivators(testSpec(), 0)).toBe(3); // ceil(211 / 100)
    expect(numActivators(testSpec(), 5)).toBe(8); // ceil(711 / 100)
    expect(numActivators(testSpec({ targetBurstCapacity: 0 }), 50)).toBe(2);
    expect(numActivators(testSpec({ targetBurstCapacity: -1 }), 5)).toBe(5);
    expect(numActivators(testSpec({ targetBurstCapacity: -1 }), 0)).toBe(2);
  });
});
