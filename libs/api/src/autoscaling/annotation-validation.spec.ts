import { defaultAutoscalerConfig } from '../core/config';
import { validateAutoscalingAnnotations } from './annotation-validation';

const run = (anns: Record<string, string>, cfg = defaultAutoscalerConfig()) =>
  validateAutoscalingAnnotations(cfg, anns)
    .list()
    .map((e) => `${e.path}: ${e.message}`);
const k = (s: string) => `autoscaling.knative.dev/${s}`;

describe('autoscaling annotations', () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      'valid set',
      {
        [k('min-scale')]: '1',
        [k('max-scale')]: '5',
        [k('target')]: '50',
        [k('metric')]: 'rps',
        [k('window')]: '2m',
        [k('initial-scale')]: '2',
      },
      [],
    ],
    [
      'min > max',
      { [k('min-scale')]: '4', [k('max-scale')]: '2' },
      [
        `${k('max-scale')}: max-scale=2 is less than min-scale=4`,
        `${k('min-scale')}: max-scale=2 is less than min-scale=4`,
      ],
    ],
    ['max 0 means unlimited', { [k('min-scale')]: '4', [k('max-scale')]: '0' }, []],
    ['negative min', { [k('min-scale')]: '-1' }, [`${k('min-scale')}: expected 0 <= -1 <= 2147483647`]],
    ['non-numeric max', { [k('max-scale')]: 'ten' }, [`${k('max-scale')}: invalid value: ten`]],
    ['legacy camelCase key', { [k('minScale')]: 'x' }, [`${k('minScale')}: invalid value: x`]],
    ['window below 6s', { [k('window')]: '5s' }, [`${k('window')}: expected 6s <= 5s <= 1h0m0s`]],
    ['window above 1h', { [k('window')]: '2h' }, [`${k('window')}: expected 6s <= 2h <= 1h0m0s`]],
    [
      'window not at second precision',
      { [k('window')]: '6500ms' },
      [`${k('window')}: must be specified with at most second precision`],
    ],
    ['bad window', { [k('window')]: 'later' }, [`${k('window')}: invalid value: later`]],
    ['target below 0.01', { [k('target')]: '0' }, [`${k('target')}: target 0 should be at least 0.01`]],
    [
      'utilization out of bounds',
      { [k('target-utilization-percentage')]: '101' },
      [`${k('target-utilization-percentage')}: expected 1 <= 101 <= 100`],
    ],
    [
      'burst capacity -1 allowed, -2 not',
      { [k('target-burst-capacity')]: '-2' },
      [`${k('target-burst-capacity')}: invalid value: -2`],
    ],
    [
      'panic threshold bounds',
      { [k('panic-threshold-percentage')]: '100' },
      [`${k('panic-threshold-percentage')}: expected 110 <= 100 <= 1000`],
    ],
    [
      'panic window bounds',
      { [k('panic-window-percentage')]: '0.5' },
      [`${k('panic-window-percentage')}: expected 1 <= 0.5 <= 100`],
    ],
    [
      'kpa metric must be concurrency or rps',
      { [k('metric')]: 'cpu' },
      [`${k('metric')}: invalid value: cpu`],
    ],
    ['hpa allows cpu', { [k('class')]: 'hpa.autoscaling.knative.dev', [k('metric')]: 'cpu' }, []],
    [
      'unknown knative class',
      { [k('class')]: 'foo.autoscaling.knative.dev' },
      [`${k('class')}: invalid value: foo.autoscaling.knative.dev`],
    ],
    [
      'initial-scale 0 not allowed by default',
      { [k('initial-scale')]: '0' },
      [`${k('initial-scale')}=0 not allowed by cluster: invalid value: 0`],
    ],
    [
      'activation-scale must be > 1',
      { [k('activation-scale')]: '1' },
      [`${k('activation-scale')}: activation-scale=1 must be greater than 1`],
    ],
    [
      'activation-scale below min',
      { [k('min-scale')]: '3', [k('activation-scale')]: '2' },
      [`${k('activation-scale')}: min-scale=3 is greater than activation-scale=2`],
    ],
    [
      'scale-down-delay bounds',
      { [k('scale-down-delay')]: '2h' },
      [`${k('scale-down-delay')}: expected 0s <= 2h <= 1h0m0s`],
    ],
    [
      'retention period bounds',
      { [k('scale-to-zero-pod-retention-period')]: '-1s' },
      [`${k('scale-to-zero-pod-retention-period')}: expected 0s <= -1s <= 1h0m0s`],
    ],
  ])('%s', (_n, anns, want) => {
    expect(run(anns)).toEqual(want);
  });

  it('max-scale-limit bounds max-scale and forbids unlimited', () => {
    const cfg = { ...defaultAutoscalerConfig(), maxScaleLimit: 10 };
    expect(run({ [k('max-scale')]: '11' }, cfg)).toEqual([`${k('max-scale')}: expected 1 <= 11 <= 10`]);
    expect(run({ [k('max-scale')]: '0' }, cfg)).toEqual([
      `${k('max-scale')}: max-scale=0 (unlimited), must be less than 10`,
    ]);
  });

  it('allow-zero-initial-scale permits initial-scale 0', () => {
    expect(
      run({ [k('initial-scale')]: '0' }, { ...defaultAutoscalerConfig(), allowZeroInitialScale: true }),
    ).toEqual([]);
  });
});
