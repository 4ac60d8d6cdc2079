// SinkBinding defaults, validation (incl. the subject reference) and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultSinkBinding } from './sink-binding.defaults';
import { SinkBindingLifecycle } from './sink-binding.lifecycle';
import type { SinkBinding, SinkBindingStatus } from './sink-binding.types';
import { validateSinkBinding } from './sink-binding.validation';

const config = defaultApiConfig();
const SINK = {
  ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display', namespace: 'shop' },
};
const SUBJECT = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer', namespace: 'shop' };
const binding = (spec: SinkBinding['spec']): SinkBinding => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'SinkBinding',
  metadata: { name: 'bind', namespace: 'shop' },
  spec,
});
const lines = (b: SinkBinding) =>
  validateSinkBinding(b, config)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('defaultSinkBinding', () => {
  it('puts the subject and the sink in the binding namespace', () => {
    const b = binding({
      subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer' },
      sink: { ref: { apiVersion: 'v1', kind: 'Service', name: 's' } },
    });
    defaultSinkBinding(b);
    expect(b.spec?.subject?.namespace).toBe('shop');
    expect(b.spec?.sink?.ref?.namespace).toBe('shop');
  });
});

describe('validateSinkBinding', () => {
  it.each<[string, SinkBinding['spec'], string[]]>([
    ['valid by name', { subject: SUBJECT, sink: SINK }, []],
    [
      'valid by selector',
      {
        subject: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          namespace: 'shop',
          selector: { matchLabels: { app: 'batch' } },
        },
        sink: { uri: 'https://events.example.com' },
      },
      [],
    ],
    [
      'no subject',
      { sink: SINK },
      [
        'spec.subject.apiVersion: missing field(s)',
        'spec.subject.kind: missing field(s)',
        'spec.subject.namespace: missing field(s)',
        'spec.subject.selector: expected exactly one, got neither',
        'spec.subject.name: expected exactly one, got neither',
      ],
    ],
    [
      'name and selector',
      { subject: { ...SUBJECT, selector: { matchLabels: { a: 'b' } } }, sink: SINK },
      [
        'spec.subject.selector: expected exactly one, got both',
        'spec.subject.name: expected exactly one, got both',
      ],
    ],
    [
      'bad selector operator',
      {
        subject: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'shop',
          selector: { matchExpressions: [{ key: 'app', operator: 'Like', values: ['x'] }] },
        },
        sink: SINK,
      },
      ['spec.subject.selector: invalid value: "Like" is not a valid label selector operator'],
    ],
    [
      'bad kind',
      { subject: { ...SUBJECT, kind: 'my-kind' }, sink: SINK },
      [
        expect.stringContaining(
          'spec.subject.kind: invalid value: a valid C identifier must start with alphabetic character',
        ) as unknown as string,
      ],
    ],
    [
      'subject in another namespace',
      { subject: { ...SUBJECT, namespace: 'other' }, sink: SINK },
      ['spec.subject.namespace: invalid value: other'],
    ],
    [
      'no sink',
      { subject: SUBJECT },
      ['spec.sink.ref: expected at least one, got none', 'spec.sink.uri: expected at least one, got none'],
    ],
    [
      'bad ceOverrides key',
      { subject: SUBJECT, sink: SINK, ceOverrides: { extensions: { '': 'x' } } },
      ['spec.ceOverrides.extensions: invalid key name ""'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(binding(spec))).toEqual(expected);
  });
});

describe('SinkBindingLifecycle', () => {
  it('is Ready when available with a sink and OIDC marked', () => {
    const status: SinkBindingStatus = {};
    const lc = new SinkBindingLifecycle(status);
    lc.initializeConditions();
    lc.markBindingAvailable();
    lc.markSink({ url: 'http://display.shop.svc.cluster.local', CACerts: 'PEM' });
    lc.markOIDCIdentityCreatedSucceededWithReason('authentication-oidc feature disabled', '');
    lc.markOIDCTokenSecretCreatedSucceededWithReason('authentication-oidc feature disabled', '');
    expect(lc.isHappy()).toBe(true);
    expect(status.sinkCACerts).toBe('PEM');
    lc.markFailedTrustBundlePropagation('NoBundle', 'x');
    expect(lc.isHappy()).toBe(true);
    lc.markBindingUnavailable('SubjectMissing', 'deployments.apps "producer" not found');
    expect(getCondition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'SubjectMissing' });
  });

  it('markSinkFailed fails SinkProvided', () => {
    const status: SinkBindingStatus = {};
    const lc = new SinkBindingLifecycle(status);
    lc.initializeConditions();
    lc.markSinkFailed('NotFound', 'x');
    expect(getCondition(status, 'SinkProvided')).toMatchObject({ status: 'False', reason: 'NotFound' });
  });
});
