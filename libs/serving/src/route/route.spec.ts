import { preProcessReconcile, routeConditionSet } from '@kuack/api';
import { type KubeObject, domainConfig, networkConfig, wrapReconciler } from '@kuack/controller';
import { type TableContext, configMap, eventf, tableTest, withData } from '@kuack/testing';
import {
  CONFIG_MAP,
  CONFIGURATION,
  type IngressObject,
  KINGRESS,
  REVISION,
  ROUTE,
  type RouteObject,
} from '../resources/kinds';
import { clock, cond, configuration, ingressStatus, revision, route } from '../testing/fixtures';
import { K8S_SERVICE } from './resources';
import { routeReconciler } from './route';

const CLASS = 'kuack.ingress.networking.knative.dev';
const cm = (name: string, data: Record<string, string>) => configMap('knative-serving', name, withData(data));
const NETWORK = cm('config-network', { 'ingress-class': CLASS });
const DOMAIN = cm('config-domain', { 'example.com': '' });

/** The Route reads config-network and config-domain from the row's ConfigMaps, as the app's config store would. */
const factory = (ctx: TableContext) => {
  const data = (name: string) =>
    (
      ctx.client.peek(CONFIG_MAP, name, 'knative-serving') as
        (KubeObject & { data?: Record<string, string> }) | undefined
    )?.data ?? {};
  return wrapReconciler<RouteObject>({
    gvk: ROUTE,
    lister: ctx.lister(ROUTE),
    client: ctx.client,
    logger: ctx.logger,
    recorder: ctx.recorder,
    reconciler: routeReconciler({
      configurations: ctx.lister(CONFIGURATION),
      revisions: ctx.lister(REVISION),
      ingresses: ctx.lister(KINGRESS),
      services: ctx.lister(K8S_SERVICE),
      settings: () => ({
        network: networkConfig.parse(data('config-network')),
        domain: domainConfig.parse(data('config-domain')),
      }),
      clock,
    }),
    hooks: { preProcess: (r) => void preProcessReconcile(r, routeConditionSet, clock) },
  });
};

const SVC_LABELS = { 'serving.knative.dev/service': 'hello' };
const latest = { configurationName: 'hello', latestRevision: true, percent: 100 };
const svcRoute = (traffic: RouteObject['spec']['traffic'] = [latest], labels: Record<string, string> = {}) =>
  route('hello', { traffic }, { labels: { ...SVC_LABELS, ...labels } });
const readyConfig = configuration('hello', {
  latestCreatedRevisionName: 'hello-00001',
  latestReadyRevisionName: 'hello-00001',
  ready: 'True',
});
const ready1 = revision('hello-00001', { ready: 'True' });
const ready2 = revision('hello-00002', { ready: 'True', generation: 2 });

const routeOwner = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  name: 'hello',
  uid: 'uid-route-hello',
  controller: true,
  blockOwnerDeletion: true,
};
const split = (rev: string, percent: number) => ({
  serviceNamespace: 'default',
  serviceName: rev,
  servicePort: 80,
  percent,
  appendHeaders: { 'Knative-Serving-Revision': rev, 'Knative-Serving-Namespace': 'default' },
});
const localHosts = (host: string) => [
  `${host}.default`,
  `${host}.default.svc`,
  `${host}.default.svc.cluster.local`,
];
const rules = (
  host: string,
  splits: ReturnType<typeof split>[],
  external = `${host}.default.example.com`,
) => [
  { hosts: localHosts(host), visibility: 'ClusterLocal', http: { paths: [{ splits }] } },
  ...(external ? [{ hosts: [external], visibility: 'ExternalIP', http: { paths: [{ splits }] } }] : []),
];
function kingress(
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
  labels: Record<string, string> = SVC_LABELS,
): IngressObject {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: {
      name: 'hello',
      namespace: 'default',
      labels: {
        ...labels,
        'serving.knative.dev/route': 'hello',
        'serving.knative.dev/routeNamespace': 'default',
      },
      annotations: { 'networking.knative.dev/ingress.class': CLASS, ...annotations },
      ownerReferences: [routeOwner],
    },
    spec: { httpOption: 'Enabled', ...spec },
  };
}
/** The placeholder Kubernetes Service of a traffic name: an ExternalName of its host (then of the gateway). */
function placeholder(
  name: string,
  externalName: string,
  labels: Record<string, string> = SVC_LABELS,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: 'default',
      ownerReferences: [routeOwner],
      labels: { ...labels, 'serving.knative.dev/route': 'hello' },
    },
    spec: {
      type: 'ExternalName',
      externalName,
      sessionAffinity: 'None',
      ports: [{ name: 'http2', appProtocol: 'kubernetes.io/h2c', port: 80, targetPort: 80 }],
    },
  };
}
const created = (name: string) => eventf('Normal', 'Created', `Created placeholder service "${name}"`);
const GATEWAY = 'kuack-gateway-internal.knative-serving.svc.cluster.local';
const TLS_OFF = cond('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled');
const NOT_CONFIGURED = ['IngressNotConfigured', 'Ingress has not yet been reconciled.'] as const;
const assigned = (url: string, traffic: unknown[], ingress: 'ready' | 'pending' = 'pending') => ({
  observedGeneration: 1,
  url,
  address: { url: 'http://hello.default.svc.cluster.local' },
  traffic,
  conditions:
    ingress === 'ready'
      ? [cond('AllTrafficAssigned', 'True'), TLS_OFF, cond('IngressReady', 'True'), cond('Ready', 'True')]
      : [
          cond('AllTrafficAssigned', 'True'),
          TLS_OFF,
          cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
          cond('Ready', 'Unknown', ...NOT_CONFIGURED),
        ],
});
const notAssigned = (status: 'False' | 'Unknown', reason: string, message: string) => ({
  observedGeneration: 1,
  url: 'http://hello.default.example.com',
  conditions: [
    cond('AllTrafficAssigned', status, reason, message),
    cond('CertificateProvisioned', 'Unknown'),
    cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
    cond('Ready', status, reason, message),
  ],
});
const statusOf = (status: unknown) => [
  { kind: 'Route', metadata: { name: 'hello', namespace: 'default' }, status },
];
const MAIN = [{ revisionName: 'hello-00001', percent: 100, latestRevision: true }];

tableTest(
  'Route reconciler',
  [
    {
      name: 'traffic to a Configuration resolves to its latest ready revision; the KIngress is created with both visibilities',
      key: 'default/hello',
      objects: [NETWORK, DOMAIN, svcRoute(), readyConfig, ready1],
      wantCreates: [
        placeholder('hello', 'hello.default.example.com'),
        kingress({ rules: rules('hello', [split('hello-00001', 100)]) }),
      ],
      wantStatusUpdates: statusOf(assigned('http://hello.default.example.com', MAIN)),
      wantEvents: [created('hello'), eventf('Normal', 'Created', 'Created Ingress "hello"')],
    },
    {
      name: 'a Ready KIngress of the current generation makes the Route Ready; its placeholder Service now names the gateway',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        readyConfig,
        ready1,
        placeholder('hello', 'hello.default.example.com'),
        {
          ...kingress({ rules: rules('hello', [split('hello-00001', 100)]) }),
          status: {
            ...ingressStatus('True'),
            privateLoadBalancer: { ingress: [{ domainInternal: GATEWAY }] },
          },
        },
      ],
      wantUpdates: [
        {
          ...placeholder('hello', GATEWAY),
          metadata: { ...placeholder('hello', GATEWAY).metadata, uid: 'uid-hello', generation: 1 },
        },
      ],
      wantStatusUpdates: statusOf(assigned('http://hello.default.example.com', MAIN, 'ready')),
    },
    {
      name: 'a KIngress not yet observed by its ingress keeps IngressReady Unknown IngressNotConfigured',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        readyConfig,
        ready1,
        placeholder('hello', 'hello.default.example.com'),
        {
          ...kingress({ rules: rules('hello', [split('hello-00001', 100)]) }),
          metadata: { ...kingress({}).metadata, generation: 2 },
          status: ingressStatus('True', 1),
        },
      ],
      wantStatusUpdates: statusOf(assigned('http://hello.default.example.com', MAIN)),
    },
    {
      name: 'a KIngress that fails is reported as IngressReady False with its reason',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        readyConfig,
        ready1,
        placeholder('hello', 'hello.default.example.com'),
        {
          ...kingress({ rules: rules('hello', [split('hello-00001', 100)]) }),
          status: {
            observedGeneration: 1,
            conditions: [cond('Ready', 'False', 'ReconcileIngressFailed', 'no gateway')],
          },
        },
      ],
      wantStatusUpdates: statusOf({
        ...assigned('http://hello.default.example.com', MAIN),
        conditions: [
          cond('AllTrafficAssigned', 'True'),
          TLS_OFF,
          cond('IngressReady', 'False', 'ReconcileIngressFailed', 'no gateway'),
          cond('Ready', 'False', 'ReconcileIngressFailed', 'no gateway'),
        ],
      }),
    },
    {
      name: 'a stale KIngress (older revision) is updated to the new splits',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        configuration('hello', {
          latestCreatedRevisionName: 'hello-00002',
          latestReadyRevisionName: 'hello-00002',
          ready: 'True',
        }),
        ready1,
        placeholder('hello', 'hello.default.example.com'),
        ready2,
        {
          ...kingress({ rules: rules('hello', [split('hello-00001', 100)]) }),
          status: ingressStatus('True'),
        },
      ],
      wantUpdates: [
        {
          ...kingress({ rules: rules('hello', [split('hello-00002', 100)]) }),
          metadata: { ...kingress({}).metadata, uid: 'uid-hello', generation: 1 },
          status: ingressStatus('True'),
        },
      ],
      wantStatusUpdates: statusOf(
        assigned('http://hello.default.example.com', [
          { revisionName: 'hello-00002', percent: 100, latestRevision: true },
        ]),
      ),
    },
    {
      name: 'a 50/50 split with tags: tag hosts route only to their revision, tag URLs in status.traffic',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([
          { revisionName: 'hello-00001', percent: 50, tag: 'blue' },
          { revisionName: 'hello-00002', percent: 50, tag: 'green' },
        ]),
        readyConfig,
        ready1,
        ready2,
      ],
      wantCreates: [
        placeholder('hello', 'hello.default.example.com'),
        placeholder('blue-hello', 'blue-hello.default.example.com'),
        placeholder('green-hello', 'green-hello.default.example.com'),
        kingress(
          {
            rules: [
              ...rules('hello', [split('hello-00001', 50), split('hello-00002', 50)]),
              ...rules('blue-hello', [split('hello-00001', 100)]),
              ...rules('green-hello', [split('hello-00002', 100)]),
            ],
          },
          {
            'networking.internal.knative.dev/tag-to-host': JSON.stringify({
              blue: ['blue-hello.default.svc.cluster.local', 'blue-hello.default.example.com'],
              green: ['green-hello.default.svc.cluster.local', 'green-hello.default.example.com'],
            }),
          },
        ),
      ],
      wantStatusUpdates: statusOf(
        assigned('http://hello.default.example.com', [
          {
            tag: 'blue',
            revisionName: 'hello-00001',
            percent: 50,
            latestRevision: false,
            url: 'http://blue-hello.default.example.com',
          },
          {
            tag: 'green',
            revisionName: 'hello-00002',
            percent: 50,
            latestRevision: false,
            url: 'http://green-hello.default.example.com',
          },
        ]),
      ),
      wantEvents: [
        created('hello'),
        created('blue-hello'),
        created('green-hello'),
        eventf('Normal', 'Created', 'Created Ingress "hello"'),
      ],
    },
    {
      name: 'the cluster-local visibility label: svc.cluster.local URL and only ClusterLocal rules',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([latest], { 'networking.knative.dev/visibility': 'cluster-local' }),
        readyConfig,
        ready1,
      ],
      wantCreates: [
        placeholder('hello', 'hello.default.svc.cluster.local'),
        kingress(
          { rules: rules('hello', [split('hello-00001', 100)], '') },
          {},
          { ...SVC_LABELS, 'networking.knative.dev/visibility': 'cluster-local' },
        ),
      ],
      wantStatusUpdates: statusOf(assigned('http://hello.default.svc.cluster.local', MAIN)),
      wantEvents: [created('hello'), eventf('Normal', 'Created', 'Created Ingress "hello"')],
    },
    {
      name: 'a tag whose placeholder Service is labelled cluster-local gets only cluster-local hosts and URL',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([latest, { revisionName: 'hello-00001', percent: 0, tag: 'v1' }]),
        readyConfig,
        ready1,
        placeholder('hello', 'hello.default.example.com'),
        {
          ...placeholder('v1-hello', 'v1-hello.default.example.com'),
          metadata: {
            ...placeholder('v1-hello', 'v1-hello.default.example.com').metadata,
            labels: {
              ...placeholder('v1-hello', '').metadata.labels,
              'networking.knative.dev/visibility': 'cluster-local',
            },
          },
        },
      ],
      wantCreates: [
        kingress(
          {
            rules: [
              ...rules('hello', [split('hello-00001', 100)]),
              ...rules('v1-hello', [split('hello-00001', 100)], ''),
            ],
          },
          {
            'networking.internal.knative.dev/tag-to-host': JSON.stringify({
              v1: ['v1-hello.default.svc.cluster.local'],
            }),
          },
        ),
      ],
      wantStatusUpdates: statusOf(
        assigned('http://hello.default.example.com', [
          ...MAIN,
          {
            tag: 'v1',
            revisionName: 'hello-00001',
            percent: 0,
            latestRevision: false,
            url: 'http://v1-hello.default.svc.cluster.local',
          },
        ]),
      ),
      wantEvents: [eventf('Normal', 'Created', 'Created Ingress "hello"')],
    },
    {
      name: 'config-domain selects the domain by the Route labels (most specific selector wins)',
      key: 'default/hello',
      objects: [
        NETWORK,
        cm('config-domain', { 'example.com': '', 'prod.example.com': 'selector:\n  env: prod\n' }),
        svcRoute([latest], { env: 'prod' }),
        readyConfig,
        ready1,
      ],
      wantCreates: [
        placeholder('hello', 'hello.default.prod.example.com', { ...SVC_LABELS, env: 'prod' }),
        kingress(
          { rules: rules('hello', [split('hello-00001', 100)], 'hello.default.prod.example.com') },
          {},
          { ...SVC_LABELS, env: 'prod' },
        ),
      ],
      wantStatusUpdates: statusOf(assigned('http://hello.default.prod.example.com', MAIN)),
      wantEvents: [created('hello'), eventf('Normal', 'Created', 'Created Ingress "hello"')],
    },
    {
      name: 'no config-domain: the default domain svc.cluster.local keeps the route cluster-local',
      key: 'default/hello',
      objects: [NETWORK, svcRoute(), readyConfig, ready1],
      wantCreates: [
        placeholder('hello', 'hello.default.svc.cluster.local'),
        kingress({ rules: rules('hello', [split('hello-00001', 100)], '') }),
      ],
      wantStatusUpdates: statusOf(assigned('http://hello.default.svc.cluster.local', MAIN)),
      wantEvents: [created('hello'), eventf('Normal', 'Created', 'Created Ingress "hello"')],
    },
    {
      name: 'local mode: URLs carry the gateway port (kuack-gateway-http-port) and the domain template of config-network',
      key: 'default/hello',
      objects: [
        cm('config-network', { 'ingress-class': CLASS, 'kuack-gateway-http-port': '8080' }),
        cm('config-domain', { localhost: '' }),
        svcRoute([latest, { revisionName: 'hello-00001', percent: 0, tag: 'v1' }]),
        readyConfig,
        ready1,
      ],
      wantCreates: [
        placeholder('hello', 'hello.default.localhost'),
        placeholder('v1-hello', 'v1-hello.default.localhost'),
        kingress(
          {
            rules: [
              ...rules('hello', [split('hello-00001', 100)], 'hello.default.localhost'),
              ...rules('v1-hello', [split('hello-00001', 100)], 'v1-hello.default.localhost'),
            ],
          },
          {
            'networking.internal.knative.dev/tag-to-host': JSON.stringify({
              v1: ['v1-hello.default.svc.cluster.local', 'v1-hello.default.localhost'],
            }),
          },
        ),
      ],
      wantStatusUpdates: statusOf(
        assigned('http://hello.default.localhost:8080', [
          ...MAIN,
          {
            tag: 'v1',
            revisionName: 'hello-00001',
            percent: 0,
            latestRevision: false,
            url: 'http://v1-hello.default.localhost:8080',
          },
        ]),
      ),
      wantEvents: [
        created('hello'),
        created('v1-hello'),
        eventf('Normal', 'Created', 'Created Ingress "hello"'),
      ],
    },
    {
      name: 'a same-named Kubernetes Service the Route does not own: IngressReady False NotOwned',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        readyConfig,
        ready1,
        {
          ...placeholder('hello', 'elsewhere.example.com'),
          metadata: { name: 'hello', namespace: 'default' },
        },
      ],
      wantErr: 'route: "hello" does not own Service: "hello"',
      wantStatusUpdates: statusOf({
        ...assigned('http://hello.default.example.com', MAIN),
        conditions: [
          cond('AllTrafficAssigned', 'True'),
          cond('CertificateProvisioned', 'Unknown'),
          cond(
            'IngressReady',
            'False',
            'NotOwned',
            'There is an existing placeholder Service "hello" that we do not own.',
          ),
          cond(
            'Ready',
            'False',
            'NotOwned',
            'There is an existing placeholder Service "hello" that we do not own.',
          ),
        ],
      }),
      wantEvents: [eventf('Warning', 'InternalError', 'route: "hello" does not own Service: "hello"')],
    },
    {
      name: "a tag removed from the traffic: the Route deletes that tag's placeholder Service",
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        readyConfig,
        ready1,
        placeholder('hello', 'hello.default.example.com'),
        placeholder('old-hello', 'old-hello.default.example.com'),
        {
          ...kingress({ rules: rules('hello', [split('hello-00001', 100)]) }),
          status: ingressStatus('True'),
        },
      ],
      wantDeletes: [{ kind: 'Service', namespace: 'default', name: 'old-hello' }],
      wantStatusUpdates: statusOf(assigned('http://hello.default.example.com', MAIN, 'ready')),
    },
    {
      name: 'a missing Configuration: AllTrafficAssigned False ConfigurationMissing, no KIngress',
      key: 'default/hello',
      objects: [NETWORK, DOMAIN, svcRoute()],
      wantStatusUpdates: statusOf(
        notAssigned(
          'False',
          'ConfigurationMissing',
          'Configuration "hello" referenced in traffic not found.',
        ),
      ),
    },
    {
      name: 'a missing Revision: AllTrafficAssigned False RevisionMissing',
      key: 'default/hello',
      objects: [NETWORK, DOMAIN, svcRoute([{ revisionName: 'hello-00009', percent: 100 }])],
      wantStatusUpdates: statusOf(
        notAssigned('False', 'RevisionMissing', 'Revision "hello-00009" referenced in traffic not found.'),
      ),
    },
    {
      name: 'a Configuration without a ready revision yet: Unknown RevisionMissing (waiting)',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        configuration('hello', { latestCreatedRevisionName: 'hello-00001', ready: 'Unknown' }),
      ],
      wantStatusUpdates: statusOf(
        notAssigned(
          'Unknown',
          'RevisionMissing',
          'Configuration "hello" is waiting for a Revision to become ready.',
        ),
      ),
    },
    {
      name: 'a failed Configuration without a ready revision: False RevisionMissing',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute(),
        configuration('hello', { latestCreatedRevisionName: 'hello-00001', ready: 'False' }),
      ],
      wantStatusUpdates: statusOf(
        notAssigned('False', 'RevisionMissing', 'Configuration "hello" does not have any ready Revision.'),
      ),
    },
    {
      name: 'a named revision not Ready yet: Unknown RevisionMissing',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([{ revisionName: 'hello-00001', percent: 100 }]),
        readyConfig,
        revision('hello-00001', { ready: 'Unknown' }),
      ],
      wantStatusUpdates: statusOf(
        notAssigned('Unknown', 'RevisionMissing', 'Revision "hello-00001" is not yet ready.'),
      ),
    },
    {
      name: 'a named revision that failed: False RevisionMissing',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([{ revisionName: 'hello-00001', percent: 100 }]),
        readyConfig,
        revision('hello-00001', { ready: 'False' }),
      ],
      wantStatusUpdates: statusOf(
        notAssigned('False', 'RevisionMissing', 'Revision "hello-00001" failed to become ready.'),
      ),
    },
    {
      name: "a revision of another Service in a Service's Route: False RevisionNotOwned",
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([{ revisionName: 'other-00001', percent: 100 }]),
        revision('other-00001', { config: 'other', ready: 'True' }),
      ],
      wantStatusUpdates: statusOf(
        notAssigned(
          'False',
          'RevisionNotOwned',
          'Revision "other-00001" belongs to Service "other", not Service "hello".',
        ),
      ),
    },
    {
      name: 'a not-ready target and a missing one: the permanent failure is the one reported',
      key: 'default/hello',
      objects: [
        NETWORK,
        DOMAIN,
        svcRoute([
          { revisionName: 'hello-00001', percent: 50 },
          { revisionName: 'hello-00003', percent: 50 },
        ]),
        readyConfig,
        revision('hello-00001', { ready: 'Unknown' }),
      ],
      wantStatusUpdates: statusOf(
        notAssigned('False', 'RevisionMissing', 'Revision "hello-00003" referenced in traffic not found.'),
      ),
    },
    {
      name: 'a domain template that renders no valid host: AllTrafficAssigned False ErrorConfig',
      key: 'default/hello',
      objects: [
        cm('config-network', { 'domain-template': '{{.Name}}_{{.Namespace}}.{{.Domain}}' }),
        DOMAIN,
        svcRoute(),
        readyConfig,
        ready1,
      ],
      wantErr: 'invalid domain name',
      wantStatusUpdates: statusOf({
        observedGeneration: 1,
        conditions: [
          expect.objectContaining({ type: 'AllTrafficAssigned', status: 'False', reason: 'ErrorConfig' }),
          cond('CertificateProvisioned', 'Unknown'),
          cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
          expect.objectContaining({ type: 'Ready', status: 'False', reason: 'ErrorConfig' }),
        ],
      }),
      wantEvents: [
        expect.stringMatching(
          /^Warning InternalError invalid domain name "hello_default.example.com"/,
        ) as unknown as string,
      ],
    },
  ],
  factory,
);
