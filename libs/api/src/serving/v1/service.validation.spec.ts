import { IMAGE, defaulted, ksvc, lines, template } from '../../test/support';

const tmpl = template({ containers: [{ image: IMAGE }] });

describe('Service validation', () => {
  it.each<[string, unknown[], string[]]>([
    [
      '50/50 split with tags',
      [
        { tag: 'current', revisionName: 'hello-v1', percent: 50 },
        { tag: 'latest', latestRevision: true, percent: 50 },
      ],
      [],
    ],
    [
      'percent above 100',
      [{ latestRevision: true, percent: 101 }],
      [
        'spec.traffic[0].percent: expected 0 <= 101 <= 100',
        'spec.traffic: Traffic targets sum to 101, want 100',
      ],
    ],
    [
      'negative percent',
      [
        { latestRevision: true, percent: 110 },
        { revisionName: 'hello-a', percent: -10 },
      ],
      [
        'spec.traffic[0].percent: expected 0 <= 110 <= 100',
        'spec.traffic[1].percent: expected 0 <= -10 <= 100',
      ],
    ],
    [
      'sum below 100',
      [
        { latestRevision: true, percent: 40 },
        { revisionName: 'hello-a', percent: 50 },
      ],
      ['spec.traffic: Traffic targets sum to 90, want 100'],
    ],
    [
      'configurationName is not allowed in a Service',
      [{ configurationName: 'other', percent: 100 }],
      ['spec.traffic[0].configurationName: must not set the field(s)'],
    ],
    [
      'duplicate tags',
      [
        { tag: 'a', latestRevision: true, percent: 50 },
        { tag: 'a', revisionName: 'hello-x', percent: 50 },
      ],
      [
        'spec.traffic[1].tag: Multiple definitions for "a"',
        'spec.traffic[0].tag: Multiple definitions for "a"',
      ],
    ],
    [
      'tag must be a DNS-1035 label',
      [{ tag: '1st', latestRevision: true, percent: 100 }],
      [
        expect.stringContaining(
          'spec.traffic.tag[0]: invalid value: not a DNS 1035 label: [a DNS-1035 label must consist',
        ) as unknown as string,
      ],
    ],
    [
      'revisionName with latestRevision true',
      [{ revisionName: 'hello-a', latestRevision: true, percent: 100 }],
      ['spec.traffic[0].latestRevision: may not set revisionName "hello-a" when latestRevision is true'],
    ],
    [
      'latestRevision false without revisionName',
      [{ latestRevision: false, percent: 100 }],
      ['spec.traffic[0].latestRevision: may not set revisionName "" when latestRevision is false'],
    ],
    [
      'url is status-only',
      [{ latestRevision: true, percent: 100, tag: 'x', url: 'http://x' }],
      ['spec.traffic[0].url: must not set the field(s)'],
    ],
    [
      'revisionName must be a qualified name',
      [{ revisionName: 'bad name', percent: 100 }],
      [
        expect.stringMatching(
          /^spec\.traffic\[0\]\.revisionName: invalid key name "bad name" \(name part must consist of/,
        ) as unknown as string,
      ],
    ],
  ])('%s', (_n, traffic, want) => {
    expect(lines(ksvc({ ...tmpl, traffic }))).toEqual(want);
  });

  it('metadata: name rules, autoscaling annotations only on the template, rollout-duration', () => {
    expect(lines(ksvc(tmpl, { name: 'Hello' }))).toEqual([
      expect.stringMatching(/^metadata\.name: not a DNS 1035 label: \[a DNS-1035 label must/),
    ]);
    expect(lines(ksvc(tmpl, { name: undefined }))).toEqual([
      'metadata.name: name or generateName is required',
    ]);
    expect(lines(ksvc(tmpl, { annotations: { 'autoscaling.knative.dev/min-scale': '1' } }))).toEqual([
      'metadata.annotations: invalid key name "autoscaling.knative.dev/min-scale" (autoscaling annotations must be put under "spec.template.metadata.annotations" to work)',
    ]);
    expect(lines(ksvc(tmpl, { annotations: { 'serving.knative.dev/rollout-duration': '1500ms' } }))).toEqual([
      'metadata.annotations.serving.knative.dev/rollout-duration: rollout-duration=1500ms is not at second precision',
    ]);
    expect(lines(ksvc(tmpl, { annotations: { 'serving.knative.dev/rollout-duration': 'soon' } }))).toEqual([
      'metadata.annotations.serving.knative.dev/rollout-duration: invalid value: soon',
    ]);
  });

  it('unknown networking.knative.dev annotations on the template are refused', () => {
    const t = template(
      { containers: [{ image: IMAGE }] },
      {
        annotations: {
          'networking.knative.dev/foo': 'x',
          'networking.knative.dev/http-protocol': 'redirected',
        },
      },
    );
    expect(lines(ksvc(t))).toEqual([
      'spec.template.metadata.annotations: invalid key name "networking.knative.dev/foo"',
    ]);
  });

  it('update: creator is immutable, BYO template changes need a new name', () => {
    const old = defaulted(
      ksvc(template({ containers: [{ image: IMAGE }] }, { name: 'hello-v1' }), {
        annotations: { 'serving.knative.dev/creator': 'alice' },
      }),
    );
    const changed = ksvc(template({ containers: [{ image: `${IMAGE}-2` }] }, { name: 'hello-v1' }), {
      annotations: { 'serving.knative.dev/creator': 'mallory' },
    });
    const out = lines(changed, old);
    expect(out[0]).toBe('metadata.annotations.serving.knative.dev/creator: annotation value is immutable');
    expect(out[1]).toMatch(
      /^spec\.template\.metadata\.name: Saw the following changes without a name change \(-old \+new\)/,
    );
    expect(out).toHaveLength(2);
  });
});
