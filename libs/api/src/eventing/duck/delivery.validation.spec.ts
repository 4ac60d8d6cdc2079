import { defaultApiConfig } from '../../core/config';
import type { DeliverySpec } from '../../core/duck/delivery';
import {
  defaultDeliverySpec,
  isDestinationEmpty,
  validateDeliverySpec,
  validateRequiredDestination,
} from './delivery.validation';

const config = defaultApiConfig();
const withFlags = (flags: Record<string, 'Enabled' | 'Disabled'>) => defaultApiConfig({ features: flags });
const lines = (errs: ReturnType<typeof validateDeliverySpec>) =>
  errs.list().map((e) => `${e.path}: ${e.message}`);

describe('validateDeliverySpec', () => {
  it.each<[string, DeliverySpec, string[]]>([
    ['empty', {}, []],
    [
      'a full valid spec',
      {
        deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dls' } },
        retry: 5,
        backoffPolicy: 'exponential',
        backoffDelay: 'PT0.5S',
        timeout: 'PT10S',
        format: 'binary',
      },
      [],
    ],
    ['retry 0', { retry: 0 }, []],
    ['negative retry', { retry: -1 }, ['retry: invalid value: -1']],
    [
      'unknown backoff policy',
      { backoffPolicy: 'random' as never },
      ['backoffPolicy: invalid value: random'],
    ],
    ['linear backoff policy', { backoffPolicy: 'linear' }, []],
    ['backoffDelay not ISO-8601', { backoffDelay: '5s' }, ['backoffDelay: invalid value: 5s']],
    ['zero timeout', { timeout: 'PT0S' }, ['timeout: invalid value: PT0S']],
    ['timeout not ISO-8601', { timeout: '10' }, ['timeout: invalid value: 10']],
    ['format', { format: 'xml' as never }, ['format: invalid value: xml']],
    ['json format', { format: 'json' }, []],
    [
      'retryAfterMax without its feature flag',
      { retryAfterMax: 'PT1S' },
      ['retryAfterMax: must not set the field(s)'],
    ],
    [
      'DLS with neither ref nor uri',
      { deadLetterSink: {} },
      [
        'deadLetterSink.ref: expected at least one, got none',
        'deadLetterSink.uri: expected at least one, got none',
      ],
    ],
    [
      'DLS with a relative uri only',
      { deadLetterSink: { uri: '/dead' } },
      [
        'deadLetterSink.uri: invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent',
      ],
    ],
    [
      'DLS ref missing its name',
      { deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: '' } } },
      ['deadLetterSink.ref.name: missing field(s)'],
    ],
    [
      'every error at once',
      { retry: -2, backoffPolicy: 'x' as never, backoffDelay: 'soon' },
      ['retry: invalid value: -2', 'backoffPolicy: invalid value: x', 'backoffDelay: invalid value: soon'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(validateDeliverySpec(spec, config))).toEqual(expected);
  });

  it('refuses timeout when delivery-timeout is disabled', () => {
    expect(
      lines(validateDeliverySpec({ timeout: 'PT1S' }, withFlags({ 'delivery-timeout': 'Disabled' }))),
    ).toEqual(['timeout: must not set the field(s)']);
  });

  it('accepts retryAfterMax (zero included) with delivery-retryafter, refuses a negative one', () => {
    const on = withFlags({ 'delivery-retryafter': 'Enabled' });
    expect(lines(validateDeliverySpec({ retryAfterMax: 'PT0S' }, on))).toEqual([]);
    expect(lines(validateDeliverySpec({ retryAfterMax: '-PT1S' }, on))).toEqual([
      'retryAfterMax: invalid value: -PT1S',
    ]);
  });

  it('accepts undefined', () => {
    expect(validateDeliverySpec(undefined, config).isEmpty()).toBe(true);
  });
});

describe('defaultDeliverySpec', () => {
  it('gives the dead letter sink ref the parent namespace', () => {
    const spec: DeliverySpec = {
      deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'dls' } },
    };
    defaultDeliverySpec(spec, 'shop');
    expect(spec.deadLetterSink?.ref?.namespace).toBe('shop');
  });

  it('keeps an explicit namespace', () => {
    const spec: DeliverySpec = {
      deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'dls', namespace: 'ops' } },
    };
    defaultDeliverySpec(spec, 'shop');
    expect(spec.deadLetterSink?.ref?.namespace).toBe('ops');
  });
});

describe('destinations held by value', () => {
  it('an absent required destination needs a ref or a uri', () => {
    expect(lines(validateRequiredDestination(undefined))).toEqual([
      'ref: expected at least one, got none',
      'uri: expected at least one, got none',
    ]);
  });

  it('isDestinationEmpty', () => {
    expect(isDestinationEmpty(undefined)).toBe(true);
    expect(isDestinationEmpty({})).toBe(true);
    expect(isDestinationEmpty({ uri: 'http://x' })).toBe(false);
  });
});
