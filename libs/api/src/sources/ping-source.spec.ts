// PingSource defaults, validation and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultPingSource } from './ping-source.defaults';
import { PingSourceLifecycle } from './ping-source.lifecycle';
import type { PingSource, PingSourceStatus } from './ping-source.types';
import { decodeStdBase64, validatePingSource } from './ping-source.validation';

const config = defaultApiConfig();
const SINK = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const ping = (spec: PingSource['spec']): PingSource => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'PingSource',
  metadata: { name: 'tick', namespace: 'shop' },
  spec,
});
const lines = (p: PingSource) =>
  validatePingSource(p, config)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('defaultPingSource', () => {
  it('defaults the schedule to every minute and the sink namespace', () => {
    const p = ping({ sink: { ref: { ...SINK.ref } } });
    defaultPingSource(p);
    expect(p.spec?.schedule).toBe('* * * * *');
    expect(p.spec?.sink?.ref?.namespace).toBe('shop');
    expect(p.spec?.timezone).toBeUndefined();
    expect(p.spec?.contentType).toBeUndefined();
  });

  it('keeps a schedule', () => {
    const p = ping({ schedule: '@hourly', sink: SINK });
    defaultPingSource(p);
    expect(p.spec?.schedule).toBe('@hourly');
  });
});

describe('validatePingSource', () => {
  it.each<[string, PingSource['spec'], string[]]>([
    [
      'valid',
      { schedule: '*/2 * * * *', contentType: 'application/json', data: '{"message":"hi"}', sink: SINK },
      [],
    ],
    ['with a time zone', { schedule: '0 9 * * mon-fri', timezone: 'Europe/Paris', sink: SINK }, []],
    ['with base64 data', { schedule: '@daily', dataBase64: 'aGVsbG8=', sink: SINK }, []],
    [
      'JSON base64 data',
      {
        schedule: '@daily',
        contentType: 'application/json',
        dataBase64: Buffer.from('{"a":1}').toString('base64'),
        sink: SINK,
      },
      [],
    ],
    [
      'bad schedule',
      { schedule: '61 * * * *', sink: SINK },
      ['spec.schedule: invalid value: end of range (61) above maximum (59): 61'],
    ],
    [
      'four fields',
      { schedule: '* * * *', sink: SINK },
      ['spec.schedule: invalid value: expected 5 to 6 fields, found 4: [* * * *]'],
    ],
    [
      '@every',
      { schedule: '@every 1m', sink: SINK },
      ['spec.schedule: invalid value: unsupported descriptor @every'],
    ],
    [
      'bad time zone',
      { schedule: '* * * * *', timezone: 'Moon/Base', sink: SINK },
      ['spec.timezone: invalid value: provided bad location Moon/Base: unknown time zone Moon/Base'],
    ],
    [
      'no sink',
      { schedule: '* * * * *' },
      ['spec.sink.ref: expected at least one, got none', 'spec.sink.uri: expected at least one, got none'],
    ],
    [
      'data and dataBase64',
      { schedule: '* * * * *', data: 'a', dataBase64: 'YQ==', sink: SINK },
      ['spec.data: expected exactly one, got both', 'spec.dataBase64: expected exactly one, got both'],
    ],
    [
      'data not a JSON object',
      { schedule: '* * * * *', contentType: 'application/json', data: '[1,2]', sink: SINK },
      [
        'spec.data: invalid value: json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
    ],
    [
      'base64 not valid',
      { schedule: '* * * * *', dataBase64: 'a*b=', sink: SINK },
      ['spec.dataBase64: invalid value: illegal base64 data at input byte 1'],
    ],
    [
      'bad ceOverrides key',
      { schedule: '* * * * *', sink: SINK, ceOverrides: { extensions: { 'my-ext': 'x' } } },
      ['spec.ceOverrides.extensions: invalid key name "my-ext"'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(ping(spec))).toEqual(expected);
  });

  it('non-JSON data is fine without the JSON content type', () => {
    expect(lines(ping({ schedule: '* * * * *', data: 'plain text', sink: SINK }))).toEqual([]);
  });
});

describe('decodeStdBase64', () => {
  it('decodes padded base64 and refuses missing padding', () => {
    expect(decodeStdBase64('aGk=')).toEqual({ ok: true, value: Buffer.from('hi') });
    expect(decodeStdBase64('aGk').ok).toBe(false);
  });
});

describe('PingSourceLifecycle', () => {
  function ready() {
    const status: PingSourceStatus = {};
    const lc = new PingSourceLifecycle(status);
    lc.initializeConditions();
    lc.markSink({ url: 'http://broker-ingress.knative-eventing.svc.cluster.local/shop/default' });
    lc.propagateDeploymentAvailability({
      metadata: { name: 'pingsource-mt-adapter' },
      status: { conditions: [{ type: 'Available', status: 'True' }] },
    });
    lc.markOIDCIdentityCreatedSucceededWithReason('authentication-oidc feature disabled', '');
    return { status, lc };
  }

  it('is Ready with a sink and an available adapter', () => {
    const { status, lc } = ready();
    expect(lc.isHappy()).toBe(true);
    expect(status.sinkUri).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/shop/default');
  });

  it.each<[string, (lc: PingSourceLifecycle) => void, string, string, string]>([
    ['sink empty', (lc) => lc.markSink(undefined), 'SinkProvided', 'False', 'SinkEmpty'],
    [
      'sink not found',
      (lc) => lc.markNoSink('NotFound', 'broker "default" not found'),
      'SinkProvided',
      'False',
      'NotFound',
    ],
    [
      'deployment missing Available',
      (lc) => lc.propagateDeploymentAvailability({ metadata: { name: 'adapter' }, status: {} }),
      'Deployed',
      'Unknown',
      'DeploymentUnavailable',
    ],
    [
      'deployment updating',
      (lc) =>
        lc.propagateDeploymentAvailability({
          status: { unavailableReplicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
        }),
      'Deployed',
      'Unknown',
      'DeploymentUpdating',
    ],
    [
      'deployment failed',
      (lc) =>
        lc.propagateDeploymentAvailability({
          status: {
            conditions: [
              { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'x' },
            ],
          },
        }),
      'Deployed',
      'False',
      'MinimumReplicasUnavailable',
    ],
  ])('%s', (_name, act, type, st, reason) => {
    const { status, lc } = ready();
    act(lc);
    expect(getCondition(status, type)).toMatchObject({ status: st, reason });
    expect(getCondition(status, 'Ready')).toMatchObject({ status: st, reason });
  });

  it('updating deployment message names the unavailable replicas', () => {
    const { status, lc } = ready();
    lc.propagateDeploymentAvailability({
      status: { unavailableReplicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
    });
    expect(getCondition(status, 'Deployed')?.message).toBe('Deployment has 2 unavailable replica(s).');
  });
});
