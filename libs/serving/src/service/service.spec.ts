import { preProcessReconcile, serviceConditionSet } from '@kuack/api';
import { wrapReconciler } from '@kuack/controller';
import { type TableContext, eventf, failOn, tableTest } from '@kuack/testing';
import {
  CONFIGURATION,
  type ConfigurationObject,
  REVISION,
  ROUTE,
  type RouteObject,
  SERVICE,
  type ServiceObject,
} from '../resources/kinds';
import { clock, cond, configuration, revision, service, template } from '../testing/fixtures';
import { makeConfiguration, makeRoute } from './resources';
import { serviceReconciler } from './service';

const factory = (ctx: TableContext) =>
  wrapReconciler<ServiceObject>({
    gvk: SERVICE,
    lister: ctx.lister(SERVICE),
    client: ctx.client,
    logger: ctx.logger,
    recorder: ctx.recorder,
    reconciler: serviceReconciler({
      configurations: ctx.lister(CONFIGURATION),
      routes: ctx.lister(ROUTE),
      revisions: ctx.lister(REVISION),
      clock,
    }),
    hooks: { preProcess: (s) => void preProcessReconcile(s, serviceConditionSet, clock) },
  });

const CFG_OUT_OF_DATE = 'The Configuration is still working to reflect the latest desired specification.';
const ROUTE_OUT_OF_DATE = 'The Route is still working to reflect the latest desired specification.';
const ownerRef = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  name: 'hello',
  uid: 'uid-svc-hello',
  controller: true,
  blockOwnerDeletion: true,
};

const labelled = service('hello', {
  metadata: {
    name: 'hello',
    labels: { team: 'a' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'serving.knative.dev/rollout-duration': '60s',
      'example.com/note': 'x',
    },
  },
});

/** The children as the Service made them, observed and Ready. */
function readyConfig(svc: ServiceObject, latest = 'hello-00001', ready = latest): ConfigurationObject {
  return {
    ...makeConfiguration(svc),
    metadata: { ...makeConfiguration(svc).metadata, uid: 'uid-cfg-hello', generation: 1 },
    status: {
      observedGeneration: 1,
      latestCreatedRevisionName: latest,
      latestReadyRevisionName: ready,
      conditions: [cond('Ready', latest === ready ? 'True' : 'Unknown')],
    },
  };
}
function readyRoute(svc: ServiceObject, revisionName = 'hello-00001'): RouteObject {
  return {
    ...makeRoute(svc),
    metadata: { ...makeRoute(svc).metadata, uid: 'uid-route-hello', generation: 1 },
    status: {
      observedGeneration: 1,
      url: 'http://hello.default.example.com',
      address: { url: 'http://hello.default.svc.cluster.local' },
      traffic: [{ revisionName, percent: 100, latestRevision: true }],
      conditions: [cond('Ready', 'True')],
    },
  };
}

const readyStatus = {
  observedGeneration: 1,
  latestCreatedRevisionName: 'hello-00001',
  latestReadyRevisionName: 'hello-00001',
  url: 'http://hello.default.example.com',
  address: { url: 'http://hello.default.svc.cluster.local' },
  traffic: [{ revisionName: 'hello-00001', percent: 100, latestRevision: true }],
  conditions: [cond('ConfigurationsReady', 'True'), cond('Ready', 'True'), cond('RoutesReady', 'True')],
};

tableTest(
  'Service reconciler',
  [
    {
      name: 'a new Service creates its Configuration and Route (same name, owned, labels and annotations propagated)',
      key: 'default/hello',
      objects: [labelled],
      wantCreates: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Configuration',
          metadata: {
            name: 'hello',
            namespace: 'default',
            ownerReferences: [ownerRef],
            labels: {
              team: 'a',
              'serving.knative.dev/service': 'hello',
              'serving.knative.dev/serviceUID': 'uid-svc-hello',
            },
            annotations: { 'example.com/note': 'x', 'serving.knative.dev/routes': 'hello' },
          },
          spec: { template: template() },
        },
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Route',
          metadata: {
            name: 'hello',
            namespace: 'default',
            ownerReferences: [ownerRef],
            labels: { team: 'a', 'serving.knative.dev/service': 'hello' },
            annotations: { 'serving.knative.dev/rollout-duration': '60s', 'example.com/note': 'x' },
          },
          spec: { traffic: [{ configurationName: 'hello', latestRevision: true, percent: 100 }] },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            observedGeneration: 1,
            conditions: [
              cond('ConfigurationsReady', 'Unknown', 'OutOfDate', CFG_OUT_OF_DATE),
              cond('Ready', 'Unknown', 'OutOfDate', ROUTE_OUT_OF_DATE),
              cond('RoutesReady', 'Unknown', 'OutOfDate', ROUTE_OUT_OF_DATE),
            ],
          },
        },
      ],
      wantEvents: [
        eventf('Normal', 'Created', 'Created Configuration "hello"'),
        eventf('Normal', 'Created', 'Created Route "hello"'),
      ],
    },
    {
      name: 'Ready children make the Service Ready with url, address, traffic and latest revisions',
      key: 'default/hello',
      objects: [service(), readyConfig(service()), readyRoute(service())],
      wantStatusUpdates: [
        { kind: 'Service', metadata: { name: 'hello', namespace: 'default' }, status: readyStatus },
      ],
    },
    {
      name: 'a Service without traffic routes 100% to its latest revision (defaulted as the webhook would)',
      key: 'default/hello',
      objects: [service('hello', { spec: { template: template() } })],
      postConditions: (client) => {
        expect(client.peek<RouteObject>(ROUTE, 'hello', 'default')?.spec.traffic).toEqual([
          { configurationName: 'hello', latestRevision: true, percent: 100 },
        ]);
      },
      wantCreates: [
        makeConfiguration(service('hello', { spec: { template: template() } })),
        makeRoute(service('hello', { spec: { template: template() } })),
      ],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            observedGeneration: 1,
            conditions: [
              cond('ConfigurationsReady', 'Unknown', 'OutOfDate', CFG_OUT_OF_DATE),
              cond('Ready', 'Unknown', 'OutOfDate', ROUTE_OUT_OF_DATE),
              cond('RoutesReady', 'Unknown', 'OutOfDate', ROUTE_OUT_OF_DATE),
            ],
          },
        },
      ],
      wantEvents: [
        eventf('Normal', 'Created', 'Created Configuration "hello"'),
        eventf('Normal', 'Created', 'Created Route "hello"'),
      ],
    },
    {
      name: 'a same-named Configuration it does not own: ConfigurationsReady False NotOwned, no Route',
      key: 'default/hello',
      objects: [service(), configuration('hello')],
      wantErr: 'service: "hello" does not own configuration: "hello"',
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            observedGeneration: 1,
            conditions: [
              cond(
                'ConfigurationsReady',
                'False',
                'NotOwned',
                'There is an existing Configuration "hello" that we do not own.',
              ),
              cond(
                'Ready',
                'False',
                'NotOwned',
                'There is an existing Configuration "hello" that we do not own.',
              ),
              cond('RoutesReady', 'Unknown'),
            ],
          },
        },
      ],
      wantEvents: [
        eventf('Warning', 'InternalError', 'service: "hello" does not own configuration: "hello"'),
      ],
    },
    {
      name: 'a same-named Route it does not own: RoutesReady False NotOwned',
      key: 'default/hello',
      objects: [
        service(),
        readyConfig(service()),
        { ...readyRoute(service()), metadata: { ...readyRoute(service()).metadata, ownerReferences: [] } },
      ],
      wantErr: 'service: "hello" does not own route: "hello"',
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            latestReadyRevisionName: 'hello-00001',
            conditions: [
              cond('ConfigurationsReady', 'True'),
              cond('Ready', 'False', 'NotOwned', 'There is an existing Route "hello" that we do not own.'),
              cond(
                'RoutesReady',
                'False',
                'NotOwned',
                'There is an existing Route "hello" that we do not own.',
              ),
            ],
          },
        },
      ],
      wantEvents: [eventf('Warning', 'InternalError', 'service: "hello" does not own route: "hello"')],
    },
    {
      name: 'a changed template updates the Configuration (clobbering drift) and reports OutOfDate until it is observed',
      key: 'default/hello',
      objects: [
        service('hello', {
          generation: 2,
          spec: {
            template: template('ghcr.io/kuack/hello:2'),
            traffic: [{ percent: 100, latestRevision: true }],
          },
        }),
        readyConfig(service()),
        readyRoute(service()),
      ],
      wantUpdates: [
        {
          ...readyConfig(service()),
          metadata: { ...readyConfig(service()).metadata },
          spec: { template: template('ghcr.io/kuack/hello:2') },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            ...readyStatus,
            observedGeneration: 2,
            // The Configuration's latest revisions are not propagated until it observed the new template.
            latestCreatedRevisionName: undefined,
            latestReadyRevisionName: undefined,
            conditions: [
              cond('ConfigurationsReady', 'Unknown', 'OutOfDate', CFG_OUT_OF_DATE),
              cond('Ready', 'Unknown', 'OutOfDate', CFG_OUT_OF_DATE),
              cond('RoutesReady', 'True'),
            ],
          },
        },
      ],
      postConditions: (client) => {
        expect(client.peek<ConfigurationObject>(CONFIGURATION, 'hello', 'default')?.metadata.generation).toBe(
          2,
        );
      },
    },
    {
      name: 'a label added to the Service is propagated to its Configuration and Route',
      key: 'default/hello',
      objects: [
        service('hello', { metadata: { name: 'hello', labels: { tier: 'gold' } } }),
        readyConfig(service()),
        readyRoute(service()),
      ],
      wantUpdates: [
        {
          ...readyConfig(service()),
          metadata: {
            ...readyConfig(service()).metadata,
            labels: { ...readyConfig(service()).metadata.labels, tier: 'gold' },
          },
        },
        {
          ...readyRoute(service()),
          metadata: {
            ...readyRoute(service()).metadata,
            labels: { ...readyRoute(service()).metadata.labels, tier: 'gold' },
          },
        },
      ],
      wantStatusUpdates: [
        { kind: 'Service', metadata: { name: 'hello', namespace: 'default' }, status: readyStatus },
      ],
    },
    {
      name: 'the Route still sends traffic to an older revision: RoutesReady Unknown TrafficNotMigrated',
      key: 'default/hello',
      objects: [service(), readyConfig(service(), 'hello-00002'), readyRoute(service(), 'hello-00001')],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            ...readyStatus,
            latestCreatedRevisionName: 'hello-00002',
            latestReadyRevisionName: 'hello-00002',
            conditions: [
              cond('ConfigurationsReady', 'True'),
              cond(
                'Ready',
                'Unknown',
                'TrafficNotMigrated',
                'Traffic is not yet migrated to the latest revision.',
              ),
              cond(
                'RoutesReady',
                'Unknown',
                'TrafficNotMigrated',
                'Traffic is not yet migrated to the latest revision.',
              ),
            ],
          },
        },
      ],
    },
    {
      name: 'a failed Configuration makes ConfigurationsReady False with its reason (and traffic cannot migrate)',
      key: 'default/hello',
      objects: [
        service(),
        {
          ...readyConfig(service()),
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            conditions: [
              cond('Ready', 'False', 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.'),
            ],
          },
        },
        readyRoute(service()),
      ],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            ...readyStatus,
            latestReadyRevisionName: undefined,
            conditions: [
              cond(
                'ConfigurationsReady',
                'False',
                'RevisionFailed',
                'Revision "hello-00001" failed with message: boom.',
              ),
              cond('Ready', 'False', 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.'),
              cond(
                'RoutesReady',
                'Unknown',
                'TrafficNotMigrated',
                'Traffic is not yet migrated to the latest revision.',
              ),
            ],
          },
        },
      ],
    },
    {
      name: 'a BYO revision name held by a revision of another spec: RoutesReady False RevisionNameTaken, Route untouched',
      key: 'default/hello',
      objects: [
        service('hello', {
          spec: {
            template: template('i:2', { metadata: { name: 'hello-byo' } }),
            traffic: [{ percent: 100, latestRevision: true }],
          },
        }),
        readyConfig(
          service('hello', {
            spec: {
              template: template('i:2', { metadata: { name: 'hello-byo' } }),
              traffic: [{ percent: 100, latestRevision: true }],
            },
          }),
        ),
        revision('hello-byo', { generation: 7, spec: { containers: [{ image: 'i:1' }] } }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            latestReadyRevisionName: 'hello-00001',
            conditions: [
              cond('ConfigurationsReady', 'True'),
              cond(
                'Ready',
                'False',
                'RevisionNameTaken',
                'The revision name "hello-byo" is taken by a conflicting Revision, so traffic will not be migrated',
              ),
              cond(
                'RoutesReady',
                'False',
                'RevisionNameTaken',
                'The revision name "hello-byo" is taken by a conflicting Revision, so traffic will not be migrated',
              ),
            ],
          },
        },
      ],
    },
    {
      name: 'a failed Route creation is reported (Event CreationFailed) and retried',
      key: 'default/hello',
      objects: [service(), readyConfig(service())],
      reactors: [failOn('create', 'Route', new Error('quota exceeded'))],
      wantErr: 'quota exceeded',
      wantCreates: [makeRoute(service())],
      wantStatusUpdates: [
        {
          kind: 'Service',
          metadata: { name: 'hello', namespace: 'default' },
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            latestReadyRevisionName: 'hello-00001',
            conditions: [
              cond('ConfigurationsReady', 'True'),
              cond('Ready', 'Unknown'),
              cond('RoutesReady', 'Unknown'),
            ],
          },
        },
      ],
      wantEvents: [
        eventf('Warning', 'CreationFailed', 'Failed to create Route "hello": quota exceeded'),
        eventf('Warning', 'InternalError', 'quota exceeded'),
      ],
    },
  ],
  factory,
);
