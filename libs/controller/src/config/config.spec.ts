import { autoscalerConfig } from './autoscaler';
import { brDefaultsConfig, brokerDefaultsFor } from './br-defaults';
import { defaultsConfig } from './defaults';
import { deploymentConfig } from './deployment';
import { domainConfig, lookupDomain } from './domain';
import { eventingFeaturesConfig, eventingFlagEnabled, transportEncryption } from './eventing-features';
import { featuresConfig } from './features';
import { GC_DISABLED, gcConfig } from './gc';
import { networkConfig, routeHost, tagName } from './network';
import { observabilityConfig } from './observability';
import { ConfigError, parseGoDuration } from './parse';
import { ConfigStore } from './store';

describe('parseGoDuration', () => {
  it('reads Go durations in ms and refuses others', () => {
    expect(parseGoDuration('60s')).toBe(60_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-2s')).toBe(-2000);
    expect(parseGoDuration('60')).toBeUndefined();
    expect(parseGoDuration('1d')).toBeUndefined();
  });
});

describe('config-autoscaler', () => {
  it("has Knative's defaults (target-burst-capacity 211, not 200)", () => {
    const c = autoscalerConfig.parse({});
    expect(c).toMatchObject({
      containerConcurrencyTargetDefault: 100,
      containerConcurrencyTargetFraction: 0.7,
      rpsTargetDefault: 200,
      targetBurstCapacity: 211,
      stableWindowSeconds: 60,
      panicWindowPercentage: 10,
      panicThresholdPercentage: 200,
      maxScaleUpRate: 1000,
      maxScaleDownRate: 2,
      scaleToZeroGracePeriodSeconds: 30,
      scaleToZeroPodRetentionPeriodSeconds: 0,
      scaleDownDelaySeconds: 0,
      initialScale: 1,
      minScale: 0,
      maxScale: 0,
      activatorCapacity: 100,
      enableScaleToZero: true,
      podAutoscalerClass: 'kpa.autoscaling.knative.dev',
    });
    expect(autoscalerConfig.defaults()).toEqual(c);
  });

  it('reads a percentage above 1 as percent and durations as seconds', () => {
    const c = autoscalerConfig.parse({
      'container-concurrency-target-percentage': '80',
      'stable-window': '2m',
      'scale-down-delay': '10s',
    });
    expect(c.containerConcurrencyTargetFraction).toBeCloseTo(0.8);
    expect(c.stableWindowSeconds).toBe(120);
    expect(c.scaleDownDelaySeconds).toBe(10);
  });

  it.each([
    [{ 'stable-window': '5s' }, 'stable-window'],
    [{ 'stable-window': '61500ms' }, 'stable-window'],
    [{ 'max-scale-up-rate': '1' }, 'max-scale-up-rate'],
    [{ 'target-burst-capacity': '-2' }, 'target-burst-capacity'],
    [{ 'initial-scale': '0' }, 'initial-scale'],
    [{ 'max-scale-limit': '10', 'max-scale': '11' }, 'max-scale'],
    [{ 'min-scale': '5', 'max-scale': '3' }, 'min-scale'],
    [{ 'enable-scale-to-zero': 'maybe' }, 'enable-scale-to-zero'],
    [{ 'scale-to-zero-grace-period': '0s' }, 'scale-to-zero-grace-period'],
    [{ 'panic-window-percentage': 'ten' }, 'panic-window-percentage'],
  ])('refuses %j naming the key', (data, key) => {
    expect(() => autoscalerConfig.parse(data as Record<string, string>)).toThrow(
      `ConfigMap config-autoscaler, key "${key}"`,
    );
  });

  it('allows initial-scale 0 with allow-zero-initial-scale', () => {
    expect(
      autoscalerConfig.parse({ 'initial-scale': '0', 'allow-zero-initial-scale': 'true' }).initialScale,
    ).toBe(0);
  });
});

describe('config-network', () => {
  it('defaults and renders the domain and tag templates', () => {
    const c = networkConfig.parse({});
    expect(c.httpProtocol).toBe('enabled');
    expect(routeHost(c, { Name: 'hello', Namespace: 'default', Domain: 'example.com' })).toBe(
      'hello.default.example.com',
    );
    expect(tagName(c, { Name: 'hello', Tag: 'v2' })).toBe('v2-hello');
  });

  it('reads current and legacy keys and the TLS switches', () => {
    const c = networkConfig.parse({
      ingressClass: 'x',
      'ingress-class': 'kuack',
      'external-domain-tls': 'Enabled',
      'system-internal-tls': 'enabled',
      'http-protocol': 'Redirected',
    });
    expect(c).toMatchObject({
      ingressClass: 'kuack',
      externalDomainTls: true,
      systemInternalTls: 'enabled',
      internalEncryption: true,
      httpProtocol: 'redirected',
    });
  });

  it('reads the local-mode gateway port (kuack-gateway-http-port), absent by default', () => {
    expect(networkConfig.parse({}).gatewayHttpPort).toBeUndefined();
    expect(networkConfig.parse({ 'kuack-gateway-http-port': '8080' }).gatewayHttpPort).toBe(8080);
  });

  it.each([
    [{ 'kuack-gateway-http-port': 'eighty' }, 'kuack-gateway-http-port'],
    [{ 'kuack-gateway-http-port': '70000' }, 'kuack-gateway-http-port'],
    [{ 'kuack-gateway-http-port': '0' }, 'kuack-gateway-http-port'],
    [{ 'domain-template': '{{.Name}}/path.{{.Domain}}' }, 'domain-template'],
    [{ 'domain-template': '{{.Nope}}.{{.Domain}}' }, 'domain-template'],
    [{ 'http-protocol': 'sometimes' }, 'http-protocol'],
    [{ 'rollout-duration': '-1' }, 'rollout-duration'],
    [{ 'cluster-local-domain-tls': 'yes' }, 'cluster-local-domain-tls'],
  ])('refuses %j', (data, key) => {
    expect(() => networkConfig.parse(data as Record<string, string>)).toThrow(`key "${key}"`);
  });
});

describe('config-domain', () => {
  it('picks the most specific matching domain, with svc.cluster.local as default', () => {
    const c = domainConfig.parse({
      'example.com': '',
      'prod.example.com': 'selector:\n  env: prod\n',
      _example: 'ignored',
    });
    expect(lookupDomain(c, {})).toBe('example.com');
    expect(lookupDomain(c, { env: 'prod' })).toBe('prod.example.com');
    expect(lookupDomain(c, { 'networking.knative.dev/visibility': 'cluster-local' })).toBe(
      'svc.cluster.local',
    );
    expect(lookupDomain(domainConfig.parse({}), {})).toBe('svc.cluster.local');
  });

  it('refuses a value that is not YAML', () => {
    expect(() => domainConfig.parse({ 'x.com': 'selector: [' })).toThrow(
      'ConfigMap config-domain, key "x.com"',
    );
  });
});

describe('config-features', () => {
  it('reads flags case-insensitively and leaves unknown values at the default', () => {
    const c = featuresConfig.parse({
      'kubernetes.podspec-affinity': 'enabled',
      'multi-container': 'bogus',
      'secure-pod-defaults': 'AllowRootBounded',
    });
    expect(c['kubernetes.podspec-affinity']).toBe('Enabled');
    expect(c['multi-container']).toBe('Enabled');
    expect(c['secure-pod-defaults']).toBe('AllowRootBounded');
    expect(c['kubernetes.podspec-volumes-emptydir']).toBe('Enabled');
  });
});

describe('config-gc', () => {
  it('defaults, reads "disabled", and refuses min > max', () => {
    expect(gcConfig.parse({})).toEqual({
      retainSinceCreateTimeMs: 172_800_000,
      retainSinceLastActiveTimeMs: 54_000_000,
      minNonActiveRevisions: 20,
      maxNonActiveRevisions: 1000,
    });
    expect(
      gcConfig.parse({ 'retain-since-create-time': 'disabled', 'max-non-active-revisions': 'DISABLED' }),
    ).toMatchObject({ retainSinceCreateTimeMs: GC_DISABLED, maxNonActiveRevisions: GC_DISABLED });
    expect(() =>
      gcConfig.parse({ 'min-non-active-revisions': '30', 'max-non-active-revisions': '10' }),
    ).toThrow('key "min-non-active-revisions"');
    expect(() => gcConfig.parse({ 'retain-since-last-active-time': 'forever' })).toThrow(
      'key "retain-since-last-active-time"',
    );
  });
});

describe('config-defaults', () => {
  it('defaults response-start timeout to the revision timeout', () => {
    expect(defaultsConfig.parse({ 'revision-timeout-seconds': '120' })).toMatchObject({
      revisionTimeoutSeconds: 120,
      revisionResponseStartTimeoutSeconds: 120,
      containerConcurrencyMaxLimit: 1000,
    });
  });

  it.each([
    [{ 'revision-timeout-seconds': '900' }, 'revision-timeout-seconds'],
    [{ 'container-concurrency': '2000' }, 'container-concurrency'],
    [{ 'revision-cpu-request': 'lots' }, 'revision-cpu-request'],
    [{ 'container-name-template': '{{.Nope}}' }, 'container-name-template'],
  ])('refuses %j', (data, key) => {
    expect(() => defaultsConfig.parse(data as Record<string, string>)).toThrow(
      `ConfigMap config-defaults, key "${key}"`,
    );
  });
});

describe('config-deployment', () => {
  it('requires the queue sidecar image once the ConfigMap exists and reads the rest', () => {
    expect(() => deploymentConfig.parse({})).toThrow('key "queue-sidecar-image"');
    const c = deploymentConfig.parse({
      'queue-sidecar-image': 'q:1',
      'progress-deadline': '120s',
      'registries-skipping-tag-resolving': 'a.local, b.local',
    });
    expect(c).toMatchObject({
      queueSidecarImage: 'q:1',
      progressDeadlineSeconds: 120,
      registriesSkippingTagResolving: ['a.local', 'b.local'],
      queueSidecarCpuRequest: '25m',
    });
    expect(() =>
      deploymentConfig.parse({ 'queue-sidecar-image': 'q', 'progress-deadline': '1500ms' }),
    ).toThrow('key "progress-deadline"');
    expect(() =>
      deploymentConfig.parse({ 'queue-sidecar-image': 'q', 'default-affinity-type': 'random' }),
    ).toThrow('key "default-affinity-type"');
  });
});

describe('config-br-defaults', () => {
  it('reads cluster and namespace defaults', () => {
    const c = brDefaultsConfig.parse({
      'default-br-config':
        'clusterDefault:\n  brokerClass: MTChannelBasedBroker\nnamespaceDefaults:\n  team:\n    brokerClass: Kafka\n    delivery:\n      retry: 3\n',
    });
    expect(brokerDefaultsFor(c, 'team')).toEqual({ brokerClass: 'Kafka', delivery: { retry: 3 } });
    expect(brokerDefaultsFor(c, 'other')?.brokerClass).toBe('MTChannelBasedBroker');
  });

  it('refuses a missing key and a bad delivery', () => {
    expect(() => brDefaultsConfig.parse({})).toThrow(
      'ConfigMap config-br-defaults, key "default-br-config": is missing or empty',
    );
    expect(() =>
      brDefaultsConfig.parse({
        'default-br-config': 'clusterDefault:\n  delivery:\n    backoffPolicy: random\n',
      }),
    ).toThrow('backoffPolicy');
  });
});

describe('config-observability', () => {
  it('defaults to no export and validates protocol/endpoint pairs', () => {
    expect(observabilityConfig.parse({}).tracing).toEqual({
      protocol: 'none',
      endpoint: '',
      samplingRate: 0,
    });
    expect(() => observabilityConfig.parse({ 'tracing-protocol': 'grpc' })).toThrow('key "tracing-endpoint"');
    expect(() => observabilityConfig.parse({ 'metrics-protocol': 'carrier-pigeon' })).toThrow(
      'key "metrics-protocol"',
    );
    expect(() => observabilityConfig.parse({ 'tracing-sampling-rate': '2' })).toThrow(
      'key "tracing-sampling-rate"',
    );
    expect(
      observabilityConfig.parse({ 'request-metrics-protocol': 'prometheus' }).requestMetrics.protocol,
    ).toBe('prometheus');
  });
});

describe('ConfigStore', () => {
  const cm = (name: string, data: Record<string, string>, rv: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'knative-serving', resourceVersion: rv },
    data,
  });

  it('keeps the previous good config when a bad value arrives, reports it, and recovers', () => {
    const changes: string[] = [];
    const errors: ConfigError[] = [];
    const store = new ConfigStore([autoscalerConfig, gcConfig], {
      onChange: (n) => changes.push(n),
      onError: (e) => errors.push(e),
    });
    const h = store.handler();
    expect(store.get(autoscalerConfig).stableWindowSeconds).toBe(60);
    h.onAdd?.(cm('config-autoscaler', { 'stable-window': '90s' }, '1'));
    expect(store.get(autoscalerConfig).stableWindowSeconds).toBe(90);
    h.onUpdate?.(
      cm('config-autoscaler', { 'stable-window': '90s' }, '1'),
      cm('config-autoscaler', { 'stable-window': 'soon' }, '2'),
    );
    expect(store.get(autoscalerConfig).stableWindowSeconds).toBe(90);
    expect(errors.map((e) => e.message)).toEqual([
      'ConfigMap config-autoscaler, key "stable-window": "soon" is not a duration (e.g. 30s, 1m30s, 500ms)',
    ]);
    expect(store.lastError('config-autoscaler')?.key).toBe('stable-window');
    h.onUpdate?.(cm('config-autoscaler', {}, '2'), cm('config-autoscaler', { 'stable-window': '120s' }, '3'));
    expect(store.get(autoscalerConfig).stableWindowSeconds).toBe(120);
    expect(store.lastError('config-autoscaler')).toBeUndefined();
    h.onAdd?.(cm('config-unrelated', { a: 'b' }, '4'));
    h.onDelete?.(cm('config-autoscaler', {}, '5'));
    expect(store.get(autoscalerConfig).stableWindowSeconds).toBe(60);
    expect(changes).toEqual(['config-autoscaler', 'config-autoscaler', 'config-autoscaler']);
    expect(() => store.get(networkConfig)).toThrow('does not watch config-network');
  });
});

describe('eventing config-features', () => {
  it("has Eventing's defaults and reads the special values case-insensitively", () => {
    const f = eventingFeaturesConfig.parse({
      'transport-encryption': 'strict',
      'authentication-oidc': 'enabled',
      'default-authorization-mode': 'deny-all',
      _example: 'x',
    });
    expect(transportEncryption(f)).toBe('strict');
    expect(eventingFlagEnabled(f, 'authentication-oidc')).toBe(true);
    expect(f['default-authorization-mode']).toBe('Deny-All');
    expect(f['delivery-timeout']).toBe('Enabled');
    expect(f._example).toBeUndefined();
    expect(transportEncryption(eventingFeaturesConfig.parse({}))).toBe('disabled');
    expect(
      eventingFeaturesConfig.parse({ 'apiserversources-nodeselector-zone': 'a' })[
        'apiserversources-nodeselector-zone'
      ],
    ).toBe('a');
  });
});
