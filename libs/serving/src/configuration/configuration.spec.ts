import { configurationConditionSet, preProcessReconcile } from '@kuack/api';
import { wrapReconciler } from '@kuack/controller';
import { type TableContext, eventf, failOn, tableTest } from '@kuack/testing';
import { CONFIGURATION, type ConfigurationObject, REVISION } from '../resources/kinds';
import { clock, cond, configuration, revision, template, T } from '../testing/fixtures';
import { configurationReconciler } from './configuration';

const factory = (ctx: TableContext) =>
  wrapReconciler<ConfigurationObject>({
    gvk: CONFIGURATION,
    lister: ctx.lister(CONFIGURATION),
    client: ctx.client,
    logger: ctx.logger,
    recorder: ctx.recorder,
    reconciler: configurationReconciler({ revisions: ctx.lister(REVISION), clock }),
    hooks: { preProcess: (c) => void preProcessReconcile(c, configurationConditionSet, clock) },
  });

const meta = { name: 'hello', namespace: 'default' };
const ownerRef = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Configuration',
  name: 'hello',
  uid: 'uid-cfg-hello',
  controller: true,
  blockOwnerDeletion: true,
};
/** A Configuration as the API server has it: generation `gen`, status as last written by us. */
const config = (
  gen: number,
  status: ConfigurationObject['status'] = {},
  extra: Parameters<typeof configuration>[2] = {},
) => {
  const c = configuration('hello', {}, { generation: gen, ...extra });
  c.status = { observedGeneration: gen - (Object.keys(status ?? {}).length ? 0 : 1), ...status };
  return c;
};

tableTest(
  'Configuration reconciler',
  [
    {
      name: 'a new Configuration creates Revision {config}-00001 with its labels, owner and routingState pending',
      key: 'default/hello',
      objects: [
        config(
          1,
          {},
          {
            labels: {
              'serving.knative.dev/service': 'hello',
              'serving.knative.dev/serviceUID': 'uid-svc-hello',
            },
            annotations: { 'serving.knative.dev/lastModifier': 'alice' },
            template: template('i:1', { metadata: { labels: { app: 'x' }, annotations: { note: 'y' } } }),
          },
        ),
      ],
      wantCreates: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          metadata: {
            name: 'hello-00001',
            namespace: 'default',
            labels: {
              app: 'x',
              'serving.knative.dev/configuration': 'hello',
              'serving.knative.dev/configurationGeneration': '1',
              'serving.knative.dev/configurationUID': 'uid-cfg-hello',
              'serving.knative.dev/service': 'hello',
              'serving.knative.dev/serviceUID': 'uid-svc-hello',
              'serving.knative.dev/routingState': 'pending',
            },
            annotations: {
              note: 'y',
              'serving.knative.dev/creator': 'alice',
              'serving.knative.dev/routingStateModified': T,
            },
            ownerReferences: [ownerRef],
          },
          spec: { containers: [{ image: 'i:1' }] },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            conditions: [cond('Ready', 'Unknown')],
          },
        },
      ],
      wantEvents: [eventf('Normal', 'Created', 'Created Revision "hello-00001"')],
    },
    {
      name: 'a Configuration its Service routes makes revisions routingState active with the routes annotation',
      key: 'default/hello',
      objects: [config(1, {}, { annotations: { 'serving.knative.dev/routes': 'hello' } })],
      postConditions: (client) => {
        const rev = client.peek(REVISION, 'hello-00001', 'default');
        expect(rev?.metadata.labels?.['serving.knative.dev/routingState']).toBe('active');
        expect(rev?.metadata.annotations?.['serving.knative.dev/routes']).toBe('hello');
      },
      wantCreates: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          metadata: {
            name: 'hello-00001',
            namespace: 'default',
            labels: {
              'serving.knative.dev/configuration': 'hello',
              'serving.knative.dev/configurationGeneration': '1',
              'serving.knative.dev/configurationUID': 'uid-cfg-hello',
              'serving.knative.dev/routingState': 'active',
            },
            annotations: {
              'serving.knative.dev/routes': 'hello',
              'serving.knative.dev/routingStateModified': T,
            },
            ownerReferences: [ownerRef],
          },
          spec: { containers: [{ image: 'ghcr.io/kuack/hello:1' }] },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            conditions: [cond('Ready', 'Unknown')],
          },
        },
      ],
      wantEvents: [eventf('Normal', 'Created', 'Created Revision "hello-00001"')],
    },
    {
      name: 'its Revision becomes Ready: latestReadyRevisionName follows, Ready True',
      key: 'default/hello',
      objects: [
        config(1, {
          observedGeneration: 1,
          latestCreatedRevisionName: 'hello-00001',
          conditions: [cond('Ready', 'Unknown')],
        }),
        revision('hello-00001', { ready: 'True' }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            latestReadyRevisionName: 'hello-00001',
            conditions: [cond('Ready', 'True')],
          },
        },
      ],
      wantEvents: [
        eventf('Normal', 'ConfigurationReady', 'Configuration becomes ready'),
        eventf('Normal', 'LatestReadyUpdate', 'LatestReadyRevisionName updated to "hello-00001"'),
      ],
    },
    {
      name: 'a new generation creates {config}-00002; latestReady stays on 00001 while 00002 is not Ready',
      key: 'default/hello',
      objects: [
        config(
          2,
          {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-00001',
            latestReadyRevisionName: 'hello-00001',
            conditions: [cond('Ready', 'True')],
          },
          { template: template('i:2') },
        ),
        revision('hello-00001', { ready: 'True' }),
      ],
      wantCreates: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          metadata: {
            name: 'hello-00002',
            namespace: 'default',
            labels: {
              'serving.knative.dev/configuration': 'hello',
              'serving.knative.dev/configurationGeneration': '2',
              'serving.knative.dev/configurationUID': 'uid-cfg-hello',
              'serving.knative.dev/routingState': 'pending',
            },
            annotations: { 'serving.knative.dev/routingStateModified': T },
            ownerReferences: [ownerRef],
          },
          spec: { containers: [{ image: 'i:2' }] },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 2,
            latestCreatedRevisionName: 'hello-00002',
            latestReadyRevisionName: 'hello-00001',
            conditions: [cond('Ready', 'Unknown')],
          },
        },
      ],
      wantEvents: [eventf('Normal', 'Created', 'Created Revision "hello-00002"')],
    },
    {
      name: 'the newest revision Ready: latestReadyRevisionName advances to it',
      key: 'default/hello',
      objects: [
        config(2, {
          observedGeneration: 2,
          latestCreatedRevisionName: 'hello-00002',
          latestReadyRevisionName: 'hello-00001',
          conditions: [cond('Ready', 'Unknown')],
        }),
        revision('hello-00001', { ready: 'True' }),
        revision('hello-00002', { ready: 'True', generation: 2 }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 2,
            latestCreatedRevisionName: 'hello-00002',
            latestReadyRevisionName: 'hello-00002',
            conditions: [cond('Ready', 'True')],
          },
        },
      ],
      wantEvents: [eventf('Normal', 'LatestReadyUpdate', 'LatestReadyRevisionName updated to "hello-00002"')],
    },
    {
      name: 'the latest created revision failed: Ready False RevisionFailed, latestReady kept',
      key: 'default/hello',
      objects: [
        config(2, {
          observedGeneration: 2,
          latestCreatedRevisionName: 'hello-00002',
          latestReadyRevisionName: 'hello-00001',
          conditions: [cond('Ready', 'Unknown')],
        }),
        revision('hello-00001', { ready: 'True' }),
        revision('hello-00002', { ready: 'False', generation: 2, message: 'Container failed with: exit 1' }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 2,
            latestCreatedRevisionName: 'hello-00002',
            latestReadyRevisionName: 'hello-00001',
            conditions: [
              cond(
                'Ready',
                'False',
                'RevisionFailed',
                'Revision "hello-00002" failed with message: Container failed with: exit 1.',
              ),
            ],
          },
        },
      ],
      wantEvents: [
        eventf('Warning', 'LatestCreatedFailed', 'Latest created revision "hello-00002" has failed'),
      ],
    },
    {
      name: 'a BYO revision name: the Revision gets that name',
      key: 'default/hello',
      objects: [config(1, {}, { template: template('i:1', { metadata: { name: 'hello-first' } }) })],
      postConditions: (client) => {
        expect(client.peek(REVISION, 'hello-first', 'default')?.metadata.labels).toMatchObject({
          'serving.knative.dev/configurationGeneration': '1',
        });
      },
      wantCreates: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          metadata: {
            name: 'hello-first',
            namespace: 'default',
            labels: {
              'serving.knative.dev/configuration': 'hello',
              'serving.knative.dev/configurationGeneration': '1',
              'serving.knative.dev/configurationUID': 'uid-cfg-hello',
              'serving.knative.dev/routingState': 'pending',
            },
            annotations: { 'serving.knative.dev/routingStateModified': T },
            ownerReferences: [ownerRef],
          },
          spec: { containers: [{ image: 'i:1' }] },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 1,
            latestCreatedRevisionName: 'hello-first',
            conditions: [cond('Ready', 'Unknown')],
          },
        },
      ],
      wantEvents: [eventf('Normal', 'Created', 'Created Revision "hello-first"')],
    },
    {
      name: "a BYO name taken by another Configuration's revision: Ready False RevisionFailed (already exists), nothing created",
      key: 'default/hello',
      objects: [
        config(1, {}, { template: template('i:1', { metadata: { name: 'hello-first' } }) }),
        revision('hello-first', { config: 'other', ownerUid: 'uid-cfg-other' }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 1,
            conditions: [
              cond(
                'Ready',
                'False',
                'RevisionFailed',
                'Revision creation failed with message: revisions.serving.knative.dev "hello-first" already exists.',
              ),
            ],
          },
        },
      ],
    },
    {
      name: 'a BYO name of an earlier generation with another spec is taken too',
      key: 'default/hello',
      objects: [
        config(3, {}, { template: template('i:3', { metadata: { name: 'hello-first' } }) }),
        revision('hello-first', { generation: 1, spec: { containers: [{ image: 'i:1' }] } }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 3,
            conditions: [
              cond(
                'Ready',
                'False',
                'RevisionFailed',
                'Revision creation failed with message: revisions.serving.knative.dev "hello-first" already exists.',
              ),
            ],
          },
        },
      ],
    },
    {
      name: 'a failed Revision creation: Event CreationFailed, Ready False RevisionFailed, retried',
      key: 'default/hello',
      objects: [config(1)],
      reactors: [failOn('create', 'Revision', new Error('admission webhook denied the request'))],
      wantErr: 'admission webhook denied the request',
      wantCreates: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Revision',
          metadata: {
            name: 'hello-00001',
            namespace: 'default',
            labels: {
              'serving.knative.dev/configuration': 'hello',
              'serving.knative.dev/configurationGeneration': '1',
              'serving.knative.dev/configurationUID': 'uid-cfg-hello',
              'serving.knative.dev/routingState': 'pending',
            },
            annotations: { 'serving.knative.dev/routingStateModified': T },
            ownerReferences: [ownerRef],
          },
          spec: { containers: [{ image: 'ghcr.io/kuack/hello:1' }] },
        },
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 1,
            conditions: [
              cond(
                'Ready',
                'False',
                'RevisionFailed',
                'Revision creation failed with message: admission webhook denied the request.',
              ),
            ],
          },
        },
      ],
      wantEvents: [
        eventf(
          'Warning',
          'CreationFailed',
          'Failed to create Revision: admission webhook denied the request',
        ),
        eventf('Warning', 'InternalError', 'admission webhook denied the request'),
      ],
    },
    {
      name: 'the latest ready revision was deleted: Ready False RevisionDeleted while the newest is not Ready',
      key: 'default/hello',
      objects: [
        config(2, {
          observedGeneration: 2,
          latestCreatedRevisionName: 'hello-00002',
          latestReadyRevisionName: 'hello-00001',
          conditions: [cond('Ready', 'Unknown')],
        }),
        revision('hello-00002', { ready: 'Unknown', generation: 2 }),
      ],
      wantStatusUpdates: [
        {
          kind: 'Configuration',
          metadata: meta,
          status: {
            observedGeneration: 2,
            latestCreatedRevisionName: 'hello-00002',
            latestReadyRevisionName: 'hello-00001',
            conditions: [cond('Ready', 'False', 'RevisionDeleted', 'Revision "hello-00001" was deleted.')],
          },
        },
      ],
    },
    {
      name: 'nothing changed: no writes',
      key: 'default/hello',
      objects: [
        config(1, {
          observedGeneration: 1,
          latestCreatedRevisionName: 'hello-00001',
          latestReadyRevisionName: 'hello-00001',
          conditions: [cond('Ready', 'True')],
        }),
        revision('hello-00001', { ready: 'True' }),
      ],
    },
  ],
  factory,
);
