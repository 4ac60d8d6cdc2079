import { admit } from '../../admit';
import { lines } from '../../test/support';

const route = (traffic: unknown[], meta: Record<string, unknown> = {}) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: { name: 'hello', namespace: 'default', ...meta },
  spec: { traffic },
});

describe('Route validation', () => {
  it.each<[string, unknown[], string[]]>([
    ['configuration target', [{ configurationName: 'hello', percent: 100 }], []],
    [
      'split over revisions',
      [
        { revisionName: 'hello-a', percent: 30 },
        { revisionName: 'hello-b', percent: 70, tag: 'b' },
      ],
      [],
    ],
    ['no traffic at all', [], ['spec.traffic: Traffic targets sum to 0, want 100']],
    [
      'target without revision or configuration',
      [{ percent: 100 }],
      [
        'spec.traffic[0].configurationName: expected exactly one, got neither',
        'spec.traffic[0].revisionName: expected exactly one, got neither',
      ].reverse(),
    ],
    [
      'both revisionName and configurationName',
      [{ revisionName: 'a', configurationName: 'b', percent: 100 }],
      [
        'spec.traffic[0].revisionName: expected exactly one, got both',
        'spec.traffic[0].configurationName: expected exactly one, got both',
      ],
    ],
  ])('%s', (_n, traffic, want) => {
    expect(lines(route(traffic))).toEqual(want);
  });

  it('no default traffic outside a Service', () => {
    expect(admit(undefined, route([])).object.spec).toEqual({ traffic: [] });
  });

  it('serving.knative.dev/service label needs the owning Service', () => {
    expect(
      lines(
        route([{ configurationName: 'hello', percent: 100 }], {
          labels: { 'serving.knative.dev/service': 'hello' },
        }),
      ),
    ).toEqual(['metadata.labels.serving.knative.dev/service: missing field(s)']);
  });
});
