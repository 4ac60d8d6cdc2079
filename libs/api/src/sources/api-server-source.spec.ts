// ApiServerSource defaults, validation and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultApiServerSource } from './api-server-source.defaults';
import { ApiServerSourceLifecycle } from './api-server-source.lifecycle';
import {
  type ApiServerSource,
  type ApiServerSourceStatus,
  apiServerEventType,
} from './api-server-source.types';
import { validateApiServerSource } from './api-server-source.validation';

const config = defaultApiConfig();
const SINK = {
  ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'shop' },
};
const source = (spec: ApiServerSource['spec']): ApiServerSource => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ApiServerSource',
  metadata: { name: 'k8s-events', namespace: 'shop' },
  spec,
});
const lines = (s: ApiServerSource, cfg = config) =>
  validateApiServerSource(s, cfg)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('defaultApiServerSource', () => {
  it('defaults mode and service account', () => {
    const s = source({ resources: [{ apiVersion: 'v1', kind: 'Event' }], sink: SINK });
    defaultApiServerSource(s);
    expect(s.spec?.mode).toBe('Reference');
    expect(s.spec?.serviceAccountName).toBe('default');
  });

  it('keeps explicit values', () => {
    const s = source({ mode: 'Resource', serviceAccountName: 'watcher' });
    defaultApiServerSource(s);
    expect([s.spec?.mode, s.spec?.serviceAccountName]).toEqual(['Resource', 'watcher']);
  });
});

describe('validateApiServerSource', () => {
  const valid = {
    mode: 'Resource',
    resources: [
      { apiVersion: 'v1', kind: 'Event' },
      { apiVersion: 'apps/v1', kind: 'Deployment', selector: { matchLabels: { app: 'shop' } } },
    ],
    sink: SINK,
  };
  it.each<[string, ApiServerSource['spec'], string[]]>([
    ['valid', valid, []],
    ['with owner', { ...valid, owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet' } }, []],
    ['bad mode', { ...valid, mode: 'Full' }, ['spec.mode: invalid value: Full']],
    ['no mode', { resources: valid.resources, sink: SINK }, ['spec.mode: invalid value: ']],
    ['no resources', { mode: 'Reference', sink: SINK }, ['spec.resources: missing field(s)']],
    [
      'resource without kind, bad apiVersion',
      { ...valid, resources: [{ apiVersion: 'a/b/c', kind: ' ' }] },
      ['spec.resources[0].apiVersion: invalid value: a/b/c', 'spec.resources[0].kind: missing field(s)'],
    ],
    [
      'owner without kind',
      { ...valid, owner: { apiVersion: 'apps/v1', kind: '' } },
      ['spec.owner.kind: missing field(s)'],
    ],
    [
      'no sink',
      { mode: 'Reference', resources: valid.resources },
      ['spec.sink.ref: expected at least one, got none', 'spec.sink.uri: expected at least one, got none'],
    ],
    [
      'filters without the feature',
      { ...valid, filters: [{ exact: { type: 'dev.knative.apiserver.resource.add' } }] },
      ['spec.filters: Filters is not empty but the NewAPIServerFilters feature is disabled.'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(source(spec))).toEqual(expected);
  });

  it('validates filters when new-apiserversource-filters is enabled', () => {
    const on = defaultApiConfig({ features: { 'new-apiserversource-filters': 'Enabled' } });
    expect(lines(source({ ...valid, filters: [{ exact: { type: 'x' } }] }), on)).toEqual([]);
    expect(lines(source({ ...valid, filters: [{ exact: { type: 'x' }, cesql: 'true' }] }), on)).toEqual([
      'spec.filters[0]: multiple dialects found, filters can have only one dialect set',
    ]);
  });

  it('names event types by mode', () => {
    expect(apiServerEventType('Resource', 'add')).toBe('dev.knative.apiserver.resource.add');
    expect(apiServerEventType('Reference', 'delete')).toBe('dev.knative.apiserver.ref.delete');
  });
});

describe('ApiServerSourceLifecycle', () => {
  it('needs sufficient permissions to be Ready', () => {
    const status: ApiServerSourceStatus = {};
    const lc = new ApiServerSourceLifecycle(status);
    lc.initializeConditions();
    lc.markSink({ url: 'http://broker' });
    lc.propagateDeploymentAvailability({ status: { conditions: [{ type: 'Available', status: 'True' }] } });
    lc.markOIDCIdentityCreatedSucceeded();
    expect(lc.isHappy()).toBe(false);
    lc.markSufficientPermissions();
    expect(lc.isHappy()).toBe(true);
    lc.markNoSufficientPermissions('InsufficientPermissions', 'cannot watch events');
    expect(getCondition(status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'InsufficientPermissions',
    });
  });
});
